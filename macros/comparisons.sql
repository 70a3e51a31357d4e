{#
    Two-sided p-value of a standard normal statistic z: erfc(|z| / sqrt(2)), with the
    Abramowitz and Stegun 7.1.26 approximation of erf (absolute error below 1.5e-7).
#}
{% macro two_sided_p_value(z) -%}
    (
        (
            0.254829592 * (1.0 / (1.0 + 0.3275911 * abs({{ z }}) / sqrt(2.0)))
            - 0.284496736 * pow(1.0 / (1.0 + 0.3275911 * abs({{ z }}) / sqrt(2.0)), 2)
            + 1.421413741 * pow(1.0 / (1.0 + 0.3275911 * abs({{ z }}) / sqrt(2.0)), 3)
            - 1.453152027 * pow(1.0 / (1.0 + 0.3275911 * abs({{ z }}) / sqrt(2.0)), 4)
            + 1.061405429 * pow(1.0 / (1.0 + 0.3275911 * abs({{ z }}) / sqrt(2.0)), 5)
        ) * exp(-pow(abs({{ z }}) / sqrt(2.0), 2))
    )
{%- endmacro %}

{#
    Poisson test of a change in a count or rate: counts n1 (now) and n0 (reference) over
    exposures d1 and d0 (population, households; 1 for plain counts). Under a Poisson model the
    rate difference has variance n1/d1^2 + n0/d0^2, so z = (n1/d1 - n0/d0) / sqrt(that).
#}
{% macro poisson_change_z(n1, d1, n0, d0) -%}
    case
        when {{ n1 }} is not null and {{ n0 }} is not null
            and ({{ n1 }} + {{ n0 }}) > 0 and {{ n1 }} >= 0 and {{ n0 }} >= 0
            then (
                {{ n1 }} / coalesce({{ d1 }}, 1.0) - {{ n0 }} / coalesce({{ d0 }}, 1.0)
            ) / sqrt(
                {{ n1 }} / pow(coalesce({{ d1 }}, 1.0), 2) + {{ n0 }} / pow(coalesce({{ d0 }}, 1.0), 2)
            )
    end
{%- endmacro %}

{#
    Verdict on a change against the measure's desired direction: `stable` when the test is not
    significant at the configured critical value (var direction_z_critical, 1.96 = 95%),
    `not_assessed` for monitor-only measures or when there is nothing to compare.
#}
{% macro direction_verdict(z, desired_direction) -%}
    case
        when {{ desired_direction }} not in ('increase', 'decrease') or {{ z }} is null
            then 'not_assessed'
        when abs({{ z }}) < {{ var('direction_z_critical') }} then 'stable'
        when ({{ z }} > 0) = ({{ desired_direction }} = 'increase') then 'improving'
        else 'deteriorating'
    end
{%- endmacro %}

{#
    Order in which a lower rank is better: ascending values for measures meant to decrease,
    descending otherwise (monitor-only measures rank the highest value first).
#}
{% macro better_first(value, desired_direction) -%}
    case when {{ desired_direction }} = 'decrease' then {{ value }} else -{{ value }} end
{%- endmacro %}

{#
    Verdict from a source's own significance test (survey estimates: the CSEW flags changes
    significant at 95%): `stable` when not significant, otherwise by the sign of the change
    against the desired direction. Used instead of the Poisson test wherever a source
    publishes significance; survey measures never get a force-level verdict because they have
    no force-level values.
#}
{% macro published_significance_verdict(significant, change, desired_direction) -%}
    case
        when {{ desired_direction }} not in ('increase', 'decrease') or {{ change }} is null
            then 'not_assessed'
        when not {{ significant }} then 'stable'
        when ({{ change }} > 0) = ({{ desired_direction }} = 'increase') then 'improving'
        else 'deteriorating'
    end
{%- endmacro %}

{#
    Year-on-year movement of a figure for cross-checks: 'up', 'down' or 'flat'. A figure with
    the source's own significance verdict (survey estimates) moves only when the change is
    significant; any other figure moves when it changed by more than `tolerance` (a share of
    the year-ago value). Null when either value is missing or the year-ago value is zero.
#}
{% macro year_on_year_movement(value, year_ago_value, significant_change, tolerance) -%}
    case
        when {{ value }} is null or {{ year_ago_value }} is null or {{ year_ago_value }} = 0 then null
        when {{ significant_change }} is not null then
            case
                when not {{ significant_change }} then 'flat'
                when {{ value }} > {{ year_ago_value }} then 'up'
                else 'down'
            end
        when {{ value }} / {{ year_ago_value }} - 1 > {{ tolerance }} then 'up'
        when {{ value }} / {{ year_ago_value }} - 1 < -{{ tolerance }} then 'down'
        else 'flat'
    end
{%- endmacro %}

{#
    Two-proportion z statistic for a change in a proportion of counted events: x1 of n1 events
    now against x0 of n0 in the reference period, with the pooled proportion
    p = (x1 + x0) / (n1 + n0) under the null of no change:
    z = (x1/n1 - x0/n0) / sqrt(p (1 - p) (1/n1 + 1/n0)). Null when a count is missing, a
    denominator is not positive, or p is 0 or 1 (no variance to test against).
#}
{% macro two_proportion_z(x1, n1, x0, n0) -%}
    case
        when {{ x1 }} is not null and {{ x0 }} is not null and {{ n1 }} > 0 and {{ n0 }} > 0
            and ({{ x1 }} + {{ x0 }}) > 0 and ({{ x1 }} + {{ x0 }}) < ({{ n1 }} + {{ n0 }})
            then ({{ x1 }} / {{ n1 }} - {{ x0 }} / {{ n0 }}) / sqrt(
                ({{ x1 }} + {{ x0 }}) / ({{ n1 }} + {{ n0 }})
                * (1 - ({{ x1 }} + {{ x0 }}) / ({{ n1 }} + {{ n0 }}))
                * (1.0 / {{ n1 }} + 1.0 / {{ n0 }})
            )
    end
{%- endmacro %}

{#
    The test of a change that a kind of figure takes (seeds/measures/measure_figure_types.csv): Poisson
    for counts and rates of counts, two-proportion for proportions of counted events, the
    publisher's own significance for survey estimates, none for anything else.
#}
{% macro direction_test(figure_type) -%}
    case {{ figure_type }}
        when 'count' then 'poisson'
        when 'rate_of_counts' then 'poisson'
        when 'proportion_of_counts' then 'two_proportion'
        when 'survey_estimate' then 'published_significance'
        else 'none'
    end
{%- endmacro %}

{# A unit in which forces can be ranked: a rate or a proportion, never a volume. #}
{% macro is_rate_or_proportion(unit) -%}
    ({{ unit }} in ('proportion', 'percentage') or {{ unit }} like 'rate_per_%')
{%- endmacro %}
