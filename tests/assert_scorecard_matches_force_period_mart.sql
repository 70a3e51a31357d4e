/*
    Purpose: every figure in force_scorecard is the total-breakdown figure of
    fct_force_period_measure for the same force, measure and period, with the same national
    comparison, and its national value is the England and Wales figure of fct_measure_national.
    Threshold: equal within a relative 1e-9 (macro same_value); zero rows returned.
    A failure means the scorecard shows a figure the long marts do not hold (a stale period, the
    wrong breakdown, or a national figure that does not reconcile).
*/
-- Shown in Dagster as a check on force_scorecard (it reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'force_scorecard'}}}) }}

with

scorecard as (
    select * from {{ ref('force_scorecard') }}
    where period_end is not null
),

force_values as (
    select * from {{ ref('fct_force_period_measure') }}
    where breakdown = 'total'
),

national as (
    select * from {{ ref('fct_measure_national') }}
    where breakdown = 'total'
)

select
    scorecard.force_code,
    scorecard.measure_id,
    scorecard.period_type,
    scorecard.period_end,
    scorecard.value,
    force_values.value as mart_value,
    scorecard.national_value,
    national.value as national_mart_value
from scorecard
left join force_values
    on scorecard.force_code = force_values.force_code
    and scorecard.measure_id = force_values.measure_id
    and scorecard.period_type = force_values.period_type
    and scorecard.period_start = force_values.period_start
    and scorecard.period_end = force_values.period_end
left join national
    on scorecard.measure_id = national.measure_id
    and scorecard.period_type = national.period_type
    and scorecard.period_start = national.period_start
    and scorecard.period_end = national.period_end
where
    force_values.measure_id is null
    or not {{ same_value('scorecard.value', 'force_values.value') }}
    or (national.measure_id is not null and not {{ same_value('scorecard.national_value', 'national.value') }})
