{#
    Category counts per force area for quarters, financial years and rolling years ending each
    quarter (complete periods only; a window holding a suppressed quarter stays null).
#}
{{ roll_up_quarters(
    ref('int_prc__categories_counted'),
    key_columns=['category', 'force_code', 'release_date'],
    sum_columns=['offence_count', 'suppressed_cells'],
) }}
