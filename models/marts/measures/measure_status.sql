{#
    One row per catalogue measure: whether the warehouse computes it and, if not, why; the
    latest England and Wales figure (total breakdown) with its direction of travel and target
    status.
#}
with

catalogue as (
    select * from {{ ref('measure_catalogue') }}
),

compared as (
    select * from {{ ref('int_measure_values__compared') }}
),

not_computable as (
    select * from {{ ref('measure_not_computable') }}
),

load_log as (
    select * from {{ raw_source('load_log') }}
),

loaded_sources as (
    select distinct source_id
    from load_log
    where status = 'loaded'
),

latest_national as (
    select
        measure_id,
        period_type,
        period_end,
        value,
        direction_of_travel,
        {{ headline_period_order('measure_id') }} as headline_order
    from compared
    where geography_level = 'england_and_wales' and breakdown = 'total'
),

force_targets as (
    select
        measure_id,
        period_type,
        period_end,
        count(*) filter (where meets_target) as forces_meeting,
        count(meets_target) as forces_assessed,
        {{ headline_period_order('measure_id') }} as headline_order
    from compared
    where geography_level = 'police_force_area' and breakdown = 'total'
        and meets_target is not null
    group by measure_id, period_type, period_end
),

computed as (
    select distinct measure_id
    from compared
)

select
    cast(catalogue.measure_id as varchar) as measure_id,
    cast(case
        when computed.measure_id is not null then 'computed'
        when not_computable.measure_id is not null then 'not_computable'
        when catalogue.source_id = 'measure_returns' then 'no_public_source'
        when loaded_sources.source_id is null then 'source_not_loaded'
        else 'not_computable'
    end as varchar) as availability,
    cast(case
        when computed.measure_id is not null then null
        when not_computable.measure_id is not null
            then not_computable.reason || ' ' || not_computable.what_would_make_it_computable
        when catalogue.source_id = 'measure_returns'
            then 'The framework names an internal or unpublished source (' || catalogue.data_source
                || '); no measure return has been loaded.'
        when loaded_sources.source_id is null
            then 'Source ' || catalogue.source_id || ' (' || catalogue.data_source || ') is not loaded.'
        else 'Source ' || catalogue.source_id || ' is loaded but this measure is not derived from it.'
    end as varchar) as availability_reason,
    cast(latest_national.period_type as varchar) as latest_period_type,
    cast(latest_national.period_end as date) as latest_period_end,
    cast(latest_national.value as double) as latest_value,
    cast(coalesce(latest_national.direction_of_travel, 'not_assessed') as varchar)
        as direction_of_travel,
    cast(case
        when force_targets.measure_id is not null
            then force_targets.forces_meeting || ' of ' || force_targets.forces_assessed
                || ' forces on the path to target'
        when catalogue.target_value is null and catalogue.framework != 'crime_reduction_strategy_1999'
            then 'no_numeric_target'
        else 'not_assessed'
    end as varchar) as target_status
from catalogue
left join computed
    on catalogue.measure_id = computed.measure_id
left join not_computable
    on catalogue.measure_id = not_computable.measure_id
left join loaded_sources
    on catalogue.source_id = loaded_sources.source_id
left join latest_national
    on catalogue.measure_id = latest_national.measure_id
    and latest_national.headline_order = 1
left join force_targets
    on catalogue.measure_id = force_targets.measure_id
    and force_targets.headline_order = 1
