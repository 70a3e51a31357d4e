{#
    Generic test: a composite foreign key. Every row of the model whose `columns` are all
    non-null has a row in `to` with the same values in `fields` (matched position by position).
    Rows with a null in any key column are not checked, as with dbt's own relationships test.
    Fails with one row per orphan key and the number of model rows that carry it.
    Usage:
        data_tests:
          - relationships_multi:
              arguments:
                columns: [period_type, period_start, period_end]
                to: ref('dim_period')
                fields: [period_type, period_start, period_end]
#}
{% test relationships_multi(model, columns, to, fields) %}
    {%- if columns | length != fields | length or columns | length == 0 %}
        {{ exceptions.raise_compiler_error(
            'relationships_multi: columns and fields must be non-empty lists of the same length'
        ) }}
    {%- endif %}

    with

    child as (
        select
            {%- for column in columns %}
            {{ column }} as key_{{ loop.index }},
            {%- endfor %}
            count(*) as child_rows
        from {{ model }}
        where
            {%- for column in columns %}
            {{ column }} is not null{% if not loop.last %} and{% endif %}
            {%- endfor %}
        group by all
    ),

    parent as (
        select distinct
            {%- for field in fields %}
            {{ field }} as key_{{ loop.index }}{% if not loop.last %},{% endif %}
            {%- endfor %}
        from {{ to }}
    )

    select child.*
    from child
    where not exists (
        select 1
        from parent
        where
            {%- for column in columns %}
            child.key_{{ loop.index }} = parent.key_{{ loop.index }}{% if not loop.last %} and{% endif %}
            {%- endfor %}
    )
{% endtest %}
