{#
    England and Wales figures without the forces whose data have a documented gap
    (seeds/reference/known_data_gaps.csv), for every national period within a year of such a gap: the
    gap period itself, the year before it and the year after it. As ONS did for Greater
    Manchester in 2019, a national figure over a gap is published without the gap force, and a
    comparison that touches the gap leaves the force out of both years
    (int_measure_values__compared). Forces a source's national series always leaves out
    (seeds/reference/national_series_exclusions.csv) stay out. Numerators and denominators are summed over
    the remaining force areas (null when any of them is null); the value is rebuilt from them
    by the unit (macro value_from_counts), so only units that are sums of counts are rebuilt.
#}
{%- set period_keys = ['measure_id', 'breakdown', 'period_type', 'period_start', 'period_end'] %}

with

measure_values as (
    select * from {{ ref('int_measure_values__unioned') }}
),

catalogue as (
    select * from {{ ref('measure_catalogue') }}
),

known_gaps as (
    select * from {{ ref('known_data_gaps') }}
),

series_exclusions as (
    select * from {{ ref('national_series_exclusions') }}
),

force_areas as (
    select * from {{ ref('police_force_areas') }}
),

national as (
    select
        measure_values.*,
        catalogue.source_id
    from measure_values
    inner join catalogue
        on measure_values.measure_id = catalogue.measure_id
    where measure_values.geography_level = 'england_and_wales'
),

-- National periods within a year of a gap, with the gap force to leave out.
near_gaps as (
    select
        national.measure_id,
        national.breakdown,
        national.period_type,
        national.period_start,
        national.period_end,
        known_gaps.force_code as excluded_force_code,
        national.period_start <= known_gaps.period_end
        and national.period_end >= known_gaps.period_start as overlaps_gap
    from national
    inner join known_gaps
        on national.source_id = known_gaps.source_id
        and national.period_start - interval 1 year <= known_gaps.period_end
        and national.period_end + interval 1 year >= known_gaps.period_start
),

affected as (
    select
        measure_id,
        breakdown,
        period_type,
        period_start,
        period_end,
        bool_or(overlaps_gap) as overlaps_gap
    from near_gaps
    group by measure_id, breakdown, period_type, period_start, period_end
),

excluded_forces as (
    select
        measure_id,
        breakdown,
        period_type,
        period_start,
        period_end,
        excluded_force_code
    from near_gaps
    union
    select
        affected.measure_id,
        affected.breakdown,
        affected.period_type,
        affected.period_start,
        affected.period_end,
        series_exclusions.force_code as excluded_force_code
    from affected
    inner join catalogue
        on affected.measure_id = catalogue.measure_id
    inner join series_exclusions
        on catalogue.source_id = series_exclusions.source_id
),

remaining_forces as (
    select
        affected.measure_id,
        affected.breakdown,
        affected.period_type,
        affected.period_start,
        affected.period_end,
        force_values.numerator,
        force_values.denominator,
        force_values.unit
    from affected
    inner join measure_values as force_values
        on {{ value_key_matches('affected', 'force_values', keys=period_keys) }}
        and force_values.geography_level = 'police_force_area'
    left join excluded_forces
        on {{ value_key_matches('affected', 'excluded_forces', keys=period_keys) }}
        and force_values.force_code = excluded_forces.excluded_force_code
    where excluded_forces.excluded_force_code is null
),

sums as (
    select
        measure_id,
        breakdown,
        period_type,
        period_start,
        period_end,
        any_value(unit) as unit,
        case when count(numerator) = count(*) then sum(numerator) end as numerator,
        case when count(denominator) = count(*) then sum(denominator) end as denominator
    from remaining_forces
    group by measure_id, breakdown, period_type, period_start, period_end
),

excluded_names as (
    select
        excluded_forces.measure_id,
        excluded_forces.breakdown,
        excluded_forces.period_type,
        excluded_forces.period_start,
        excluded_forces.period_end,
        string_agg(force_areas.force_name, ', ' order by force_areas.force_name) as excluded_forces
    from excluded_forces
    inner join force_areas
        on excluded_forces.excluded_force_code = force_areas.force_code
    group by
        excluded_forces.measure_id,
        excluded_forces.breakdown,
        excluded_forces.period_type,
        excluded_forces.period_start,
        excluded_forces.period_end
)

select
    sums.measure_id,
    sums.breakdown,
    sums.period_type,
    sums.period_start,
    sums.period_end,
    affected.overlaps_gap,
    excluded_names.excluded_forces,
    sums.numerator,
    sums.denominator,
    {{ value_from_counts('sums.numerator', 'sums.denominator', 'sums.unit') }} as value
from sums
inner join affected
    on {{ value_key_matches('sums', 'affected', keys=period_keys) }}
inner join excluded_names
    on {{ value_key_matches('sums', 'excluded_names', keys=period_keys) }}
