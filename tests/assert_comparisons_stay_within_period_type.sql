/*
    Purpose: a baseline or a target path is compared only with figures of the same period type.
    A row carries a baseline only when its period type is the baseline's own, or it is a quarter
    or a month compared with the same quarter or month of an annual baseline year; a row is
    judged against a path from a baseline (meets_target) only when its period type is the
    baseline's own. Read from the seeds, not from the models that apply them.
    Threshold: zero rows returned.
    A failure means a quarter or a month was set against an annual figure (the defect of an
    earlier build: the homicide quarter to June 2019 showed a change against baseline of -491).
*/
-- Shown in Dagster as a check on fct_measure_national (it reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'fct_measure_national'}}}) }}

with

national as (
    select * from {{ ref('fct_measure_national') }}
),

forces as (
    select * from {{ ref('fct_force_period_measure') }}
),

baselines as (
    select * from {{ ref('measure_baselines') }}
),

targets as (
    select * from {{ ref('measure_targets') }}
),

facts as (
    select
        measure_id,
        breakdown,
        period_type,
        period_end,
        baseline_value,
        meets_target
    from national
    union all
    select
        measure_id,
        breakdown,
        period_type,
        period_end,
        baseline_value,
        meets_target
    from forces
)

select
    facts.measure_id,
    facts.breakdown,
    facts.period_type,
    facts.period_end,
    baselines.baseline_period_type
from facts
inner join baselines
    on {{ rule_applies_to('baselines', 'facts') }}
left join targets
    on facts.measure_id = targets.measure_id
    and facts.breakdown = targets.breakdown
where
    (
        facts.baseline_value is not null
        and facts.period_type != baselines.baseline_period_type
        and facts.period_type not in ('quarter', 'month')
    )
    or (
        facts.meets_target is not null
        and targets.target_rule != 'level_at_least'
        and facts.period_type != baselines.baseline_period_type
    )
