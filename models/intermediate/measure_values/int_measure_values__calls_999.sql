{#
    Measures computed from the monthly 999 call answering data (stg_calls_999__monthly_calls),
    in the long measure-value shape. Force rows for the 43 police force areas; England and
    Wales rows are sums over those 43 (British Transport Police, Police Scotland and the PSNI
    are left out). Proportions over several months are calls-weighted (sum of calls answered
    within 10 seconds over sum of calls), never a mean of monthly proportions. A median cannot
    be added up: the median wait has no England and Wales row unless the source publishes one
    (a national_total row). The published mean answer time is not a figure of any catalogue
    measure (the framework's measure is the median), so it is not published as one.
#}
with

calls as (
    select * from {{ ref('stg_calls_999__monthly_calls') }}
),

monthly_calls as (
    select * from calls
    where is_force_area
),

-- An England and Wales median, used only where the source publishes one.
published_national_medians as (
    select
        period_start,
        period_end,
        median_answer_seconds,
        release_date
    from calls
    where reporting_body_type = 'national_total'
),

force_months as (
    select
        'police_force_area' as geography_level,
        force_code,
        period_start,
        period_end,
        total_calls,
        calls_answered_under_10s,
        coalesce(proportion_answered_under_10s, published_proportion_under_10s)
            as proportion_under_10s,
        median_answer_seconds,
        release_date
    from monthly_calls
),

-- England and Wales: sums over the force areas; a sum that meets a null force figure is null.
national_months as (
    select
        'england_and_wales' as geography_level,
        cast(null as varchar) as force_code,
        period_start,
        period_end,
        case when count(total_calls) = count(*) then sum(total_calls) end as total_calls,
        case
            when count(calls_answered_under_10s) = count(*) then sum(calls_answered_under_10s)
        end as calls_answered_under_10s,
        cast(null as double) as proportion_under_10s,
        cast(null as double) as median_answer_seconds,
        max(release_date) as release_date
    from force_months
    group by period_start, period_end
),

months as (
    select * from force_months
    union all
    select * from national_months
),

-- Rolling twelve months ending each month; only complete windows (twelve months, no null) are
-- kept below.
rolling_years as (
    select
        geography_level,
        force_code,
        period_end,
        min(period_start) over trailing_year as period_start,
        count(*) over trailing_year as months_in_window,
        count(calls_answered_under_10s) over trailing_year as months_with_answered,
        count(total_calls) over trailing_year as months_with_calls,
        sum(calls_answered_under_10s) over trailing_year as calls_answered_under_10s,
        sum(total_calls) over trailing_year as total_calls,
        count(
            coalesce(
                cast(calls_answered_under_10s as double) / nullif(total_calls, 0),
                proportion_under_10s
            )
        ) over trailing_year as months_with_proportion,
        count_if(
            coalesce(
                cast(calls_answered_under_10s as double) / nullif(total_calls, 0),
                proportion_under_10s
            ) >= 0.9
        ) over trailing_year as months_meeting_target,
        max(release_date) over trailing_year as release_date
    from months
    window trailing_year as (
        partition by geography_level, force_code
        order by period_start
        range between interval 11 month preceding and current row
    )
),

-- Rolling years ending at each quarter end (as the bulletins compare); those ending in March
-- are also the financial year.
complete_years as (
    select
        *,
        'year_ending' as period_type
    from rolling_years
    where months_in_window = 12 and month(period_end) in (3, 6, 9, 12)
    union all
    select
        *,
        'financial_year' as period_type
    from rolling_years
    where months_in_window = 12 and month(period_end) = 3
),

answered_within_10s_months as (
    select
        'ppf_999_calls_answered_within_10s' as measure_id,
        'total' as breakdown,
        geography_level,
        force_code,
        'month' as period_type,
        period_start,
        period_end,
        calls_answered_under_10s as numerator,
        total_calls as denominator,
        coalesce(
            cast(calls_answered_under_10s as double) / nullif(total_calls, 0),
            proportion_under_10s
        ) as value,
        'proportion' as unit,
        '999 calls answered in the month' as denominator_description,
        release_date
    from months
),

-- Financial years and rolling years ending at each quarter end, calls-weighted.
answered_within_10s_years as (
    select
        'ppf_999_calls_answered_within_10s' as measure_id,
        'total' as breakdown,
        geography_level,
        force_code,
        period_type,
        period_start,
        period_end,
        case when months_with_answered = 12 then calls_answered_under_10s end as numerator,
        case when months_with_calls = 12 then total_calls end as denominator,
        case
            when months_with_answered = 12 and months_with_calls = 12 and total_calls > 0
                then cast(calls_answered_under_10s as double) / total_calls
        end as value,
        'proportion' as unit,
        '999 calls answered in the twelve months' as denominator_description,
        release_date
    from complete_years
    where period_type in ('financial_year', 'year_ending')
),

-- Share of the financial year's months whose proportion answered within 10 seconds reached
-- the 90 % target; only years with a proportion for all twelve months.
months_meeting_target as (
    select
        'ppf_999_calls_answered_within_10s' as measure_id,
        'share_of_months_meeting_target' as breakdown,
        geography_level,
        force_code,
        period_type,
        period_start,
        period_end,
        months_meeting_target as numerator,
        months_with_proportion as denominator,
        cast(months_meeting_target as double) / months_with_proportion as value,
        'proportion' as unit,
        'months of the financial year with a published proportion' as denominator_description,
        release_date
    from complete_years
    where period_type = 'financial_year' and months_with_proportion = 12
),

median_wait as (
    select
        'ppf_999_calls_median_wait' as measure_id,
        'total' as breakdown,
        geography_level,
        force_code,
        'month' as period_type,
        period_start,
        period_end,
        cast(null as double) as numerator,
        cast(null as double) as denominator,
        median_answer_seconds as value,
        'seconds' as unit,
        cast(null as varchar) as denominator_description,
        release_date
    from months
    where geography_level = 'police_force_area'
    union all
    select
        'ppf_999_calls_median_wait' as measure_id,
        'total' as breakdown,
        'england_and_wales' as geography_level,
        cast(null as varchar) as force_code,
        'month' as period_type,
        period_start,
        period_end,
        cast(null as double) as numerator,
        cast(null as double) as denominator,
        median_answer_seconds as value,
        'seconds' as unit,
        cast(null as varchar) as denominator_description,
        release_date
    from published_national_medians
),

call_volumes as (
    select
        'ppf_999_and_101_call_volumes' as measure_id,
        'calls_999' as breakdown,
        geography_level,
        force_code,
        'month' as period_type,
        period_start,
        period_end,
        total_calls as numerator,
        cast(null as double) as denominator,
        cast(total_calls as double) as value,
        'count' as unit,
        cast(null as varchar) as denominator_description,
        release_date
    from months
)

select * from answered_within_10s_months
union all
select * from answered_within_10s_years
union all
select * from months_meeting_target
union all
select * from median_wait
union all
select * from call_volumes
