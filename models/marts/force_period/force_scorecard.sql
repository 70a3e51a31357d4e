{#
    One row per force area and force-level headline measure (Police Performance Framework
    headlines and the 1999 five-year targets), for the measure's latest headline period and its
    total breakdown. Measures not yet computed appear with null figures and their availability.
#}
with

forces as (
    select * from {{ ref('dim_force') }}
),

catalogue as (
    select * from {{ ref('measure_catalogue') }}
    where measure_type in ('headline', 'five_year_target')
        and geographic_level = 'police_force_area'
),

status as (
    select * from {{ ref('measure_status') }}
),

force_values as (
    select
        *,
        {{ headline_period_order('measure_id, force_code') }} as headline_order
    from {{ ref('fct_force_period_measure') }}
    where breakdown = 'total'
)

select
    forces.force_code,
    forces.force_name,
    catalogue.measure_id,
    catalogue.name as measure_name,
    catalogue.framework,
    catalogue.desired_direction,
    status.availability,
    force_values.period_type,
    force_values.period_start,
    force_values.period_end,
    force_values.value,
    force_values.unit,
    force_values.national_value,
    force_values.peer_group_value,
    force_values.rank,
    force_values.peer_quartile,
    force_values.year_ago_value,
    force_values.change_vs_year_ago,
    force_values.baseline_value,
    force_values.direction_of_travel,
    force_values.direction_p_value,
    force_values.target_value,
    force_values.meets_target,
    force_values.release
from forces
cross join catalogue
inner join status
    on catalogue.measure_id = status.measure_id
left join force_values
    on forces.force_code = force_values.force_code
    and catalogue.measure_id = force_values.measure_id
    and force_values.headline_order = 1
