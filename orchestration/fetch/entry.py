"""What a source's fetch entry says: where it is published and how `ppf fetch` finds its files.

Each source states its entry in its own folder, `orchestration/sources/<source_id>/fetch.py`
(`FETCH`, or `NO_DOWNLOAD` with the reason when nothing is published to download);
`orchestration/fetch/catalogue.py` gathers them. `verified=True` means the page (or
URL pattern) and the file naming were seen in a primary page or in code that read the real files,
as recorded in docs/sources/ (one page per source) and, for the listing formats,
the GOV.UK content schemas and public code reading ONS dataset JSON; `verified=False` means the
entry is our best understanding and its `note` says what is assumed. The first real run is the
test of an unverified entry: a wrong page gives a clear `failed` outcome naming the URL, never a
silent wrong file (file patterns must match whole names).

Sizes: `max_bytes` is the per-file download limit (the largest Home Office outcomes file is about
40 MB and the CSP file about 50 MB; a police.uk monthly archive holds 36 months of every force).
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.fetch.discover import (
    GovUkContent,
    HtmlPage,
    MonthlyArchive,
    OnsDataset,
    YearlyFiles,
)
from orchestration.fetch.download import MiB

Discovery = GovUkContent | OnsDataset | HtmlPage | YearlyFiles | MonthlyArchive

PRC_DATA_SET = (
    "government/statistical-data-sets/police-recorded-crime-and-outcomes-open-data-tables"
)
ONS_CRIME = "peoplepopulationandcommunity/crimeandjustice/datasets"
FIRST_FINANCIAL_YEAR_ENDING = 2020  # the warehouse starts in April 2019 (financial year 2019/20)
FIRST_CALENDAR_YEAR = 2019


@dataclass(frozen=True)
class CatalogueEntry:
    """Where and how to fetch one source. Its publisher and cadence are stated once, in the
    source's SPEC (`SOURCES`), which the fetch asset reads."""

    source_id: str
    landing_page: str  # the page a person would open to see the release
    discovery: Discovery
    verified: bool
    note: str
    max_bytes: int = 256 * MiB
