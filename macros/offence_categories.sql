{#
    The framework's crime categories as conditions on a recorded-crime row joined to the offence
    classification seed (alias `c`) and the staging row (alias `s`). Group categories use the
    published group label (so a code the seed does not know still counts in its group and in
    the total); flag categories use the seed's documented flags (seeds/README.md).
    Fraud is recorded centrally (Action Fraud, CIFAS, UK Finance) and never in force totals.
#}
{% macro offence_category_rules() -%}
    {{ return([
        {'key': 'total_recorded_crime', 'condition': "s.offence_group not ilike 'fraud%'"},
        {'key': 'victim_based', 'condition': "coalesce(c.is_victim_based, false)"},
        {'key': 'violence_against_the_person', 'condition': "s.offence_group = 'Violence against the person'"},
        {'key': 'homicide', 'condition': "coalesce(c.is_homicide, false)"},
        {'key': 'serious_violence', 'condition': "coalesce(c.is_serious_violence, false)"},
        {'key': 'sexual_offences', 'condition': "s.offence_group = 'Sexual offences'"},
        {'key': 'vawg', 'condition': "coalesce(c.is_vawg, false)"},
        {'key': 'vawg_rape', 'condition': "c.vawg_component = 'rape'"},
        {'key': 'vawg_other_sexual_offences', 'condition': "c.vawg_component = 'other_sexual_offences'"},
        {'key': 'vawg_stalking', 'condition': "c.vawg_component = 'stalking'"},
        {'key': 'vawg_harassment', 'condition': "c.vawg_component = 'harassment'"},
        {'key': 'csae_contact_child_sexual_abuse', 'condition': "coalesce(c.is_csae_contact, false)"},
        {'key': 'total_acquisitive', 'condition': "coalesce(c.is_acquisitive, false)"},
        {'key': 'robbery', 'condition': "s.offence_group = 'Robbery'"},
        {'key': 'theft_offences', 'condition': "s.offence_group = 'Theft offences'"},
        {'key': 'residential_burglary', 'condition': "coalesce(c.is_residential_burglary, false)"},
        {'key': 'vehicle_crime', 'condition': "coalesce(c.is_vehicle_crime, false)"},
        {'key': 'neighbourhood_crime', 'condition': "coalesce(c.is_neighbourhood_crime, false)"},
        {'key': 'criminal_damage_and_arson', 'condition': "s.offence_group = 'Criminal damage and arson'"},
        {'key': 'drug_offences', 'condition': "s.offence_group = 'Drug offences'"},
        {'key': 'possession_of_weapons', 'condition': "s.offence_group = 'Possession of weapons offences'"},
        {'key': 'possession_of_article_with_blade_or_point', 'condition': "coalesce(c.is_possession_of_blade_or_point, false)"},
        {'key': 'firearms_offences', 'condition': "coalesce(c.is_firearms_possession, false)"},
        {'key': 'public_order_offences', 'condition': "s.offence_group = 'Public order offences'"},
        {'key': 'miscellaneous_crimes_against_society', 'condition': "s.offence_group ilike 'Miscellaneous crimes%'"},
        {'key': 'shop_theft', 'condition': "s.offence_code = '46'"},
        {'key': 'robbery_of_business_property', 'condition': "s.offence_code = '34A'"},
        {'key': 'theft_from_the_person', 'condition': "s.offence_code = '39'"},
        {'key': 'robbery_of_personal_property', 'condition': "s.offence_code = '34B'"},
        {'key': 'retail_crime', 'condition': "coalesce(c.is_town_centre_retail, false)"},
        {'key': 'street_crime', 'condition': "coalesce(c.is_town_centre_street, false)"},
        {'key': 'town_centre_total', 'condition': "coalesce(c.is_town_centre_retail or c.is_town_centre_street, false)"},
    ]) }}
{%- endmacro %}
