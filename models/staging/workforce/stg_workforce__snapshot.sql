{#
    The breakdown labels that mark a total row and the text forms of an `As at` date are the
    loader's TOTAL_LABELS and DATE_FORMATS (orchestration/ingest/sources/workforce.py).
#}

with

source as (
    select * from {{ raw_source('workforce') }}
),

forces as (
    {{ force_lookup() }}
),

reporting_bodies as (
    {{ reporting_body_lookup() }}
),

worker_types as (
    select * from {{ ref('workforce_worker_types') }}
),

read_dates as (
    select
        *,
        cast(
            try_strptime(trim(as_at_date), ['%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%d/%m/%Y', '%d %B %Y', '%d %b %Y'])
            as date
        ) as as_at_date_parsed
    from source
),

dated as (
    select
        *,
        case
            when regexp_full_match(trim(as_at_31_march), '[0-9]{4}')
                then make_date(cast(trim(as_at_31_march) as integer), 3, 31)
            when as_at_date is not null then as_at_date_parsed
            when regexp_full_match(trim(financial_year), '[0-9]{4}')
                then make_date(cast(trim(financial_year) as integer), 3, 31)
            when regexp_full_match(trim(financial_year), '[0-9]{4}/[0-9]{2}')
                then make_date(cast(left(trim(financial_year), 4) as integer) + 1, 3, 31)
        end as parsed_period_end
    from read_dates
),

-- Every release re-issues a table's whole series; each period is read from the latest release
-- that published it, so the January (30 September) and July (31 March) files both stay live.
latest as (
    select *
    from dated
    qualify _release = max(_release) over (partition by _table, parsed_period_end)
),

renamed as (
    select
        ----------  keys
        cast(latest._table as varchar) as table_type,
        cast(
            case when latest.financial_year is not null then 'financial_year' else 'snapshot' end
            as varchar
        ) as period_type,
        cast(latest.parsed_period_end as date) as period_end,
        cast(trim(latest.force_name) as varchar) as force_name,
        cast(trim(latest.worker_type) as varchar) as worker_type_as_published,
        cast(trim(latest.sex) as varchar) as sex,
        cast(trim(latest.rank) as varchar) as rank,
        cast(trim(latest.ethnicity_5_plus_1) as varchar) as ethnicity_5_plus_1,
        cast(trim(latest.ethnicity_3_plus_1) as varchar) as ethnicity_3_plus_1,
        cast(trim(latest.function_subgroup_number) as varchar) as function_subgroup_number,
        cast(trim(latest.function_subgroup_name) as varchar) as function_subgroup_name,
        cast(trim(latest.wider_function_name) as varchar) as wider_function_as_published,
        cast(trim(latest.frontline_type) as varchar) as frontline_type,
        cast(trim(latest.leaver_reason) as varchar) as leaver_reason,
        cast(trim(latest.duty_status) as varchar) as duty_status,
        ----------  foreign keys
        cast(forces.force_code as varchar) as force_code,
        cast(worker_types.worker_type as varchar) as worker_type,
        ----------  attributes
        cast(upper(trim(latest.geocode)) as varchar) as geocode,
        cast(trim(latest.region) as varchar) as region,
        cast(reporting_bodies.body_type as varchar) as reporting_body_type,
        forces.force_code is not null as is_force_area,
        coalesce(worker_types.is_headcount_only, false) as is_headcount_only,
        coalesce(worker_types.is_total, false)
        or list_has_any(
            [
                {{ normalise_label('latest.sex') }},
                {{ normalise_label('latest.rank') }},
                {{ normalise_label('latest.ethnicity_5_plus_1') }},
                {{ normalise_label('latest.ethnicity_3_plus_1') }},
                {{ normalise_label('latest.function_subgroup_number') }},
                {{ normalise_label('latest.function_subgroup_name') }},
                {{ normalise_label('latest.wider_function_name') }},
                {{ normalise_label('latest.frontline_type') }},
                {{ normalise_label('latest.leaver_reason') }},
                {{ normalise_label('latest.duty_status') }}
            ],
            [
                'total', 'all', 'all ranks', 'all sexes', 'all persons', 'all worker types',
                'all workers', 'all functions', 'all ethnicities', 'all ethnic groups',
                'total workforce', 'all reasons', 'all leavers', 'all duty statuses'
            ]
        ) as is_breakdown_total,
        cast(trim(latest.wider_function_number) as varchar) as wider_function_number,
        cast({{ sentence_case('latest.wider_function_name') }} as varchar) as wider_function,
        case
            when latest.wider_function_name is not null
                then {{ normalise_label('latest.wider_function_name') }} = 'local policing'
        end as is_local_policing,
        case
            when latest.function_subgroup_number is not null
                or latest.function_subgroup_name is not null
                then (
                    coalesce(lower(trim(latest.function_subgroup_number)) = '1a', false)
                    or coalesce(
                        {{ normalise_label('latest.function_subgroup_name') }}
                        = 'neighbourhood policing',
                        false
                    )
                )
        end as is_neighbourhood_policing,
        cast(
            case
                when latest.financial_year is not null
                    then latest.parsed_period_end - interval 1 year + interval 1 day
                else latest.parsed_period_end
            end as date
        ) as period_start,
        cast(
            trim(coalesce(latest.as_at_31_march, latest.as_at_date, latest.financial_year))
            as varchar
        ) as period_label,
        cast({{ parse_number('latest.fte') }} as double) as fte,
        cast(
            case
                when latest.fte is null and coalesce(worker_types.is_headcount_only, false)
                    then 'not applicable: headcount-only worker type'
                else {{ special_value_reason('latest.fte') }}
            end as varchar
        ) as fte_note,
        cast({{ parse_count('latest.headcount') }} as bigint) as headcount,
        cast(
            case
                when latest.headcount is null and latest._table = 'functions'
                    then 'not published in the functions table'
                else {{ special_value_reason('latest.headcount') }}
            end as varchar
        ) as headcount_note,
        ----------  lineage
        cast(latest._release as date) as release_date,
        cast(latest._source_file as varchar) as source_file,
        cast(latest._file_sha256 as varchar) as file_sha256,
        cast(latest._sheet as varchar) as source_sheet,
        cast(latest._row_number as integer) as source_row_number
    from latest
    left join forces
        on {{ normalise_label('latest.force_name') }} = forces.force_label
    left join reporting_bodies
        on {{ normalise_label('latest.force_name') }} = reporting_bodies.body_label
    left join worker_types
        on {{ normalise_label('latest.worker_type') }} = worker_types.worker_type_label_normalised
)

select * from renamed
