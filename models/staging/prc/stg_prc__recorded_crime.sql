with

source as (
    {{ latest_release(raw_source('prc_pfa')) }}
),

forces as (
    {{ force_lookup() }}
),

reporting_bodies as (
    {{ reporting_body_lookup() }}
),

offence_classification as (
    select * from {{ ref('offence_classification') }}
),

renamed as (
    select
        ----------  keys
        cast(trim(source.financial_year) as varchar) as financial_year,
        cast(trim(source.financial_quarter) as integer) as financial_quarter,
        cast(trim(source.offence_code) as varchar) as offence_code,
        ----------  foreign keys
        cast(forces.force_code as varchar) as force_code,
        ----------  attributes
        cast(trim(source.force_name) as varchar) as force_name,
        cast(reporting_bodies.body_type as varchar) as reporting_body_type,
        forces.force_code is not null as is_force_area,
        cast(trim(source.offence_description) as varchar) as offence_description,
        cast(coalesce(
            offence_classification.offence_group, {{ sentence_case('source.offence_group') }}
        ) as varchar) as offence_group,
        cast(coalesce(
            offence_classification.offence_subgroup, {{ sentence_case('source.offence_subgroup') }}
        ) as varchar) as offence_subgroup,
        cast(trim(source.offence_group) as varchar) as offence_group_as_published,
        offence_classification.offence_code is not null as is_known_offence_code,
        cast({{ fy_quarter_start(
            'trim(source.financial_year)',
            'cast(trim(source.financial_quarter) as integer)',
        ) }} as date) as period_start,
        cast({{ parse_count('source.number_of_offences') }} as bigint) as offence_count,
        cast({{ special_value_reason('source.number_of_offences') }} as varchar) as value_note,
        coalesce({{ parse_count('source.number_of_offences') }} < 0, false)
            as is_negative_correction,
        ----------  lineage
        cast(source._release as date) as release_date,
        cast(source._source_file as varchar) as source_file,
        cast(source._file_sha256 as varchar) as file_sha256,
        cast(source._sheet as varchar) as source_sheet,
        cast(source._row_number as integer) as source_row_number
    from source
    left join forces
        on {{ normalise_label('source.force_name') }} = forces.force_label
    left join reporting_bodies
        on {{ normalise_label('source.force_name') }} = reporting_bodies.body_label
    left join offence_classification
        on trim(source.offence_code) = offence_classification.offence_code
)

select
    financial_year,
    financial_quarter,
    offence_code,
    force_code,
    force_name,
    reporting_body_type,
    is_force_area,
    offence_description,
    offence_group,
    offence_subgroup,
    offence_group_as_published,
    is_known_offence_code,
    period_start,
    {{ quarter_end('period_start') }} as period_end,
    offence_count,
    value_note,
    is_negative_correction,
    release_date,
    source_file,
    file_sha256,
    source_sheet,
    source_row_number
from renamed
