with

source as (
    select * from {{ raw_source('police_complaints') }}
),

forces as (
    {{ force_lookup() }}
),

reporting_bodies as (
    {{ reporting_body_lookup() }}
),

measures as (
    select
        measure_key,
        measure_code,
        breakdown_code,
        unit
    from {{ ref('police_complaints_measures') }}
),

with_year as (
    -- The year is published '2023/24' (or '2023-24'); wide tables without a year column carry
    -- the year named above the table, already written 'YYYY/YY' by the loader.
    select
        *,
        cast(regexp_extract(trim(financial_year), '(\d{4})\s*[/-]\s*\d{2}', 1) as integer) as fy_start
    from source
),

files_ranked as (
    -- IOPC statistics come as one workbook per financial year with no release date in the file
    -- name: for each financial year keep the rows of the most recent file (latest release, then
    -- latest load). Earlier files stay in raw for revision tracking.
    select
        *,
        dense_rank() over (
            partition by fy_start
            order by _release desc, _loaded_at desc, _source_file desc
        ) as file_rank
    from with_year
),

latest_file_rows as (
    select * from files_ranked
    where file_rank = 1
),

latest as (
    -- Labels are matched without note markers ('[note 2]') or footnote digits glued to the last
    -- word, as the loader's label_key does; the published labels stay as they are.
    select
        *,
        regexp_replace(
            {{ normalise_label("regexp_replace(coalesce(measure, ''), '[[]note *[0-9]+[]]', ' ', 'gi')") }},
            '([a-z])[0-9]+$', '\1'
        )
        || '|'
        || regexp_replace(
            {{ normalise_label("regexp_replace(coalesce(breakdown, ''), '[[]note *[0-9]+[]]', ' ', 'gi')") }},
            '([a-z])[0-9]+$', '\1'
        ) as measure_key
    from latest_file_rows
),

renamed as (
    select
        ----------  keys
        cast(latest.fy_start || '/' || lpad(cast((latest.fy_start + 1) % 100 as varchar), 2, '0') as varchar)
            as financial_year,
        cast(trim(latest.force_name) as varchar) as force_name,
        cast(measures.measure_code as varchar) as measure_code,
        cast(measures.breakdown_code as varchar) as breakdown_code,
        ----------  foreign keys
        cast(forces.force_code as varchar) as force_code,
        ----------  attributes
        cast(reporting_bodies.body_type as varchar) as reporting_body_type,
        forces.force_code is not null as is_force_area,
        cast(trim(latest.measure) as varchar) as measure_label,
        cast(trim(latest.breakdown) as varchar) as breakdown_label,
        cast(measures.unit as varchar) as unit,
        cast(case
            when latest.fy_start < 2020 then '2012_regime'
            when reporting_bodies.body_type = 'transport_police' and latest.fy_start = 2020
                then '2020_regime_part_year'
            else '2020_regime'
        end as varchar) as complaints_regime,
        coalesce(
            latest.fy_start >= 2021
            or (latest.fy_start = 2020 and coalesce(reporting_bodies.body_type, '') != 'transport_police'),
            false
        ) as is_comparable_with_current_regime,
        cast(latest._layout as varchar) as table_layout,
        cast(make_date(latest.fy_start, 4, 1) as date) as period_start,
        cast(make_date(latest.fy_start + 1, 3, 31) as date) as period_end,
        cast({{ parse_number('latest.value') }} as double) as value,
        cast(case when measures.unit = 'count' then {{ parse_count('latest.value') }} end as bigint)
            as count_value,
        cast({{ special_value_reason('latest.value') }} as varchar) as value_note,
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
    left join measures
        on latest.measure_key = measures.measure_key
)

select * from renamed
