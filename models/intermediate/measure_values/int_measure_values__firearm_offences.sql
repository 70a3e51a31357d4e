{#
    Offences involving the discharge of a firearm (ncpm_firearm_discharge_offences) from the
    Home Office open data on offences involving the use of firearms, in the long measure-value
    shape. The catalogue sets the measure at England and Wales level: national rows only
    (breakdown total), for quarters, financial years and rolling years ending each quarter
    (the NCPM baseline is the year ending June 2019). Discharge is the firearm use category
    fired (staging is_firearm_discharged: a use label reading 'fired' or 'discharged'), over
    every offence type and firearm type; threats and use as a blunt instrument are left out.
    Only the quarterly (long) tables are used: the historic wide tables are financial years
    with no force column. The national figure is the sum over the 43 force areas (British
    Transport Police and the published England and Wales row are not used); a sum that meets a
    suppressed cell stays null.
#}
with

firearm_offences as (
    select * from {{ ref('stg_firearm_offences__offences') }}
    where is_force_area and period_type = 'quarter'
),

force_quarters as (
    select
        'total' as breakdown,
        release_date,
        period_start,
        period_end,
        offence_count
    from firearm_offences
    where is_firearm_discharged
),

measure_values as (
    {{ national_quarterly_count_values('force_quarters', 'ncpm_firearm_discharge_offences') }}
)

select * from measure_values
