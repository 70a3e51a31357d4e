{#
    Generic test: no two rows of the model share the same values in the `combination` columns
    (a composite key). Nulls compare equal, so a key with a null part (an England and Wales row
    has no force_code) is still checked. Fails with one row per duplicated key and its count.
    Usage:
        data_tests:
          - unique_combination_of_columns:
              arguments:
                combination: [measure_id, breakdown, period_type, period_start, period_end]
#}
{% test unique_combination_of_columns(model, combination) %}
    {%- set columns = combination | join(', ') %}

    select
        {{ columns }},
        count(*) as duplicate_rows
    from {{ model }}
    group by {{ columns }}
    having count(*) > 1
{% endtest %}
