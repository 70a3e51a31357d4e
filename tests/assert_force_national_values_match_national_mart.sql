/*
    Purpose: the national_value beside each force figure in fct_force_period_measure is the
    England and Wales figure of fct_measure_national for the same measure, breakdown and period.
    Threshold: equal within a relative 1e-9 (macro same_value); zero rows returned.
    A failure means the force-period mart compares forces with a national figure that is not the
    published one (a join on the wrong period or breakdown, or a national figure computed twice
    in different ways).
*/
-- Shown in Dagster as a check on fct_force_period_measure (it reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'fct_force_period_measure'}}}) }}

with

force_values as (
    select * from {{ ref('fct_force_period_measure') }}
),

national as (
    select * from {{ ref('fct_measure_national') }}
)

select
    force_values.measure_id,
    force_values.breakdown,
    force_values.force_code,
    force_values.period_type,
    force_values.period_end,
    force_values.national_value,
    national.value as national_mart_value
from force_values
inner join national
    on force_values.measure_id = national.measure_id
    and force_values.breakdown = national.breakdown
    and force_values.period_type = national.period_type
    and force_values.period_start = national.period_start
    and force_values.period_end = national.period_end
where not {{ same_value('force_values.national_value', 'national.value') }}
