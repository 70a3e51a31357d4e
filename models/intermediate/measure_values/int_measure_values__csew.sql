{#
    Measures published by the Crime Survey for England and Wales (CSEW), in the long
    measure-value shape. Which published row feeds which measure and breakdown is data
    (seeds/source_labels/csew_measure_map.csv): the table is matched by its title pattern (ONS renumbers
    tables between editions; the table id is used only where no pattern is given), the section
    heading and the row label in their normalised form. CSEW figures are national: England and
    Wales rows only, for the year ending March of the published column. The value is the
    published estimate converted to the catalogue unit (estimates in thousands become counts);
    the unweighted base is kept as the denominator of percentages; significance is the
    published marker against the year before.
#}
with

estimates as (
    select * from {{ ref('stg_csew__estimates') }}
),

measure_map as (
    select * from {{ ref('csew_measure_map') }}
),

catalogue as (
    select
        measure_id,
        unit
    from {{ ref('measure_catalogue') }}
),

mapped as (
    select
        measure_map.measure_id,
        measure_map.breakdown,
        catalogue.unit,
        estimates.unit as published_unit,
        estimates.period_start,
        estimates.period_end,
        estimates.estimate,
        estimates.unweighted_base,
        estimates.unweighted_base_label,
        estimates.is_significant_vs_year_earlier,
        estimates.release_date
    from estimates
    inner join measure_map
        on
        (
            estimates.table_title ilike measure_map.table_title_pattern
            or (
                measure_map.table_title_pattern is null
                and estimates.table_id = measure_map.table_id
            )
        )
        and {{ normalise_label("coalesce(estimates.row_group, '')") }}
        = {{ normalise_label("coalesce(measure_map.row_group, '')") }}
        and {{ normalise_label('estimates.row_label_clean') }}
        = {{ normalise_label('measure_map.row_label') }}
    inner join catalogue on measure_map.measure_id = catalogue.measure_id
    where
        estimates.period_start is not null
        and {{ normalise_label("coalesce(estimates.geography_label, 'England and Wales')") }}
        = 'england and wales'
),

converted as (
    select
        *,
        case
            when published_unit = unit then estimate
            when published_unit = 'thousands' and unit = 'count' then estimate * 1000
        end as converted_value
    from mapped
)

select
    measure_id,
    breakdown,
    'england_and_wales' as geography_level,
    cast(null as varchar) as force_code,
    'year_ending' as period_type,
    period_start,
    period_end,
    case when unit = 'count' then converted_value end as numerator,
    case when unit = 'percentage' then cast(unweighted_base as double) end as denominator,
    cast(converted_value as double) as value,
    unit,
    case
        when unit = 'percentage' and unweighted_base is not null
            then 'CSEW unweighted base (' || coalesce(unweighted_base_label, 'respondents') || ')'
    end as denominator_description,
    release_date,
    cast(null as double) as lower_ci,
    cast(null as double) as upper_ci,
    is_significant_vs_year_earlier as significant_change
from converted
