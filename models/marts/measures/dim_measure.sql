with

catalogue as (
    select * from {{ ref('measure_catalogue') }}
),

breakdown_rules as (
    select * from {{ ref('int_measure_breakdowns__classified') }}
),

measure_values as (
    select * from {{ ref('int_measure_values__unioned') }}
),

baselines as (
    select * from {{ ref('measure_baselines') }}
),

geographies as (
    select * from {{ ref('measure_national_geographies') }}
),

series_breaks as (
    select * from {{ ref('series_breaks') }}
),

known_gaps as (
    select * from {{ ref('known_data_gaps') }}
),

period_types as (
    select
        measure_id,
        string_agg(distinct period_type, ', ' order by period_type) as period_types
    from measure_values
    group by measure_id
),

headline_rules as (
    select * from breakdown_rules
    qualify row_number() over (partition by measure_id order by breakdown != 'total', breakdown) = 1
),

monitored_breakdowns as (
    select
        measure_id,
        string_agg(breakdown, ', ' order by breakdown) as breakdowns
    from breakdown_rules
    where direction_note is not null
    group by measure_id
),

measure_breaks as (
    select
        measure_id,
        string_agg(
            'from ' || strftime(new_series_from, '%-d %B %Y') || ' (' || note || ' Source: ' || source || ')',
            '; ' order by new_series_from
        ) as breaks
    from series_breaks
    group by measure_id
),

source_gaps as (
    select
        source_id,
        string_agg(
            force_code || ' ' || strftime(period_start, '%B %Y') || ' to '
            || strftime(period_end, '%B %Y') || ' (source: ' || source || ')',
            '; ' order by period_start, force_code
        ) as gaps
    from known_gaps
    group by source_id
),

-- How the measure is compared, from the seeds that decide it, appended to the method text.
comparison_methods as (
    select
        catalogue.measure_id,
        ' Periods: ' || coalesce(period_types.period_types, 'none yet') || '.'
        || ' Test of a change against a year earlier: '
        || case headline_rules.direction_test
            when 'poisson' then 'Poisson test on the counts'
            when 'two_proportion' then 'two-proportion test on the counts'
            when 'published_significance' then 'the publisher''s own significance flag (95%)'
            else 'none (the figure is not a count of events)'
        end
        || ' (' || coalesce(headline_rules.figure_type, 'not computed') || '; seeds/measures/measure_figure_types.csv).'
        || ' Desired direction: ' || catalogue.desired_direction
        || coalesce(
            '; monitored, not judged, for ' || monitored_breakdowns.breakdowns
            || ' (seeds/measures/measure_breakdown_directions.csv)', ''
        ) || '.'
        || coalesce(
            ' Baseline' || case when baselines.breakdown != '*' then ' (' || baselines.breakdown || ' only)' else '' end
            || ': ' || baselines.baseline_period_type || ' ending '
            || strftime(baselines.baseline_period_end, '%-d %B %Y') || ' (' || baselines.baseline_note || ')',
            ' No baseline.'
        )
        || ' National figure: ' || replace(coalesce(geographies.geography, 'england_and_wales'), '_', ' ')
        || coalesce(' (' || geographies.note || ' Source: ' || geographies.source || ')', '') || '.'
        || coalesce(' Series breaks: ' || measure_breaks.breaks || '.', '')
        || coalesce(' Known gaps in the source: ' || source_gaps.gaps || '.', '')
            as comparison_method
    from catalogue
    left join period_types
        on catalogue.measure_id = period_types.measure_id
    left join headline_rules
        on catalogue.measure_id = headline_rules.measure_id
    left join monitored_breakdowns
        on catalogue.measure_id = monitored_breakdowns.measure_id
    left join baselines
        on catalogue.measure_id = baselines.measure_id
    left join geographies
        on catalogue.measure_id = geographies.measure_id
    left join measure_breaks
        on catalogue.measure_id = measure_breaks.measure_id
    left join source_gaps
        on catalogue.source_id = source_gaps.source_id
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
    select * from {{ ref('measure_methods') }}
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
    ) || comparison_methods.comparison_method as varchar) as method
from catalogue
left join methods
    on catalogue.measure_id = methods.measure_id
left join fact_breakdowns
    on catalogue.measure_id = fact_breakdowns.measure_id
left join comparison_methods
    on catalogue.measure_id = comparison_methods.measure_id
