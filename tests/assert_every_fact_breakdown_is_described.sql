/*
    Purpose: every breakdown the fact marts carry has a row in dim_breakdown with a label and a
    description, so a reader can find a figure by name and know what it counts.
    Threshold: zero rows returned.
    A failure means a family model emits a breakdown that dim_breakdown does not describe.
*/
-- Shown in Dagster as a check on dim_breakdown (it reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'dim_breakdown'}}}) }}

with

national as (
    select * from {{ ref('fct_measure_national') }}
),

forces as (
    select * from {{ ref('fct_force_period_measure') }}
),

breakdowns as (
    select * from {{ ref('dim_breakdown') }}
),

fact_breakdowns as (
    select distinct
        measure_id,
        breakdown
    from national
    union
    select distinct
        measure_id,
        breakdown
    from forces
)

select fact_breakdowns.*
from fact_breakdowns
left join breakdowns
    on fact_breakdowns.measure_id = breakdowns.measure_id
    and fact_breakdowns.breakdown = breakdowns.breakdown
where breakdowns.label is null or breakdowns.description is null
