"""Where `csew` is published and how `ppf fetch` finds its latest files
(`CatalogueEntry`, orchestration/fetch/entry.py)."""

from __future__ import annotations

from orchestration.fetch.discover import FilePattern, OnsDataset
from orchestration.fetch.download import MiB
from orchestration.fetch.entry import ONS_CRIME, CatalogueEntry

FETCH = CatalogueEntry(
    source_id="csew",
    landing_page=(
        f"https://www.ons.gov.uk/{ONS_CRIME}/crimeinenglandandwalesannualsupplementarytables"
    ),
    discovery=OnsDataset(
        path=f"{ONS_CRIME}/crimeinenglandandwalesannualsupplementarytables",
        files=(FilePattern(r".+\.(?:xlsx|xls)", prefer=(".xlsx", ".xls")),),
    ),
    verified=False,
    note=(
        "The annual supplementary tables data set path is verified for the year ending "
        "March 2018 edition (supplementarytablesyearendingmarch2018.xls, "
        "docs/sources/csew.md); assumed: it still carries the latest year's CSEW tables "
        "(ONS also publishes appendix and trend tables) and its ONS /data JSON lists the "
        "editions."
    ),
    max_bytes=128 * MiB,
)
