/*
    Purpose: each of the ten National Crime and Policing Measures is monitored against the year
    ending June 2019, so measure_status must say for each whether the data give that baseline
    and, when they do not, why (never a bare null). Also: `computed` means at least one figure
    exists in the facts.
    Threshold: zero rows returned.
    A failure means an NCPM metric lost its baseline row in seeds/measures/measure_baselines.csv, its
    reason, or a measure is called computed with no figure at all.
*/
-- Shown in Dagster as a check on measure_status (it reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'measure_status'}}}) }}

with

status as (
    select * from {{ ref('measure_status') }}
),

national as (
    select * from {{ ref('fct_measure_national') }}
),

forces as (
    select * from {{ ref('fct_force_period_measure') }}
),

measures_with_values as (
    select distinct measure_id from national
    where value is not null
    union
    select distinct measure_id from forces
    where value is not null
)

select
    status.measure_id,
    status.availability,
    status.baseline_status,
    status.baseline_reason
from status
left join measures_with_values
    on status.measure_id = measures_with_values.measure_id
where
    (
        status.measure_id like 'ncpm\_%' escape '\'
        and (status.baseline_status = 'not_applicable' or status.baseline_reason is null)
    )
    or (status.availability = 'computed' and measures_with_values.measure_id is null)
