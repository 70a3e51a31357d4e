{#
    Every breakdown of every measure the facts carry, with the rules its comparisons follow:
    the desired direction (the measure's, unless seeds/measures/measure_breakdown_directions.csv sets one
    for the breakdown), the kind of figure (seeds/measures/measure_figure_types.csv: a row for the
    breakdown, else the measure's '*' row), the test of a change that kind of figure takes,
    and whether a force's value may be ranked (rates and proportions with a direction; a rank
    of a volume or of a monitored figure means nothing).
#}
with

measure_values as (
    select * from {{ ref('int_measure_values__unioned') }}
),

catalogue as (
    select * from {{ ref('measure_catalogue') }}
),

figure_types as (
    select * from {{ ref('measure_figure_types') }}
),

breakdown_directions as (
    select * from {{ ref('measure_breakdown_directions') }}
),

breakdowns as (
    select
        measure_id,
        breakdown,
        any_value(unit) as unit
    from measure_values
    group by measure_id, breakdown
),

classified as (
    select
        breakdowns.measure_id,
        breakdowns.breakdown,
        breakdowns.unit,
        coalesce(breakdown_directions.desired_direction, catalogue.desired_direction)
            as desired_direction,
        breakdown_directions.note as direction_note,
        coalesce(own_type.figure_type, measure_type.figure_type) as figure_type,
        coalesce(own_type.note, measure_type.note) as figure_type_note
    from breakdowns
    inner join catalogue
        on breakdowns.measure_id = catalogue.measure_id
    left join breakdown_directions
        on breakdowns.measure_id = breakdown_directions.measure_id
        and breakdowns.breakdown = breakdown_directions.breakdown
    left join figure_types as own_type
        on breakdowns.measure_id = own_type.measure_id
        and breakdowns.breakdown = own_type.breakdown
    left join figure_types as measure_type
        on breakdowns.measure_id = measure_type.measure_id
        and measure_type.breakdown = '*'
)

select
    measure_id,
    breakdown,
    unit,
    desired_direction,
    direction_note,
    figure_type,
    figure_type_note,
    {{ direction_test('figure_type') }} as direction_test,
    {{ is_rate_or_proportion('unit') }}
    and desired_direction in ('increase', 'decrease') as is_ranked,
    unit in ('rate_per_1000_population', 'rate_per_1000_households') as is_per_resident
from classified
