{#
    Every measure value with its comparisons: previous period, same period a year earlier,
    baseline (int_measure_values__baselines: like with like), the England and Wales figure, the
    peer group's mean and the force's quartile within its group
    (int_measure_values__peer_compared), rank among the force areas, the direction of travel
    against a year earlier and, for measures with a target (int_crs1999__targets,
    int_measure_values__targets), the target, the trajectory and whether the value is on it.
    Comparisons stay within one period type and one series (int_measure_values__series: never
    across a change of definition). The direction test fits the figure
    (int_measure_breakdowns__classified): Poisson for counts and rates of counts, two-proportion
    for proportions of counted events, the publisher's significance for survey estimates,
    none otherwise. Ranks only rates and proportions with a desired direction; City of London
    is not ranked on rates per resident; rank_note says why a force value has no rank.
#}
with

measure_values as (
    select * from {{ ref('int_measure_values__series') }}
),

baselines as (
    select * from {{ ref('int_measure_values__baselines') }}
),

crs1999_targets as (
    select * from {{ ref('int_crs1999__targets') }}
),

other_targets as (
    select * from {{ ref('int_measure_values__targets') }}
),

targets as (
    select
        measure_id,
        breakdown,
        'police_force_area' as geography_level,
        force_code,
        period_type,
        period_end,
        target_value,
        trajectory_value
    from crs1999_targets
    union all
    select
        measure_id,
        breakdown,
        geography_level,
        force_code,
        period_type,
        period_end,
        target_value,
        trajectory_value
    from other_targets
),

catalogue as (
    select * from {{ ref('measure_catalogue') }}
),

gap_excluded as (
    select
        'england_and_wales' as geography_level,
        *
    from {{ ref('int_measure_values__gap_excluded') }}
),

known_gaps as (
    select * from {{ ref('known_data_gaps') }}
),

-- Value rows that fall in a documented gap: a force's own rows in its gap periods, and the
-- England and Wales rows whose period overlaps a force's gap in the same source.
gap_rows as (
    select distinct
        measure_values.measure_id,
        measure_values.geography_level,
        measure_values.force_code,
        measure_values.period_type,
        measure_values.period_start,
        measure_values.period_end
    from measure_values
    inner join catalogue
        on measure_values.measure_id = catalogue.measure_id
    inner join known_gaps
        on catalogue.source_id = known_gaps.source_id
        and measure_values.period_start <= known_gaps.period_end
        and measure_values.period_end >= known_gaps.period_start
        and (
            measure_values.geography_level = 'england_and_wales'
            or measure_values.force_code = known_gaps.force_code
        )
),

peer_comparisons as (
    select * from {{ ref('int_measure_values__peer_compared') }}
),

with_history as (
    select
        *,
        lag(value) over history as previous_value,
        max(value) over year_earlier as year_ago_value,
        max(numerator) over year_earlier as year_ago_numerator,
        max(denominator) over year_earlier as year_ago_denominator
    from measure_values
    -- A series break starts a new partition: nothing is compared across it.
    window
        history as (
            partition by measure_id, breakdown, geography_level, force_code, period_type, series_start
            order by period_start
        ),
        year_earlier as (
            partition by measure_id, breakdown, geography_level, force_code, period_type, series_start
            order by period_start
            range between interval 1 year preceding and interval 1 year preceding
        )
),

-- Near a documented gap (int_measure_values__gap_excluded) an England and Wales figure is
-- compared without the gap force in both years; over the gap it is published without it.
gap_matched as (
    select
        with_history.*,
        gap_current.excluded_forces,
        with_history.geography_level = 'england_and_wales'
        and with_history.value is null
        and coalesce(gap_current.overlaps_gap, false) as is_gap_substituted,
        gap_year_ago.measure_id is not null
        and gap_current.measure_id is not null
        and (gap_current.overlaps_gap or gap_year_ago.overlaps_gap) as is_compared_without_gap,
        gap_current.value as gap_value,
        gap_current.numerator as gap_numerator,
        gap_current.denominator as gap_denominator,
        gap_year_ago.value as gap_year_ago_value,
        gap_year_ago.numerator as gap_year_ago_numerator,
        gap_year_ago.denominator as gap_year_ago_denominator
    from with_history
    -- geography_level is joined as a key (not filtered in the join) so that DuckDB hashes
    -- the join instead of looping over every pair of rows.
    left join gap_excluded as gap_current
        on {{ value_key_matches('with_history', 'gap_current', keys=[
            'geography_level', 'measure_id', 'breakdown', 'period_type', 'period_start', 'period_end'
        ]) }}
    left join gap_excluded as gap_year_ago
        on with_history.geography_level = gap_year_ago.geography_level
        and with_history.measure_id = gap_year_ago.measure_id
        and with_history.breakdown = gap_year_ago.breakdown
        and with_history.period_type = gap_year_ago.period_type
        and with_history.period_start - interval 1 year = gap_year_ago.period_start
),

adjusted as (
    select
        * replace (
            case when is_gap_substituted then gap_value else value end as value,
            case when is_gap_substituted then gap_numerator else numerator end as numerator,
            case when is_gap_substituted then gap_denominator else denominator end as denominator,
            case when is_compared_without_gap then gap_year_ago_value else year_ago_value end
                as year_ago_value,
            case when is_compared_without_gap then gap_year_ago_numerator else year_ago_numerator end
                as year_ago_numerator,
            case
                when is_compared_without_gap then gap_year_ago_denominator else year_ago_denominator
            end as year_ago_denominator
        ),
        case when is_compared_without_gap then gap_value else value end as compared_value,
        case when is_compared_without_gap then gap_numerator else numerator end
            as compared_numerator,
        case when is_compared_without_gap then gap_denominator else denominator end
            as compared_denominator
    from gap_matched
),

national as (
    select
        measure_id,
        breakdown,
        period_type,
        period_start,
        period_end,
        value as national_value
    from adjusted
    where geography_level = 'england_and_wales'
),

compared as (
    select
        with_history.* exclude (value_status),
        national.national_value,
        baselines.baseline_value,
        with_history.compared_value - with_history.year_ago_value as change_vs_year_ago,
        with_history.value - baselines.baseline_value as change_vs_baseline,
        case with_history.direction_test
            when 'poisson' then {{ poisson_change_z(
                'with_history.compared_numerator',
                'with_history.compared_denominator',
                'with_history.year_ago_numerator',
                'with_history.year_ago_denominator',
            ) }}
            when 'two_proportion' then {{ two_proportion_z(
                'with_history.compared_numerator',
                'with_history.compared_denominator',
                'with_history.year_ago_numerator',
                'with_history.year_ago_denominator',
            ) }}
        end as change_z,
        case
            when with_history.value is not null then 'available'
            when with_history.value_status is not null then with_history.value_status
            when gap_rows.measure_id is not null then 'gap'
            when with_history.numerator is not null then 'not_applicable'
            else 'not_published'
        end as value_status,
        nullif(concat_ws(
            '; ',
            case
                when with_history.series_start is not null
                    and with_history.period_end - interval 1 year < with_history.series_start
                    then 'series break: ' || with_history.series_note
            end,
            case
                when with_history.is_gap_substituted
                    then 'England and Wales excluding ' || with_history.excluded_forces
                        || ' (a documented data gap in this period)'
            end,
            case
                when with_history.is_compared_without_gap
                    then 'compared with a year earlier excluding ' || with_history.excluded_forces
                        || ' in both years (a documented data gap)'
            end
        ), '') as comparison_note
    from adjusted as with_history
    left join national
        on with_history.measure_id = national.measure_id
        and with_history.breakdown = national.breakdown
        and with_history.period_type = national.period_type
        and with_history.period_start = national.period_start
        and with_history.period_end = national.period_end
    left join gap_rows
        on {{ value_key_matches('with_history', 'gap_rows', keys=[
            'measure_id', 'geography_level', 'force_code', 'period_type', 'period_start', 'period_end'
        ]) }}
    left join baselines
        on {{ value_key_matches('with_history', 'baselines') }}
),

rank_eligibility as (
    select
        *,
        geography_level = 'police_force_area' and value is not null and is_ranked
        and not (is_per_resident and force_code = '{{ var("city_of_london_force_code") }}')
            as is_rank_eligible,
        case
            when geography_level != 'police_force_area' or value is null then null
            when desired_direction not in ('increase', 'decrease')
                then 'not ranked: monitored, with no desired direction'
            when not is_ranked then 'not ranked: a volume, not a rate or proportion'
            when is_per_resident and force_code = '{{ var("city_of_london_force_code") }}'
                then 'not ranked: City of London has about 8,600 residents (Census 2021) and a '
                    || 'daytime population many times larger, so a rate per resident is not comparable'
        end as rank_note
    from compared
),

ranked as (
    select
        *,
        case when is_rank_eligible then rank() over force_order end as rank,
        case direction_test
            when 'published_significance'
                then case
                        when significant_change is null then 'not_assessed'
                        else {{ published_significance_verdict(
                        'significant_change', 'change_vs_year_ago', 'desired_direction'
                    ) }}
                    end
            when 'none' then 'not_assessed'
            else {{ direction_verdict('change_z', 'desired_direction') }}
        end as direction_of_travel,
        case when change_z is not null then {{ two_sided_p_value('change_z') }} end
            as direction_p_value
    from rank_eligibility
    window force_order as (
        partition by
            measure_id, breakdown, geography_level, period_type, period_start, period_end,
            is_rank_eligible
        order by {{ better_first('value', 'desired_direction') }}
    )
)

select
    ranked.measure_id,
    ranked.breakdown,
    ranked.geography_level,
    ranked.force_code,
    ranked.period_type,
    ranked.period_start,
    ranked.period_end,
    ranked.value,
    ranked.value_status,
    ranked.numerator,
    ranked.denominator,
    ranked.unit,
    ranked.denominator_description,
    ranked.release_date,
    ranked.national_value,
    peer_comparisons.peer_group_value,
    cast(ranked.rank as integer) as rank,
    ranked.rank_note,
    peer_comparisons.peer_quartile,
    ranked.previous_value,
    ranked.year_ago_value,
    ranked.baseline_value,
    ranked.change_vs_year_ago,
    ranked.change_vs_baseline,
    ranked.direction_of_travel,
    ranked.direction_test,
    ranked.direction_p_value,
    ranked.comparison_note,
    ranked.lower_ci,
    ranked.upper_ci,
    ranked.significant_change,
    targets.target_value,
    targets.trajectory_value,
    case
        when targets.trajectory_value is null or ranked.value is null then null
        when ranked.desired_direction = 'decrease' then ranked.value <= targets.trajectory_value
        else ranked.value >= targets.trajectory_value
    end as meets_target
from ranked
left join peer_comparisons
    on ranked.measure_id = peer_comparisons.measure_id
    and ranked.breakdown = peer_comparisons.breakdown
    and ranked.force_code = peer_comparisons.force_code
    and ranked.period_type = peer_comparisons.period_type
    and ranked.period_start = peer_comparisons.period_start
    and ranked.period_end = peer_comparisons.period_end
left join targets
    on ranked.measure_id = targets.measure_id
    and ranked.breakdown = targets.breakdown
    and ranked.geography_level = targets.geography_level
    and ranked.force_code is not distinct from targets.force_code
    and ranked.period_type = targets.period_type
    and ranked.period_end = targets.period_end
