with

source as (
    {{ latest_release(raw_source('homicide_index')) }}
),

forces as (
    {{ force_lookup() }}
),

reporting_bodies as (
    {{ reporting_body_lookup() }}
),

cells as (
    select
        *,
        trim(column_label) as period_text,
        regexp_replace(trim(row_label), '([A-Za-z)])[0-9]+$', '\1') as label_clean,
        {{ normalise_label('source.label_header') }} in (
            'police force area', 'police force', 'force', 'force area', 'police force area name'
        ) as is_force_table,
        coalesce(
            nullif(
                regexp_extract(
                    table_title, '(?i)^\s*table\s+([a-z]{0,2}[0-9]+[a-z]?)', 1
                ),
                ''
            ),
            nullif(regexp_extract(_sheet, '(?i)([a-z]{0,2}[0-9]+[a-z]?)\s*$', 1), '')
        ) as table_id
    from source
    -- Comparison columns ("... compared with:") are not periods; none are expected here.
    where not regexp_matches(column_label, '(?i)compared\s+with')
),

-- Year ending March YYYY of a period label: `Year ending March 20211` -> 2021 (footnote digits
-- after the four-digit year are ignored), `Apr '18 to Mar '19` -> 2019.
periods as (
    select
        period_text,
        case
            when regexp_matches(
                    period_text,
                    '(?i)^\s*(apr(il)?\.?\s*([''’]\s*[0-9]{2}|[0-9]{4})\s*(to|-|–)\s*|(year\s+ending|ye)\s+)'
                    || 'mar(ch)?\.?\s*[''’]\s*[0-9]{2}[0-9]*\s*$'
                )
                then cast(
                        regexp_extract(period_text, '(?i)mar(?:ch)?\.?\s*[''’]\s*([0-9]{2})[0-9]*\s*$', 1)
                        as integer
                    )
                    + case
                        when cast(
                                regexp_extract(
                                    period_text, '(?i)mar(?:ch)?\.?\s*[''’]\s*([0-9]{2})[0-9]*\s*$', 1
                                ) as integer
                            ) < 50 then 2000
                        else 1900
                    end
            when regexp_matches(
                    period_text,
                    '(?i)^\s*(apr(il)?\.?\s*([''’]\s*[0-9]{2}|[0-9]{4})\s*(to|-|–)\s*|(year\s+ending|ye)\s+)'
                    || 'mar(ch)?\.?\s*[0-9]{4}[0-9]*\s*$'
                )
                then cast(
                        regexp_extract(period_text, '(?i)mar(?:ch)?\.?\s*([0-9]{4})[0-9]*\s*$', 1)
                        as integer
                    )
        end as end_year
    from (select distinct period_text from cells) as labels
),

labelled as (
    select
        cells.*,
        periods.end_year,
        {{ normalise_label('cells.label_clean') }} as label_key,
        {{ normalise_label('cells.row_group') }} as group_key,
        case
            when cells.is_force_table then cells.label_clean
            else trim(split_part(cells.coverage, ';', 1))
        end as geography_label
    from cells
    left join periods on cells.period_text = periods.period_text
),

renamed as (
    select
        ----------  keys
        cast(labelled.table_id as varchar) as table_id,
        cast(trim(labelled.row_group) as varchar) as row_group,
        cast(trim(labelled.row_label) as varchar) as category_label,
        cast(labelled.period_text as varchar) as period_label,
        ----------  foreign keys
        cast(forces.force_code as varchar) as force_code,
        ----------  attributes
        cast(trim(labelled.table_title) as varchar) as table_title,
        cast(trim(labelled.unit_label) as varchar) as unit_label,
        cast(trim(labelled.label_header) as varchar) as category_header,
        cast(labelled.label_clean as varchar) as category_label_clean,
        cast(case
            when labelled.is_force_table then 'police_force_area'
            when labelled.label_header is null then 'category'
            else {{ snake_case('labelled.label_header') }}
        end as varchar) as breakdown_dimension,
        cast({{ snake_case('labelled.label_clean') }} as varchar) as breakdown_value,
        cast(case
            when labelled.group_key like '%female%' then 'female'
            when labelled.group_key like '%male%' then 'male'
            when labelled.label_key in ('female', 'females') then 'female'
            when labelled.label_key in ('male', 'males') then 'male'
            else 'all'
        end as varchar) as victim_sex,
        labelled.label_key in (
            'total', 'all', 'all victims', 'all homicide victims', 'all homicides', 'all methods',
            'england and wales'
        ) as is_total,
        cast(case
            when labelled.label_key like '%offence%' then 'offences'
            else 'victims'
        end as varchar) as counting_unit,
        labelled.is_force_table,
        cast(labelled.geography_label as varchar) as geography_label,
        cast(reporting_bodies.body_type as varchar) as reporting_body_type,
        forces.force_code is not null as is_force_area,
        cast('year ending March ' || labelled.end_year as varchar) as year_ending_label,
        cast(make_date(labelled.end_year - 1, 4, 1) as date) as period_start,
        cast(make_date(labelled.end_year, 3, 31) as date) as period_end,
        cast({{ parse_count('labelled.value') }} as bigint) as homicide_count,
        cast({{ special_value_reason('labelled.value') }} as varchar) as value_note,
        cast(labelled.extraction_date as date) as extraction_date,
        ----------  lineage
        cast(labelled._release as date) as release_date,
        cast(labelled._source_file as varchar) as source_file,
        cast(labelled._file_sha256 as varchar) as file_sha256,
        cast(labelled._sheet as varchar) as source_sheet,
        cast(labelled._row_number as integer) as source_row_number,
        cast(labelled.cell_column as varchar) as source_column
    from labelled
    left join forces
        on {{ normalise_label('labelled.geography_label') }} = forces.force_label
    left join reporting_bodies
        on {{ normalise_label('labelled.geography_label') }} = reporting_bodies.body_label
)

select * from renamed
