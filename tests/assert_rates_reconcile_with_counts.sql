/*
    Purpose: every published rate, proportion and count can be recomputed from the published
    numerator and denominator. For rate units the multiplier is in the unit (per 1,000, per
    10,000, per million), proportions use 1; a count with no denominator equals its numerator.
    Other units (percentages from surveys, whose denominator is the unweighted base; seconds,
    days, FTE, kilograms) are not ratios of the two columns and are not checked here; nor are
    measure returns, whose value is taken as returned (the raw_measure_returns GX suite checks
    it against numerator / denominator within the template's stated tolerance).
    Threshold: difference above 1e-9 relative to the value (floating-point rounding only);
    zero rows returned.
    A failure means a value and its count disagree: a rate used another multiplier or
    denominator than the one shown, numerator or denominator was changed after the value was
    computed (for example truncated by the BIGINT cast in the mart_columns macro), or a row
    mixes figures of different periods or releases.
*/
-- Shown in Dagster as a check on fct_force_period_measure (it reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'fct_force_period_measure'}}}) }}

with

force_values as (
    select
        'fct_force_period_measure' as mart,
        measure_id,
        breakdown,
        force_code,
        period_type,
        period_start,
        period_end,
        unit,
        numerator,
        denominator,
        value
    from {{ ref('fct_force_period_measure') }}
),

national_values as (
    select
        'fct_measure_national' as mart,
        measure_id,
        breakdown,
        cast(null as varchar) as force_code,
        period_type,
        period_start,
        period_end,
        unit,
        numerator,
        denominator,
        value
    from {{ ref('fct_measure_national') }}
),

returned_measures as (
    select measure_id from {{ ref('dim_measure') }}
    where source_id = 'measure_returns'
),

all_values as (
    select force_values.* from force_values
    anti join returned_measures
        on force_values.measure_id = returned_measures.measure_id
    union all
    select national_values.* from national_values
    anti join returned_measures
        on national_values.measure_id = returned_measures.measure_id
),

recomputed as (
    select
        *,
        case
            when denominator is null and unit = 'count' then cast(numerator as double)
            when denominator > 0 then numerator * (case
                    -- starts_with, not like: in a like pattern '_' matches any character, so
                    -- 'rate_per_1000_%' would also match rate_per_10000_workforce
                    when starts_with(unit, 'rate_per_1000_') then 1000.0
                    when starts_with(unit, 'rate_per_10000_') then 10000.0
                    when unit = 'rate_per_million_population' then 1000000.0
                    when unit = 'proportion' then 1.0
                end) / denominator
        end as expected_value
    from all_values
    where numerator is not null
        and (
            (unit = 'count' and denominator is null)
            or (
                denominator > 0
                and (unit like 'rate_per_%0_%' or unit in ('rate_per_million_population', 'proportion'))
            )
        )
)

select *
from recomputed
where value is null
    or abs(value - expected_value) > 1e-9 * greatest(1.0, abs(expected_value))
