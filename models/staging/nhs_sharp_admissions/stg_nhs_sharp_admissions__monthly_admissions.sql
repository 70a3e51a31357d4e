{#-
    Month labels: the formats the loader accepts (orchestration/ingest/sources/calls_999.py,
    MONTH_FORMATS, shared by this source), after folding white space and reading `Sept` as `Sep`.
-#}
{%- set month_formats = [
    '%Y-%m', '%Y/%m', '%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%d/%m/%Y',
    '%b-%y', '%B-%y', '%b %Y', '%B %Y', '%b-%Y', '%B-%Y', '%b %y', '%B %y', '%Y%m',
] -%}

with

source as (
    select * from {{ raw_source('nhs_sharp_admissions') }}
),

force_areas as (
    select * from {{ ref('police_force_areas') }}
),

forces as (
    {{ force_lookup() }}
),

reporting_bodies as (
    {{ reporting_body_lookup() }}
),

age_bands as (
    select * from {{ ref('hes_age_bands') }}
),

resolved as (
    select
        source.*,
        coalesce(force_areas.force_code, forces.force_code) as resolved_force_code,
        reporting_bodies.body_type,
        age_bands.age_band as canonical_age_band,
        cast(date_trunc('month', try_strptime(
            regexp_replace(
                regexp_replace(trim(source.month), '\s+', ' ', 'g'), '^(sep)t([^a-z])', '\1\2', 'i'
            ),
            {{ month_formats }}
        )) as date) as month_start
    from source
    left join force_areas
        on trim(source.pfa_code) = force_areas.force_code
    left join forces
        on {{ normalise_label('source.pfa_name') }} = forces.force_label
    left join reporting_bodies
        on {{ normalise_label('source.pfa_name') }} = reporting_bodies.body_label
    left join age_bands
        on lower(trim(regexp_replace(source.age_band, '\s+', ' ', 'g')))
        = age_bands.age_band_label_normalised
),

-- Per force area, month and age band, the rows of the latest release that carries them: each
-- release re-issues the provisional series, and a file holding a single month replaces only it.
ranked as (
    select
        *,
        rank() over (
            partition by
                coalesce(resolved_force_code, trim(pfa_code), {{ normalise_label('pfa_name') }}),
                month_start,
                canonical_age_band
            order by _release desc, _loaded_at desc, _file_sha256 desc
        ) as release_rank
    from resolved
),

latest as (
    select * from ranked
    where release_rank = 1
),

renamed as (
    select
        ----------  keys
        cast(trim(latest.month) as varchar) as month_label,
        cast(latest.month_start as date) as period_start,
        cast(latest.resolved_force_code as varchar) as force_code,
        cast(latest.canonical_age_band as varchar) as age_band,
        ----------  attributes
        cast(trim(latest.pfa_code) as varchar) as pfa_code,
        cast(trim(latest.pfa_name) as varchar) as pfa_name,
        cast(force_areas.country as varchar) as force_country,
        latest.resolved_force_code is not null as is_force_area,
        cast(latest.body_type as varchar) as reporting_body_type,
        cast(trim(latest.age_band) as varchar) as age_band_label,
        cast({{ parse_count("replace(latest.admissions, ',', '')") }} as bigint) as admissions,
        cast({{ special_value_reason("replace(latest.admissions, ',', '')") }} as varchar)
            as value_note,
        coalesce(trim(latest.admissions) = '*', false) as is_suppressed,
        ----------  lineage
        cast(latest._release as date) as release_date,
        cast(latest._source_file as varchar) as source_file,
        cast(latest._file_sha256 as varchar) as file_sha256,
        cast(latest._sheet as varchar) as source_sheet,
        cast(latest._row_number as integer) as source_row_number
    from latest
    left join force_areas
        on latest.resolved_force_code = force_areas.force_code
)

select
    month_label,
    period_start,
    cast(period_start + interval 1 month - interval 1 day as date) as period_end,
    force_code,
    age_band,
    pfa_code,
    pfa_name,
    force_country,
    is_force_area,
    reporting_body_type,
    age_band_label,
    admissions,
    value_note,
    is_suppressed,
    release_date,
    source_file,
    file_sha256,
    source_sheet,
    source_row_number
from renamed
