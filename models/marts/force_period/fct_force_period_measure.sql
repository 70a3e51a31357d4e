with

compared as (
    select * from {{ ref('int_measure_values__compared') }}
    where geography_level = 'police_force_area'
)

select
    {{ measure_value_columns(key_columns=['force_code']) }}
from compared
