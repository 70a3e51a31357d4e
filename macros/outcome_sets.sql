{#
    The sets of Home Office crime outcome types the framework's outcome measures count, as
    conditions on a crime outcomes row joined to the outcome_types seed (alias `o`). `key` is an
    expression giving the set's key: a constant for the flag sets, one key per outcome type or
    outcome group for the per-type and per-group sets. Outcome 0 (not yet assigned) is in no set:
    it counts only in an outcome rate's denominator (offences recorded). The alternate-offence
    subsets 1a/2a/3a are in no set, so they are never summed with the main series.
    - assigned: every assigned outcome type, 1 to 22.
    - charge: outcome 1, charged/summonsed (is_charge).
    - victim_attrition: outcomes 14 and 16, the victim does not support further action
      (is_victim_attrition).
    - positive: the seed's is_positive set, outcomes 1, 2, 3, 4, 6, 7 and 8 (charged/summonsed,
      cautions, taken into consideration, penalty notice for disorder, cannabis/khat warning,
      community resolution); not an official Home Office set (docs/methods/crime-outcomes.md).
    - outcome_type_<n>: one set per assigned outcome type.
    - outcome_group_<snake_case group>: one set per Home Office outcome group of assigned types
      (outcome 19, which has no documented group, is in none).
#}
{% macro outcome_set_rules() -%}
    {{ return([
        {'key': "'assigned'", 'condition': "o.is_assigned and not o.is_alternate_subset"},
        {'key': "'charge'", 'condition': "o.is_charge and not o.is_alternate_subset"},
        {'key': "'victim_attrition'", 'condition': "o.is_victim_attrition and not o.is_alternate_subset"},
        {'key': "'positive'", 'condition': "o.is_positive and not o.is_alternate_subset"},
        {'key': "'outcome_type_' || o.outcome_type", 'condition': "o.is_assigned and not o.is_alternate_subset"},
        {
            'key': "'outcome_group_' || " ~ snake_case('o.outcome_group'),
            'condition': "o.is_assigned and not o.is_alternate_subset and o.outcome_group is not null",
        },
    ]) }}
{%- endmacro %}
