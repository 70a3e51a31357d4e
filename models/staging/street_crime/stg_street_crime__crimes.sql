with

source as (
    select * from {{ raw_source('street_crime') }}
),

forces as (
    {{ force_lookup() }}
),

reporting_bodies as (
    {{ reporting_body_lookup() }}
),

crime_types as (
    select * from {{ ref('police_uk_crime_types') }}
),

-- Every archive re-issues the trailing 36 months under the same file names (one force, one
-- month each): per file name, keep the rows of the most recently loaded version.
ranked as (
    select
        *,
        rank() over (
            partition by _source_file
            order by _release desc, _loaded_at desc, _file_sha256 desc
        ) as version_rank
    from source
),

latest as (
    select * from ranked
    where version_rank = 1
),

renamed as (
    select
        ----------  keys
        cast(trim(latest.crime_id) as varchar) as crime_id,
        cast(trim(latest.month) as varchar) as month_label,
        cast(strptime(trim(latest.month), '%Y-%m') as date) as period_start,
        ----------  foreign keys
        cast(forces.force_code as varchar) as force_code,
        cast(trim(latest.lsoa_code) as varchar) as lsoa_code,
        ----------  attributes
        cast(trim(latest.falls_within) as varchar) as falls_within,
        cast(trim(latest.reported_by) as varchar) as reported_by,
        cast(reporting_bodies.body_type as varchar) as reporting_body_type,
        forces.force_code is not null as is_force_area,
        cast(coalesce(crime_types.crime_type, trim(latest.crime_type)) as varchar) as crime_type,
        cast(crime_types.crime_type_slug as varchar) as crime_type_slug,
        coalesce(crime_types.is_anti_social_behaviour, false) as is_anti_social_behaviour,
        cast(trim(latest.lsoa_name) as varchar) as lsoa_name,
        cast(
            case
                when latest.lsoa_code is null then null
                when strptime(trim(latest.month), '%Y-%m') < date '2023-06-01' then 'LSOA 2011'
                else 'LSOA 2021'
            end as varchar
        ) as lsoa_vintage,
        cast({{ parse_number('latest.longitude') }} as double) as longitude,
        cast({{ parse_number('latest.latitude') }} as double) as latitude,
        cast(trim(latest.location) as varchar) as location_description,
        latest.longitude is not null and latest.latitude is not null as has_location,
        cast(trim(latest.last_outcome_category) as varchar) as last_outcome_category,
        cast(trim(latest.context) as varchar) as context,
        ----------  lineage
        cast(latest._release as date) as release_date,
        cast(latest._source_file as varchar) as source_file,
        cast(latest._file_sha256 as varchar) as file_sha256,
        cast(latest._sheet as varchar) as source_sheet,
        cast(latest._row_number as integer) as source_row_number
    from latest
    left join forces
        on {{ normalise_label('latest.falls_within') }} = forces.force_label
    left join reporting_bodies
        on {{ normalise_label('latest.falls_within') }} = reporting_bodies.body_label
    left join crime_types
        on lower(trim(regexp_replace(latest.crime_type, '\s+', ' ', 'g')))
        = crime_types.crime_type_normalised
)

select
    crime_id,
    month_label,
    period_start,
    cast(period_start + interval 1 month - interval 1 day as date) as period_end,
    force_code,
    lsoa_code,
    falls_within,
    reported_by,
    reporting_body_type,
    is_force_area,
    crime_type,
    crime_type_slug,
    is_anti_social_behaviour,
    lsoa_name,
    lsoa_vintage,
    longitude,
    latitude,
    location_description,
    has_location,
    last_outcome_category,
    context,
    release_date,
    source_file,
    file_sha256,
    source_sheet,
    source_row_number
from renamed
