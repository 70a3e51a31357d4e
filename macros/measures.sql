{#
    Rate of `numerator` per `multiplier` units of `denominator` (per 1,000 population, per
    1,000 households, ...). No denominator means the value is the count itself.
#}
{% macro rate(numerator, denominator, multiplier) -%}
    case
        when {{ denominator }} is null then cast({{ numerator }} as double)
        when {{ denominator }} > 0 then {{ numerator }} * {{ multiplier }} / {{ denominator }}
    end
{%- endmacro %}

{#
    Union every intermediate model of measure values (one per source family); each has the
    same long shape: measure_id, breakdown, geography_level, force_code, period_type,
    period_start, period_end, numerator, denominator, value, unit, denominator_description,
    release_date.
#}
{% macro measure_value_models() -%}
    {{ return([
        'int_measure_values__prc',
        'int_measure_values__csew',
        'int_measure_values__homicide_index',
        'int_measure_values__drug_seizures',
        'int_measure_values__measure_returns',
        'int_measure_values__calls_999',
        'int_measure_values__nhs_admissions',
        'int_measure_values__workforce',
        'int_measure_values__crime_outcomes',
    ]) }}
{%- endmacro %}

{#
    The year whose population estimate a period's rate uses: the financial year the period starts
    in (a period starting January to March belongs to the financial year begun the April before).
#}
{% macro denominator_year(period_start) -%}
    (year({{ period_start }}) - case when month({{ period_start }}) < 4 then 1 else 0 end)
{%- endmacro %}

{#
    Seeds holding, per computed measure, how the warehouse computes it (measure_id, method):
    one per measure family, unioned into dim_measure.method.
#}
{% macro measure_method_seeds() -%}
    {{ return([
        'measure_methods',
        'measure_methods__csew',
        'measure_methods__homicide_index',
        'measure_methods__drug_seizures',
        'measure_methods__measure_returns',
        'measure_methods__calls_999',
        'measure_methods__nhs_admissions',
        'measure_methods__workforce',
        'measure_methods__crime_outcomes',
    ]) }}
{%- endmacro %}
