{#
    Measures computed from Police Workforce Statistics (stg_workforce__snapshot), in the long
    measure-value shape: one row per measure, breakdown, geography and period, for the 43
    territorial force areas and for England and Wales. The England and Wales figures are
    computed from the same rows rolled up over the 43 force areas (each row is counted once
    for its force area and once with force_code null), so a national proportion is the
    national category FTE over the national total FTE, and a national rate is national FTE over the summed population: never an average of
    force values. British Transport Police and the published national rows are not used.
    Counts are FTE; headcount-only worker types (special constables, police support volunteers)
    and rows totalling a breakdown are left out so that nothing is counted twice. A sum that
    meets a suppressed (null) FTE stays null, never zero. Proportions are fractions (0 to 1).
    Breakdowns with one value per published category are written
    '<catalogue breakdown key>:<category slug>', e.g. 'by_function:local_policing'.
#}
{%- set slug = "trim(regexp_replace(lower(trim({0})), '[^a-z0-9]+', '_', 'g'), '_')" -%}
{%- set neighbourhood = "is_neighbourhood_policing and worker_type in ('police_officer', 'pcso')" -%}
{%- set officer = "worker_type = 'police_officer'" -%}
{#-
    Each published row counts towards several groups: (table, dimension, category expression,
    row filter). A null category means the dimension's total.
-#}
{%- set dimensions = [
    ('main', 'total', 'null', 'true'),
    ('main', 'worker_type', 'worker_type', 'true'),
    ('main', 'sex', 'sex', 'true'),
    ('main', 'rank', 'rank', 'true'),
    ('functions', 'total', 'null', 'true'),
    ('functions', 'function', 'wider_function', 'true'),
    ('functions', 'ethnicity', 'ethnicity_5_plus_1', "lower(ethnicity_5_plus_1) <> 'not stated'"),
    ('functions', 'ethnicity_stated', 'null', "lower(ethnicity_5_plus_1) <> 'not stated'"),
    ('functions', 'neighbourhood', "'total'", neighbourhood),
    ('functions', 'neighbourhood',
        "case worker_type when 'police_officer' then 'neighbourhood_officers' else 'pcsos' end",
        neighbourhood),
    ('leavers', 'all_reasons', 'null', officer),
    ('leavers', 'voluntary_resignation', 'null',
        officer ~ " and lower(leaver_reason) = 'voluntary resignation'"),
    ('duty_status', 'duty',
        "case lower(duty_status) when 'long-term sick' then 'long_term_sick' "
        ~ "when 'recuperative duties' then 'recuperative_duties' "
        ~ "when 'adjusted duties' then 'adjusted_duties' end",
        officer),
    ('duty_status', 'duty', "'limited_duty_total'",
        officer ~ " and lower(duty_status) in ('recuperative duties', 'adjusted duties')"),
] -%}

with

workforce as (
    select * from {{ ref('stg_workforce__snapshot') }}
    where
        is_force_area
        and not is_breakdown_total
        and not is_headcount_only
),

-- population per force area and year, and summed over the 43 areas for England and Wales
denominators as (
    select
        force_code,
        denominator_year,
        population,
        population_description
    from {{ ref('int_forces__denominators') }}
    union all
    select
        cast(null as varchar) as force_code,
        denominator_year,
        sum(population) as population,
        any_value(population_description) as population_description
    from {{ ref('int_forces__denominators') }}
    group by denominator_year
),

-- every row once for its force area and once for England and Wales (force_code null)
geographies as (
    select
        'police_force_area' as geography_level,
        force_code,
        *
        exclude (force_code)
    from workforce
    union all
    select
        'england_and_wales' as geography_level,
        cast(null as varchar) as force_code,
        *
        exclude (force_code)
    from workforce
),

dimensioned as (
    {%- for table_type, dimension, category, condition in dimensions %}
    select
        geography_level,
        force_code,
        period_type,
        period_start,
        period_end,
        release_date,
        fte,
        '{{ table_type }}' as table_type,
        '{{ dimension }}' as dimension,
        cast({{ category }} as varchar) as category
    from geographies
    where table_type = '{{ table_type }}' and ({{ condition }})
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

-- FTE per geography, period and group; a sum meeting a suppressed (null) FTE stays null
counts as (
    select
        geography_level,
        force_code,
        period_type,
        period_start,
        period_end,
        table_type,
        dimension,
        category,
        max(release_date) as release_date,
        case when count(fte) = count(*) then sum(fte) end as fte
    from dimensioned
    group by
        geography_level,
        force_code,
        period_type,
        period_start,
        period_end,
        table_type,
        dimension,
        category
),

main_counts as (
    select * from counts
    where table_type = 'main' and (dimension = 'total' or category is not null)
),

main_totals as (
    select
        force_code,
        period_end,
        fte as total_fte
    from main_counts
    where dimension = 'total'
),

officer_totals as (
    select
        force_code,
        period_end,
        fte as officer_fte
    from main_counts
    where dimension = 'worker_type' and category = 'police_officer'
),

function_counts as (
    select * from counts
    where
        table_type = 'functions'
        and dimension in ('function', 'ethnicity')
        and category is not null
),

function_totals as (
    select
        force_code,
        period_end,
        max(case when dimension = 'total' then fte end) as total_fte,
        max(case when dimension = 'ethnicity_stated' then fte end) as ethnicity_stated_fte
    from counts
    where table_type = 'functions' and dimension in ('total', 'ethnicity_stated')
    group by force_code, period_end
),

neighbourhood_counts as (
    select
        geography_level,
        force_code,
        period_type,
        period_start,
        period_end,
        category as breakdown,
        release_date,
        fte
    from counts
    where table_type = 'functions' and dimension = 'neighbourhood'
),

-- the 13,000 target's baseline: the total at 31 March 2025 (docs/methods/targets-and-baselines.md)
neighbourhood_baseline as (
    select
        force_code,
        fte as baseline_fte
    from neighbourhood_counts
    where breakdown = 'total' and period_end = date '2025-03-31'
),

leaver_counts as (
    select
        all_reasons.geography_level,
        all_reasons.force_code,
        all_reasons.period_type,
        all_reasons.period_start,
        all_reasons.period_end,
        all_reasons.release_date,
        resigned.fte as resigned_fte,
        all_reasons.fte as leaver_fte
    from counts as all_reasons
    left join counts as resigned
        on all_reasons.force_code is not distinct from resigned.force_code
        and all_reasons.period_end = resigned.period_end
        and resigned.table_type = 'leavers'
        and resigned.dimension = 'voluntary_resignation'
    where all_reasons.table_type = 'leavers' and all_reasons.dimension = 'all_reasons'
),

duty_counts as (
    select
        geography_level,
        force_code,
        period_type,
        period_start,
        period_end,
        category as duty,
        release_date,
        fte
    from counts
    where table_type = 'duty_status' and category is not null
),

-- every value: numerator, a denominator for proportions, the denominator kind
parts as (
    -- ppf_workforce_fte: FTE by worker type (main table)
    select
        'ppf_workforce_fte' as measure_id,
        case
            when dimension = 'total' then 'total'
            when category = 'police_officer' then 'police_officers'
            when category = 'police_staff' then 'police_staff'
            when category = 'designated_officer' then 'designated_officers'
            when category = 'pcso' then 'pcsos'
        end as breakdown,
        geography_level,
        force_code,
        period_type,
        period_start,
        period_end,
        release_date,
        fte as numerator,
        cast(null as double) as denominator,
        'none' as denominator_kind,
        cast(null as varchar) as denominator_description
    from main_counts
    where
        dimension = 'total'
        or (
            dimension = 'worker_type'
            and category in ('police_officer', 'police_staff', 'designated_officer', 'pcso')
        )
    -- ppf_workforce_fte: FTE by wider function (functions table)
    union all
    select
        'ppf_workforce_fte' as measure_id,
        'by_function:' || {{ slug.format('category') }} as breakdown,
        geography_level,
        force_code,
        period_type,
        period_start,
        period_end,
        release_date,
        fte as numerator,
        null as denominator,
        'none' as denominator_kind,
        null as denominator_description
    from function_counts
    where dimension = 'function'
    -- ppf_additional_neighbourhood_officers_and_pcsos: FTE and growth over the baseline
    union all
    select
        'ppf_additional_neighbourhood_officers_and_pcsos' as measure_id,
        breakdown,
        geography_level,
        force_code,
        period_type,
        period_start,
        period_end,
        release_date,
        fte as numerator,
        null as denominator,
        'none' as denominator_kind,
        null as denominator_description
    from neighbourhood_counts
    union all
    select
        'ppf_additional_neighbourhood_officers_and_pcsos' as measure_id,
        'additional_since_baseline' as breakdown,
        neighbourhood_counts.geography_level,
        neighbourhood_counts.force_code,
        neighbourhood_counts.period_type,
        neighbourhood_counts.period_start,
        neighbourhood_counts.period_end,
        neighbourhood_counts.release_date,
        neighbourhood_counts.fte - neighbourhood_baseline.baseline_fte as numerator,
        null as denominator,
        'none' as denominator_kind,
        null as denominator_description
    from neighbourhood_counts
    inner join neighbourhood_baseline
        on neighbourhood_counts.force_code is not distinct from neighbourhood_baseline.force_code
    where
        neighbourhood_counts.breakdown = 'total'
        and neighbourhood_counts.period_end >= date '2025-03-31'
    -- ppf_workforce_proportions: officer/staff mix, sex and rank (main table)
    union all
    select
        'ppf_workforce_proportions' as measure_id,
        case main_counts.dimension
            when 'worker_type' then 'by_officer_staff_mix:' || main_counts.category
            when 'sex' then 'by_gender:' || {{ slug.format('main_counts.category') }}
            else 'by_rank:' || {{ slug.format('main_counts.category') }}
        end as breakdown,
        main_counts.geography_level,
        main_counts.force_code,
        main_counts.period_type,
        main_counts.period_start,
        main_counts.period_end,
        main_counts.release_date,
        main_counts.fte as numerator,
        main_totals.total_fte as denominator,
        'proportion' as denominator_kind,
        'FTE of police officers, police staff, PCSOs and designated officers (main table)' as denominator_description
    from main_counts
    inner join main_totals
        on main_counts.force_code is not distinct from main_totals.force_code
        and main_counts.period_end = main_totals.period_end
    where main_counts.dimension <> 'total'
    -- ppf_workforce_proportions: function and ethnicity (functions table)
    union all
    select
        'ppf_workforce_proportions' as measure_id,
        case function_counts.dimension
            when 'function' then 'by_function:' || {{ slug.format('function_counts.category') }}
            else 'by_ethnicity:' || {{ slug.format('function_counts.category') }}
        end as breakdown,
        function_counts.geography_level,
        function_counts.force_code,
        function_counts.period_type,
        function_counts.period_start,
        function_counts.period_end,
        function_counts.release_date,
        function_counts.fte as numerator,
        case function_counts.dimension
            when 'function' then function_totals.total_fte
            else function_totals.ethnicity_stated_fte
        end as denominator,
        'proportion' as denominator_kind,
        case function_counts.dimension
            when 'function' then 'FTE of the whole workforce (functions table)'
            else 'FTE of the workforce with a stated ethnicity (functions table)'
        end as denominator_description
    from function_counts
    inner join function_totals
        on function_counts.force_code is not distinct from function_totals.force_code
        and function_counts.period_end = function_totals.period_end
    -- ppf_workforce_per_1000_population (main table)
    union all
    select
        'ppf_workforce_per_1000_population' as measure_id,
        case
            when dimension = 'total' then 'total'
            when category = 'police_officer' then 'officers'
            else 'staff'
        end as breakdown,
        geography_level,
        force_code,
        period_type,
        period_start,
        period_end,
        release_date,
        fte as numerator,
        null as denominator,
        'population' as denominator_kind,
        null as denominator_description
    from main_counts
    where
        dimension = 'total'
        or (dimension = 'worker_type' and category in ('police_officer', 'police_staff'))
    -- ppf_unplanned_leavers
    union all
    select
        'ppf_unplanned_leavers' as measure_id,
        'total' as breakdown,
        geography_level,
        force_code,
        period_type,
        period_start,
        period_end,
        release_date,
        resigned_fte as numerator,
        leaver_fte as denominator,
        'proportion' as denominator_kind,
        'FTE police officer leavers in the financial year, all reasons' as denominator_description
    from leaver_counts
    -- ppf_long_term_sickness and ppf_limited_duty
    union all
    select
        case
            when duty_counts.duty = 'long_term_sick' then 'ppf_long_term_sickness'
            else 'ppf_limited_duty'
        end as measure_id,
        case
            when duty_counts.duty in ('long_term_sick', 'limited_duty_total') then 'total'
            else duty_counts.duty
        end as breakdown,
        duty_counts.geography_level,
        duty_counts.force_code,
        duty_counts.period_type,
        duty_counts.period_start,
        duty_counts.period_end,
        duty_counts.release_date,
        duty_counts.fte as numerator,
        officer_totals.officer_fte as denominator,
        'proportion' as denominator_kind,
        'FTE police officers at the snapshot date (main table)' as denominator_description
    from duty_counts
    inner join officer_totals
        on duty_counts.force_code is not distinct from officer_totals.force_code
        and duty_counts.period_end = officer_totals.period_end
),

with_denominators as (
    select
        parts.measure_id,
        parts.breakdown,
        parts.geography_level,
        parts.force_code,
        parts.period_type,
        parts.period_start,
        parts.period_end,
        parts.release_date,
        parts.denominator_kind,
        parts.numerator,
        case parts.denominator_kind
            when 'population' then denominators.population
            else parts.denominator
        end as denominator,
        case parts.denominator_kind
            when 'population' then denominators.population_description
            else parts.denominator_description
        end as denominator_description,
        case parts.denominator_kind when 'population' then 1000 else 1 end as multiplier
    from parts
    left join denominators
        on parts.denominator_kind = 'population'
        and parts.force_code is not distinct from denominators.force_code
        and {{ denominator_year('parts.period_start') }} = denominators.denominator_year
),

catalogue as (
    select * from {{ ref('measure_catalogue') }}
)

select
    cast(with_denominators.measure_id as varchar) as measure_id,
    cast(with_denominators.breakdown as varchar) as breakdown,
    cast(with_denominators.geography_level as varchar) as geography_level,
    cast(with_denominators.force_code as varchar) as force_code,
    cast(with_denominators.period_type as varchar) as period_type,
    cast(with_denominators.period_start as date) as period_start,
    cast(with_denominators.period_end as date) as period_end,
    cast(with_denominators.numerator as double) as numerator,
    cast(with_denominators.denominator as double) as denominator,
    -- a ratio whose denominator is missing has no value (rate() would return the numerator)
    cast(
        case
            when with_denominators.denominator_kind = 'none'
                or with_denominators.denominator is not null
                then {{ rate(
                    'with_denominators.numerator',
                    'with_denominators.denominator',
                    'with_denominators.multiplier'
                ) }}
        end as double
    ) as value,
    cast(catalogue.unit as varchar) as unit,
    cast(with_denominators.denominator_description as varchar) as denominator_description,
    cast(with_denominators.release_date as date) as release_date
from with_denominators
inner join catalogue
    on with_denominators.measure_id = catalogue.measure_id
