{#
    Measures computed from police recorded crime, in the long measure-value shape: force-area
    values for force-level measures, and England and Wales values (sums over the 43 force
    areas) for every measure. Which category feeds which measure and breakdown, and with which
    denominator, is data: seeds/measures/prc_measure_breakdowns.csv.
#}
with

category_counts as (
    select * from {{ ref('int_prc__categories_by_period') }}
),

measure_breakdowns as (
    select * from {{ ref('prc_measure_breakdowns') }}
),

denominators as (
    select * from {{ ref('int_forces__denominators') }}
),

force_counts as (
    select
        measure_breakdowns.measure_id,
        measure_breakdowns.breakdown,
        measure_breakdowns.geography_level as measure_geography_level,
        measure_breakdowns.multiplier,
        category_counts.force_code,
        category_counts.period_type,
        category_counts.period_start,
        category_counts.period_end,
        category_counts.release_date,
        category_counts.offence_count as numerator,
        case measure_breakdowns.denominator_kind
            when 'population' then denominators.population
            when 'households' then denominators.households
        end as denominator,
        case measure_breakdowns.denominator_kind
            when 'population' then denominators.population_description
            when 'households' then denominators.households_description
        end as denominator_description,
        case measure_breakdowns.denominator_kind
            when 'population' then 'rate_per_1000_population'
            when 'households' then 'rate_per_1000_households'
            else 'count'
        end as unit
    from category_counts
    inner join measure_breakdowns
        on category_counts.category = measure_breakdowns.category
    left join denominators
        on category_counts.force_code = denominators.force_code
        and {{ denominator_year('category_counts.period_start') }} = denominators.denominator_year
),

force_values as (
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
        {{ rate('numerator', 'denominator', 'multiplier') }} as value,
        unit,
        denominator_description,
        release_date
    from force_counts
    where measure_geography_level = 'police_force_area'
),

national_sums as (
    select
        measure_id,
        breakdown,
        period_type,
        period_start,
        period_end,
        case when count(numerator) = count(*) then sum(numerator) end as numerator,
        sum(denominator) as denominator,
        any_value(multiplier) as multiplier,
        any_value(unit) as unit,
        any_value(denominator_description) as denominator_description,
        max(release_date) as release_date
    from force_counts
    group by measure_id, breakdown, period_type, period_start, period_end
),

national_values as (
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
        {{ rate('numerator', 'denominator', 'multiplier') }} as value,
        unit,
        denominator_description,
        release_date
    from national_sums
)

select * from force_values
union all
select * from national_values
