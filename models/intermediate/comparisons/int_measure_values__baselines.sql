{#
    The baseline of every value row of a measure that has one (seeds/measures/measure_baselines.csv),
    compared like with like:
      - a row of the baseline's own period type compares with the baseline period itself (the
        year ending June 2019 for the NCPM);
      - a quarter or a month compares with the same quarter or month of the baseline year (the
        quarter to September 2023 with the quarter to September 2018 when the baseline is the
        year ending June 2019), when the baseline is a year;
      - any other period type has no baseline (a financial year is not a year ending June).
    The baseline figure must belong to the same series as the row (int_measure_values__series:
    no comparison across a change of definition). baseline_value is null when the data hold no
    figure for the comparator period.
#}
with

measure_values as (
    select * from {{ ref('int_measure_values__series') }}
),

baselines as (
    select * from {{ ref('measure_baselines') }}
),

comparator_periods as (
    select
        measure_values.measure_id,
        measure_values.breakdown,
        measure_values.geography_level,
        measure_values.force_code,
        measure_values.period_type,
        measure_values.period_start,
        measure_values.period_end,
        measure_values.series_start,
        baselines.baseline_period_type,
        case
            when measure_values.period_type = baselines.baseline_period_type
                then baselines.baseline_period_end
            when measure_values.period_type in ('quarter', 'month')
                and baselines.baseline_period_type in ('year_ending', 'financial_year', 'calendar_year')
                then {{ same_month_of_year_ending(
                    'measure_values.period_end', 'baselines.baseline_period_end'
                ) }}
        end as baseline_period_end
    from measure_values
    inner join baselines
        on {{ rule_applies_to('baselines', 'measure_values') }}
)

select
    comparator_periods.measure_id,
    comparator_periods.breakdown,
    comparator_periods.geography_level,
    comparator_periods.force_code,
    comparator_periods.period_type,
    comparator_periods.period_start,
    comparator_periods.period_end,
    comparator_periods.baseline_period_type,
    comparator_periods.baseline_period_end,
    baseline_values.value as baseline_value,
    baseline_values.numerator as baseline_numerator,
    baseline_values.denominator as baseline_denominator
from comparator_periods
left join measure_values as baseline_values
    on {{ value_key_matches('comparator_periods', 'baseline_values', keys=[
        'measure_id', 'breakdown', 'geography_level', 'force_code', 'period_type'
    ]) }}
    and comparator_periods.baseline_period_end = baseline_values.period_end
    and comparator_periods.series_start is not distinct from baseline_values.series_start
