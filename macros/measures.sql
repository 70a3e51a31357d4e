{#
    Rate of `numerator` per `multiplier` units of `denominator` (per 1,000 population, per
    1,000 households, ...). No denominator means the value is the count itself.
#}
{% macro rate(numerator, denominator, multiplier) -%}
    case
        when {{ denominator }} is null then cast({{ numerator }} as double)
        when {{ denominator }} > 0 then {{ numerator }} * {{ multiplier }} / {{ denominator }}
    end
{%- endmacro %}

{#
    Union every intermediate model of measure values (one per source family); each has the
    same long shape: measure_id, breakdown, geography_level, force_code, period_type,
    period_start, period_end, numerator, denominator, value, unit, denominator_description,
    release_date.
#}
{% macro measure_value_models() -%}
    {{ return([
        'int_measure_values__prc',
        'int_measure_values__csew',
        'int_measure_values__homicide_index',
        'int_measure_values__drug_seizures',
        'int_measure_values__measure_returns',
        'int_measure_values__calls_999',
        'int_measure_values__nhs_admissions',
        'int_measure_values__workforce',
        'int_measure_values__knife_offences',
        'int_measure_values__firearm_offences',
        'int_measure_values__road_casualties',
        'int_measure_values__police_complaints',
        'int_measure_values__police_misconduct',
        'int_measure_values__crime_outcomes',
    ]) }}
{%- endmacro %}

{#
    The year whose population estimate a period's rate uses: the financial year the period starts
    in (a period starting January to March belongs to the financial year begun the April before).
#}
{% macro denominator_year(period_start) -%}
    (year({{ period_start }}) - case when month({{ period_start }}) < 4 then 1 else 0 end)
{%- endmacro %}

{#
    England and Wales count values of `measure_id` from force-area quarterly counts.
    `relation` holds one or more rows per breakdown, force area and quarter (breakdown,
    period_start, period_end, offence_count, release_date), only the rows that count towards
    the national figure. A quarter's national count is the sum of its rows, null when any of
    them is null (a sum that meets a suppressed value stays null); the quarters are then rolled
    up to financial years and rolling years ending each quarter (roll_up_quarters: complete
    periods only). Long measure-value shape, unit count, no denominator.
#}
{% macro national_quarterly_count_values(relation, measure_id) -%}
    with national_quarters as (
        select
            breakdown,
            release_date,
            period_start,
            period_end,
            case when count(offence_count) = count(*) then sum(offence_count) end as offence_count
        from {{ relation }}
        group by breakdown, release_date, period_start, period_end
    ),

    national_periods as (
        {{ roll_up_quarters('national_quarters', ['breakdown', 'release_date'], ['offence_count']) }}
    )

    select
        '{{ measure_id }}' as measure_id,
        breakdown,
        'england_and_wales' as geography_level,
        cast(null as varchar) as force_code,
        period_type,
        period_start,
        period_end,
        cast(offence_count as double) as numerator,
        cast(null as double) as denominator,
        {{ rate('offence_count', 'cast(null as double)', 1) }} as value,
        'count' as unit,
        cast(null as varchar) as denominator_description,
        release_date
    from national_periods
{%- endmacro %}


{#
    Every row of `relation` twice: once for its police force area (geography_level
    police_force_area) and once for England and Wales (force_code null), so that grouping the
    result by geography rolls the same rows up over the force areas in `relation`.
#}
{% macro force_and_national_rows(relation) -%}
    select
        'police_force_area' as geography_level,
        force_code,
        *
        exclude (force_code)
    from {{ relation }}
    union all
    select
        'england_and_wales' as geography_level,
        cast(null as varchar) as force_code,
        *
        exclude (force_code)
    from {{ relation }}
{%- endmacro %}

{#
    Value of a count or a ratio: with no multiplier the numerator itself (a count, or a figure
    taken as published such as average days); with a multiplier the rate() of numerator over
    denominator, null when the denominator is missing (suppressed, or not loaded) or zero.
#}
{% macro count_or_ratio(numerator, denominator, multiplier) -%}
    case
        when {{ multiplier }} is null then cast({{ numerator }} as double)
        when {{ denominator }} is not null then {{ rate(numerator, denominator, multiplier) }}
    end
{%- endmacro %}

{#
    Financial-year measure values in the long shape, typed, from `relation` (measure_id,
    breakdown, geography_level, force_code, period_start, period_end, numerator, denominator,
    unit, denominator_description, release_date) and the SQL of the value.
#}
{% macro financial_year_measure_values(relation, value_expression) -%}
    select
        cast(measure_id as varchar) as measure_id,
        cast(breakdown as varchar) as breakdown,
        cast(geography_level as varchar) as geography_level,
        cast(force_code as varchar) as force_code,
        'financial_year' as period_type,
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        cast(numerator as double) as numerator,
        cast(denominator as double) as denominator,
        cast({{ value_expression }} as double) as value,
        cast(unit as varchar) as unit,
        cast(denominator_description as varchar) as denominator_description,
        cast(release_date as date) as release_date
    from {{ relation }}
{%- endmacro %}

{#
    Join condition matching two relations on the key of a measure value row (measure, breakdown,
    geography, force, period); force_code is null on national rows, so it matches with
    `is not distinct from`. `keys` narrows the key (a relation without breakdowns).
#}
{% macro value_key_matches(left, right, keys=none) -%}
    {%- set keys = keys or [
        'measure_id', 'breakdown', 'geography_level', 'force_code',
        'period_type', 'period_start', 'period_end',
    ] -%}
    {%- for key in keys %}
        {%- if not loop.first %} and {% endif -%}
        {{ left }}.{{ key }} {{ 'is not distinct from' if key == 'force_code' else '=' }} {{ right }}.{{ key }}
    {%- endfor %}
{%- endmacro %}

{#
    A figure rebuilt from summed counts, by its unit: a count is the numerator; a proportion,
    percentage or rate per N is numerator over denominator times its scale. Null for any other
    unit (a median, FTE or money cannot be rebuilt from sums) and for a zero denominator.
#}
{% macro value_from_counts(numerator, denominator, unit) -%}
    case
        when {{ unit }} = 'count' then cast({{ numerator }} as double)
        when {{ denominator }} is null or {{ denominator }} = 0 then null
        when {{ unit }} = 'proportion' then {{ numerator }} / {{ denominator }}
        when {{ unit }} = 'percentage' then 100.0 * {{ numerator }} / {{ denominator }}
        when {{ unit }} like 'rate_per_1000_%' then 1000.0 * {{ numerator }} / {{ denominator }}
        when {{ unit }} like 'rate_per_10000_%' then 10000.0 * {{ numerator }} / {{ denominator }}
    end
{%- endmacro %}

{#
    A row of a rule seed (baselines, series breaks) applies to a measure value of the same
    measure when the rule names the value's breakdown or '*' (every breakdown of the measure).
#}
{% macro rule_applies_to(rule, value) -%}
    {{ value }}.measure_id = {{ rule }}.measure_id
    and {{ rule }}.breakdown in ({{ value }}.breakdown, '*')
{%- endmacro %}
