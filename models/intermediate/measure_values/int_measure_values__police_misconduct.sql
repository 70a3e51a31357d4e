{#
    Measures computed from the Home Office police misconduct statistics
    (stg_police_misconduct__proceedings: individuals at misconduct proceedings), in the long
    measure-value shape, per financial year. Force-area rows for the 43 force areas; England and
    Wales rows roll the same rows up over those 43, so national proportions and rates are the
    summed numerator over the summed denominator, never an average of force values. Individuals
    are counted as published (an individual at several proceedings in the year counts once per
    proceeding). Combinations the file does not publish have no row and are never zero-filled:
    a force with no accelerated hearing, for example, has no referred_to_accelerated_hearings
    row. A sum that meets a suppressed (null) count stays null. Proportions are fractions (0 to 1).
#}

with

proceedings as (
    select * from {{ ref('stg_police_misconduct__proceedings') }}
    where is_force_area
),

workforce as (
    {{ workforce_headcount() }}
),

geographies as (
    {{ force_and_national_rows('proceedings') }}
),

-- each published row counts towards several groups (measure, breakdown)
grouped as (
    select
        *,
        'ppf_misconduct_proceedings' as measure_id,
        'total' as breakdown
    from geographies
    union all
    select
        *,
        'ppf_misconduct_proceedings' as measure_id,
        case worker_type_code when 'officer' then 'officers' when 'staff' then 'staff' end as breakdown
    from geographies
    union all
    select
        *,
        'ppf_misconduct_proceedings' as measure_id,
        case proceeding_type_code
            when 'misconduct_meeting' then 'referred_to_meetings'
            when 'misconduct_hearing' then 'referred_to_hearings'
            when 'accelerated_hearing' then 'referred_to_accelerated_hearings'
        end as breakdown
    from geographies
    union all
    select
        *,
        'ppf_misconduct_finding_levels' as measure_id,
        case finding_code
            when 'gross_misconduct' then 'gross_misconduct'
            when 'misconduct' then 'misconduct'
            when 'no_misconduct' then 'not_misconduct'
            when 'not_proven' then 'not_misconduct'
        end as breakdown
    from geographies
    union all
    select
        *,
        'ppf_gross_misconduct_outcomes' as measure_id,
        'outcome_' || outcome_code as breakdown
    from geographies
    where finding_code = 'gross_misconduct'
),

-- individuals per geography, year, measure and breakdown
counts as (
    select
        measure_id,
        breakdown,
        geography_level,
        force_code,
        period_start,
        period_end,
        {{ sum_keeping_nulls('individual_count') }} as individuals,
        max(release_date) as release_date
    from grouped
    where breakdown is not null
    group by
        measure_id,
        breakdown,
        geography_level,
        force_code,
        period_start,
        period_end
),

-- the denominators of the proportions, per geography and year
year_totals as (
    select
        force_code,
        period_end,
        max(case when measure_id = 'ppf_misconduct_proceedings' and breakdown = 'total' then individuals end)
            as all_individuals,
        max(
            case
                when measure_id = 'ppf_misconduct_finding_levels' and breakdown = 'gross_misconduct'
                    then individuals
            end
        ) as gross_misconduct_individuals
    from counts
    group by force_code, period_end
),

-- every value: numerator, denominator and multiplier (null for a count)
parts as (
    select
        counts.measure_id,
        counts.breakdown,
        counts.geography_level,
        counts.force_code,
        counts.period_start,
        counts.period_end,
        counts.release_date,
        counts.individuals as numerator,
        case counts.measure_id
            when 'ppf_misconduct_finding_levels' then year_totals.all_individuals
            when 'ppf_gross_misconduct_outcomes' then year_totals.gross_misconduct_individuals
        end as denominator,
        case when counts.measure_id <> 'ppf_misconduct_proceedings' then 1 end as multiplier,
        case when counts.measure_id = 'ppf_misconduct_proceedings' then 'count' else 'proportion' end as unit,
        case counts.measure_id
            when 'ppf_misconduct_finding_levels' then 'Individuals at misconduct proceedings in the year (all findings)'
            when 'ppf_gross_misconduct_outcomes'
                then 'Individuals at misconduct proceedings in the year with gross misconduct found proven'
        end as denominator_description
    from counts
    inner join year_totals
        on counts.force_code is not distinct from year_totals.force_code
        and counts.period_end = year_totals.period_end
    -- individuals at proceedings per 10,000 workforce (second unit of ppf_misconduct_proceedings)
    union all
    select
        'ppf_misconduct_proceedings' as measure_id,
        'proceedings_per_10000_workforce' as breakdown,
        counts.geography_level,
        counts.force_code,
        counts.period_start,
        counts.period_end,
        counts.release_date,
        counts.individuals as numerator,
        workforce.headcount as denominator,
        10000 as multiplier,
        'rate_per_10000_workforce' as unit,
        {{ workforce_headcount_description() }} as denominator_description
    from counts
    left join workforce
        on counts.force_code is not distinct from workforce.force_code
        and counts.period_end = workforce.period_end
    where counts.measure_id = 'ppf_misconduct_proceedings' and counts.breakdown = 'total'
)

{{ financial_year_measure_values('parts', count_or_ratio('numerator', 'denominator', 'multiplier')) }}
