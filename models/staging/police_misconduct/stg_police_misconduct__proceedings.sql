with

source as (
    select * from {{ raw_source('police_misconduct') }}
),

forces as (
    {{ force_lookup() }}
),

reporting_bodies as (
    {{ reporting_body_lookup() }}
),

labels as (
    select
        dimension,
        {{ normalise_label('label') }} as label_key,
        code
    from {{ ref('police_misconduct_labels') }}
),

with_year as (
    -- The year is published as '2023/24' or 'Year ending March 2024'; both become '2023/24'.
    select
        *,
        case
            when regexp_full_match(trim(financial_year), '\d{4}\s*[/-]\s*\d{2}')
                then cast(left(trim(financial_year), 4) as integer)
            when regexp_full_match(lower(trim(financial_year)), 'year\s+ending\s+(31\s+)?march\s+\d{4}')
                then cast(regexp_extract(trim(financial_year), '(\d{4})$', 1) as integer) - 1
        end as fy_start
    from source
),

files_ranked as (
    -- A release may re-issue earlier years or carry only its own year. For each financial
    -- year keep the rows of the most recent file carrying it (latest release, then latest load),
    -- so a year is never dropped because a later file does not carry it. Earlier releases stay
    -- in raw for revision tracking.
    select
        *,
        dense_rank() over (
            partition by fy_start
            order by _release desc, _loaded_at desc, _source_file desc
        ) as file_rank
    from with_year
),

latest as (
    select * from files_ranked
    where file_rank = 1
),

renamed as (
    select
        ----------  keys
        cast(latest.fy_start || '/' || lpad(cast((latest.fy_start + 1) % 100 as varchar), 2, '0') as varchar)
            as financial_year,
        cast(trim(latest.force_name) as varchar) as force_name,
        cast(case_types.code as varchar) as case_type_code,
        cast(proceeding_types.code as varchar) as proceeding_type_code,
        cast(findings.code as varchar) as finding_code,
        cast(outcomes.code as varchar) as outcome_code,
        cast(worker_types.code as varchar) as worker_type_code,
        ----------  foreign keys
        cast(forces.force_code as varchar) as force_code,
        ----------  attributes
        cast(reporting_bodies.body_type as varchar) as reporting_body_type,
        forces.force_code is not null as is_force_area,
        cast(trim(latest.financial_year) as varchar) as financial_year_as_published,
        cast(trim(latest.case_type) as varchar) as case_type,
        cast(trim(latest.proceeding_type) as varchar) as proceeding_type,
        cast(trim(latest.finding) as varchar) as finding,
        cast(trim(latest.outcome) as varchar) as outcome,
        cast(trim(latest.worker_type) as varchar) as worker_type,
        cast(make_date(latest.fy_start, 4, 1) as date) as period_start,
        cast(make_date(latest.fy_start + 1, 3, 31) as date) as period_end,
        cast({{ parse_count('latest.number_of_individuals') }} as bigint) as individual_count,
        cast({{ special_value_reason('latest.number_of_individuals') }} as varchar) as value_note,
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
    left join labels as case_types
        on case_types.dimension = 'case_type'
        and {{ normalise_label('latest.case_type') }} = case_types.label_key
    left join labels as proceeding_types
        on proceeding_types.dimension = 'proceeding_type'
        and {{ normalise_label('latest.proceeding_type') }} = proceeding_types.label_key
    left join labels as findings
        on findings.dimension = 'finding'
        and {{ normalise_label('latest.finding') }} = findings.label_key
    left join labels as outcomes
        on outcomes.dimension = 'outcome'
        and {{ normalise_label('latest.outcome') }} = outcomes.label_key
    left join labels as worker_types
        on worker_types.dimension = 'worker_type'
        and {{ normalise_label('latest.worker_type') }} = worker_types.label_key
)

select * from renamed
