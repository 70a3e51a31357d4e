"""Where `crime_outcomes` is published and how `ppf fetch` finds its latest files
(`CatalogueEntry`, orchestration/fetch/entry.py)."""

from __future__ import annotations

from orchestration.fetch.discover import FilePattern, GovUkContent
from orchestration.fetch.entry import FIRST_FINANCIAL_YEAR_ENDING, PRC_DATA_SET, CatalogueEntry

FETCH = CatalogueEntry(
    source_id="crime_outcomes",
    landing_page=f"https://www.gov.uk/{PRC_DATA_SET}",
    discovery=GovUkContent(
        paths=(PRC_DATA_SET,),
        files=(
            FilePattern(
                r"prc-outcomes-open-data-mar(?P<series>\d{4})-tables-(?P<release>\d{6})\.xlsx",
                min_series=FIRST_FINANCIAL_YEAR_ENDING,
            ),
        ),
    ),
    verified=True,
    note=(
        "One file per financial year, prc-outcomes-open-data-marYYYY-tables-DDMMYY.xlsx "
        "(docs/sources/crime_outcomes.md); the newest release of each year ending March 2020 "
        "onwards. The alternate-outcomes, supplementary-metrics and knife/firearm outcome "
        "files on the same page do not match and are not fetched."
    ),
)
