{#
    Every measure value with the series it belongs to: series_start is the start of the latest
    break (seeds/reference/series_breaks.csv: a change of definition) at or before the period's end, null
    in the original series. Comparisons (previous period, year earlier, baseline) are made only
    within one series, so a change of definition is never scored as a change in performance.
    Joined with its breakdown's comparison rules (int_measure_breakdowns__classified).
#}
with

measure_values as (
    select * from {{ ref('int_measure_values__unioned') }}
),

breakdown_rules as (
    select * from {{ ref('int_measure_breakdowns__classified') }}
),

series_breaks as (
    select * from {{ ref('series_breaks') }}
),

value_periods as (
    select distinct
        measure_id,
        breakdown,
        period_end
    from measure_values
),

latest_breaks as (
    select
        value_periods.measure_id,
        value_periods.breakdown,
        value_periods.period_end,
        max(series_breaks.new_series_from) as series_start,
        arg_max(series_breaks.note, series_breaks.new_series_from) as series_note
    from value_periods
    inner join series_breaks
        on {{ rule_applies_to('series_breaks', 'value_periods') }}
        and value_periods.period_end >= series_breaks.new_series_from
    group by value_periods.measure_id, value_periods.breakdown, value_periods.period_end
)

select
    measure_values.*,
    breakdown_rules.desired_direction,
    breakdown_rules.figure_type,
    breakdown_rules.direction_test,
    breakdown_rules.is_ranked,
    breakdown_rules.is_per_resident,
    latest_breaks.series_start,
    latest_breaks.series_note
from measure_values
inner join breakdown_rules
    on measure_values.measure_id = breakdown_rules.measure_id
    and measure_values.breakdown = breakdown_rules.breakdown
left join latest_breaks
    on measure_values.measure_id = latest_breaks.measure_id
    and measure_values.breakdown = latest_breaks.breakdown
    and measure_values.period_end = latest_breaks.period_end
