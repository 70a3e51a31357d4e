/*
    Purpose: a suppressed or missing published cell stays null with its reason; it never becomes
    a number (README, Methods in brief: suppressed cells stay null with their reason, never
    zero). Every row of stg_prc__recorded_crime that carries a value_note must
    have a null offence_count.
    Threshold: zero rows returned.
    A failure means a special value ('[x]', '*', '..', an empty cell, ...) was parsed into a
    count - most likely zero - so force and national totals would be understated without any
    sign. The returned rows give the source file, sheet and row number of each such cell.
*/
select
    source_file,
    source_sheet,
    source_row_number,
    force_name,
    financial_year,
    financial_quarter,
    offence_code,
    offence_count,
    value_note
from {{ ref('stg_prc__recorded_crime') }}
where value_note is not null
    and offence_count is not null
