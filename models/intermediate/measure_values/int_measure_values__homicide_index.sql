{#
    Measures computed from the Homicide Index (Home Office), in the long measure-value shape.
    The Homicide Index figures used here are national: England and Wales rows only, for the
    year ending March of the published column. Which published breakdown feeds which measure
    is listed in measure_rules below (table dimension and category, victims counted): female
    victims from the table by sex of victim, drug-related victims from the table by
    drug-related status. Both are counts, with no denominator.
#}
with

victims as (
    select * from {{ ref('stg_homicide_index__victims') }}
),

catalogue as (
    select
        measure_id,
        unit
    from {{ ref('measure_catalogue') }}
),

measure_rules as (
    select
        'ppf_female_homicide' as measure_id,
        'total' as breakdown,
        'sex_of_victim' as breakdown_dimension,
        'female' as breakdown_value
    union all
    select
        'ncpm_drug_related_homicide' as measure_id,
        'total' as breakdown,
        'drug_related_status' as breakdown_dimension,
        'drug_related' as breakdown_value
),

matched as (
    select
        measure_rules.measure_id,
        measure_rules.breakdown,
        catalogue.unit,
        victims.period_start,
        victims.period_end,
        victims.homicide_count,
        victims.release_date
    from victims
    inner join measure_rules
        on
        victims.breakdown_dimension = measure_rules.breakdown_dimension
        and victims.breakdown_value = measure_rules.breakdown_value
    inner join catalogue on measure_rules.measure_id = catalogue.measure_id
    where
        victims.counting_unit = 'victims'
        and not victims.is_force_table
        and victims.period_start is not null
        and {{ normalise_label("coalesce(victims.geography_label, 'England and Wales')") }}
        = 'england and wales'
)

select
    measure_id,
    breakdown,
    'england_and_wales' as geography_level,
    cast(null as varchar) as force_code,
    'year_ending' as period_type,
    period_start,
    period_end,
    cast(homicide_count as double) as numerator,
    cast(null as double) as denominator,
    {{ rate('homicide_count', 'cast(null as double)', 1) }} as value,
    unit,
    cast(null as varchar) as denominator_description,
    release_date
from matched
