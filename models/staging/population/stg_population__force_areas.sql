{#
    One row per police force area and mid-year population estimate. Every landed edition stays
    in raw (each edition carries one mid-year); when two editions carry the same mid-year (a
    rebased or re-issued estimate), the later edition wins, then the later release.
#}
with

source as (
    select * from {{ raw_source('population') }}
),

force_areas as (
    select * from {{ ref('police_force_areas') }}
),

renamed as (
    select
        ----------  keys
        cast(trim(source.area_code) as varchar) as force_code,
        cast(trim(source.population_year) as integer) as population_year,
        ----------  attributes
        cast(trim(source.area_name) as varchar) as area_name,
        force_areas.force_code is not null as is_force_area,
        cast(trim(source.edition) as varchar) as edition,
        cast(last_day(cast(strptime(
            '1 ' || regexp_extract(trim(source.edition), '^year ending ([A-Za-z]+ [0-9]{4})$', 1),
            '%d %B %Y'
        ) as date)) as date) as edition_end_date,
        cast(make_date(cast(trim(source.population_year) as integer), 6, 30) as date) as period_start,
        cast(make_date(cast(trim(source.population_year) as integer), 6, 30) as date) as period_end,
        cast('mid-' || trim(source.population_year) as varchar) as period_label,
        cast({{ parse_count('source.population') }} as bigint) as population,
        cast({{ special_value_reason('source.population') }} as varchar) as population_note,
        cast({{ parse_count('source.households') }} as bigint) as households,
        cast({{ special_value_reason('source.households') }} as varchar) as households_note,
        cast({{ parse_number('source.recorded_crime_rate') }} as double) as recorded_crime_rate,
        cast({{ special_value_reason('source.recorded_crime_rate') }} as varchar)
            as recorded_crime_rate_note,
        cast(trim(source.population_header) as varchar) as population_header,
        cast(trim(source.households_header) as varchar) as households_header,
        ----------  lineage
        cast(source._release as date) as release_date,
        cast(source._loaded_at as timestamp) as loaded_at,
        cast(source._source_file as varchar) as source_file,
        cast(source._file_sha256 as varchar) as file_sha256,
        cast(source._sheet as varchar) as source_sheet,
        cast(source._row_number as integer) as source_row_number
    from source
    left join force_areas
        on trim(source.area_code) = force_areas.force_code
    where regexp_matches(trim(source.area_code), '^(E23|W15)')
),

ranked as (
    select
        *,
        row_number() over (
            partition by force_code, population_year
            order by edition_end_date desc, release_date desc, loaded_at desc, source_file desc
        ) as edition_rank
    from renamed
),

latest_edition as (
    select * exclude (edition_rank)
    from ranked
    where edition_rank = 1
)

select
    force_code,
    population_year,
    area_name,
    is_force_area,
    edition,
    edition_end_date,
    period_start,
    period_end,
    period_label,
    population,
    population_note,
    households,
    households_note,
    recorded_crime_rate,
    recorded_crime_rate_note,
    population_header,
    households_header,
    release_date,
    source_file,
    file_sha256,
    source_sheet,
    source_row_number
from latest_edition
