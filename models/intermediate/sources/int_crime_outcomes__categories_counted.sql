{#
    Crime outcomes per force area, financial quarter, framework crime category (macro
    offence_category_rules) and outcome set (macro outcome_set_rules), on the Home Office
    headline basis: outcomes, by the extraction date, of the offences recorded in the quarter.
    Beside each count, the offences recorded in the quarter for the same category: the sum over
    every outcome type including 0 (not yet assigned). Only the (category, outcome set) pairs
    some measure uses (seed outcome_measure_breakdowns) are kept, so the category x outcome type
    cross product stays in staging. Force areas only; fraud and computer misuse offences are
    left out of both counts; the alternate-offence subsets 1a/2a/3a are never summed. A row of
    an expired offence code (its recorded-basis cell is 'N/A - offence code expired': no offence
    can be recorded under a retired code) adds nothing; any other missing cell makes the sum it
    meets null. A force quarter in a documented gap of the series (seeds/reference/known_data_gaps.csv,
    Greater Manchester July 2019 to March 2020) has null counts, never partial ones. Every
    category has a row for every force quarter present in the file (zero when no offence of the
    category was recorded).
#}
with

outcomes as (
    select * from {{ ref('stg_crime_outcomes__outcomes') }}
    where is_force_area
),

offence_classification as (
    select * from {{ ref('offence_classification') }}
),

outcome_types as (
    select * from {{ ref('outcome_types') }}
),

measure_breakdowns as (
    select * from {{ ref('outcome_measure_breakdowns') }}
),

category_sets as (
    select distinct
        category,
        outcome_set
    from measure_breakdowns
),

force_quarters as (
    select
        force_code,
        period_start,
        period_end,
        max(release_date) as release_date,
        bool_or(is_in_known_gap) as is_in_known_gap
    from outcomes
    group by force_code, period_start, period_end
),

counted_rows as (
    select *
    from outcomes
    where
        not is_alternate_subset
        and coalesce(offence_group, '') not ilike 'fraud%'
        and coalesce(offence_group, '') not ilike '%computer misuse%'
        and not (is_offence_code_expired and outcomes_recorded_in_quarter is null)
),

categorised as (
    {%- for rule in offence_category_rules() %}
    select
        '{{ rule.key }}' as category,
        s.force_code,
        s.period_start,
        s.outcome_type,
        s.outcomes_recorded_in_quarter as outcomes
    from counted_rows as s
    -- Joined for every rule; rules on the published group label leave it unreferenced.
    left join offence_classification as c  -- noqa: ST11
        on s.offence_code = c.offence_code
    where {{ rule.condition }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

used_categories as (
    select *
    from categorised
    where category in (select category_sets.category from category_sets)
),

recorded as (
    select
        category,
        force_code,
        period_start,
        case when count(outcomes) = count(*) then sum(outcomes) end as recorded_offences
    from used_categories
    group by category, force_code, period_start
),

in_sets as (
    {%- for outcome_set in outcome_set_rules() %}
    select
        used_categories.category,
        used_categories.force_code,
        used_categories.period_start,
        {{ outcome_set.key }} as outcome_set,
        used_categories.outcomes
    from used_categories
    inner join outcome_types as o
        on used_categories.outcome_type = o.outcome_type
    where {{ outcome_set.condition }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

set_counts as (
    select
        category,
        outcome_set,
        force_code,
        period_start,
        case when count(outcomes) = count(*) then sum(outcomes) end as outcomes
    from in_sets
    group by category, outcome_set, force_code, period_start
),

framed as (
    select
        category_sets.category,
        category_sets.outcome_set,
        force_quarters.force_code,
        force_quarters.period_start,
        force_quarters.period_end,
        force_quarters.release_date,
        force_quarters.is_in_known_gap,
        -- no published row for the set means none of the category's offences had the outcome
        case when set_counts.category is null then 0 else set_counts.outcomes end as outcomes,
        case when recorded.category is null then 0 else recorded.recorded_offences end
            as recorded_offences
    from force_quarters
    cross join category_sets
    left join set_counts
        on category_sets.category = set_counts.category
        and category_sets.outcome_set = set_counts.outcome_set
        and force_quarters.force_code = set_counts.force_code
        and force_quarters.period_start = set_counts.period_start
    left join recorded
        on category_sets.category = recorded.category
        and force_quarters.force_code = recorded.force_code
        and force_quarters.period_start = recorded.period_start
)

select
    category,
    outcome_set,
    force_code,
    period_start,
    period_end,
    release_date,
    is_in_known_gap,
    case when not is_in_known_gap then outcomes end as outcomes,
    case when not is_in_known_gap then recorded_offences end as recorded_offences
from framed
