with

compared as (
    select * from {{ ref('int_measure_values__compared') }}
    where geography_level = 'england_and_wales'
)

select
    {{ measure_value_columns() }},
    -- Confidence limits and significance come only from survey sources that publish them.
    lower_ci,
    upper_ci,
    significant_change
from compared
