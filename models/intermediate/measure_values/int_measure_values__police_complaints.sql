{#
    Measures computed from the IOPC police complaints statistics (stg_police_complaints__force_year),
    in the long measure-value shape, per financial year. Only 2020-regime years are used
    (complaint cases and allegations logged under the reforms in force from 1 February 2020, so
    2020/21 on): 2019/20 and earlier are 2012-regime recorded complaints, not comparable.
    Force-area rows for the 43 force areas; England and Wales rows roll the same rows up over
    those 43 (British Transport Police is left out), so national proportions and rates are the
    summed numerator over the summed denominator, never an average of force values. The one
    exception is the average days to finalise a complaint case: an average cannot be summed and
    the number of cases finalised is not published beside it, so the England and Wales figure is
    the IOPC's own published England and Wales average. A sum that meets a suppressed (null)
    value stays null, never zero. Proportions are fractions (0 to 1).
#}

with

complaints as (
    select * from {{ ref('stg_police_complaints__force_year') }}
    where complaints_regime = '2020_regime'
),

force_complaints as (
    select * from complaints
    where is_force_area
),

workforce as (
    {{ workforce_headcount() }}
),

geographies as (
    {{ force_and_national_rows('force_complaints') }}
),

-- counts per geography, year, measure and breakdown
counts as (
    select
        geography_level,
        force_code,
        period_start,
        period_end,
        measure_code,
        breakdown_code,
        {{ sum_keeping_nulls('value') }} as value,
        max(release_date) as release_date
    from geographies
    where unit = 'count'
    group by
        geography_level,
        force_code,
        period_start,
        period_end,
        measure_code,
        breakdown_code
),

-- the denominators of the proportions and the rate, per geography and year
year_totals as (
    select
        force_code,
        period_end,
        max(case when measure_code = 'allegations_logged' and breakdown_code = 'total' then value end)
            as allegations_logged,
        max(case when measure_code = 'allegations_finalised' and breakdown_code = 'total' then value end)
            as allegations_finalised,
        max(
            case when measure_code = 'case_to_answer_decisions' and breakdown_code = 'case_to_answer' then value end
        )
        + max(
            case when measure_code = 'case_to_answer_decisions' and breakdown_code = 'no_case_to_answer' then value end
        ) as case_to_answer_decisions
    from counts
    group by force_code, period_end
),

-- published (measure_code, breakdown_code) feeding each measure and breakdown
breakdown_map (measure_code, breakdown_code, measure_id, breakdown) as (
    values
    ('complaint_cases', 'total', 'ppf_complaints_and_conduct_allegations', 'complaint_cases'),
    ('allegations_finalised', 'total', 'ppf_complaints_and_conduct_allegations', 'total'),
    ('allegations_finalised', 'total', 'ppf_complaints_and_conduct_allegations', 'allegations_finalised'),
    ('allegations_finalised', 'police_officers', 'ppf_complaints_and_conduct_allegations', 'officers'),
    ('allegations_finalised', 'police_staff', 'ppf_complaints_and_conduct_allegations', 'staff'),
    ('case_to_answer_decisions', 'case_to_answer', 'ppf_complaint_allegation_results', 'case_to_answer'),
    (
        'allegations_finalised_by_action', 'referred_to_proceedings',
        'ppf_complaint_allegation_results', 'referral_to_proceedings'
    ),
    ('allegations_finalised_by_action', 'learning', 'ppf_complaint_allegation_results', 'learning_outcomes'),
    ('allegations_finalised_by_action', 'no_further_action', 'ppf_complaint_allegation_results', 'no_action')
),

-- every value: numerator, denominator and multiplier (null for a count), or a published figure
parts as (
    -- counts, and the result proportions over their published totals
    select
        breakdown_map.measure_id,
        breakdown_map.breakdown,
        counts.geography_level,
        counts.force_code,
        counts.period_start,
        counts.period_end,
        counts.release_date,
        counts.value as numerator,
        null as published_value,
        case
            when breakdown_map.measure_id = 'ppf_complaints_and_conduct_allegations' then null
            when breakdown_map.breakdown = 'case_to_answer' then year_totals.case_to_answer_decisions
            else year_totals.allegations_finalised
        end as denominator,
        case when breakdown_map.measure_id = 'ppf_complaint_allegation_results' then 1 end as multiplier,
        case
            when breakdown_map.measure_id = 'ppf_complaints_and_conduct_allegations' then 'count'
            else 'proportion'
        end as unit,
        case
            when breakdown_map.measure_id = 'ppf_complaints_and_conduct_allegations' then null
            when breakdown_map.breakdown = 'case_to_answer'
                then 'Case to answer decisions on finalised allegations (case to answer plus no case to answer)'
            else 'Allegations finalised in the year (all subjects)'
        end as denominator_description
    from counts
    inner join breakdown_map
        on counts.measure_code = breakdown_map.measure_code
        and counts.breakdown_code = breakdown_map.breakdown_code
    inner join year_totals
        on counts.force_code is not distinct from year_totals.force_code
        and counts.period_end = year_totals.period_end
    -- allegations logged per 1,000 workforce (second unit of ppf_complaints_and_conduct_allegations)
    union all
    select
        'ppf_complaints_and_conduct_allegations' as measure_id,
        'allegations_per_1000_workforce' as breakdown,
        counts.geography_level,
        counts.force_code,
        counts.period_start,
        counts.period_end,
        counts.release_date,
        counts.value as numerator,
        null as published_value,
        workforce.headcount as denominator,
        1000 as multiplier,
        'rate_per_1000_workforce' as unit,
        {{ workforce_headcount_description() }} as denominator_description
    from counts
    left join workforce
        on counts.force_code is not distinct from workforce.force_code
        and counts.period_end = workforce.period_end
    where counts.measure_code = 'allegations_logged' and counts.breakdown_code = 'total'
    -- allegation types: share of allegations logged in each category
    union all
    select
        'ppf_complaint_allegation_types' as measure_id,
        'allegation_type_' || counts.breakdown_code as breakdown,
        counts.geography_level,
        counts.force_code,
        counts.period_start,
        counts.period_end,
        counts.release_date,
        counts.value as numerator,
        null as published_value,
        year_totals.allegations_logged as denominator,
        1 as multiplier,
        'proportion' as unit,
        'Allegations logged in the year (all categories)' as denominator_description
    from counts
    inner join year_totals
        on counts.force_code is not distinct from year_totals.force_code
        and counts.period_end = year_totals.period_end
    where counts.measure_code = 'allegations_logged' and counts.breakdown_code <> 'total'
    -- average days to finalise complaint cases, as published (force areas and England and Wales)
    union all
    select
        'ppf_complaint_case_days_to_finalise' as measure_id,
        'total' as breakdown,
        case when is_force_area then 'police_force_area' else 'england_and_wales' end
            as geography_level,
        case when is_force_area then force_code end as force_code,
        period_start,
        period_end,
        release_date,
        null as numerator,
        value as published_value,
        null as denominator,
        null as multiplier,
        'days' as unit,
        null as denominator_description
    from complaints
    where
        measure_code = 'days_to_finalise_cases'
        and (is_force_area or reporting_body_type = 'national_total')
)

{%- set computed_value = count_or_ratio('numerator', 'denominator', 'multiplier') %}
{{ financial_year_measure_values('parts', 'coalesce(published_value, ' ~ computed_value ~ ')') }}
