"""Where `street_crime` is published and how `ppf fetch` finds its latest files
(`CatalogueEntry`, orchestration/fetch/entry.py)."""

from __future__ import annotations

from orchestration.fetch.discover import MonthlyArchive
from orchestration.fetch.download import GiB
from orchestration.fetch.entry import CatalogueEntry

FETCH = CatalogueEntry(
    source_id="street_crime",
    landing_page="https://data.police.uk/data/archive/",
    discovery=MonthlyArchive(template="https://data.police.uk/data/archive/{month}.zip"),
    verified=True,
    note=(
        "Monthly archives https://data.police.uk/data/archive/YYYY-MM.zip holding "
        "YYYY-MM/YYYY-MM-<force>-street.csv for about 36 months "
        "(docs/sources/street_crime.md); the latest published month is probed from last "
        "month backwards (6 months), and only street files are extracted into "
        "landing/street_crime/YYYY-MM/."
    ),
    max_bytes=8 * GiB,
)
