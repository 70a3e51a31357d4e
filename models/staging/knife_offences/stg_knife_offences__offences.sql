with

source as (
    {{ latest_release(raw_source('knife_offences')) }}
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

known_data_gaps as (
    select * from {{ ref('known_data_gaps') }}
    where source_id = 'knife_offences'
),

renamed as (
    select
        ----------  keys
        cast(trim(source.financial_year) as varchar) as financial_year,
        cast(trim(source.financial_quarter) as integer) as financial_quarter,
        cast(trim(source.offence_code) as varchar) as offence_code,
        cast(trim(source.knife_offence_type) as varchar) as knife_offence_type_as_published,
        ----------  foreign keys
        cast(forces.force_code as varchar) as force_code,
        ----------  attributes
        cast(trim(source.force_name) as varchar) as force_name,
        cast(reporting_bodies.body_type as varchar) as reporting_body_type,
        forces.force_code is not null as is_force_area,
        cast(coalesce(trim(source.offence_description), offence_classification.offence_description) as varchar)
            as offence_description,
        cast(coalesce(
            offence_classification.offence_group, {{ sentence_case('source.offence_group') }}
        ) as varchar) as offence_group,
        cast(coalesce(
            offence_classification.offence_subgroup, {{ sentence_case('source.offence_subgroup') }}
        ) as varchar) as offence_subgroup,
        offence_classification.offence_code is not null as is_known_offence_code,
        -- The published type label, footnote digits stripped, in matching form.
        {{ normalise_label("regexp_replace(trim(source.knife_offence_type), '([A-Za-z)])[0-9]+$', '\\1')") }}
            as knife_offence_type_label,
        cast(offence_classification.knife_enabled_type as varchar) as knife_enabled_type_from_code,
        cast({{ fy_quarter_start(
            'trim(source.financial_year)',
            'cast(trim(source.financial_quarter) as integer)',
        ) }} as date) as period_start,
        cast({{ parse_count('source.number_of_offences') }} as bigint) as offence_count,
        cast({{ special_value_reason('source.number_of_offences') }} as varchar) as value_note,
        coalesce({{ parse_count('source.number_of_offences') }} < 0, false) as is_negative_correction,
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
),

typed as (
    select
        *,
        -- The seed's type for a known code; otherwise the published label read as one of the
        -- seven knife-enabled offence types of the published series.
        cast(coalesce(
            knife_enabled_type_from_code,
            case
                when knife_offence_type_label like 'homicide%' then 'homicide'
                when knife_offence_type_label like 'attempted murder%' then 'attempted_murder'
                when knife_offence_type_label like 'threats to kill%' then 'threats_to_kill'
                when
                    knife_offence_type_label like 'assault with injury%'
                    or knife_offence_type_label like '%intent to cause serious harm%'
                    then 'assault_with_injury_or_intent'
                when knife_offence_type_label like 'robbery%' then 'robbery'
                when knife_offence_type_label like 'rape%' then 'rape'
                when knife_offence_type_label like 'sexual assault%' then 'sexual_assault'
            end
        ) as varchar) as knife_enabled_type,
        {{ quarter_end('period_start') }} as period_end
    from renamed
),

force_quarters as (
    select distinct
        financial_year,
        financial_quarter,
        force_code,
        period_start,
        period_end
    from typed
    where force_code is not null
),

gap_flags as (
    select
        force_quarters.financial_year,
        force_quarters.financial_quarter,
        force_quarters.force_code,
        string_agg(known_data_gaps.note, '; ' order by known_data_gaps.period_start) as known_gap_note
    from force_quarters
    inner join known_data_gaps
        on force_quarters.force_code = known_data_gaps.force_code
        and force_quarters.period_start <= known_data_gaps.period_end
        and force_quarters.period_end >= known_data_gaps.period_start
    group by force_quarters.financial_year, force_quarters.financial_quarter, force_quarters.force_code
)

select
    typed.financial_year,
    typed.financial_quarter,
    typed.offence_code,
    typed.knife_offence_type_as_published,
    typed.force_code,
    typed.force_name,
    typed.reporting_body_type,
    typed.is_force_area,
    typed.offence_description,
    typed.offence_group,
    typed.offence_subgroup,
    typed.is_known_offence_code,
    typed.knife_enabled_type,
    typed.period_start,
    typed.period_end,
    typed.offence_count,
    typed.value_note,
    typed.is_negative_correction,
    gap_flags.force_code is not null as is_in_known_gap,
    gap_flags.known_gap_note,
    typed.release_date,
    typed.source_file,
    typed.file_sha256,
    typed.source_sheet,
    typed.source_row_number
from typed
left join gap_flags
    on typed.financial_year = gap_flags.financial_year
    and typed.financial_quarter = gap_flags.financial_quarter
    and typed.force_code = gap_flags.force_code
