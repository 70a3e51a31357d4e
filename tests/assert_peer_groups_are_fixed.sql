/*
    Purpose: the most-similar-force groups are fixed for the stated period (they come from
    Census 2021 context only), so every force has the same members in every financial year the
    warehouse lays the groups out for.
    Threshold: zero rows returned.
    A failure means a variable that changes from year to year (for example a crime rate) was
    put back into the groups, which would make peers change under the figures they judge.
*/
with

peer_groups as (
    select * from {{ ref('int_forces__peer_groups') }}
),

years as (
    select count(distinct financial_year) as year_count
    from peer_groups
),

membership as (
    select
        force_code,
        peer_force_code,
        count(distinct financial_year) as years_in_group
    from peer_groups
    group by force_code, peer_force_code
)

select membership.*
from membership
cross join years
where membership.years_in_group != years.year_count
