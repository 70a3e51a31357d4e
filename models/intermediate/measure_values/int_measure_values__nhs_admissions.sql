{#
    Hospital admissions for assault with a sharp object (stg_nhs_sharp_admissions__monthly_admissions,
    HES, English hospitals only) as England and Wales-level counts: the catalogue's three
    measures are national only, so no force rows. The national figure is the source's national
    row where it publishes one; otherwise the sum of the force-area rows, only for months in
    which no force cell is suppressed or missing (a suppressed cell makes the sum an
    undercount). Periods: month and the rolling year ending each quarter end (twelve complete
    months).
#}
with

admissions as (
    select * from {{ ref('stg_nhs_sharp_admissions__monthly_admissions') }}
),

-- Which age band feeds which measure (seeds/measures/measure_catalogue.csv definitions).
measure_age_bands as (
    select
        'ppf_u25_knife_injury_admissions' as measure_id,
        'under_25' as age_band
    union all
    select
        'ppf_over_25_knife_injury_admissions' as measure_id,
        '25_and_over' as age_band
    union all
    select
        'ncpm_u25_sharp_object_admissions' as measure_id,
        'under_25' as age_band
),

published_national_months as (
    select
        age_band,
        period_start,
        period_end,
        admissions,
        release_date
    from admissions
    where reporting_body_type = 'national_total'
),

summed_force_months as (
    select
        age_band,
        period_start,
        period_end,
        case when count(admissions) = count(*) then sum(admissions) end as admissions,
        max(release_date) as release_date
    from admissions
    where is_force_area
    group by age_band, period_start, period_end
),

national_months as (
    select * from published_national_months
    union all
    select summed_force_months.*
    from summed_force_months
    left join published_national_months
        on summed_force_months.age_band = published_national_months.age_band
        and summed_force_months.period_start = published_national_months.period_start
    where published_national_months.age_band is null
),

rolling_years as (
    select
        age_band,
        min(period_start) over trailing_year as period_start,
        period_end,
        count(*) over trailing_year as months_in_window,
        count(admissions) over trailing_year as months_with_admissions,
        sum(admissions) over trailing_year as admissions,
        max(release_date) over trailing_year as release_date
    from national_months
    window trailing_year as (
        partition by age_band
        order by period_start
        range between interval 11 month preceding and current row
    )
),

national_periods as (
    select
        age_band,
        'month' as period_type,
        period_start,
        period_end,
        admissions,
        release_date
    from national_months
    union all
    select
        age_band,
        'year_ending' as period_type,
        period_start,
        period_end,
        case when months_with_admissions = 12 then admissions end as admissions,
        release_date
    from rolling_years
    where months_in_window = 12 and month(period_end) in (3, 6, 9, 12)
)

select
    measure_age_bands.measure_id,
    'total' as breakdown,
    'england_and_wales' as geography_level,
    cast(null as varchar) as force_code,
    national_periods.period_type,
    national_periods.period_start,
    national_periods.period_end,
    national_periods.admissions as numerator,
    cast(null as double) as denominator,
    cast(national_periods.admissions as double) as value,
    'count' as unit,
    cast(null as varchar) as denominator_description,
    national_periods.release_date,
    -- A national figure is null only when no national row is published and a force cell of
    -- the month (or of a month of the year) is suppressed by HES disclosure control.
    case when national_periods.admissions is null then 'suppressed' end as value_status
from national_periods
inner join measure_age_bands
    on national_periods.age_band = measure_age_bands.age_band
