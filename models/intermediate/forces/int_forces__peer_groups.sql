{#
    The warehouse's own most-similar-force groups (no official list is public): for each force
    area and financial year, the seven other force areas nearest on the standardised contextual
    variables (weighted Euclidean distance). Membership is asymmetric, like the official groups:
    B can be among A's nearest without A among B's. City of London has no group and is in none.
    A user may change a group with seeds/reference/peer_group_overrides.csv: `remove` drops a derived
    peer, `add` puts another force area in (membership_source says which rows come from the
    seed). The variables are Census 2021 context only, so the groups are the same every year.
#}
with

variables as (
    select * from {{ ref('int_forces__peer_variables') }}
),

overrides as (
    select * from {{ ref('peer_group_overrides') }}
),

distances as (
    select
        subject.force_code,
        subject.financial_year,
        peer.force_code as peer_force_code,
        round(sqrt(sum(subject.weight * pow(subject.z_value - peer.z_value, 2))), 9) as distance
    from variables as subject
    inner join variables as peer
        on subject.financial_year = peer.financial_year
        and subject.variable_name = peer.variable_name
        and subject.force_code != peer.force_code
    group by subject.force_code, subject.financial_year, peer.force_code
),

ranked as (
    select
        *,
        row_number() over (
            partition by force_code, financial_year
            order by distance, peer_force_code
        ) as peer_rank
    from distances
),

nearest as (
    select * from ranked
    where peer_rank <= {{ var('peer_group_size') }}
),

kept as (
    select
        nearest.*,
        'derived' as membership_source
    from nearest
    left join overrides
        on nearest.force_code = overrides.force_code
        and nearest.peer_force_code = overrides.member_force_code
        and overrides.action = 'remove'
    where overrides.force_code is null
),

added as (
    select
        ranked.*,
        'override' as membership_source
    from ranked
    inner join overrides
        on ranked.force_code = overrides.force_code
        and ranked.peer_force_code = overrides.member_force_code
        and overrides.action = 'add'
    where ranked.peer_rank > {{ var('peer_group_size') }}
),

members as (
    select * from kept
    union all
    select * from added
)

select
    force_code,
    financial_year,
    'peers_' || force_code as peer_group_id,
    peer_force_code,
    cast(peer_rank as integer) as peer_rank,
    distance,
    membership_source
from members
