{#
    Raw tables keep every release; staging reads the latest one, for sources that re-publish
    their whole history in one file. Releases are ISO dates (from the file name's DDMMYY
    suffix, the file's cover sheet, or the date an undated file was first loaded); two files
    with the same release (a re-issue under the same name) are told apart by load time.
#}
{% macro latest_release(relation) -%}
    select *
    from {{ relation }}
    where _file_sha256 = (
        select _file_sha256
        from {{ relation }}
        order by _release desc, _loaded_at desc, _file_sha256 desc
        limit 1
    )
{%- endmacro %}

{#
    Resolve a published force name to its ONS code through the variants seed, and recognise the
    non-force reporting bodies. Both sides are compared in the normalise_label form.
#}
{% macro force_lookup() -%}
    select
        {{ normalise_label('variant') }} as force_label,
        force_code
    from {{ ref('force_name_variants') }}
    union
    select
        {{ normalise_label('force_name') }} as force_label,
        force_code
    from {{ ref('police_force_areas') }}
{%- endmacro %}

{% macro reporting_body_lookup() -%}
    select distinct
        {{ normalise_label('body_name') }} as body_label,
        body_type
    from {{ ref('reporting_bodies') }}
{%- endmacro %}

{#
    A raw table as staging reads it, whether or not its source has been loaded. Ingestion
    creates raw.<source_id> with the first file it accepts, so a warehouse holding only some
    sources has no table for the others. Decided at run time: when the table exists this is the
    source relation; when it does not, an empty relation with the columns (all text, as raw
    keeps them) the source's YAML declares, so every model downstream builds, its families are
    empty and measure_status says source_not_loaded. Inside a unit test the source is the
    test's fixture and is returned unchanged.
#}
{% macro raw_source(table_name) -%}
    {%- set relation = source('raw', table_name) -%}
    {%- if not execute or relation.is_cte -%}
        {{ relation }}
    {%- elif adapter.get_relation(
        database=relation.database, schema=relation.schema, identifier=relation.identifier
    ) is none -%}
        {{ empty_raw_relation(table_name) }}
    {%- else -%}
        {{ relation }}
    {%- endif -%}
{%- endmacro %}

{% macro raw_source_columns(table_name) -%}
    {%- set node = graph.sources['source.' ~ project_name ~ '.raw.' ~ table_name] -%}
    {{ return(node.columns.values() | list) }}
{%- endmacro %}

{% macro empty_raw_relation(table_name) -%}
    (
        select
            {%- for column in raw_source_columns(table_name) %}
            cast(null as {{ column.data_type or 'varchar' }}) as {{ adapter.quote(column.name) }}
            {%- if not loop.last %},{% endif %}
            {%- endfor %}
        where false
    ) as {{ adapter.quote('empty_' ~ table_name) }}
{%- endmacro %}
