{#
    The national figure of every measure, named by the geography it covers: England and Wales
    unless seeds/measures/measure_national_geographies.csv says the source covers England only (hospital
    admissions, drug treatment referrals) or the United Kingdom (the business cyber survey).
#}
with

compared as (
    select * from {{ ref('int_measure_values__compared') }}
    where geography_level = 'england_and_wales'
),

geographies as (
    select * from {{ ref('measure_national_geographies') }}
),

national as (
    select
        compared.*,
        coalesce(geographies.geography, 'england_and_wales') as geography  -- noqa: RF04
    from compared
    left join geographies
        on compared.measure_id = geographies.measure_id
)

select
    {{ measure_value_columns(key_columns=['geography']) }},
    -- Confidence limits and significance come only from survey sources that publish them.
    lower_ci,
    upper_ci,
    significant_change
from national
