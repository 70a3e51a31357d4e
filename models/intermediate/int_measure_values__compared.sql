{#
    Every measure value with its comparisons: previous period, same period a year earlier,
    baseline, the England and Wales figure, rank and quartile among the force areas, the
    direction of travel against a year earlier (Poisson test on the counts), the peer group's
    mean and the force's quartile within its peer group (int_measure_values__peer_compared) and,
    for measures with a target (the 1999 five-year targets, int_crs1999__targets; levels,
    halving and additional-officer targets, int_measure_values__targets) the target, the
    trajectory and whether the value is on it. Ranks are among all
    force areas with a value.
#}
with

measure_values as (
    select * from {{ ref('int_measure_values__unioned') }}
),

catalogue as (
    select * from {{ ref('measure_catalogue') }}
),

baselines as (
    select * from {{ ref('measure_baselines') }}
),

crs1999_targets as (
    select * from {{ ref('int_crs1999__targets') }}
),

other_targets as (
    select * from {{ ref('int_measure_values__targets') }}
),

targets as (
    select
        measure_id,
        breakdown,
        'police_force_area' as geography_level,
        force_code,
        period_type,
        period_end,
        target_value,
        trajectory_value
    from crs1999_targets
    union all
    select
        measure_id,
        breakdown,
        geography_level,
        force_code,
        period_type,
        period_end,
        target_value,
        trajectory_value
    from other_targets
),

peer_comparisons as (
    select * from {{ ref('int_measure_values__peer_compared') }}
),

with_history as (
    select
        measure_values.*,
        catalogue.desired_direction,
        lag(measure_values.value) over history as previous_value,
        max(measure_values.value) over year_earlier as year_ago_value,
        max(measure_values.numerator) over year_earlier as year_ago_numerator,
        max(measure_values.denominator) over year_earlier as year_ago_denominator
    from measure_values
    inner join catalogue
        on measure_values.measure_id = catalogue.measure_id
    window
        history as (
            partition by measure_values.measure_id, breakdown, geography_level, force_code, period_type
            order by period_start
        ),
        year_earlier as (
            partition by measure_values.measure_id, breakdown, geography_level, force_code, period_type
            order by period_start
            range between interval 1 year preceding and interval 1 year preceding
        )
),

baseline_values as (
    select
        measure_values.measure_id,
        measure_values.breakdown,
        measure_values.geography_level,
        measure_values.force_code,
        measure_values.value as baseline_value
    from measure_values
    inner join baselines
        on measure_values.measure_id = baselines.measure_id
        and measure_values.period_type = baselines.baseline_period_type
        and measure_values.period_end = cast(baselines.baseline_period_end as date)
),

national as (
    select
        measure_id,
        breakdown,
        period_type,
        period_start,
        period_end,
        value as national_value
    from measure_values
    where geography_level = 'england_and_wales'
),

compared as (
    select
        with_history.*,
        national.national_value,
        baseline_values.baseline_value,
        with_history.value - with_history.year_ago_value as change_vs_year_ago,
        with_history.value - baseline_values.baseline_value as change_vs_baseline,
        {{ poisson_change_z(
            'with_history.numerator',
            'with_history.denominator',
            'with_history.year_ago_numerator',
            'with_history.year_ago_denominator',
        ) }} as change_z
    from with_history
    left join national
        on with_history.measure_id = national.measure_id
        and with_history.breakdown = national.breakdown
        and with_history.period_type = national.period_type
        and with_history.period_start = national.period_start
        and with_history.period_end = national.period_end
    left join baseline_values
        on with_history.measure_id = baseline_values.measure_id
        and with_history.breakdown = baseline_values.breakdown
        and with_history.geography_level = baseline_values.geography_level
        and with_history.force_code is not distinct from baseline_values.force_code
),

ranked as (
    select
        *,
        case
            when geography_level = 'police_force_area' and value is not null
                then rank() over force_order
        end as rank,
        case
            when significant_change is not null
                then {{ published_significance_verdict(
                    'significant_change', 'change_vs_year_ago', 'desired_direction'
                ) }}
            else {{ direction_verdict('change_z', 'desired_direction') }}
        end as direction_of_travel,
        case when change_z is not null then {{ two_sided_p_value('change_z') }} end
            as direction_p_value
    from compared
    window force_order as (
        partition by
            measure_id, breakdown, geography_level, period_type, period_start, period_end,
            value is null
        order by {{ better_first('value', 'desired_direction') }}
    )
)

select
    ranked.measure_id,
    ranked.breakdown,
    ranked.geography_level,
    ranked.force_code,
    ranked.period_type,
    ranked.period_start,
    ranked.period_end,
    ranked.value,
    ranked.numerator,
    ranked.denominator,
    ranked.unit,
    ranked.denominator_description,
    ranked.release_date,
    ranked.national_value,
    peer_comparisons.peer_group_value,
    cast(ranked.rank as integer) as rank,
    peer_comparisons.peer_quartile,
    ranked.previous_value,
    ranked.year_ago_value,
    ranked.baseline_value,
    ranked.change_vs_year_ago,
    ranked.change_vs_baseline,
    ranked.direction_of_travel,
    ranked.direction_p_value,
    ranked.lower_ci,
    ranked.upper_ci,
    ranked.significant_change,
    targets.target_value,
    targets.trajectory_value,
    case
        when targets.trajectory_value is null or ranked.value is null then null
        when ranked.desired_direction = 'decrease' then ranked.value <= targets.trajectory_value
        else ranked.value >= targets.trajectory_value
    end as meets_target
from ranked
left join peer_comparisons
    on ranked.measure_id = peer_comparisons.measure_id
    and ranked.breakdown = peer_comparisons.breakdown
    and ranked.force_code = peer_comparisons.force_code
    and ranked.period_type = peer_comparisons.period_type
    and ranked.period_start = peer_comparisons.period_start
    and ranked.period_end = peer_comparisons.period_end
left join targets
    on ranked.measure_id = targets.measure_id
    and ranked.breakdown = targets.breakdown
    and ranked.geography_level = targets.geography_level
    and ranked.force_code is not distinct from targets.force_code
    and ranked.period_type = targets.period_type
    and ranked.period_end = targets.period_end
