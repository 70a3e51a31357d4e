with

forces as (
    select * from {{ ref('police_force_areas') }}
),

latest_denominators as (
    select * from {{ ref('int_forces__denominators') }}
    qualify row_number() over (
            partition by force_code order by source_year desc, denominator_year asc
        ) = 1
),

denominators as (
    select * from latest_denominators
),

latest_peer_groups as (
    select distinct
        force_code,
        peer_group_id
    from {{ ref('int_forces__peer_groups') }}
    qualify financial_year = max(financial_year) over ()
),

peer_groups as (
    select * from latest_peer_groups
)

select
    cast(forces.force_code as varchar) as force_code,
    cast(forces.force_name as varchar) as force_name,
    cast(forces.force_full_name as varchar) as force_full_name,
    cast(forces.police_uk_slug as varchar) as police_uk_slug,
    cast(forces.region_code as varchar) as region_code,
    cast(forces.region_name as varchar) as region_name,
    cast(forces.country as varchar) as country,
    cast(peer_groups.peer_group_id as varchar) as peer_group_id,
    denominators.population,
    denominators.households,
    denominators.source_year as denominator_year,
    denominators.population_description as population_source,
    denominators.households_description as households_source
from forces
inner join denominators
    on forces.force_code = denominators.force_code
left join peer_groups
    on forces.force_code = peer_groups.force_code
