{#
    Workforce denominator of rates per 1,000 or 10,000 workforce (police complaints and
    misconduct): the headcount at each 31 March of police officers, special constables, police
    staff, PCSOs and designated officers, from the main table of Police Workforce Statistics
    (stg_workforce__snapshot), per force area and, with force_code null, summed over the 43
    force areas for England and Wales. Headcount, not FTE, because special constables are
    published by headcount only and the misconduct statistics count them with officers.
    Police support volunteers are not workforce and are left out; rows totalling a breakdown
    are left out so nothing is counted twice; a sum meeting a suppressed headcount stays null.
#}
{% macro workforce_headcount() -%}
    select
        force_code,
        period_end,
        {{ sum_keeping_nulls('headcount') }} as headcount
    from (
        {{ force_and_national_rows(ref('stg_workforce__snapshot')) }}
    ) as workforce_rows
    where
        is_force_area
        and table_type = 'main'
        and not is_breakdown_total
        and month(period_end) = 3
        and worker_type in (
            'police_officer', 'special_constable', 'police_staff', 'pcso', 'designated_officer'
        )
    group by geography_level, force_code, period_end
{%- endmacro %}

{# The denominator_description of rates over workforce_headcount(). #}
{% macro workforce_headcount_description() -%}
    'Headcount at 31 March closing the financial year of police officers, special constables, '
    || 'police staff, PCSOs and designated officers (Police Workforce Statistics, main table)'
{%- endmacro %}
