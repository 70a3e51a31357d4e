{#
    Knife-enabled crime (ppf_knife_enabled_crime) from the Home Office open data on offences
    involving a knife or sharp instrument, in the long measure-value shape. The catalogue sets
    the measure at England and Wales level: national rows only, for quarters, financial years
    and rolling years ending each quarter. Each offence row counts in the breakdown its
    knife-enabled offence type maps to (seed knife_enabled_crime_breakdowns) and in the total
    (all seven types); an offence of no knife-enabled type counts nowhere. The national figure
    is the sum over the 43 force areas except the forces the seed national_series_exclusions
    leaves out of the whole series (Devon and Cornwall); British Transport Police is excluded.
    A force quarter in a documented gap (seeds/reference/known_data_gaps.csv: Greater Manchester July
    2019 to March 2020, not comparable) counts as unknown, so the national figure for it is
    null, as is any sum that meets a suppressed cell.
#}
with

knife_offences as (
    select * from {{ ref('stg_knife_offences__offences') }}
    where is_force_area
),

breakdowns as (
    select * from {{ ref('knife_enabled_crime_breakdowns') }}
),

exclusions as (
    select * from {{ ref('national_series_exclusions') }}
    where source_id = 'knife_offences'
),

typed_offences as (
    select
        breakdowns.breakdown,
        knife_offences.release_date,
        knife_offences.period_start,
        knife_offences.period_end,
        case when not knife_offences.is_in_known_gap then knife_offences.offence_count end as offence_count
    from knife_offences
    inner join breakdowns
        on knife_offences.knife_enabled_type = breakdowns.knife_enabled_type
    anti join exclusions
        on knife_offences.force_code = exclusions.force_code
),

force_quarters as (
    select * from typed_offences
    union all
    select
        'total' as breakdown,
        release_date,
        period_start,
        period_end,
        offence_count
    from typed_offences
),

measure_values as (
    {{ national_quarterly_count_values('force_quarters', 'ppf_knife_enabled_crime') }}
)

select * from measure_values
