with

source as (
    select * from {{ raw_source('road_casualties') }}
    where _table = 'collision'
),

police_forces as (
    select * from {{ ref('stats19_police_forces') }}
),

files_ranked as (
    -- STATS19 files carry no release date and come one per table and year: for each year keep
    -- the rows of the most recent file (latest release, a final file before a provisional one,
    -- then the latest load). Earlier files stay in raw for revision tracking.
    select
        *,
        cast(coalesce(trim(collision_year), left(trim(collision_index), 4)) as integer) as data_year,
        dense_rank() over (
            partition by coalesce(trim(collision_year), left(trim(collision_index), 4))
            order by
                _release desc,
                _source_file ilike '%provisional%' asc,
                _loaded_at desc,
                _source_file desc
        ) as file_rank
    from source
),

latest as (
    select * from files_ranked
    where file_rank = 1
),

renamed as (
    select
        ----------  keys
        cast(trim(latest.collision_index) as varchar) as collision_index,
        cast(latest.data_year as integer) as collision_year,
        ----------  foreign keys
        cast(try_cast(trim(latest.police_force) as integer) as integer) as police_force_code,
        cast(police_forces.force_code as varchar) as force_code,
        ----------  attributes
        cast(coalesce(trim(latest.collision_reference), substr(trim(latest.collision_index), 5)) as varchar)
            as collision_reference,
        cast(police_forces.police_force_name as varchar) as police_force_name,
        cast(police_forces.reporting_body_type as varchar) as reporting_body_type,
        coalesce(police_forces.is_force_area, false) as is_force_area,
        cast(try_cast(trim(latest.collision_severity) as integer) as integer) as collision_severity,
        cast(case try_cast(trim(latest.collision_severity) as integer)
            when 1 then 'fatal'
            when 2 then 'serious'
            when 3 then 'slight'
        end as varchar) as collision_severity_label,
        cast({{ parse_count('latest.number_of_vehicles') }} as integer) as number_of_vehicles,
        cast({{ parse_count('latest.number_of_casualties') }} as integer) as number_of_casualties,
        cast(try_strptime(trim(latest.date), '%d/%m/%Y') as date) as collision_date,
        cast(try_strptime(trim(latest.time), '%H:%M') as time) as collision_time,
        cast(nullif(try_cast(trim(latest.day_of_week) as integer), -1) as integer) as day_of_week,
        cast({{ parse_number('latest.longitude') }} as double) as longitude,
        cast({{ parse_number('latest.latitude') }} as double) as latitude,
        cast({{ parse_number('latest.location_easting_osgr') }} as double) as location_easting_osgr,
        cast({{ parse_number('latest.location_northing_osgr') }} as double) as location_northing_osgr,
        cast({{ special_value_reason('latest.longitude') }} as varchar) as coordinates_note,
        cast(nullif(trim(latest.local_authority_district), '-1') as varchar) as local_authority_district,
        cast(nullif(trim(latest.local_authority_ons_district), '-1') as varchar) as local_authority_ons_district,
        cast(nullif(trim(latest.local_authority_highway), '-1') as varchar) as local_authority_highway,
        cast(nullif(trim(latest.lsoa_of_accident_location), '-1') as varchar) as lsoa_of_accident_location,
        cast(nullif(try_cast(trim(latest.first_road_class) as integer), -1) as integer) as first_road_class,
        cast(nullif(try_cast(trim(latest.road_type) as integer), -1) as integer) as road_type,
        cast(nullif(try_cast(trim(latest.speed_limit) as integer), -1) as integer) as speed_limit,
        cast(nullif(try_cast(trim(latest.junction_detail) as integer), -1) as integer) as junction_detail,
        cast(nullif(try_cast(trim(latest.light_conditions) as integer), -1) as integer) as light_conditions,
        cast(nullif(try_cast(trim(latest.weather_conditions) as integer), -1) as integer) as weather_conditions,
        cast(nullif(try_cast(trim(latest.road_surface_conditions) as integer), -1) as integer)
            as road_surface_conditions,
        cast(nullif(try_cast(trim(latest.urban_or_rural_area) as integer), -1) as integer) as urban_or_rural_area,
        cast(nullif(try_cast(trim(latest.did_police_officer_attend_scene_of_accident) as integer), -1) as integer)
            as did_police_officer_attend_scene,
        cast(nullif(try_cast(trim(latest.enhanced_severity_collision) as integer), -1) as integer)
            as enhanced_severity_collision,
        cast(case try_cast(trim(latest.collision_injury_based) as integer)
            when 1 then true
            when 0 then false
        end as boolean) as is_injury_based_reporting,
        cast({{ parse_number('latest.collision_adjusted_severity_serious') }} as double)
            as collision_adjusted_severity_serious,
        cast({{ parse_number('latest.collision_adjusted_severity_slight') }} as double)
            as collision_adjusted_severity_slight,
        cast(case
            when count(latest.collision_adjusted_severity_serious) over (partition by latest._file_sha256) = 0
                then 'not published in this file (adjustment columns arrive with the 2024 vintage)'
            when trim(latest.collision_adjusted_severity_serious) = '-1'
                then 'missing or out of range (-1)'
            when try_cast(trim(latest.collision_severity) as integer) = 1
                and latest.collision_adjusted_severity_serious is null
                then 'fatal: no adjustment applies'
            else {{ special_value_reason('latest.collision_adjusted_severity_serious') }}
        end as varchar) as adjusted_severity_note,
        latest._source_file ilike '%provisional%' as is_provisional,
        cast(make_date(latest.data_year, 1, 1) as date) as period_start,
        cast(make_date(latest.data_year, 12, 31) as date) as period_end,
        ----------  lineage
        cast(latest._release as date) as release_date,
        cast(latest._source_file as varchar) as source_file,
        cast(latest._file_sha256 as varchar) as file_sha256,
        cast(latest._sheet as varchar) as source_sheet,
        cast(latest._row_number as integer) as source_row_number
    from latest
    left join police_forces
        on try_cast(trim(latest.police_force) as integer) = police_forces.police_force_code
)

select * from renamed
