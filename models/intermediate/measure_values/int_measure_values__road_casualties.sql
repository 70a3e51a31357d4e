{#
    People killed or seriously injured in reported road collisions (ppf_road_ksi_rate) from DfT
    STATS19, in the long measure-value shape: per 1,000 population, per police force area and
    calendar year (STATS19 counts calendar years), and for England and Wales. The framework's
    rate per billion vehicle miles needs the DfT traffic estimates, which the warehouse does not
    load, so the rate here is per 1,000 residents (unit rate_per_1000_population).
    A casualty counts in the force area its collision's DfT police force code maps to (seed
    stats19_police_forces, resolved in staging); Scottish forces are not force areas and are
    left out. Breakdowns: killed (died within 30 days), seriously_injured and total (killed or
    seriously injured, KSI). Seriously injured follows the DfT adjusted-severity convention:
    the sum over injured (not killed) casualties of the probability that the casualty would be
    classed serious under injury-based reporting (casualty_adjusted_severity_serious); a
    casualty without that probability (every file before the 2024 vintage) counts as its
    police-reported severity (1 if serious, 0 if slight). So years before 2024 are unadjusted
    and not comparable with later years. STATS19 records every reported injury collision, so
    a force area with no casualty in a year counts zero. Denominator: the force area's
    mid-year population of the calendar year (int_forces__denominators row of that year).
    England and Wales: the sums of the 43 force areas' counts and populations.
#}
with

casualties as (
    select * from {{ ref('stg_road_casualties__casualties') }}
    where is_force_area
),

forces as (
    select * from {{ ref('police_force_areas') }}
),

denominators as (
    select * from {{ ref('int_forces__denominators') }}
),

years as (
    select
        collision_year,
        period_start,
        period_end,
        max(release_date) as release_date
    from casualties
    group by collision_year, period_start, period_end
),

-- Each casualty's weight as seriously injured: the DfT adjustment probability where the file
-- publishes it, otherwise the police-reported severity (1 serious, 0 slight).
casualty_weights as (
    select
        force_code,
        collision_year,
        is_killed,
        coalesce(
            casualty_adjusted_severity_serious,
            case when casualty_severity = 2 then 1.0 else 0.0 end
        ) as serious_weight
    from casualties
),

casualty_counts as (
    select
        force_code,
        collision_year,
        count(*) filter (where is_killed) as killed,
        sum(serious_weight) filter (where not is_killed) as seriously_injured
    from casualty_weights
    group by force_code, collision_year
),

force_years as (
    select
        forces.force_code,
        years.period_start,
        years.period_end,
        years.release_date,
        cast(coalesce(casualty_counts.killed, 0) as double) as killed,
        cast(coalesce(casualty_counts.seriously_injured, 0) as double) as seriously_injured,
        cast(denominators.population as double) as population,
        denominators.population_description
    from forces
    cross join years
    left join casualty_counts
        on forces.force_code = casualty_counts.force_code
        and years.collision_year = casualty_counts.collision_year
    left join denominators
        on forces.force_code = denominators.force_code
        and years.collision_year = denominators.denominator_year
),

force_breakdowns as (
    select
        'police_force_area' as geography_level,
        force_years.force_code,
        force_years.period_start,
        force_years.period_end,
        force_years.release_date,
        force_years.population,
        force_years.population_description,
        breakdowns.breakdown,
        breakdowns.numerator
    from force_years
    cross join lateral (
        values
        ('total', force_years.killed + force_years.seriously_injured),
        ('killed', force_years.killed),
        ('seriously_injured', force_years.seriously_injured)
    ) as breakdowns (breakdown, numerator)
),

national_breakdowns as (
    select
        'england_and_wales' as geography_level,
        cast(null as varchar) as force_code,
        period_start,
        period_end,
        max(release_date) as release_date,
        case when count(population) = count(*) then sum(population) end as population,
        'residents of the 43 police force areas: ' || any_value(population_description) as population_description,
        breakdown,
        sum(numerator) as numerator
    from force_breakdowns
    group by breakdown, period_start, period_end
),

all_breakdowns as (
    select * from force_breakdowns
    union all
    select * from national_breakdowns
)

select
    'ppf_road_ksi_rate' as measure_id,
    breakdown,
    geography_level,
    force_code,
    'calendar_year' as period_type,
    period_start,
    period_end,
    numerator,
    population as denominator,
    {{ rate('numerator', 'population', 1000) }} as value,
    'rate_per_1000_population' as unit,
    population_description as denominator_description,
    release_date
from all_breakdowns
