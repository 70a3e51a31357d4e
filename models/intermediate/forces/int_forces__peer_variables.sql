{#
    Contextual variables of each force area for the most-similar-force groups, standardised
    across the force areas (z-scores; City of London excluded: about 8,600 residents and a large
    daytime population, and the official method gives it no group). Only demographic context is
    used, never a figure the groups are used to judge (no crime rates or crime mix), and only
    Census 2021 facts (seeds/reference/police_force_areas.csv, ONS), so the groups stay fixed until the
    next census: the same variables, hence the same groups, for every financial year the
    warehouse holds. The variables and weights are in seeds/reference/peer_group_variables.csv.
#}
with

force_areas as (
    select * from {{ ref('police_force_areas') }}
    where force_code != '{{ var("city_of_london_force_code") }}'
),

variables as (
    select * from {{ ref('peer_group_variables') }}
),

category_counts as (
    select * from {{ ref('int_prc__categories_by_period') }}
    where period_type = 'financial_year'
),

-- The financial years the groups are laid out for: every year with recorded crime figures.
financial_years as (
    select distinct {{ financial_year_label('period_end') }} as financial_year
    from category_counts
),

{%- set peer_variables = {
    'log_population': 'ln(force_areas.census2021_usual_residents)',
    'persons_per_household': 'force_areas.census2021_usual_residents / force_areas.census2021_households',
} %}

flattened as (
    {%- for name, expression in peer_variables.items() %}
    select
        force_areas.force_code,
        '{{ name }}' as variable_name,
        cast({{ expression }} as double) as raw_value
    from force_areas
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

standardised as (
    select
        flattened.force_code,
        flattened.variable_name,
        flattened.raw_value,
        variables.weight,
        (flattened.raw_value - avg(flattened.raw_value) over by_variable)
        / nullif(stddev_pop(flattened.raw_value) over by_variable, 0) as z_value
    from flattened
    inner join variables
        on flattened.variable_name = variables.variable_name
    window by_variable as (partition by flattened.variable_name)
)

select
    standardised.force_code,
    financial_years.financial_year,
    standardised.variable_name,
    standardised.raw_value,
    standardised.weight,
    standardised.z_value
from standardised
cross join financial_years
