{#
    Contextual variables per force area and financial year, standardised across the force areas
    (z-scores, City of London excluded: its tiny resident population makes per-resident figures
    unusable, and the official method gives it no group). The variables are those the warehouse
    holds: size, household structure, the level of recorded crime and its mix (seed
    peer_group_variables, which also carries each variable's weight).
#}
with

category_counts as (
    select * from {{ ref('int_prc__categories_by_period') }}
    where period_type = 'financial_year'
),

denominators as (
    select * from {{ ref('int_forces__denominators') }}
),

variables as (
    select * from {{ ref('peer_group_variables') }}
),

pivoted as (
    select
        force_code,
        period_start,
        period_end,
        sum(offence_count) filter (where category = 'total_recorded_crime') as total_crime,
        sum(offence_count) filter (where category = 'violence_against_the_person') as violence,
        sum(offence_count) filter (where category = 'theft_offences') as theft,
        sum(offence_count) filter (where category = 'residential_burglary') as burglary,
        sum(offence_count) filter (where category = 'vehicle_crime') as vehicle,
        sum(offence_count) filter (where category = 'shop_theft') as shop_theft,
        sum(offence_count) filter (where category = 'drug_offences') as drugs
    from category_counts
    where force_code != 'E23000034'
    group by force_code, period_start, period_end
),

{%- set peer_variables = {
    'log_population': 'ln(denominators.population)',
    'persons_per_household': 'denominators.population / denominators.households',
    'log_crime_rate': 'ln(pivoted.total_crime * 1000.0 / denominators.population)',
    'share_violence_against_the_person': 'pivoted.violence / pivoted.total_crime',
    'share_theft_offences': 'pivoted.theft / pivoted.total_crime',
    'share_residential_burglary': 'pivoted.burglary / pivoted.total_crime',
    'share_vehicle_crime': 'pivoted.vehicle / pivoted.total_crime',
    'share_shop_theft': 'pivoted.shop_theft / pivoted.total_crime',
    'share_drug_offences': 'pivoted.drugs / pivoted.total_crime',
} %}

flattened as (
    {%- for name, expression in peer_variables.items() %}
    select
        pivoted.force_code,
        {{ financial_year_label('pivoted.period_end') }} as financial_year,
        '{{ name }}' as variable_name,
        cast({{ expression }} as double) as raw_value
    from pivoted
    inner join denominators
        on pivoted.force_code = denominators.force_code
        and {{ denominator_year('pivoted.period_start') }} = denominators.denominator_year
    where pivoted.total_crime > 0
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

standardised as (
    select
        flattened.force_code,
        flattened.financial_year,
        flattened.variable_name,
        flattened.raw_value,
        variables.weight,
        (flattened.raw_value - avg(flattened.raw_value) over by_variable)
        / nullif(stddev_pop(flattened.raw_value) over by_variable, 0) as z_value
    from flattened
    inner join variables
        on flattened.variable_name = variables.variable_name
    window by_variable as (partition by flattened.financial_year, flattened.variable_name)
)

select * from standardised
