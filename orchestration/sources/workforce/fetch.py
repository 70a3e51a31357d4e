"""Where `workforce` is published and how `ppf fetch` finds its latest files
(`CatalogueEntry`, orchestration/fetch/entry.py)."""

from __future__ import annotations

from orchestration.fetch.discover import FilePattern, GovUkContent
from orchestration.fetch.entry import CatalogueEntry

FETCH = CatalogueEntry(
    source_id="workforce",
    landing_page="https://www.gov.uk/government/statistics/police-workforce-open-data-tables",
    discovery=GovUkContent(
        paths=("government/statistics/police-workforce-open-data-tables",),
        year_templates=(
            "government/statistics/police-workforce-england-and-wales-31-march-{year}",
            "government/statistics/police-workforce-england-and-wales-30-september-{year}",
        ),
        files=(
            FilePattern(r"open-data-table-police-workforce-(?P<release>\d{6})\.ods"),
            FilePattern(
                r"open-data-table-police-workforce-functions-(?P<release>\d{6})\.ods",
                required=False,
            ),
        ),
    ),
    verified=True,
    note=(
        "File names open-data-table-police-workforce[-functions]-DDMMYY.ods and the pages "
        "police-workforce-open-data-tables and police-workforce-england-and-wales-31-march-"
        "YYYY are verified (docs/sources/workforce.md); the 30-september-YYYY release "
        "page slug is assumed. Links of every page found are pooled and the newest release "
        "suffix wins; the functions table is taken when listed."
    ),
)
