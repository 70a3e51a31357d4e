{#
    One row per catalogue measure: whether the warehouse computes it and, if not, why; the
    latest England and Wales figure (total breakdown) with its direction of travel and target
    status; and whether the data give the measure's baseline (seeds/measures/measure_baselines.csv),
    with the reason when they do not. `computed` means at least one figure exists: a measure
    whose every figure is suppressed says `suppressed`.
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

baselines as (
    select * from {{ ref('measure_baselines') }}
),

baseline_values as (
    select * from {{ ref('int_measure_values__baselines') }}
),

load_log as (
    select * from {{ ref('stg_load_log__files') }}
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
        meets_target,
        {{ headline_period_order('measure_id') }} as headline_order
    from compared
    where geography_level = 'england_and_wales' and breakdown = 'total' and value is not null
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
    select
        measure_id,
        count(value) > 0 as has_value
    from compared
    group by measure_id
),

baselines_found as (
    select
        measure_id,
        count(baseline_value) filter (where period_type = baseline_period_type) > 0
            as has_baseline_figure
    from baseline_values
    group by measure_id
)

select
    cast(catalogue.measure_id as varchar) as measure_id,
    cast(case
        when computed.has_value then 'computed'
        when computed.measure_id is not null then 'suppressed'
        when not_computable.measure_id is not null then 'not_computable'
        when catalogue.source_id = 'measure_returns' then 'no_public_source'
        when loaded_sources.source_id is null then 'source_not_loaded'
        else 'not_computable'
    end as varchar) as availability,
    cast(case
        when computed.has_value then null
        when computed.measure_id is not null
            then 'Every figure the sources give for this measure is suppressed or missing.'
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
        when latest_national.meets_target
            then 'England and Wales on the path to target'
        when not latest_national.meets_target
            then 'England and Wales not on the path to target'
        when catalogue.target_value is null and catalogue.framework != 'crime_reduction_strategy_1999'
            then 'no_numeric_target'
        else 'not_assessed'
    end as varchar) as target_status,
    cast(case
        when baselines.measure_id is null then 'not_applicable'
        when baselines_found.has_baseline_figure then 'baseline_available'
        else 'baseline_unavailable'
    end as varchar) as baseline_status,
    cast(case
        when baselines.measure_id is null then null
        when baselines_found.has_baseline_figure then baselines.baseline_note
        when not coalesce(computed.has_value, false)
            then 'The measure has no figures yet, so no baseline either.'
        else coalesce(
                nullif(baselines.when_unavailable, ''),
                'The loaded data hold no ' || baselines.baseline_period_type || ' figure ending '
                || strftime(baselines.baseline_period_end, '%-d %B %Y') || '.'
            )
    end as varchar) as baseline_reason
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
left join baselines
    on catalogue.measure_id = baselines.measure_id
left join baselines_found
    on catalogue.measure_id = baselines_found.measure_id
