{#
    Generic test: none of the listed columns holds a null. One test per model instead of one
    per column: the same check as dbt's not_null on each column, in one scan of the model and
    one node of the build (a full build had 765 column-level not_null tests, each a node that
    dbt compiles and runs and Dagster plans as an asset check). Fails with one row per column
    that has nulls, naming the column and how many rows are null in it.
    Usage:
        data_tests:
          - not_null_columns:
              arguments:
                columns: [measure_id, period_start, period_end]
#}
{% test not_null_columns(model, columns) %}
    {%- if columns | length == 0 %}
        {{ exceptions.raise_compiler_error("not_null_columns needs at least one column") }}
    {%- endif %}

    with null_counts as (
        select
            {%- for column in columns %}
                count(*) filter (where {{ column }} is null) as "{{ column }}"
                {{- "," if not loop.last }}
            {%- endfor %}
        from {{ model }}
    ),

    per_column as (
        unpivot null_counts
        on columns(*)
        into name column_name value null_rows
    )

    select
        column_name,
        null_rows
    from per_column
    where null_rows > 0
{% endtest %}
