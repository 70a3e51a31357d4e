{#
    Rank a measure's periods so that 1 is the figure to headline: the latest period end, and at
    equal ends the rolling year (as the official bulletins headline), then financial year,
    then shorter periods.
#}
{% macro headline_period_order(partition_by) -%}
    row_number() over (
        partition by {{ partition_by }}
        order by
            period_end desc,
            case period_type
                when 'year_ending' then 1
                when 'financial_year' then 2
                when 'quarter' then 3
                when 'month' then 4
                else 5
            end
    )
{%- endmacro %}
