{#-
    Month labels: the formats the loader accepts (orchestration/ingest/sources/calls_999.py,
    MONTH_FORMATS), after folding white space and reading `Sept` as `Sep`. A date stands for the
    month containing it.
-#}
{%- set month_formats = [
    '%Y-%m', '%Y/%m', '%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%d/%m/%Y',
    '%b-%y', '%B-%y', '%b %Y', '%B %Y', '%b-%Y', '%B-%Y', '%b %y', '%B %y', '%Y%m',
] -%}

with

source as (
    select * from {{ raw_source('calls_999') }}
),

forces as (
    {{ force_lookup() }}
),

reporting_bodies as (
    {{ reporting_body_lookup() }}
),

resolved as (
    select
        source.*,
        forces.force_code,
        reporting_bodies.body_type,
        coalesce(forces.force_code, {{ normalise_label('source.force_name') }}) as force_key,
        cast(date_trunc('month', try_strptime(
            regexp_replace(
                regexp_replace(trim(source.month), '\s+', ' ', 'g'), '^(sep)t([^a-z])', '\1\2', 'i'
            ),
            {{ month_formats }}
        )) as date) as month_start
    from source
    left join forces
        on {{ normalise_label('source.force_name') }} = forces.force_label
    left join reporting_bodies
        on {{ normalise_label('source.force_name') }} = reporting_bodies.body_label
),

-- Per force and month, the rows of the latest release that carries that month: a release
-- re-issues the series, and a file with a single month also replaces only that month.
ranked as (
    select
        *,
        rank() over (
            partition by force_key, month_start
            order by _release desc, _loaded_at desc, _file_sha256 desc
        ) as release_rank
    from resolved
),

latest as (
    select * from ranked
    where release_rank = 1
),

-- Published shares are percentages, or proportions when a file's column never exceeds 1 and
-- never carries a % sign (the loader's GX gate detects the same way).
share_scales as (
    select
        _file_sha256,
        case
            when
                max({{ parse_number("replace(percent_under_10s, '%', '')") }}) <= 1
                and not coalesce(bool_or(contains(percent_under_10s, '%')), false)
                then 1.0
            else 100.0
        end as percent_under_10s_scale
    from latest
    group by _file_sha256
),

renamed as (
    select
        ----------  keys
        cast(trim(latest.month) as varchar) as month_label,
        cast(latest.month_start as date) as period_start,
        cast(trim(latest.force_name) as varchar) as force_name,
        ----------  foreign keys
        cast(latest.force_code as varchar) as force_code,
        ----------  attributes
        cast(latest.body_type as varchar) as reporting_body_type,
        latest.force_code is not null as is_force_area,
        cast({{ parse_count("replace(latest.total_calls, ',', '')") }} as bigint) as total_calls,
        cast({{ parse_count("replace(latest.calls_under_10s, ',', '')") }} as bigint)
            as calls_answered_under_10s,
        cast({{ parse_count("replace(latest.calls_10_to_60s, ',', '')") }} as bigint)
            as calls_answered_10_to_60s,
        cast({{ parse_count("replace(latest.calls_60s_or_more, ',', '')") }} as bigint)
            as calls_answered_60s_or_more,
        cast(
            {{ parse_number("replace(latest.percent_under_10s, '%', '')") }}
            / share_scales.percent_under_10s_scale as double
        ) as published_proportion_under_10s,
        cast({{ parse_number('latest.mean_answer_seconds') }} as double) as mean_answer_seconds,
        cast({{ parse_number('latest.median_answer_seconds') }} as double)
            as median_answer_seconds,
        cast(nullif(concat_ws(
            '; ',
            'total_calls: ' || {{ special_value_reason("replace(latest.total_calls, ',', '')") }},
            'calls_answered_under_10s: '
            || {{ special_value_reason("replace(latest.calls_under_10s, ',', '')") }},
            'calls_answered_10_to_60s: '
            || {{ special_value_reason("replace(latest.calls_10_to_60s, ',', '')") }},
            'calls_answered_60s_or_more: '
            || {{ special_value_reason("replace(latest.calls_60s_or_more, ',', '')") }},
            'mean_answer_seconds: ' || {{ special_value_reason('latest.mean_answer_seconds') }},
            'median_answer_seconds: ' || {{ special_value_reason('latest.median_answer_seconds') }}
        ), '') as varchar) as value_note,
        ----------  lineage
        cast(latest._release as date) as release_date,
        cast(latest._source_file as varchar) as source_file,
        cast(latest._file_sha256 as varchar) as file_sha256,
        cast(latest._sheet as varchar) as source_sheet,
        cast(latest._row_number as integer) as source_row_number
    from latest
    left join share_scales
        on latest._file_sha256 = share_scales._file_sha256
)

select
    month_label,
    period_start,
    cast(period_start + interval 1 month - interval 1 day as date) as period_end,
    force_name,
    force_code,
    reporting_body_type,
    is_force_area,
    total_calls,
    calls_answered_under_10s,
    calls_answered_10_to_60s,
    calls_answered_60s_or_more,
    cast(
        case when total_calls > 0 then calls_answered_under_10s / total_calls end as double
    ) as proportion_answered_under_10s,
    published_proportion_under_10s,
    mean_answer_seconds,
    median_answer_seconds,
    value_note,
    release_date,
    source_file,
    file_sha256,
    source_sheet,
    source_row_number
from renamed
