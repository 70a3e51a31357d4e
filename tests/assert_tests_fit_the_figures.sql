/*
    Purpose: a p-value exists only where a test of counts was made. No p-value on a survey
    estimate (the publisher's own significance is used, which has none), on a figure that is
    not a count of events (FTE, kilograms, pounds, seconds, days, hours; seeds/
    measure_figure_types.csv type other), and no improving or deteriorating verdict on a
    monitored breakdown or a figure with no test. Read from the seeds and the units.
    Threshold: zero rows returned.
    A failure means a Poisson test was run on a figure it does not fit (the defect of an earlier
    build: weighted survey estimates and FTE had p-values).
*/
-- Shown in Dagster as a check on fct_force_period_measure (it reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'fct_force_period_measure'}}}) }}

with

national as (
    select * from {{ ref('fct_measure_national') }}
),

forces as (
    select * from {{ ref('fct_force_period_measure') }}
),

figure_types as (
    select * from {{ ref('measure_figure_types') }}
),

breakdown_directions as (
    select * from {{ ref('measure_breakdown_directions') }}
),

catalogue as (
    select * from {{ ref('measure_catalogue') }}
),

facts as (
    select
        measure_id,
        breakdown,
        unit,
        direction_of_travel,
        direction_p_value
    from national
    union all
    select
        measure_id,
        breakdown,
        unit,
        direction_of_travel,
        direction_p_value
    from forces
),

judged as (
    select
        facts.*,
        coalesce(own_type.figure_type, measure_type.figure_type) as figure_type,
        coalesce(breakdown_directions.desired_direction, catalogue.desired_direction)
            as desired_direction
    from facts
    inner join catalogue
        on facts.measure_id = catalogue.measure_id
    left join figure_types as own_type
        on facts.measure_id = own_type.measure_id
        and facts.breakdown = own_type.breakdown
    left join figure_types as measure_type
        on facts.measure_id = measure_type.measure_id
        and measure_type.breakdown = '*'
    left join breakdown_directions
        on facts.measure_id = breakdown_directions.measure_id
        and facts.breakdown = breakdown_directions.breakdown
)

select *
from judged
where
    (
        direction_p_value is not null
        and (
            figure_type in ('survey_estimate', 'other')
            or unit in ('fte', 'kilograms', 'pounds_sterling', 'seconds', 'days', 'hours')
        )
    )
    or (
        direction_of_travel in ('improving', 'deteriorating')
        and (desired_direction = 'monitor' or figure_type = 'other')
    )
