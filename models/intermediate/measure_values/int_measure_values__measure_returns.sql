{#
    Measures returned by forces and national bodies (stg_measure_returns__values), passed through
    in the long measure-value shape: value, numerator, denominator and breakdown as returned,
    unit from the catalogue. Force rows for the 43 police force areas of force-level measures;
    returned 'England and Wales' rows as the national figure. Where a force-level measure has no
    returned national row for a breakdown and period, the national figure is built from the
    force rows: sum of numerators over sum of denominators for proportions, percentages and
    rates, sum of values for counts, hours and pounds; medians (unit seconds) are never summed.
#}
with

returned as (
    select * from {{ ref('stg_measure_returns__values') }}
),

catalogue as (
    select * from {{ ref('measure_catalogue') }}
),

measure_returns as (
    select
        returned.measure_id,
        returned.breakdown,
        returned.geography_level,
        returned.is_force_area,
        returned.force_code,
        returned.period_type,
        returned.period_start,
        returned.period_end,
        returned.numerator,
        returned.denominator,
        returned.value,
        returned.release_date,
        catalogue.unit,
        catalogue.geographic_level as catalogue_geographic_level,
        case catalogue.unit
            when 'proportion' then 1
            when 'percentage' then 100
            when 'rate_per_1000_population' then 1000
            when 'rate_per_1000_households' then 1000
        end as multiplier,
        case
            when returned.denominator is not null then 'as returned with the measure'
        end as denominator_description
    from returned
    inner join catalogue
        on returned.measure_id = catalogue.measure_id
    where returned.period_type is not null
),

force_rows as (
    select * from measure_returns
    where
        geography_level = 'police_force_area'
        and is_force_area
        and catalogue_geographic_level != 'england_and_wales'
),

returned_national_rows as (
    select * from measure_returns
    where geography_level = 'england_and_wales'
),

-- Sums of the force rows, for keys without a returned national row. A sum that meets a null
-- (suppressed or not returned) force figure stays null, so a national figure is never an
-- undercount.
force_sums as (
    select
        force_rows.measure_id,
        force_rows.breakdown,
        force_rows.period_type,
        force_rows.period_start,
        force_rows.period_end,
        force_rows.unit,
        force_rows.multiplier,
        case
            when count(force_rows.numerator) = count(*) then sum(force_rows.numerator)
        end as numerator,
        case
            when count(force_rows.denominator) = count(*) then sum(force_rows.denominator)
        end as denominator,
        case when count(force_rows.value) = count(*) then sum(force_rows.value) end as value_sum,
        max(force_rows.release_date) as release_date
    from force_rows
    left join returned_national_rows
        on force_rows.measure_id = returned_national_rows.measure_id
        and force_rows.breakdown = returned_national_rows.breakdown
        and force_rows.period_start = returned_national_rows.period_start
        and force_rows.period_end = returned_national_rows.period_end
    where
        returned_national_rows.measure_id is null
        and force_rows.unit != 'seconds'
    group by
        force_rows.measure_id,
        force_rows.breakdown,
        force_rows.period_type,
        force_rows.period_start,
        force_rows.period_end,
        force_rows.unit,
        force_rows.multiplier
),

summed_national_rows as (
    select
        measure_id,
        breakdown,
        'england_and_wales' as geography_level,
        cast(null as varchar) as force_code,
        period_type,
        period_start,
        period_end,
        case when multiplier is not null then numerator end as numerator,
        case when multiplier is not null then denominator end as denominator,
        case
            when multiplier is null then value_sum
            when denominator > 0 then numerator * multiplier / denominator
        end as value,
        unit,
        case
            when multiplier is not null and denominator is not null
                then 'sum of the force areas'' returned denominators'
        end as denominator_description,
        release_date
    from force_sums
)

select
    measure_id,
    breakdown,
    'police_force_area' as geography_level,
    force_code,
    period_type,
    period_start,
    period_end,
    numerator,
    denominator,
    value,
    unit,
    denominator_description,
    release_date
from force_rows
union all
select
    measure_id,
    breakdown,
    'england_and_wales' as geography_level,
    cast(null as varchar) as force_code,
    period_type,
    period_start,
    period_end,
    numerator,
    denominator,
    value,
    unit,
    denominator_description,
    release_date
from returned_national_rows
union all
select * from summed_national_rows
