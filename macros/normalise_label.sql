{#
    Matching form of a published label: lower case, '&' read as 'and', every run of characters
    other than a-z and 0-9 folded to one space, trimmed. The loaders compute the same form in
    Python (orchestration/ingest/cells.py) to resolve names through the variants seed.
#}
{% macro normalise_label(expression) -%}
    trim(regexp_replace(replace(lower({{ expression }}), '&', ' and '), '[^a-z0-9]+', ' ', 'g'))
{%- endmacro %}

{#
    A snake_case key in words for display: underscores to spaces, ':' followed by a space, the
    first letter in capitals and the framework's acronyms (VAWG, CSAE, NPP, ASB, SOC, CPS, PCSO)
    written as the framework writes them.
#}
{% macro display_label(key) -%}
    {%- set acronyms = ['VAWG', 'CSAE', 'NPP', 'ASB', 'SOC', 'CPS', 'PCSOs', 'PCSO'] -%}
    {%- set words = "replace(replace(" ~ key ~ ", '_', ' '), ':', ': ')" -%}
    {%- set label = namespace(sql="upper(left(" ~ words ~ ", 1)) || substr(" ~ words ~ ", 2)") -%}
    {%- for acronym in acronyms -%}
        {%- set label.sql = "regexp_replace(" ~ label.sql ~ ", '\\b" ~ acronym ~ "\\b', '" ~ acronym ~ "', 'gi')" -%}
    {%- endfor -%}
    {{ label.sql }}
{%- endmacro %}
