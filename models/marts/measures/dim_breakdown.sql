{#
    Every breakdown of every measure in the facts, with a label, a description and the rules its
    comparisons follow (int_measure_breakdowns__classified). The label is the breakdown key in
    words ("by_ethnicity:asian_or_asian_british" -> "By ethnicity: asian or asian british");
    the description names the measure (dim_measure has its definition), the kind of figure and, where the breakdown's desired
    direction differs from its measure's, why. A description a seed gives (measure returns)
    is used as it stands.
#}
with

breakdown_rules as (
    select * from {{ ref('int_measure_breakdowns__classified') }}
),

return_breakdowns as (
    select * from {{ ref('measure_return_breakdowns') }}
),

labelled as (
    select
        breakdown_rules.*,
        return_breakdowns.description as seeded_description
    from breakdown_rules
    left join return_breakdowns
        on breakdown_rules.measure_id = return_breakdowns.measure_id
        and breakdown_rules.breakdown = return_breakdowns.breakdown
),

labels as (
    select
        *,
        {{ display_label('breakdown') }} as label
    from labelled
)

select
    cast(measure_id as varchar) as measure_id,
    cast(breakdown as varchar) as breakdown,
    cast(label as varchar) as label,
    cast(
        coalesce(
            rtrim(seeded_description, '.') || '.',
            label || ', a breakdown of ' || measure_id || ' (dim_measure has its definition).'
        )
        || ' Unit: ' || replace(unit, '_', ' ') || '. ' || figure_type_note
        || coalesce(' ' || direction_note, '')
        as varchar
    ) as description,
    cast(breakdown = 'total' as boolean) as is_headline,
    cast(unit as varchar) as unit,
    cast(desired_direction as varchar) as desired_direction,
    cast(figure_type as varchar) as figure_type,
    cast(direction_test as varchar) as direction_test,
    cast(is_ranked as boolean) as is_ranked
from labels
