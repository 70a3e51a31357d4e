"""Where `police_misconduct` is published and how `ppf fetch` finds its latest files
(`CatalogueEntry`, orchestration/fetch/entry.py)."""

from __future__ import annotations

from orchestration.fetch.discover import FilePattern, GovUkContent
from orchestration.fetch.entry import CatalogueEntry

FETCH = CatalogueEntry(
    source_id="police_misconduct",
    landing_page=(
        "https://www.gov.uk/government/statistics/"
        "police-misconduct-england-and-wales-year-ending-31-march-2025"
    ),
    discovery=GovUkContent(
        year_templates=(
            "government/statistics/police-misconduct-england-and-wales-year-ending-31-march-{year}",
        ),
        files=(FilePattern(r".+\.ods", select="all"),),
    ),
    verified=False,
    note=(
        "The release page slug ...-year-ending-31-march-YYYY is verified (2024 edition, "
        "docs/sources/police_misconduct.md); the open data table file names are not, so it is "
        "assumed that every .ods of the newest release page found is an open data table."
    ),
)
