/*
    Purpose: the latest_value measure_status shows for a measure is the England and Wales
    total-breakdown figure of fct_measure_national for the latest period it names.
    Threshold: equal within a relative 1e-9 (macro same_value); zero rows returned.
    A failure means the status page shows a national figure the national mart does not hold.
*/
-- Shown in Dagster as a check on measure_status (it reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'measure_status'}}}) }}

with

status as (
    select * from {{ ref('measure_status') }}
    where latest_period_end is not null
),

national as (
    select * from {{ ref('fct_measure_national') }}
    where breakdown = 'total'
)

select
    status.measure_id,
    status.latest_period_type,
    status.latest_period_end,
    status.latest_value,
    national.value as national_mart_value
from status
left join national
    on status.measure_id = national.measure_id
    and status.latest_period_type = national.period_type
    and status.latest_period_end = national.period_end
where national.measure_id is null or not {{ same_value('status.latest_value', 'national.value') }}
