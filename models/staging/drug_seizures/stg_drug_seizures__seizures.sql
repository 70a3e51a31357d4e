with

source as (
    {{ latest_release(raw_source('drug_seizures')) }}
),

forces as (
    {{ force_lookup() }}
),

reporting_bodies as (
    {{ reporting_body_lookup() }}
),

-- Year ending March of a row: `Financial year ending` 2020 (or `FYE 2020`, `year ending March
-- 2020`), or `Financial year` 2019/20 (also 2019-20).
periods as (
    select
        *,
        coalesce(
            try_cast(
                regexp_extract(
                    financial_year_ending,
                    '(?i)^\s*(?:(?:financial\s+)?year\s+ending\s+(?:march\s+)?|fye\s*)?([0-9]{4})\s*$',
                    1
                ) as integer
            ),
            try_cast(
                regexp_extract(financial_year, '^\s*([0-9]{4})\s*[/-]\s*[0-9]{2}\s*$', 1)
                as integer
            ) + 1,
            try_cast(
                regexp_extract(
                    financial_year,
                    '(?i)^\s*(?:(?:financial\s+)?year\s+ending\s+(?:march\s+)?|fye\s*)?([0-9]{4})\s*$',
                    1
                ) as integer
            )
        ) as year_ending,
        {{ normalise_label('source.drug_class') }} as class_key,
        {{ normalise_label('source.drug_type') }} as type_key
    from source
),

-- A published row gives a number of seizures, a quantity, or (in a combined layout) both:
-- one staging row per measure.
measures as (
    select
        periods.*,
        'number_of_seizures' as measure,
        periods.number_of_seizures as published_value,
        'seizures' as unit
    from periods
    where
        periods.number_of_seizures is not null
        or (periods.quantity_seized is null and periods.quantity_unit is null)
    union all
    select
        periods.*,
        'quantity_seized' as measure,
        periods.quantity_seized as published_value,
        trim(periods.quantity_unit) as unit
    from periods
    where periods.quantity_seized is not null or periods.quantity_unit is not null
),

renamed as (
    select
        ----------  keys
        cast(
            (measures.year_ending - 1) || '/' || right(cast(measures.year_ending as varchar), 2)
            as varchar
        ) as financial_year,
        cast(trim(measures.force_name) as varchar) as force_name,
        cast(trim(measures.drug_class) as varchar) as drug_class,
        cast(trim(measures.drug_type) as varchar) as drug_type,
        cast(measures.measure as varchar) as measure,
        ----------  foreign keys
        cast(forces.force_code as varchar) as force_code,
        ----------  attributes
        cast(trim(measures.authority) as varchar) as authority,
        cast(reporting_bodies.body_type as varchar) as reporting_body_type,
        forces.force_code is not null as is_force_area,
        cast(case
            when
                measures.type_key in ('all drugs', 'total', 'all', 'all classes')
                or (
                    coalesce(measures.type_key, '') = ''
                    and measures.class_key in ('all classes', 'all drugs', 'total')
                )
                then 'total'
            when
                regexp_full_match(measures.type_key, 'all class [abc]( drugs)?')
                or measures.type_key = measures.class_key
                then 'class'
            else 'drug'
        end as varchar) as aggregation_level,
        cast(case
            when measures.class_key in ('class a', 'class b', 'class c')
                then 'class_' || right(measures.class_key, 1)
        end as varchar) as drug_class_key,
        cast(coalesce(
            trim(measures.financial_year), trim(measures.financial_year_ending)
        ) as varchar) as period_label,
        measures.year_ending as financial_year_ending,
        cast(make_date(measures.year_ending - 1, 4, 1) as date) as period_start,
        cast(make_date(measures.year_ending, 3, 31) as date) as period_end,
        cast(measures.unit as varchar) as unit,
        cast({{ parse_number('measures.published_value') }} as double) as value,
        cast(case
            when measures.measure = 'number_of_seizures'
                then {{ parse_count('measures.published_value') }}
        end as bigint) as seizure_count,
        cast({{ special_value_reason('measures.published_value') }} as varchar) as value_note,
        ----------  lineage
        cast(measures._release as date) as release_date,
        cast(measures._source_file as varchar) as source_file,
        cast(measures._file_sha256 as varchar) as file_sha256,
        cast(measures._sheet as varchar) as source_sheet,
        cast(measures._row_number as integer) as source_row_number
    from measures
    left join forces
        on {{ normalise_label('measures.force_name') }} = forces.force_label
    left join reporting_bodies
        on {{ normalise_label('measures.force_name') }} = reporting_bodies.body_label
)

select * from renamed
