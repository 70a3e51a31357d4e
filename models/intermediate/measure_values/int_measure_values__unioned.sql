{#
    Every measure value the warehouse computes, in one long shape. Each family model
    (macro measure_value_models) provides the core columns; optional ones (confidence limits and
    the source's own significance verdict, published by survey sources; value_status, the
    reason a family knows for a null value) are filled by name, null where a family has none. The first select fixes every column's type.
#}
with

shape as (
    select
        cast(null as varchar) as measure_id,
        cast(null as varchar) as breakdown,
        cast(null as varchar) as geography_level,
        cast(null as varchar) as force_code,
        cast(null as varchar) as period_type,
        cast(null as date) as period_start,
        cast(null as date) as period_end,
        cast(null as double) as numerator,
        cast(null as double) as denominator,
        cast(null as double) as value,
        cast(null as varchar) as unit,
        cast(null as varchar) as denominator_description,
        cast(null as date) as release_date,
        cast(null as double) as lower_ci,
        cast(null as double) as upper_ci,
        cast(null as boolean) as significant_change,
        cast(null as varchar) as value_status
    where false
),

{% for model_name in measure_value_models() -%}
{{ model_name }} as (
    select * from {{ ref(model_name) }}
),

{% endfor -%}
unioned as (
    select * from shape
    {%- for model_name in measure_value_models() %}
    union all by name
    select * from {{ model_name }}
    {%- endfor %}
)

select
    measure_id,
    breakdown,
    geography_level,
    force_code,
    period_type,
    period_start,
    period_end,
    numerator,
    denominator,
    value,
    unit,
    denominator_description,
    release_date,
    lower_ci,
    upper_ci,
    significant_change,
    value_status
from unioned
