with

source as (
    {{ latest_release(raw_source('csew')) }}
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
        cast(_row_number as integer) as row_number,
        regexp_matches(column_label, '(?i)compared\s+with') as is_comparison,
        regexp_matches(trim(row_label), '(?i)^unweighted base') as is_base_row,
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
),

-- Every text that names a period: period column labels, and both sides of comparison labels.
label_texts as (
    select distinct
        column_label,
        trim(regexp_extract(column_label, '(?i)^(.*?)compared\s+with', 1)) as base_text,
        trim(regexp_extract(column_label, '(?i)compared\s+with\s*:?\s*(.*)$', 1)) as reference_text
    from cells
    where is_comparison
),

period_texts as (
    select distinct trim(column_label) as period_text from cells
    where not is_comparison
    union
    select distinct base_text from label_texts
    union
    select distinct reference_text from label_texts
),

-- Year ending March YYYY of a label: `Apr '12 to Mar '131` -> 2013 (footnote digits after the
-- two-digit year are ignored), `April 2012 to March 2013`, `Year ending March 2013`.
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
    from period_texts
),

comparison_columns as (
    select
        label_texts.column_label,
        base.end_year as base_end_year,
        case
            when reference.end_year is not null then base.end_year - reference.end_year
            when
                regexp_matches(
                    lower(label_texts.reference_text),
                    '\b(one|1) year|previous year|year earlier'
                )
                then 1
            when regexp_matches(lower(label_texts.reference_text), '\b(ten|10) years') then 10
        end as years_apart
    from label_texts
    left join periods as base on label_texts.base_text = base.period_text
    left join periods as reference on label_texts.reference_text = reference.period_text
),

comparisons as (
    select
        cells._sheet,
        cells.row_number,
        comparison_columns.base_end_year,
        comparison_columns.years_apart,
        cells.value as marker
    from cells
    inner join comparison_columns on cells.column_label = comparison_columns.column_label
    where cells.is_comparison
),

estimates as (
    select
        cells.*,
        periods.end_year
    from cells
    left join periods on trim(cells.column_label) = periods.period_text
    where not cells.is_comparison and not cells.is_base_row
),

-- The unweighted base of an estimate: the first base row below it in the same column (a base
-- row ends the block of estimates it belongs to).
next_base as (
    select
        estimates._sheet,
        estimates.row_number,
        estimates.column_label,
        arg_min(bases.value, bases.row_number) as base_value,
        arg_min(trim(bases.row_label), bases.row_number) as base_label
    from estimates
    inner join cells as bases
        on
        estimates._sheet = bases._sheet
        and estimates.column_label = bases.column_label
        and estimates.row_number < bases.row_number
        and bases.is_base_row
        and not bases.is_comparison
    group by estimates._sheet, estimates.row_number, estimates.column_label
),

renamed as (
    select
        ----------  keys
        cast(estimates.table_id as varchar) as table_id,
        cast(trim(estimates.row_group) as varchar) as row_group,
        cast(trim(estimates.row_label) as varchar) as row_label,
        cast(trim(estimates.column_label) as varchar) as period_label,
        ----------  foreign keys
        cast(forces.force_code as varchar) as force_code,
        ----------  attributes
        cast(trim(estimates.table_title) as varchar) as table_title,
        cast(trim(estimates.coverage) as varchar) as coverage,
        cast(trim(split_part(estimates.coverage, ';', 1)) as varchar) as geography_label,
        cast(reporting_bodies.body_type as varchar) as reporting_body_type,
        forces.force_code is not null as is_force_area,
        cast(trim(estimates.unit_label) as varchar) as unit_label,
        cast(case
            when estimates.unit_label ilike 'percent%' then 'percentage'
            when estimates.unit_label ilike '%thousand%' then 'thousands'
            when regexp_matches(estimates.unit_label, '(?i)^rates?\s+per\s+1,?000\s+population')
                then 'rate_per_1000_population'
            when estimates.unit_label ilike 'number%' then 'count'
            else {{ snake_case('estimates.unit_label') }}
        end as varchar) as unit,
        cast(
            regexp_replace(trim(estimates.row_label), '([A-Za-z)])[0-9]+$', '\1') as varchar
        ) as row_label_clean,
        cast('year ending March ' || estimates.end_year as varchar) as year_ending_label,
        cast(make_date(estimates.end_year - 1, 4, 1) as date) as period_start,
        cast(make_date(estimates.end_year, 3, 31) as date) as period_end,
        cast({{ parse_number('estimates.value') }} as double) as estimate,
        cast({{ special_value_reason('estimates.value') }} as varchar) as value_note,
        cast({{ parse_count("replace(next_base.base_value, ',', '')") }} as bigint)
            as unweighted_base,
        cast(next_base.base_label as varchar) as unweighted_base_label,
        case
            when year_earlier._sheet is null then null
            when year_earlier.marker is null then false
            when trim(year_earlier.marker) in ('*', '**', '***') then true
            when regexp_matches(
                    lower(trim(year_earlier.marker)),
                    '^(no|n|ns|-|not (statistically )?significant|no (statistically )?significant change)$'
                ) then false
            when regexp_matches(
                    lower(trim(year_earlier.marker)),
                    '^(yes|y|sig|significant|(statistically )?significant (increase|decrease|change))$'
                ) then true
        end as is_significant_vs_year_earlier,
        cast(trim(year_earlier.marker) as varchar) as significance_marker_vs_year_earlier,
        case
            when ten_years_earlier._sheet is null then null
            when ten_years_earlier.marker is null then false
            when trim(ten_years_earlier.marker) in ('*', '**', '***') then true
            when regexp_matches(
                    lower(trim(ten_years_earlier.marker)),
                    '^(no|n|ns|-|not (statistically )?significant|no (statistically )?significant change)$'
                ) then false
            when regexp_matches(
                    lower(trim(ten_years_earlier.marker)),
                    '^(yes|y|sig|significant|(statistically )?significant (increase|decrease|change))$'
                ) then true
        end as is_significant_vs_ten_years_earlier,
        cast(trim(ten_years_earlier.marker) as varchar) as significance_marker_vs_ten_years_earlier,
        ----------  lineage
        cast(estimates._release as date) as release_date,
        cast(estimates._source_file as varchar) as source_file,
        cast(estimates._file_sha256 as varchar) as file_sha256,
        cast(estimates._sheet as varchar) as source_sheet,
        cast(estimates.row_number as integer) as source_row_number,
        cast(estimates.cell_column as varchar) as source_column
    from estimates
    left join next_base
        on
        estimates._sheet = next_base._sheet
        and estimates.row_number = next_base.row_number
        and estimates.column_label = next_base.column_label
    left join comparisons as year_earlier
        on
        estimates._sheet = year_earlier._sheet
        and estimates.row_number = year_earlier.row_number
        and estimates.end_year = year_earlier.base_end_year
        and year_earlier.years_apart = 1
    left join comparisons as ten_years_earlier
        on
        estimates._sheet = ten_years_earlier._sheet
        and estimates.row_number = ten_years_earlier.row_number
        and estimates.end_year = ten_years_earlier.base_end_year
        and ten_years_earlier.years_apart = 10
    left join forces
        on {{ normalise_label("split_part(estimates.coverage, ';', 1)") }} = forces.force_label
    left join reporting_bodies
        on {{ normalise_label("split_part(estimates.coverage, ';', 1)") }} = reporting_bodies.body_label
)

select * from renamed
