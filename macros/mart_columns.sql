{#
    The comparison columns shared by the force-period and measure-level marts, in contract
    order, selected from int_measure_values__compared; `key_columns` (e.g. ['force_code'])
    follow measure_id and breakdown. Numerator and denominator are DOUBLE: upstream sums of
    counts are HUGEINT, which BI clients do not all read, and later sources carry fractional
    numerators (full-time equivalents, kilograms).
#}
{% macro measure_value_columns(key_columns=[]) -%}
    measure_id,
    breakdown,
    {%- for column in key_columns %}
    {{ column }},
    {%- endfor %}
    period_type,
    period_start,
    period_end,
    value,
    value_status,
    cast(numerator as double) as numerator,
    cast(denominator as double) as denominator,
    unit,
    denominator_description,
    release_date as release,
    national_value,
    peer_group_value,
    rank,
    rank_note,
    peer_quartile,
    previous_value,
    year_ago_value,
    baseline_value,
    change_vs_year_ago,
    change_vs_baseline,
    direction_of_travel,
    direction_test,
    direction_p_value,
    comparison_note,
    target_value,
    trajectory_value,
    meets_target
{%- endmacro %}
