{#
    Measures computed from the Home Office seizures of drugs statistics, in the long
    measure-value shape, per financial year. Force-area rows for the 43 force areas; England and
    Wales rows are the sum over those 43 (British Transport Police and Border Force seizures
    are excluded, and the published England and Wales row is not used, so that the national
    figure matches its force figures). Number of seizures: the published total (a seizure of
    several drugs counts once, so class rows are never summed into it) and the published class
    rows. Quantity: the sum of the drug rows measured in kilograms (drugs counted in doses or
    plants are left out), per class and in total; a class with no drug measured in kilograms
    has no quantity row. A sum that meets a suppressed (null) value stays null.
#}

with

seizures as (
    select * from {{ ref('stg_drug_seizures__seizures') }}
    where is_force_area and period_start is not null
),

counts as (
    select
        'ppf_soc_drug_seizures_count' as measure_id,
        case aggregation_level when 'total' then 'total' else drug_class_key end as breakdown,
        'count' as unit,
        force_code,
        period_start,
        period_end,
        value,
        release_date
    from seizures
    where
        measure = 'number_of_seizures'
        and (
            aggregation_level = 'total'
            or (aggregation_level = 'class' and drug_class_key is not null)
        )
),

kilograms as (
    select
        *,
        case
            when lower(trim(unit)) in ('kg', 'kgs', 'kilogram', 'kilograms') then value
            when lower(trim(unit)) in ('tonne', 'tonnes') then value * 1000
            when lower(trim(unit)) in ('g', 'grams', 'gram') then value / 1000
        end as value_kg
    from seizures
    where
        measure = 'quantity_seized'
        and aggregation_level = 'drug'
        and lower(trim(unit)) in (
            'kg', 'kgs', 'kilogram', 'kilograms', 'tonne', 'tonnes', 'g', 'grams', 'gram'
        )
),

quantity_rows as (
    select
        *,
        drug_class_key as breakdown
    from kilograms
    where drug_class_key is not null
    union all
    select
        *,
        'total' as breakdown
    from kilograms
),

quantities as (
    select
        'ppf_soc_drug_seizures_kg' as measure_id,
        breakdown,
        'kilograms' as unit,
        force_code,
        period_start,
        period_end,
        case when count(value_kg) = count(*) then sum(value_kg) end as value,
        max(release_date) as release_date
    from quantity_rows
    group by breakdown, force_code, period_start, period_end
),

force_values as (
    select * from counts
    union all
    select * from quantities
),

national_values as (
    select
        measure_id,
        breakdown,
        unit,
        cast(null as varchar) as force_code,
        period_start,
        period_end,
        case when count(value) = count(*) then sum(value) end as value,
        max(release_date) as release_date
    from force_values
    group by measure_id, breakdown, unit, period_start, period_end
),

all_values as (
    select
        'police_force_area' as geography_level,
        *
    from force_values
    union all
    select
        'england_and_wales' as geography_level,
        *
    from national_values
)

select
    measure_id,
    breakdown,
    geography_level,
    force_code,
    'financial_year' as period_type,
    period_start,
    period_end,
    cast(value as double) as numerator,
    cast(null as double) as denominator,
    {{ rate('value', 'cast(null as double)', 1) }} as value,
    unit,
    cast(null as varchar) as denominator_description,
    release_date
from all_values
