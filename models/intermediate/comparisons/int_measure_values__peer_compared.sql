{#
    Each force value against its peer group: the group's mean (force included) and the force's
    quartile within the group in the measure's desired direction. A period uses the membership
    of its financial year, or the nearest earlier year held (the latest year for periods after
    the last full year; the earliest for periods before the first).
#}
with

measure_values as (
    select * from {{ ref('int_measure_values__unioned') }}
    where geography_level = 'police_force_area'
),

catalogue as (
    select * from {{ ref('measure_catalogue') }}
),

peer_members as (
    select * from {{ ref('int_forces__peer_members') }}
),

membership_years as (
    select distinct financial_year from peer_members
),

periods as (
    select distinct
        period_end,
        {{ financial_year_label('period_end') }} as period_financial_year
    from measure_values
),

period_membership as (
    select
        periods.period_end,
        coalesce(
            max(membership_years.financial_year) filter (
                where membership_years.financial_year <= periods.period_financial_year
            ),
            min(membership_years.financial_year)
        ) as membership_year
    from periods
    cross join membership_years
    group by periods.period_end
),

subject_values as (
    select
        measure_values.*,
        catalogue.desired_direction,
        period_membership.membership_year
    from measure_values
    inner join catalogue
        on measure_values.measure_id = catalogue.measure_id
    inner join period_membership
        on measure_values.period_end = period_membership.period_end
),

group_values as (
    select
        subject_values.measure_id,
        subject_values.breakdown,
        subject_values.force_code,
        subject_values.period_type,
        subject_values.period_start,
        subject_values.period_end,
        any_value(peer_members.peer_group_id) as peer_group_id,
        avg(member_values.value) as peer_group_value,
        count(member_values.value) as members_with_value,
        count(member_values.value) filter (
            where {{ better_first('member_values.value', 'subject_values.desired_direction') }}
            < {{ better_first('subject_values.value', 'subject_values.desired_direction') }}
        ) as members_better
    from subject_values
    inner join peer_members
        on subject_values.force_code = peer_members.force_code
        and subject_values.membership_year = peer_members.financial_year
    inner join measure_values as member_values
        on peer_members.member_force_code = member_values.force_code
        and subject_values.measure_id = member_values.measure_id
        and subject_values.breakdown = member_values.breakdown
        and subject_values.period_type = member_values.period_type
        and subject_values.period_start = member_values.period_start
        and subject_values.period_end = member_values.period_end
    where subject_values.value is not null
    group by
        subject_values.measure_id,
        subject_values.breakdown,
        subject_values.force_code,
        subject_values.period_type,
        subject_values.period_start,
        subject_values.period_end
)

select
    measure_id,
    breakdown,
    force_code,
    period_type,
    period_start,
    period_end,
    peer_group_id,
    peer_group_value,
    cast(members_with_value as integer) as members_with_value,
    cast(least(4, 1 + floor(4.0 * members_better / nullif(members_with_value - 1, 0))) as integer)
        as peer_quartile
from group_values
