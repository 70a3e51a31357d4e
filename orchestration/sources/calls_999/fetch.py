"""Where `calls_999` is published and how `ppf fetch` finds its latest files
(`CatalogueEntry`, orchestration/fetch/entry.py)."""

from __future__ import annotations

from orchestration.fetch.discover import FilePattern, HtmlPage
from orchestration.fetch.download import MiB
from orchestration.fetch.entry import CatalogueEntry

FETCH = CatalogueEntry(
    source_id="calls_999",
    landing_page=(
        "https://www.police.uk/pu/your-area/derbyshire-constabulary/performance/"
        "999-performance-data/"
    ),
    discovery=HtmlPage(
        url=(
            "https://www.police.uk/pu/your-area/derbyshire-constabulary/performance/"
            "999-performance-data/"
        ),
        files=(FilePattern(r".+\.csv"),),
    ),
    verified=False,
    note=(
        "The per-force page pattern /pu/your-area/<force-slug>/performance/"
        "999-performance-data/ is verified (docs/sources/calls_999.md); assumed: the page "
        "links a national CSV download of every force's months (first .csv link taken). "
        "No download file has been seen."
    ),
    max_bytes=64 * MiB,
)
