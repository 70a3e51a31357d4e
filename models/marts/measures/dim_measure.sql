with

catalogue as (
    select * from {{ ref('measure_catalogue') }}
),

breakdown_rules as (
    select * from {{ ref('int_measure_breakdowns__classified') }}
),

-- The breakdowns the facts carry (dim_breakdown describes each), headline first.
fact_breakdowns as (
    select
        measure_id,
        string_agg(breakdown, '|' order by breakdown != 'total', breakdown) as breakdowns
    from breakdown_rules
    group by measure_id
),

methods as (
    {%- for seed_name in measure_method_seeds() %}
    select
        measure_id,
        method
    from {{ ref(seed_name) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select
    cast(catalogue.measure_id as varchar) as measure_id,
    cast(catalogue.framework as varchar) as framework,
    cast(catalogue.topic as varchar) as topic,
    cast(catalogue.measure_type as varchar) as measure_type,
    cast(catalogue.name as varchar) as name,
    cast(catalogue.definition as varchar) as definition,
    cast(catalogue.unit as varchar) as unit,
    cast(catalogue.desired_direction as varchar) as desired_direction,
    cast(catalogue.target_value as double) as target_value,
    cast(catalogue.target_description as varchar) as target_description,
    cast(catalogue.target_deadline as varchar) as target_deadline,
    cast(catalogue.baseline_period as varchar) as baseline_period,
    cast(catalogue.data_source as varchar) as data_source,
    cast(catalogue.geographic_level as varchar) as geographic_level,
    cast(catalogue.publication_frequency as varchar) as publication_frequency,
    cast(coalesce(fact_breakdowns.breakdowns, catalogue.breakdowns) as varchar) as breakdowns,
    cast(catalogue.source_id as varchar) as source_id,
    cast(catalogue.source_document as varchar) as source_document,
    cast(coalesce(
        methods.method,
        'Not computed yet: needs source ' || catalogue.source_id || ' (see marts.measure_status).'
    ) as varchar) as method
from catalogue
left join methods
    on catalogue.measure_id = methods.measure_id
left join fact_breakdowns
    on catalogue.measure_id = fact_breakdowns.measure_id
