{#
    Outcome and recorded-offence counts per crime category, outcome set and force area for
    quarters, financial years and rolling years ending each quarter (complete periods only; a
    window holding a null quarter, suppressed or in a known gap, stays null). Numerators and
    denominators are summed first; rates are taken later from the sums. Each financial year may
    come from its own release, so the release date is carried (the latest in the window), not
    keyed.
#}
{{ roll_up_quarters(
    ref('int_crime_outcomes__categories_counted'),
    key_columns=['category', 'outcome_set', 'force_code'],
    sum_columns=['outcomes', 'recorded_offences'],
    max_columns=['release_date'],
) }}
