/*
    Purpose: a measure the seed measure_not_computable declares impossible to derive must not
    have values, and measure_status must show it as not_computable with the seed's reason.
    Threshold: zero rows returned.
    A failure means a family model now computes a measure the seed still calls not computable
    (remove it from the seed and document its method), or measure_status lost the seed's reason.
*/
-- Shown in Dagster as a check on measure_status (it reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'measure_status'}}}) }}

with

not_computable as (
    select * from {{ ref('measure_not_computable') }}
),

measure_values as (
    select * from {{ ref('int_measure_values__unioned') }}
),

status as (
    select * from {{ ref('measure_status') }}
),

computed as (
    select distinct measure_id
    from measure_values
)

select
    not_computable.measure_id,
    status.availability,
    computed.measure_id is not null as has_values
from not_computable
left join computed
    on not_computable.measure_id = computed.measure_id
left join status
    on not_computable.measure_id = status.measure_id
where
    computed.measure_id is not null
    or status.availability is distinct from 'not_computable'
    or not starts_with(status.availability_reason, not_computable.reason)
