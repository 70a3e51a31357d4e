with

measure_values as (
    select * from {{ ref('int_measure_values__unioned') }}
),

periods as (
    select distinct
        period_type,
        period_start,
        period_end
    from measure_values
)

select
    cast(period_type as varchar) as period_type,
    cast(period_start as date) as period_start,
    cast(period_end as date) as period_end,
    cast(case period_type
        when 'quarter'
            then
                {{ financial_year_label('period_start') }}
                || ' Q'
                || cast({{ financial_quarter_of('period_start') }} as varchar)
        when 'financial_year' then {{ financial_year_label('period_start') }}
        when 'year_ending' then 'year ending ' || strftime(period_end, '%B %Y')
        when 'calendar_year' then strftime(period_start, '%Y')
        else strftime(period_start, '%Y-%m-%d') || ' to ' || strftime(period_end, '%Y-%m-%d')
    end as varchar) as label,
    cast({{ financial_year_label('period_end') }} as varchar) as financial_year,
    cast(case when period_type = 'quarter' then {{ financial_quarter_of('period_start') }} end as integer)
        as quarter
from periods
