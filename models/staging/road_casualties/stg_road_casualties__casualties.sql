with

source as (
    select * from {{ raw_source('road_casualties') }}
),

police_forces as (
    select * from {{ ref('stats19_police_forces') }}
),

files_ranked as (
    -- As in stg_road_casualties__collisions: per table and year, the rows of the most recent
    -- file only (latest release, a final file before a provisional one, then the latest load).
    select
        *,
        cast(coalesce(trim(collision_year), left(trim(collision_index), 4)) as integer) as data_year,
        dense_rank() over (
            partition by _table, coalesce(trim(collision_year), left(trim(collision_index), 4))
            order by
                _release desc,
                _source_file ilike '%provisional%' asc,
                _loaded_at desc,
                _source_file desc
        ) as file_rank
    from source
),

casualties as (
    select * from files_ranked
    where _table = 'casualty' and file_rank = 1
),

collisions as (
    -- Casualty files carry no police force: it comes from the casualty's collision record.
    select
        trim(collision_index) as collision_index,
        try_cast(trim(police_force) as integer) as police_force_code
    from files_ranked
    where _table = 'collision' and file_rank = 1
),

renamed as (
    select
        ----------  keys
        cast(trim(casualties.collision_index) as varchar) as collision_index,
        cast(try_cast(trim(casualties.vehicle_reference) as integer) as integer) as vehicle_reference,
        cast(try_cast(trim(casualties.casualty_reference) as integer) as integer) as casualty_reference,
        cast(casualties.data_year as integer) as collision_year,
        ----------  foreign keys
        -- The collision record's force; failing that, the two digits after the year in the
        -- collision index (DfT's force code, as the index is built).
        cast(coalesce(
            collisions.police_force_code,
            try_cast(substr(trim(casualties.collision_index), 5, 2) as integer)
        ) as integer) as police_force_code,
        cast(police_forces.force_code as varchar) as force_code,
        ----------  attributes
        cast(case
            when collisions.police_force_code is not null then 'collision_record'
            when try_cast(substr(trim(casualties.collision_index), 5, 2) as integer) is not null
                then 'collision_index'
        end as varchar) as police_force_source,
        collisions.collision_index is not null as has_collision_record,
        cast(police_forces.police_force_name as varchar) as police_force_name,
        cast(police_forces.reporting_body_type as varchar) as reporting_body_type,
        coalesce(police_forces.is_force_area, false) as is_force_area,
        cast(nullif(try_cast(trim(casualties.casualty_class) as integer), -1) as integer) as casualty_class,
        cast(nullif(try_cast(trim(casualties.sex_of_casualty) as integer), -1) as integer) as sex_of_casualty,
        cast(nullif(try_cast(trim(casualties.age_of_casualty) as integer), -1) as integer) as age_of_casualty,
        cast(nullif(try_cast(trim(casualties.age_band_of_casualty) as integer), -1) as integer)
            as age_band_of_casualty,
        cast(nullif(try_cast(trim(casualties.casualty_type) as integer), -1) as integer) as casualty_type,
        cast(nullif(try_cast(trim(casualties.casualty_imd_decile) as integer), -1) as integer) as casualty_imd_decile,
        cast(nullif(trim(casualties.lsoa_of_casualty), '-1') as varchar) as lsoa_of_casualty,
        cast(try_cast(trim(casualties.casualty_severity) as integer) as integer) as casualty_severity,
        cast(case try_cast(trim(casualties.casualty_severity) as integer)
            when 1 then 'killed'
            when 2 then 'seriously_injured'
            when 3 then 'slightly_injured'
        end as varchar) as casualty_severity_label,
        coalesce(try_cast(trim(casualties.casualty_severity) as integer) = 1, false) as is_killed,
        coalesce(try_cast(trim(casualties.casualty_severity) as integer) in (1, 2), false)
            as is_killed_or_seriously_injured,
        cast({{ parse_number('casualties.casualty_adjusted_severity_serious') }} as double)
            as casualty_adjusted_severity_serious,
        cast({{ parse_number('casualties.casualty_adjusted_severity_slight') }} as double)
            as casualty_adjusted_severity_slight,
        cast(case
            when count(casualties.casualty_adjusted_severity_serious) over (partition by casualties._file_sha256) = 0
                then 'not published in this file (adjustment columns arrive with the 2024 vintage)'
            when trim(casualties.casualty_adjusted_severity_serious) = '-1'
                then 'missing or out of range (-1)'
            when try_cast(trim(casualties.casualty_severity) as integer) = 1
                and casualties.casualty_adjusted_severity_serious is null
                then 'killed: no adjustment applies'
            else {{ special_value_reason('casualties.casualty_adjusted_severity_serious') }}
        end as varchar) as adjusted_severity_note,
        casualties._source_file ilike '%provisional%' as is_provisional,
        cast(make_date(casualties.data_year, 1, 1) as date) as period_start,
        cast(make_date(casualties.data_year, 12, 31) as date) as period_end,
        ----------  lineage
        cast(casualties._release as date) as release_date,
        cast(casualties._source_file as varchar) as source_file,
        cast(casualties._file_sha256 as varchar) as file_sha256,
        cast(casualties._sheet as varchar) as source_sheet,
        cast(casualties._row_number as integer) as source_row_number
    from casualties
    left join collisions
        on trim(casualties.collision_index) = collisions.collision_index
    left join police_forces
        on coalesce(
            collisions.police_force_code,
            try_cast(substr(trim(casualties.collision_index), 5, 2) as integer)
        ) = police_forces.police_force_code
)

select * from renamed
