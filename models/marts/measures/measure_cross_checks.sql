{#
    The frameworks' cross-checks (seed cross_check_pairs): two figures for the same place and
    period read side by side, each with its year-on-year movement (macro
    year_on_year_movement), and a verdict: consistent, diverging (one up, the other down, after
    turning the second round where the pair should move in opposite directions), mixed (one
    moved, the other did not) or not_assessed (a value or its year-ago value is missing).
#}
with

pairs as (
    select * from {{ ref('cross_check_pairs') }}
),

compared as (
    select * from {{ ref('int_measure_values__compared') }}
),

paired as (
    select
        pairs.check_id,
        pairs.check_kind,
        pairs.expected_relationship,
        pairs.rationale,
        figure_a.geography_level,
        figure_a.force_code,
        figure_a.period_type,
        figure_a.period_start,
        figure_a.period_end,
        pairs.measure_a,
        pairs.breakdown_a,
        figure_a.value as value_a,
        figure_a.year_ago_value as year_ago_value_a,
        {{ year_on_year_movement(
            'figure_a.value', 'figure_a.year_ago_value', 'figure_a.significant_change',
            var('cross_check_tolerance')
        ) }} as movement_a,
        pairs.measure_b,
        pairs.breakdown_b,
        figure_b.value as value_b,
        figure_b.year_ago_value as year_ago_value_b,
        {{ year_on_year_movement(
            'figure_b.value', 'figure_b.year_ago_value', 'figure_b.significant_change',
            var('cross_check_tolerance')
        ) }} as movement_b
    from pairs
    inner join compared as figure_a
        on pairs.measure_a = figure_a.measure_id
        and pairs.breakdown_a = figure_a.breakdown
    inner join compared as figure_b
        on pairs.measure_b = figure_b.measure_id
        and pairs.breakdown_b = figure_b.breakdown
        and figure_a.geography_level = figure_b.geography_level
        and figure_a.force_code is not distinct from figure_b.force_code
        and figure_a.period_type = figure_b.period_type
        and figure_a.period_start = figure_b.period_start
        and figure_a.period_end = figure_b.period_end
),

aligned as (
    select
        *,
        case
            when expected_relationship = 'opposite_direction' and movement_b = 'up' then 'down'
            when expected_relationship = 'opposite_direction' and movement_b = 'down' then 'up'
            else movement_b
        end as movement_b_aligned
    from paired
)

select
    cast(check_id as varchar) as check_id,
    cast(check_kind as varchar) as check_kind,
    cast(geography_level as varchar) as geography_level,
    cast(force_code as varchar) as force_code,
    cast(period_type as varchar) as period_type,
    cast(period_start as date) as period_start,
    cast(period_end as date) as period_end,
    cast(measure_a as varchar) as measure_a,
    cast(breakdown_a as varchar) as breakdown_a,
    cast(value_a as double) as value_a,
    cast(year_ago_value_a as double) as year_ago_value_a,
    cast(movement_a as varchar) as movement_a,
    cast(measure_b as varchar) as measure_b,
    cast(breakdown_b as varchar) as breakdown_b,
    cast(value_b as double) as value_b,
    cast(year_ago_value_b as double) as year_ago_value_b,
    cast(movement_b as varchar) as movement_b,
    cast(expected_relationship as varchar) as expected_relationship,
    cast(case
        when movement_a is null or movement_b is null then 'not_assessed'
        when movement_a = movement_b_aligned then 'consistent'
        when movement_a = 'flat' or movement_b_aligned = 'flat' then 'mixed'
        else 'diverging'
    end as varchar) as verdict,
    cast(rationale as varchar) as rationale
from aligned
