{#
    Recorded offences per force area, financial quarter and framework crime category
    (macro offence_category_rules). Force areas only: British Transport Police and the fraud
    bodies stay in staging and are never counted as forces. A category holding a suppressed
    cell has a null count and the number of suppressed cells beside it.
#}
with

recorded_crime as (
    select * from {{ ref('stg_prc__recorded_crime') }}
),

offence_classification as (
    select * from {{ ref('offence_classification') }}
),

categorised as (
    {%- for rule in offence_category_rules() %}
    select
        '{{ rule.key }}' as category,
        s.force_code,
        s.period_start,
        s.period_end,
        s.release_date,
        s.offence_count,
        s.value_note
    from recorded_crime as s
    -- Joined for every rule; rules on the published group label leave it unreferenced.
    left join offence_classification as c  -- noqa: ST11
        on s.offence_code = c.offence_code
    where s.is_force_area and ({{ rule.condition }})
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

counted as (
    select
        category,
        force_code,
        period_start,
        period_end,
        max(release_date) as release_date,
        case
            when count(*) filter (where offence_count is null) = 0
                then sum(offence_count)
        end as offence_count,
        count(*) filter (where offence_count is null) as suppressed_cells
    from categorised
    group by category, force_code, period_start, period_end
)

select * from counted
