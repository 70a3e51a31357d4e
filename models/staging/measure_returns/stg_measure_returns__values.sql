{#
    One row per measure, breakdown, geography and period from the measure returns. Returns are
    incremental and arrive at any time, so staging does not keep only the latest file: for each
    key it keeps the row of the latest release (then the latest load, then file name and row).
#}
with

source as (
    select * from {{ raw_source('measure_returns') }}
),

forces as (
    {{ force_lookup() }}
),

force_areas as (
    select * from {{ ref('police_force_areas') }}
),

reporting_bodies as (
    {{ reporting_body_lookup() }}
),

renamed as (
    select
        ----------  keys
        cast(trim(source.measure_id) as varchar) as measure_id,
        cast(trim(source.breakdown) as varchar) as breakdown,
        cast(case
            when coalesce(forces.force_code, force_areas.force_code) is not null
                then 'police_force_area'
            when reporting_bodies.body_type = 'national_total' then 'england_and_wales'
        end as varchar) as geography_level,
        cast(coalesce(forces.force_code, force_areas.force_code) as varchar) as force_code,
        cast(trim(source.period_start) as date) as period_start,
        cast(trim(source.period_end) as date) as period_end,
        ----------  attributes
        cast(trim(source.force) as varchar) as force_name,
        cast(reporting_bodies.body_type as varchar) as reporting_body_type,
        coalesce(forces.force_code, force_areas.force_code) is not null as is_force_area,
        cast({{ parse_number('source.value') }} as double) as value,
        cast({{ special_value_reason('source.value') }} as varchar) as value_note,
        cast({{ parse_number('source.numerator') }} as double) as numerator,
        cast({{ parse_number('source.denominator') }} as double) as denominator,
        cast(trim(source.unit) as varchar) as unit,
        cast(trim(source.source_note) as varchar) as source_note,
        ----------  lineage
        cast(source._release as date) as release_date,
        cast(source._loaded_at as timestamp) as loaded_at,
        cast(source._source_file as varchar) as source_file,
        cast(source._file_sha256 as varchar) as file_sha256,
        cast(source._sheet as varchar) as source_sheet,
        cast(source._row_number as integer) as source_row_number
    from source
    left join forces
        on {{ normalise_label('source.force') }} = forces.force_label
    left join force_areas
        on upper(trim(source.force)) = force_areas.force_code
    left join reporting_bodies
        on {{ normalise_label('source.force') }} = reporting_bodies.body_label
),

ranked as (
    select
        *,
        row_number() over (
            partition by measure_id, breakdown, geography_level, force_code, period_start, period_end
            order by release_date desc, loaded_at desc, source_file desc, source_row_number desc
        ) as release_rank
    from renamed
),

periods as (
    select
        * exclude (release_rank),
        datediff('month', period_start, period_end + interval 1 day) as period_months,
        {{ financial_year_label('period_start') }} as financial_year,
        cast({{ financial_quarter_of('period_start') }} as varchar) as financial_quarter
    from ranked
    where release_rank = 1
)

select
    measure_id,
    breakdown,
    geography_level,
    force_code,
    period_start,
    period_end,
    cast(case
        when period_months = 1 then 'month'
        when period_months = 3 then 'quarter'
        when period_months = 12 and month(period_start) = 4 then 'financial_year'
        when period_months = 12 then 'year_ending'
    end as varchar) as period_type,
    cast(case
        when period_months = 1 then strftime(period_start, '%Y-%m')
        when period_months = 3 then financial_year || ' Q' || financial_quarter
        when period_months = 12 and month(period_start) = 4 then financial_year
        when period_months = 12 then 'year ending ' || strftime(period_end, '%B %Y')
    end as varchar) as period_label,
    force_name,
    reporting_body_type,
    is_force_area,
    value,
    value_note,
    numerator,
    denominator,
    unit,
    source_note,
    release_date,
    source_file,
    file_sha256,
    source_sheet,
    source_row_number
from periods
