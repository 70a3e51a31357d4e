{#
    Targets and trajectories of the measures that have one (seed measure_targets), for every
    value row of the target's breakdown, force-level and national alike:
      - level_at_least: the target is the level itself (90% of 999 calls within 10 seconds);
      - ratio_of_baseline_by_deadline: the target is the baseline value times the parameter
        (0.5 = halve) at the deadline, with a straight-line trajectory from the baseline period
        end to the deadline (halving knife-enabled crime and VAWG within a decade);
      - additional_by_deadline: the baseline plus the parameter at the deadline (13,000 more
        neighbourhood officers and PCSOs); a force's addition is the parameter times its share of
        the national baseline;
      - share_of_breakdown_by_deadline: the parameter times another breakdown of the same
        measure, force and period (NPP training: completions to reach all eligible posts by
        2029), with a straight-line trajectory from the baseline period's value.
    Paths from a baseline apply only to rows of the baseline's period type: a quarter of
    knife-enabled crime is not on or off an annual halving path. Levels apply to every period.
    Baselines come from int_measure_values__baselines (like with like, within one series).
    The 1999 top-quartile targets are in int_crs1999__targets.
#}
with

measure_values as (
    select * from {{ ref('int_measure_values__unioned') }}
),

targets as (
    select * from {{ ref('measure_targets') }}
),

baselines as (
    select * from {{ ref('int_measure_values__baselines') }}
),

-- The England and Wales baseline figure, for a force's share of a national addition.
national_baselines as (
    select distinct
        measure_id,
        breakdown,
        baseline_period_end,
        baseline_value as national_baseline_value
    from baselines
    where geography_level = 'england_and_wales'
        and period_type = baseline_period_type
        and baseline_value is not null
),

targeted as (
    select
        measure_values.measure_id,
        measure_values.breakdown,
        measure_values.geography_level,
        measure_values.force_code,
        measure_values.period_type,
        measure_values.period_start,
        measure_values.period_end,
        targets.target_rule,
        targets.target_parameter,
        cast(targets.target_deadline as date) as target_deadline,
        reference_values.value as reference_value,
        baselines.baseline_period_end,
        baselines.baseline_value,
        national_baselines.national_baseline_value
    from measure_values
    inner join targets
        on measure_values.measure_id = targets.measure_id
        and measure_values.breakdown = targets.breakdown
    left join baselines
        on {{ value_key_matches('measure_values', 'baselines') }}
    left join national_baselines
        on measure_values.measure_id = national_baselines.measure_id
        and measure_values.breakdown = national_baselines.breakdown
        and baselines.baseline_period_end = national_baselines.baseline_period_end
    left join measure_values as reference_values
        on measure_values.measure_id = reference_values.measure_id
        and targets.reference_breakdown = reference_values.breakdown
        and measure_values.geography_level = reference_values.geography_level
        and measure_values.force_code is not distinct from reference_values.force_code
        and measure_values.period_type = reference_values.period_type
        and measure_values.period_start = reference_values.period_start
        and measure_values.period_end = reference_values.period_end
    -- A level applies to every period; a path from a baseline only to periods of the
    -- baseline's own type (an annual path is met only by annual figures).
    where targets.target_rule = 'level_at_least'
        or measure_values.period_type = baselines.baseline_period_type
),

with_targets as (
    select
        *,
        case target_rule
            when 'level_at_least' then target_parameter
            when 'ratio_of_baseline_by_deadline' then baseline_value * target_parameter
            when 'additional_by_deadline'
                then baseline_value + target_parameter
                    * case
                        when geography_level = 'england_and_wales' then 1.0
                        else baseline_value / nullif(national_baseline_value, 0)
                    end
            when 'share_of_breakdown_by_deadline' then reference_value * target_parameter
        end as target_value,
        case
            when target_rule = 'level_at_least' then 1.0
            when period_end > baseline_period_end
                then least(
                        1.0,
                        datediff('day', baseline_period_end, period_end)
                        / nullif(datediff('day', baseline_period_end, target_deadline), 0)
                    )
        end as share_of_path
    from targeted
)

select
    measure_id,
    breakdown,
    geography_level,
    force_code,
    period_type,
    period_start,
    period_end,
    target_rule,
    target_value,
    case
        when target_rule = 'level_at_least' then target_value
        when share_of_path is not null
            then baseline_value + (target_value - baseline_value) * share_of_path
    end as trajectory_value
from with_targets
