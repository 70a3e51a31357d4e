"""Where `police_complaints` is published and how `ppf fetch` finds its latest files
(`CatalogueEntry`, orchestration/fetch/entry.py)."""

from __future__ import annotations

from orchestration.fetch.discover import FilePattern, HtmlPage
from orchestration.fetch.download import MiB
from orchestration.fetch.entry import CatalogueEntry

FETCH = CatalogueEntry(
    source_id="police_complaints",
    landing_page=(
        "https://www.policeconduct.gov.uk/research-and-learning/statistics/complaints-statistics"
    ),
    discovery=HtmlPage(
        url=(
            "https://www.policeconduct.gov.uk/research-and-learning/statistics/"
            "complaints-statistics"
        ),
        files=(FilePattern(r".*complaint.*\.xlsx"),),
    ),
    verified=False,
    note=(
        "Assumed (docs/sources/police_complaints.md marks the data tables U): the IOPC "
        "complaints statistics page lists the annual data tables as .xlsx links whose name "
        "mentions complaints, newest first. IOPC publication pages were seen on "
        "policeconduct.gov.uk without www; only www.policeconduct.gov.uk is allow-listed."
    ),
    max_bytes=64 * MiB,
)
