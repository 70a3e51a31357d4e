/*
    Purpose: a rank means "better or worse than other forces", so only rates and proportions
    with a desired direction are ranked; a volume (bigger forces have more of everything) or a
    monitored figure is not, and City of London is not ranked on a rate per resident. Every
    force value left unranked says why (rank_note).
    Threshold: zero rows returned.
    A failure means a rank was given where it means nothing (the defect of an earlier build:
    City of London first on "no suspect identified", ranks on raw volumes).
*/
with

forces as (
    select * from {{ ref('fct_force_period_measure') }}
),

catalogue as (
    select * from {{ ref('measure_catalogue') }}
),

breakdown_directions as (
    select * from {{ ref('measure_breakdown_directions') }}
),

judged as (
    select
        forces.*,
        coalesce(breakdown_directions.desired_direction, catalogue.desired_direction)
            as desired_direction
    from forces
    inner join catalogue
        on forces.measure_id = catalogue.measure_id
    left join breakdown_directions
        on forces.measure_id = breakdown_directions.measure_id
        and forces.breakdown = breakdown_directions.breakdown
)

select
    measure_id,
    breakdown,
    force_code,
    period_type,
    period_end,
    unit,
    desired_direction,
    rank,
    rank_note
from judged
where
    (
        rank is not null
        and (
            not {{ is_rate_or_proportion('unit') }}
            or desired_direction not in ('increase', 'decrease')
            or (
                force_code = '{{ var("city_of_london_force_code") }}'
                and unit in ('rate_per_1000_population', 'rate_per_1000_households')
            )
        )
    )
    or (rank is null and value is not null and rank_note is null)
