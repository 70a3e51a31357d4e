/*
    Purpose: measure_status covers the catalogue exactly - every measure_id of the measure
    catalogue seed has a status row, and measure_status has no measure_id the catalogue lacks.
    (Duplicates are caught by the unique test on measure_status.measure_id.)
    Threshold: zero rows returned.
    A failure means BI would silently miss a framework measure, or show a measure that is not
    in the catalogue: measure_status was built from a stale or filtered catalogue, or a join in
    it dropped or invented rows. Each returned row names the measure_id and the side it is
    missing from.
*/
-- Shown in Dagster as a check on measure_status (it reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'measure_status'}}}) }}

with

catalogue as (
    select * from {{ ref('measure_catalogue') }}
),

status as (
    select * from {{ ref('measure_status') }}
)

select
    coalesce(catalogue.measure_id, status.measure_id) as measure_id,
    case
        when status.measure_id is null then 'missing from measure_status'
        else 'not in measure_catalogue'
    end as problem
from catalogue
full outer join status
    on catalogue.measure_id = status.measure_id
where catalogue.measure_id is null
    or status.measure_id is null
