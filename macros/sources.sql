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
