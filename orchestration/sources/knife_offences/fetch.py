"""Where `knife_offences` is published and how `ppf fetch` finds its latest files
(`CatalogueEntry`, orchestration/fetch/entry.py)."""

from __future__ import annotations

from orchestration.fetch.discover import FilePattern, GovUkContent
from orchestration.fetch.entry import PRC_DATA_SET, CatalogueEntry

FETCH = CatalogueEntry(
    source_id="knife_offences",
    landing_page=f"https://www.gov.uk/{PRC_DATA_SET}",
    discovery=GovUkContent(
        paths=(PRC_DATA_SET,),
        files=(
            FilePattern(
                r"prc-knives_or_sharps-outcomes-open-data-[a-z]{3}\d{4}-to-[a-z]{3}\d{4}"
                r"-tables-(?P<release>\d{6})\.(?:ods|xlsx)"
            ),
        ),
    ),
    verified=True,
    note=(
        "File prc-knives_or_sharps-outcomes-open-data-apr2024-to-mar2026-tables-DDMMYY.ods "
        "seen on the data set page (docs/sources/knife_offences.md); assumed: the covered "
        "window (apr2024-to-mar2026) changes between releases, so any window is matched "
        "and the newest release suffix wins. Its columns are unverified (loader's concern)."
    ),
)
