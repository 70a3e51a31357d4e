"""Where `drug_seizures` is published and how `ppf fetch` finds its latest files
(`CatalogueEntry`, orchestration/fetch/entry.py)."""

from __future__ import annotations

from orchestration.fetch.discover import FilePattern, GovUkContent
from orchestration.fetch.entry import CatalogueEntry

FETCH = CatalogueEntry(
    source_id="drug_seizures",
    landing_page=(
        "https://www.gov.uk/government/statistics/"
        "seizures-of-drugs-in-england-and-wales-financial-year-ending-2025"
    ),
    discovery=GovUkContent(
        year_templates=(
            "government/statistics/seizures-of-drugs-in-england-and-wales-financial-year-"
            "ending-{year}",
        ),
        files=(FilePattern(r".+\.(?:ods|xlsx)", select="all"),),
    ),
    verified=False,
    note=(
        "The release title 'Seizures of drugs in England and Wales, financial year ending "
        "YYYY' is verified (docs/sources/drug_seizures.md); the page slug derived from it and "
        "the data table file names are assumed: every .ods/.xlsx of the newest release page "
        "found is fetched."
    ),
)
