/*
    Purpose: an England and Wales count is the sum of the 43 force areas' counts. For every
    measure with unit `count` in fct_measure_national, and every breakdown and period where all
    43 force areas have a numerator in fct_force_period_measure, the national numerator must
    equal the sum of the force numerators.
    Threshold: exact equality (integer counts); zero rows returned.
    A failure means the national figure and the force figures disagree: a force area was lost
    or counted twice between staging and the marts, a non-force body (British Transport Police,
    the fraud bodies) leaked into the national sum, or the two marts were built from different
    releases. The returned rows show the measure, breakdown, period and both totals.
*/
-- Shown in Dagster as a check on fct_measure_national (it reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'fct_measure_national'}}}) }}

with

national as (
    select * from {{ ref('fct_measure_national') }}
    where unit = 'count'
),

force_values as (
    select * from {{ ref('fct_force_period_measure') }}
),

forces as (
    select * from {{ ref('dim_force') }}
),

force_totals as (
    select
        measure_id,
        breakdown,
        period_type,
        period_start,
        period_end,
        count(numerator) as forces_with_value,
        sum(numerator) as sum_of_forces
    from force_values
    group by measure_id, breakdown, period_type, period_start, period_end
),

complete_force_totals as (
    select *
    from force_totals
    where forces_with_value = (select count(*) from forces)
)

select
    national.measure_id,
    national.breakdown,
    national.period_type,
    national.period_start,
    national.period_end,
    national.numerator as national_numerator,
    complete_force_totals.sum_of_forces,
    complete_force_totals.forces_with_value
from national
inner join complete_force_totals
    on national.measure_id = complete_force_totals.measure_id
    and national.breakdown = complete_force_totals.breakdown
    and national.period_type = complete_force_totals.period_type
    and national.period_start = complete_force_totals.period_start
    and national.period_end = complete_force_totals.period_end
where national.numerator is distinct from complete_force_totals.sum_of_forces
