{#
    The warehouse's own most-similar-force groups, published so every peer comparison can be
    traced: one row per force area, financial year and peer. Derived by
    int_forces__peer_groups (seven nearest force areas on standardised Census 2021 context,
    the same every year, changed where seeds/reference/peer_group_overrides.csv says); not the Home
    Office's official groups, which are not public.
#}
with

peer_groups as (
    select * from {{ ref('int_forces__peer_groups') }}
)

select
    cast(force_code as varchar) as force_code,
    cast(financial_year as varchar) as financial_year,
    cast(peer_group_id as varchar) as peer_group_id,
    cast(peer_force_code as varchar) as peer_force_code,
    cast(peer_rank as integer) as peer_rank,
    cast(distance as double) as distance,
    cast(membership_source as varchar) as membership_source
from peer_groups
