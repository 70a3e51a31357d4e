with

crimes as (
    select * from {{ ref('stg_street_crime__crimes') }}
),

counted as (
    select
        force_code,
        reporting_body_type,
        period_start,
        period_end,
        crime_type,
        crime_type_slug,
        is_anti_social_behaviour,
        count(*) as record_count
    from crimes
    group by
        force_code,
        reporting_body_type,
        period_start,
        period_end,
        crime_type,
        crime_type_slug,
        is_anti_social_behaviour
)

select * from counted
