{#
    Rate denominators per force area and year. A year covered by a loaded ONS mid-year estimate
    (stg_population__force_areas, Table P3) uses it; a later year with no estimate yet uses the
    latest earlier estimate (denominators lag the data, as in the official tables); a year before
    the first estimate, or every year when no estimate is loaded, uses the Census 2021 usual
    residents and households (local authority totals summed to force areas; seed
    police_force_areas). A period takes the estimate of the financial year it starts in (macro
    denominator_year), the convention of the ONS police force area tables.
#}
with

forces as (
    select * from {{ ref('police_force_areas') }}
),

estimates as (
    select * from {{ ref('stg_population__force_areas') }}
    where is_force_area and population is not null and households is not null
),

years as (
    select unnest(range({{ var('denominator_first_year') }}, {{ var('denominator_last_year') }} + 1))
        as denominator_year
),

grid as (
    select
        forces.force_code,
        forces.census2021_usual_residents,
        forces.census2021_households,
        years.denominator_year
    from forces
    cross join years
),

matched as (
    select
        grid.*,
        estimates.population_year,
        estimates.population as estimate_population,
        estimates.households as estimate_households,
        estimates.edition
    from grid
    left join estimates
        on grid.force_code = estimates.force_code
        and grid.denominator_year >= estimates.population_year
    qualify row_number() over (
            partition by grid.force_code, grid.denominator_year
            order by estimates.population_year desc nulls last
        ) = 1
)

select
    cast(force_code as varchar) as force_code,
    cast(denominator_year as integer) as denominator_year,
    cast(coalesce(estimate_population, census2021_usual_residents) as bigint) as population,
    cast(coalesce(estimate_households, census2021_households) as bigint) as households,
    cast(coalesce(population_year, 2021) as integer) as source_year,
    cast(case
        when population_year is null
            then 'Census 2021 usual residents (ONS), local authorities summed to force areas'
        else 'ONS mid-' || population_year || ' population estimate (police force area tables, '
            || edition || ')'
    end as varchar) as population_description,
    cast(case
        when population_year is null
            then 'Census 2021 households (ONS), local authorities summed to force areas'
        else 'ONS households, mid-' || population_year || ' (police force area tables, '
            || edition || ')'
    end as varchar) as households_description
from matched
