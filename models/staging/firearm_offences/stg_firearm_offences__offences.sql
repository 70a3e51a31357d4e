with

raw_firearm_offences as (
    select * from {{ raw_source('firearm_offences') }}
),

forces as (
    {{ force_lookup() }}
),

reporting_bodies as (
    {{ reporting_body_lookup() }}
),

-- The quarterly long tables and the historic wide (year-column) tables are separate series:
-- each is read from its own latest release.
latest_release_per_layout as (
    select *
    from raw_firearm_offences
    qualify _release = max(_release) over (partition by period_label is null)
),

-- First year of a wide column label: Apr '10 to Mar '11 -> 10, April 2010 to March 2011 ->
-- 2010, Year ending March 2011 -> 2010.
wide_labels as (
    select
        *,
        coalesce(
            nullif(regexp_extract(lower(trim(period_label)), '^apr[a-z]*\s*[''’]?\s*([0-9]{2,4})', 1), ''),
            cast(
                try_cast(
                    nullif(regexp_extract(lower(trim(period_label)), '^year\s+ending\s+mar[a-z]*\s+([0-9]{4})', 1), '')
                    as integer
                ) - 1 as varchar
            )
        ) as wide_start_text
    from latest_release_per_layout
),

source as (
    select
        *,
        case
            when length(wide_start_text) = 2 and cast(wide_start_text as integer) < 50
                then 2000 + cast(wide_start_text as integer)
            when length(wide_start_text) = 2 then 1900 + cast(wide_start_text as integer)
            else cast(wide_start_text as integer)
        end as wide_start_year
    from wide_labels
),

renamed as (
    select
        ----------  keys
        cast(coalesce(
            trim(source.financial_year),
            cast(source.wide_start_year as varchar)
            || '/'
            || lpad(cast((source.wide_start_year + 1) % 100 as varchar), 2, '0')
        ) as varchar) as financial_year,
        cast(trim(source.financial_quarter) as integer) as financial_quarter,
        cast(trim(source.period_label) as varchar) as period_label,
        cast(trim(source.offence_type) as varchar) as offence_type_as_published,
        cast(trim(source.firearm_type) as varchar) as firearm_type_as_published,
        cast(trim(source.firearm_use) as varchar) as firearm_use_as_published,
        ----------  foreign keys
        cast(forces.force_code as varchar) as force_code,
        ----------  attributes
        cast(trim(source.force_name) as varchar) as force_name,
        cast(coalesce(
            reporting_bodies.body_type,
            case when source.force_name is null then 'national_total' end
        ) as varchar) as reporting_body_type,
        forces.force_code is not null as is_force_area,
        cast(
            case when source.period_label is null then 'quarter' else 'financial_year' end as varchar
        ) as period_type,
        -- Row labels with trailing footnote digits removed (Homicide3 -> Homicide).
        cast(regexp_replace(trim(source.offence_type), '([A-Za-z)])[0-9]+$', '\1') as varchar) as offence_type,
        cast(regexp_replace(trim(source.firearm_type), '([A-Za-z)])[0-9]+$', '\1') as varchar) as firearm_type,
        cast(regexp_replace(trim(source.firearm_use), '([A-Za-z)])[0-9]+$', '\1') as varchar) as firearm_use,
        cast(
            case
                when source.period_label is null
                    then {{ fy_quarter_start(
                        'trim(source.financial_year)',
                        'cast(trim(source.financial_quarter) as integer)',
                    ) }}
                else make_date(source.wide_start_year, 4, 1)
            end as date
        ) as period_start,
        cast(
            case
                when source.period_label is null
                    then {{ quarter_end(fy_quarter_start(
                        'trim(source.financial_year)',
                        'cast(trim(source.financial_quarter) as integer)',
                    )) }}
                else make_date(source.wide_start_year + 1, 3, 31)
            end as date
        ) as period_end,
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
),

categorised as (
    select
        *,
        -- How the firearm was used, read from the label: the NCPM discharge measure counts
        -- 'fired'. Other, unknown and unrecognised labels fall in 'other' (the raw gate warns
        -- on an unrecognised label).
        cast(
            case
                when firearm_use is null then null
                when regexp_matches({{ normalise_label('firearm_use') }}, '\bfired\b|discharg') then 'fired'
                when {{ normalise_label('firearm_use') }} like '%threat%' then 'threat'
                when {{ normalise_label('firearm_use') }} like '%blunt%' then 'blunt_instrument'
                else 'other'
            end as varchar
        ) as firearm_use_category
    from renamed
)

select
    financial_year,
    financial_quarter,
    period_label,
    offence_type_as_published,
    firearm_type_as_published,
    firearm_use_as_published,
    force_code,
    force_name,
    reporting_body_type,
    is_force_area,
    period_type,
    offence_type,
    firearm_type,
    firearm_use,
    firearm_use_category,
    coalesce(firearm_use_category = 'fired', false) as is_firearm_discharged,
    period_start,
    period_end,
    offence_count,
    value_note,
    is_negative_correction,
    release_date,
    source_file,
    file_sha256,
    source_sheet,
    source_row_number
from categorised
