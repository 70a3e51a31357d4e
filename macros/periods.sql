{#
    Period helpers. Financial years run April to March and are written 'YYYY/YY'; financial
    quarter 1 is April to June. A period is (period_type, period_start, period_end) with
    period_type one of quarter, financial_year, year_ending (the rolling 12 months ending at
    a quarter end, as the official bulletins use for headline comparisons), month, snapshot,
    calendar_year (January to December, for sources counted that way: STATS19).
#}

{% macro fy_start_year(financial_year) -%}
    cast(left({{ financial_year }}, 4) as integer)
{%- endmacro %}

{% macro fy_quarter_start(financial_year, quarter) -%}
    make_date(
        {{ fy_start_year(financial_year) }} + case when {{ quarter }} = 4 then 1 else 0 end,
        case {{ quarter }} when 1 then 4 when 2 then 7 when 3 then 10 else 1 end,
        1
    )
{%- endmacro %}

{% macro quarter_end(quarter_start) -%}
    cast({{ quarter_start }} + interval 3 month - interval 1 day as date)
{%- endmacro %}

{% macro financial_year_label(date_expression) -%}
    (
        cast(year({{ date_expression }}) - case when month({{ date_expression }}) < 4 then 1 else 0 end as varchar)
        || '/'
        || right(cast(year({{ date_expression }}) + case when month({{ date_expression }}) < 4 then 0 else 1 end as varchar), 2)
    )
{%- endmacro %}

{% macro financial_quarter_of(date_expression) -%}
    ((month({{ date_expression }}) + 8) % 12) // 3 + 1
{%- endmacro %}

{#
    Roll quarterly values up to financial years and to rolling years ending each quarter.
    Only complete periods are produced: four quarters present, consecutive. Columns listed in
    `sum_columns` are summed; a sum that met a suppressed (null) quarter stays null. Columns
    listed in `max_columns` (e.g. a release date that may differ between quarters) take their
    latest value in the window.
#}
{% macro roll_up_quarters(relation, key_columns, sum_columns, max_columns=[]) -%}
    {%- set carried_columns = sum_columns + max_columns -%}
    {%- set keys = key_columns | join(', ') -%}
    with quarterly as (
        select * from {{ relation }}
    ),

    rolling as (
        select
            {{ keys }},
            period_start,
            period_end,
            {%- for column in sum_columns %}
            case
                when count({{ column }}) over trailing_year = 4
                    then sum({{ column }}) over trailing_year
            end as {{ column }},
            {%- endfor %}
            {%- for column in max_columns %}
            max({{ column }}) over trailing_year as {{ column }},
            {%- endfor %}
            count(*) over trailing_year as quarters_in_window,
            min(period_start) over trailing_year as window_start
        from quarterly
        window trailing_year as (
            partition by {{ keys }}
            order by period_start
            range between interval 9 month preceding and current row
        )
    ),

    year_ending as (
        select
            {{ keys }},
            'year_ending' as period_type,
            window_start as period_start,
            period_end,
            {%- for column in carried_columns %}
            {{ column }},
            {%- endfor %}
        from rolling
        where quarters_in_window = 4
    ),

    financial_year as (
        select
            {{ keys }},
            'financial_year' as period_type,
            period_start,
            period_end,
            {%- for column in carried_columns %}
            {{ column }},
            {%- endfor %}
        from year_ending
        where month(period_end) = 3
    ),

    quarter as (
        select
            {{ keys }},
            'quarter' as period_type,
            period_start,
            period_end,
            {%- for column in carried_columns %}
            {{ column }},
            {%- endfor %}
        from quarterly
    )

    select * from quarter
    union all
    select * from financial_year
    union all
    select * from year_ending
{%- endmacro %}

{#
    End of the month in the year ending `year_end` whose calendar month is that of `period_end`:
    the quarter or month of a baseline year that a later quarter or month compares with
    (September 2023 -> September 2018 for the year ending June 2019).
#}
{% macro same_month_of_year_ending(period_end, year_end) -%}
    last_day(make_date(
        cast(year({{ year_end }}) - case when month({{ period_end }}) > month({{ year_end }}) then 1 else 0 end as bigint),
        cast(month({{ period_end }}) as bigint),
        1
    ))
{%- endmacro %}
