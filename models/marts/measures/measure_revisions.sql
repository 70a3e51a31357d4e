{#
    Every published figure that changed after the warehouse first built it: one row per change,
    with the value before and after and the releases each came from. A change whose source
    release is later than the one before is a revision by the publisher; a change with the same
    release is a recomputation (a denominator, a reference seed or a method changed).
#}
with

history as (
    select * from {{ ref('int_measure_values__history') }}
),

paired as (
    select
        *,
        lag(value) over figure as old_value,
        lag(release_date) over figure as old_release
    from history
    window figure as (
        partition by
            measure_id, breakdown, geography_level, force_code, period_type, period_start, period_end
        order by version_number
    )
)

select
    cast(measure_id as varchar) as measure_id,
    cast(breakdown as varchar) as breakdown,
    cast(geography_level as varchar) as geography_level,
    cast(force_code as varchar) as force_code,
    cast(period_type as varchar) as period_type,
    cast(period_start as date) as period_start,
    cast(period_end as date) as period_end,
    cast(unit as varchar) as unit,
    cast(old_value as double) as old_value,
    cast(value as double) as new_value,
    cast(value - old_value as double) as value_change,
    cast(old_release as date) as old_release,
    cast(release_date as date) as new_release,
    cast(case
        when release_date is distinct from old_release then 'source_revision'
        else 'recomputed'
    end as varchar) as revision_kind,
    cast(version_number as integer) as version_number
from paired
where version_number > 1
