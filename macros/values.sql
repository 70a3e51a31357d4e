{#
    Published special values. Counts arrive as text; a whole number (negative corrections
    included) becomes an integer, anything else stays null and its reason is kept beside it.
    Suppressed or missing cells are never zeros.
#}

{% macro parse_count(expression) -%}
    case
        when regexp_full_match(trim({{ expression }}), '-?[0-9]+')
            then cast(trim({{ expression }}) as bigint)
    end
{%- endmacro %}

{% macro parse_number(expression) -%}
    try_cast(replace(trim({{ expression }}), ',', '') as double)
{%- endmacro %}

{% macro special_value_reason(expression) -%}
    case
        when {{ expression }} is null then 'missing: empty cell'
        when regexp_full_match(trim({{ expression }}), '-?[0-9]+(\.[0-9]+)?') then null
        when trim({{ expression }}) like '%[x]%' then 'not available [x]'
        when trim({{ expression }}) like '%[c]%' then 'confidential [c]'
        when trim({{ expression }}) like '%[z]%' then 'not applicable [z]'
        when trim({{ expression }}) like '%[u]%' then 'low reliability [u]'
        when trim({{ expression }}) like '%[r]%' then 'revised [r]'
        when trim({{ expression }}) like '%[p]%' then 'provisional [p]'
        when trim({{ expression }}) like '%[e]%' then 'estimate [e]'
        when trim({{ expression }}) = '*' then 'suppressed (*)'
        when trim({{ expression }}) = '-' then 'nil or not applicable (-) as published'
        when trim({{ expression }}) = '..' then 'not available (..)'
        when lower(trim({{ expression }})) = 'x' then 'offence code expired (x)'
        when lower(trim({{ expression }})) like 'n/a - data not provided%' then 'data not provided by force'
        when lower(trim({{ expression }})) like 'n/a - offence code expired%' then 'offence code expired'
        when upper(trim({{ expression }})) in ('NA', 'N/A') then 'not applicable (N/A)'
        when upper(trim({{ expression }})) = 'NULL' then 'missing (NULL)'
        else 'unparsed value: ' || trim({{ expression }})
    end
{%- endmacro %}

{#
    The Home Office label casing drifts between editions ('Theft Offences' / 'Theft offences').
    Labels are merged in sentence case, the convention of current editions.
#}
{% macro sentence_case(expression) -%}
    upper(left(trim({{ expression }}), 1)) || lower(substr(trim({{ expression }}), 2))
{%- endmacro %}

{% macro snake_case(expression) -%}
    trim(regexp_replace(lower({{ expression }}), '[^a-z0-9]+', '_', 'g'), '_')
{%- endmacro %}

{#
    Two figures are the same published value: both null, or equal within a relative 1e-9
    (a recomputation of the same inputs is no revision).
#}
{% macro same_value(left, right) -%}
    (
        ({{ left }} is null and {{ right }} is null)
        or abs({{ left }} - {{ right }}) <= 1e-9 * greatest(1, abs({{ left }}), abs({{ right }}))
    )
{%- endmacro %}

{#
    Sum of a column in which a suppressed (null) value is never silently left out: the sum is
    null as soon as one summed row is null.
#}
{% macro sum_keeping_nulls(expression) -%}
    case when count({{ expression }}) = count(*) then sum({{ expression }}) end
{%- endmacro %}
