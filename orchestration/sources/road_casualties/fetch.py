"""Where `road_casualties` is published and how `ppf fetch` finds its latest files
(`CatalogueEntry`, orchestration/fetch/entry.py)."""

from __future__ import annotations

from orchestration.fetch.discover import YearlyFiles
from orchestration.fetch.download import MiB
from orchestration.fetch.entry import FIRST_CALENDAR_YEAR, CatalogueEntry

FETCH = CatalogueEntry(
    source_id="road_casualties",
    landing_page="https://data.dft.gov.uk/road-accidents-safety-data/",
    discovery=YearlyFiles(
        templates=(
            "https://data.dft.gov.uk/road-accidents-safety-data/"
            "dft-road-casualty-statistics-collision-{year}.csv",
            "https://data.dft.gov.uk/road-accidents-safety-data/"
            "dft-road-casualty-statistics-casualty-{year}.csv",
        ),
        first_year=FIRST_CALENDAR_YEAR,
    ),
    verified=True,
    note=(
        "Per-year collision and casualty CSVs dft-road-casualty-statistics-{collision,"
        "casualty}-YYYY.csv (docs/sources/road_casualties.md), calendar years 2019 to last "
        "year; last year's files may not be published yet (skipped, not failed). A revised "
        "year re-issued under the same name lands as a revision in r2/."
    ),
    max_bytes=512 * MiB,
)
