{#
    Materialised as a table, unlike the other staging views: the outcomes series is the largest
    source (about a million rows per release set), and its tests and the outcome measures would
    otherwise re-parse raw.crime_outcomes each time they read it.
#}
{{ config(materialized='table') }}

with

raw_outcomes as (
    select * from {{ raw_source('crime_outcomes') }}
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

outcome_types as (
    select * from {{ ref('outcome_types') }}
),

known_data_gaps as (
    select * from {{ ref('known_data_gaps') }}
    where source_id = 'crime_outcomes'
),

-- One workbook per financial year, each re-issued at its own pace: every financial year is read
-- from the latest release that holds it (the alternate-outcomes file, if loaded, is a series of
-- its own and never displaces the main file).
source as (
    select *
    from raw_outcomes
    qualify
        _release = max(_release) over (
            partition by trim(financial_year), coalesce(_source_file ilike '%alternate%', false)
        )
),

renamed as (
    select
        ----------  keys
        cast(trim(source.financial_year) as varchar) as financial_year,
        cast(trim(source.financial_quarter) as integer) as financial_quarter,
        cast(trim(source.offence_code) as varchar) as offence_code,
        cast(lower(trim(source.outcome_type)) as varchar) as outcome_type,
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
        coalesce(lower(trim(source.offence_code_expired)) = 'x', false) as is_offence_code_expired,
        cast(trim(source.outcome_description) as varchar) as outcome_description,
        cast(coalesce(outcome_types.outcome_group, trim(source.outcome_group)) as varchar)
            as outcome_group,
        cast(trim(source.outcome_group) as varchar) as outcome_group_as_published,
        outcome_types.outcome_type is not null as is_known_outcome_type,
        coalesce(outcome_types.is_alternate_subset, false) as is_alternate_subset,
        coalesce(outcome_types.is_assigned, false) as is_assigned,
        cast({{ fy_quarter_start(
            'trim(source.financial_year)',
            'cast(trim(source.financial_quarter) as integer)',
        ) }} as date) as period_start,
        cast({{ parse_count('source.outcomes_for_offences_recorded_in_quarter') }} as bigint)
            as outcomes_recorded_in_quarter,
        cast({{ special_value_reason('source.outcomes_for_offences_recorded_in_quarter') }} as varchar)
            as recorded_in_quarter_value_note,
        cast({{ parse_count('source.outcomes_for_investigations_closed_in_quarter') }} as bigint)
            as outcomes_closed_in_quarter,
        cast({{ special_value_reason('source.outcomes_for_investigations_closed_in_quarter') }} as varchar)
            as closed_in_quarter_value_note,
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
    left join outcome_types
        on lower(trim(source.outcome_type)) = outcome_types.outcome_type
),

periods as (
    select
        *,
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
    from periods
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
    periods.financial_year,
    periods.financial_quarter,
    periods.offence_code,
    periods.outcome_type,
    periods.force_code,
    periods.force_name,
    periods.reporting_body_type,
    periods.is_force_area,
    periods.offence_description,
    periods.offence_group,
    periods.offence_subgroup,
    periods.offence_group_as_published,
    periods.is_known_offence_code,
    periods.is_offence_code_expired,
    periods.outcome_description,
    periods.outcome_group,
    periods.outcome_group_as_published,
    periods.is_known_outcome_type,
    periods.is_alternate_subset,
    periods.is_assigned,
    periods.period_start,
    periods.period_end,
    periods.outcomes_recorded_in_quarter,
    periods.recorded_in_quarter_value_note,
    periods.outcomes_closed_in_quarter,
    periods.closed_in_quarter_value_note,
    coalesce(
        periods.outcomes_recorded_in_quarter < 0 or periods.outcomes_closed_in_quarter < 0, false
    ) as is_negative_correction,
    gap_flags.force_code is not null as is_in_known_gap,
    gap_flags.known_gap_note,
    periods.release_date,
    periods.source_file,
    periods.file_sha256,
    periods.source_sheet,
    periods.source_row_number
from periods
left join gap_flags
    on periods.financial_year = gap_flags.financial_year
    and periods.financial_quarter = gap_flags.financial_quarter
    and periods.force_code = gap_flags.force_code
