"""Where `homicide_index` is published and how `ppf fetch` finds its latest files
(`CatalogueEntry`, orchestration/fetch/entry.py)."""

from __future__ import annotations

from orchestration.fetch.discover import FilePattern, OnsDataset
from orchestration.fetch.download import MiB
from orchestration.fetch.entry import ONS_CRIME, CatalogueEntry

FETCH = CatalogueEntry(
    source_id="homicide_index",
    landing_page=(f"https://www.ons.gov.uk/{ONS_CRIME}/appendixtableshomicideinenglandandwales"),
    discovery=OnsDataset(
        path=f"{ONS_CRIME}/appendixtableshomicideinenglandandwales",
        files=(FilePattern(r".+\.xlsx"),),
    ),
    verified=False,
    note=(
        "The article URL pattern is verified but the appendix tables data set URL is not "
        "(docs/sources/homicide_index.md marks it U): the dataset slug "
        "appendixtableshomicideinenglandandwales is assumed."
    ),
    max_bytes=128 * MiB,
)
