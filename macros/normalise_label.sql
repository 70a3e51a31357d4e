{#
    Matching form of a published label: lower case, '&' read as 'and', every run of characters
    other than a-z and 0-9 folded to one space, trimmed. The loaders compute the same form in
    Python (orchestration/ingest/cells.py) to resolve names through the variants seed.
#}
{% macro normalise_label(expression) -%}
    trim(regexp_replace(replace(lower({{ expression }}), '&', ' and '), '[^a-z0-9]+', ' ', 'g'))
{%- endmacro %}
