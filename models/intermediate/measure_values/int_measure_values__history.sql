{{
    config(
        materialized='incremental',
        full_refresh=false,
        on_schema_change='fail'
    )
}}
{#
    Every version of every measure value the warehouse has built. The first build stores each
    figure as version 1; each later build appends a figure only when it is new or its value
    changed (macro same_value), so a rebuild of unchanged data appends nothing. Never rebuilt
    from scratch (full_refresh = false): the history is what lets marts.measure_revisions show
    which published figures changed between releases.
#}

with

current_values as (
    select
        measure_id,
        breakdown,
        geography_level,
        force_code,
        period_type,
        period_start,
        period_end,
        value,
        numerator,
        denominator,
        unit,
        release_date
    from {{ ref('int_measure_values__unioned') }}
),

{% if is_incremental() %}
latest_versions as (
    select * from {{ this }}
    qualify row_number() over (
        partition by
            measure_id, breakdown, geography_level, force_code, period_type, period_start, period_end
        order by version_number desc
    ) = 1
),

versioned as (
    select
        current_values.*,
        coalesce(latest_versions.version_number, 0) + 1 as version_number
    from current_values
    left join latest_versions
        on current_values.measure_id = latest_versions.measure_id
        and current_values.breakdown = latest_versions.breakdown
        and current_values.geography_level = latest_versions.geography_level
        and current_values.force_code is not distinct from latest_versions.force_code
        and current_values.period_type = latest_versions.period_type
        and current_values.period_start = latest_versions.period_start
        and current_values.period_end = latest_versions.period_end
    where
        latest_versions.version_number is null
        or not {{ same_value('current_values.value', 'latest_versions.value') }}
)
{% else %}
versioned as (
    select
        *,
        1 as version_number
    from current_values
)
{% endif %}

select
    * exclude (version_number),
    cast(version_number as integer) as version_number,
    current_timestamp as built_at
from versioned
