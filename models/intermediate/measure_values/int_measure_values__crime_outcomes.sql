{#
    Measures computed from the Home Office crime outcomes open data, in the long measure-value
    shape, on the headline basis (outcomes, by the extraction date, of the offences recorded in
    the period). Counts: offences of the breakdown's category assigned an outcome of the
    measure's set. Rates (unit proportion): that count over the offences of the category recorded
    in the period (every outcome type including 0, not yet assigned; never 1a/2a/3a). Fraud and
    computer misuse are excluded from both. Which category and outcome set feed which measure
    and breakdown is data: seeds/measures/outcome_measure_breakdowns.csv. Force-area rows for the 43
    force areas; England and Wales rows are the sums of the force numerators over the sums of
    their denominators, null when any force's figure is null (a suppressed cell, or Greater
    Manchester's documented gap from July 2019 to March 2020).
#}
with

category_counts as (
    select * from {{ ref('int_crime_outcomes__categories_by_period') }}
),

measure_breakdowns as (
    select * from {{ ref('outcome_measure_breakdowns') }}
),

catalogue as (
    select * from {{ ref('measure_catalogue') }}
),

force_counts as (
    select
        measure_breakdowns.measure_id,
        measure_breakdowns.breakdown,
        catalogue.unit,
        category_counts.force_code,
        category_counts.period_type,
        category_counts.period_start,
        category_counts.period_end,
        category_counts.release_date,
        category_counts.outcomes as numerator,
        case
            when catalogue.unit = 'proportion' then category_counts.recorded_offences
        end as denominator
    from category_counts
    inner join measure_breakdowns
        on category_counts.category = measure_breakdowns.category
        and category_counts.outcome_set = measure_breakdowns.outcome_set
    inner join catalogue
        on measure_breakdowns.measure_id = catalogue.measure_id
),

national_counts as (
    select
        measure_id,
        breakdown,
        any_value(unit) as unit,
        cast(null as varchar) as force_code,
        period_type,
        period_start,
        period_end,
        max(release_date) as release_date,
        case when count(numerator) = count(*) then sum(numerator) end as numerator,
        case
            when any_value(unit) = 'proportion' and count(denominator) = count(*)
                then sum(denominator)
        end as denominator
    from force_counts
    group by measure_id, breakdown, period_type, period_start, period_end
),

all_counts as (
    select
        'police_force_area' as geography_level,
        *
    from force_counts
    union all by name
    select
        'england_and_wales' as geography_level,
        *
    from national_counts
)

select
    cast(measure_id as varchar) as measure_id,
    cast(breakdown as varchar) as breakdown,
    cast(geography_level as varchar) as geography_level,
    cast(force_code as varchar) as force_code,
    cast(period_type as varchar) as period_type,
    cast(period_start as date) as period_start,
    cast(period_end as date) as period_end,
    cast(numerator as double) as numerator,
    cast(denominator as double) as denominator,
    -- a rate whose denominator is missing has no value (rate() would return the numerator)
    cast(
        case
            when unit = 'count' or denominator is not null
                then {{ rate('numerator', 'denominator', 1) }}
        end as double
    ) as value,
    cast(unit as varchar) as unit,
    cast(
        case
            when unit = 'proportion'
                then 'Offences of the breakdown''s category recorded in the period (all outcome'
                    || ' types including 0, not yet assigned; excluding 1a/2a/3a, fraud and'
                    || ' computer misuse), Home Office crime outcomes open data'
        end as varchar
    ) as denominator_description,
    cast(release_date as date) as release_date
from all_counts
