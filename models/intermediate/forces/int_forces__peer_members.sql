{#
    Members of each force's peer group per financial year, the force itself included: the
    official most-similar-group average is the simple mean over the group including the force.
#}
with

peer_groups as (
    select * from {{ ref('int_forces__peer_groups') }}
),

peers as (
    select
        force_code,
        financial_year,
        peer_group_id,
        peer_force_code as member_force_code
    from peer_groups
),

selves as (
    select distinct
        force_code,
        financial_year,
        peer_group_id,
        force_code as member_force_code
    from peer_groups
)

select * from peers
union all
select * from selves
