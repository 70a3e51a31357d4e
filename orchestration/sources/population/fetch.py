"""Where `population` is published and how `ppf fetch` finds its latest files
(`CatalogueEntry`, orchestration/fetch/entry.py)."""

from __future__ import annotations

from orchestration.fetch.discover import FilePattern, OnsDataset
from orchestration.fetch.download import MiB
from orchestration.fetch.entry import ONS_CRIME, CatalogueEntry

FETCH = CatalogueEntry(
    source_id="population",
    landing_page=f"https://www.ons.gov.uk/{ONS_CRIME}/policeforceareadatatables",
    discovery=OnsDataset(
        path=f"{ONS_CRIME}/policeforceareadatatables",
        files=(FilePattern(r".+\.(?:xlsx|xls)", prefer=(".xlsx", ".xls")),),
    ),
    verified=True,
    note=(
        "ONS police force area data tables (Table P3), edition folders such as "
        "yearendingmarch2026 with irregular file names, so the link is read, never built "
        "(docs/sources/population.md); the edition with the latest release date "
        "wins."
    ),
    max_bytes=128 * MiB,
)
