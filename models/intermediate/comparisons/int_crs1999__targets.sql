{#
    The 1999 Crime Reduction Strategy's rule: each force sets a five-year target that brings it
    level with the top quartile (best 25%) of its peers (int_forces__peer_members, the force
    included, for the base year). Forces already in the top quartile "will also have to show how
    they will seek to improve": their target is their own base value improved by
    var crs1999_top_quartile_improvement (a warehouse parameter; the strategy sets no size).
    City of London has no peer group, so no quartile: it gets the same improvement on its own
    base, never the all-forces quartile (its per-resident rates are not comparable). The path
    to the target is a straight line from the base period to five years after it (var
    crs1999_target_years), read at each later financial year and year ending a quarter.
#}
with

measure_values as (
    select * from {{ ref('int_measure_values__unioned') }}
    where geography_level = 'police_force_area'
),

catalogue as (
    select * from {{ ref('measure_catalogue') }}
    where framework = 'crime_reduction_strategy_1999'
),

baselines as (
    select * from {{ ref('measure_baselines') }}
),

base_values as (
    select
        measure_values.measure_id,
        measure_values.breakdown,
        measure_values.force_code,
        catalogue.desired_direction,
        measure_values.period_end as base_period_end,
        measure_values.value as base_value
    from measure_values
    inner join catalogue
        on measure_values.measure_id = catalogue.measure_id
    inner join baselines
        on {{ rule_applies_to('baselines', 'measure_values') }}
        and measure_values.period_type = baselines.baseline_period_type
        and measure_values.period_end = cast(baselines.baseline_period_end as date)
),

peer_members as (
    select * from {{ ref('int_forces__peer_members') }}
),

peer_quartiles as (
    select
        base_values.measure_id,
        base_values.breakdown,
        base_values.force_code,
        quantile_cont(member_values.base_value, {{ var('crs1999_target_quantile') }})
            as lower_quartile,
        quantile_cont(member_values.base_value, 1 - {{ var('crs1999_target_quantile') }})
            as upper_quartile
    from base_values
    inner join peer_members
        on base_values.force_code = peer_members.force_code
        and {{ financial_year_label('base_values.base_period_end') }} = peer_members.financial_year
    inner join base_values as member_values
        on peer_members.member_force_code = member_values.force_code
        and base_values.measure_id = member_values.measure_id
        and base_values.breakdown = member_values.breakdown
    group by base_values.measure_id, base_values.breakdown, base_values.force_code
),

force_targets as (
    select
        base_values.*,
        case
            when base_values.desired_direction = 'decrease'
                then case
                        when peer_quartiles.lower_quartile is null
                            or base_values.base_value <= peer_quartiles.lower_quartile
                            then base_values.base_value * (1 - {{ var('crs1999_top_quartile_improvement') }})
                        else peer_quartiles.lower_quartile
                    end
            else case
                    when peer_quartiles.upper_quartile is null
                        or base_values.base_value >= peer_quartiles.upper_quartile
                        then base_values.base_value * (1 + {{ var('crs1999_top_quartile_improvement') }})
                    else peer_quartiles.upper_quartile
                end
        end as target_value
    from base_values
    left join peer_quartiles
        on base_values.measure_id = peer_quartiles.measure_id
        and base_values.breakdown = peer_quartiles.breakdown
        and base_values.force_code = peer_quartiles.force_code
),

paths as (
    select
        force_targets.measure_id,
        force_targets.breakdown,
        force_targets.force_code,
        measure_values.period_type,
        measure_values.period_end,
        force_targets.base_value,
        force_targets.target_value,
        least(
            1.0,
            datediff('month', force_targets.base_period_end, measure_values.period_end)
            / (12.0 * {{ var('crs1999_target_years') }})
        ) as share_of_path
    from force_targets
    inner join measure_values
        on force_targets.measure_id = measure_values.measure_id
        and force_targets.breakdown = measure_values.breakdown
        and force_targets.force_code = measure_values.force_code
    where measure_values.period_type in ('financial_year', 'year_ending')
        and measure_values.period_end > force_targets.base_period_end
)

select
    measure_id,
    breakdown,
    force_code,
    period_type,
    period_end,
    base_value,
    target_value,
    base_value + (target_value - base_value) * share_of_path as trajectory_value
from paths
