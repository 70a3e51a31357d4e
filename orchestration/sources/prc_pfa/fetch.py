"""Where `prc_pfa` is published and how `ppf fetch` finds its latest files
(`CatalogueEntry`, orchestration/fetch/entry.py)."""

from __future__ import annotations

from orchestration.fetch.discover import FilePattern, GovUkContent
from orchestration.fetch.entry import PRC_DATA_SET, CatalogueEntry

FETCH = CatalogueEntry(
    source_id="prc_pfa",
    landing_page=f"https://www.gov.uk/{PRC_DATA_SET}",
    discovery=GovUkContent(
        paths=(PRC_DATA_SET,),
        files=(
            FilePattern(r"prc-pfa-mar2013-onwards-tables(?:-(?P<release>\d{6}))?\.(?:ods|xlsx)"),
        ),
    ),
    verified=True,
    note=(
        "Data set page and file name prc-pfa-mar2013-onwards-tables-DDMMYY.ods (older "
        "editions .xlsx or no suffix) as in docs/sources/prc_pfa.md; the newest release "
        "suffix wins, .ods preferred to .xlsx for the same release."
    ),
)
