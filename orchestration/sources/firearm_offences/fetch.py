"""Where `firearm_offences` is published and how `ppf fetch` finds its latest files
(`CatalogueEntry`, orchestration/fetch/entry.py)."""

from __future__ import annotations

from orchestration.fetch.discover import FilePattern, GovUkContent
from orchestration.fetch.entry import PRC_DATA_SET, CatalogueEntry

FETCH = CatalogueEntry(
    source_id="firearm_offences",
    landing_page=f"https://www.gov.uk/{PRC_DATA_SET}",
    discovery=GovUkContent(
        paths=(PRC_DATA_SET,),
        files=(
            FilePattern(
                r"prc-firearms-outcomes-open-data-[a-z]{3}\d{4}-to-[a-z]{3}\d{4}"
                r"-tables-(?P<release>\d{6})\.(?:ods|xlsx)"
            ),
        ),
    ),
    verified=True,
    note=(
        "File prc-firearms-outcomes-open-data-apr2024-to-mar2026-tables-DDMMYY.ods seen on "
        "the data set page (docs/sources/firearm_offences.md); the window is assumed to change "
        "between releases, as for knives."
    ),
)
