"""Where `nhs_sharp_admissions` is published and how `ppf fetch` finds its latest files
(`CatalogueEntry`, orchestration/fetch/entry.py)."""

from __future__ import annotations

from orchestration.fetch.discover import FilePattern, HtmlPage
from orchestration.fetch.download import MiB
from orchestration.fetch.entry import CatalogueEntry

FETCH = CatalogueEntry(
    source_id="nhs_sharp_admissions",
    landing_page=(
        "https://digital.nhs.uk/data-and-information/publications/statistical/"
        "provisional-monthly-hospital-episode-statistics-for-admitted-patient-care-"
        "outpatient-and-accident-and-emergency-data"
    ),
    discovery=HtmlPage(
        url=(
            "https://digital.nhs.uk/data-and-information/publications/statistical/"
            "provisional-monthly-hospital-episode-statistics-for-admitted-patient-care-"
            "outpatient-and-accident-and-emergency-data"
        ),
        follow=(
            r"/provisional-monthly-hospital-episode-statistics-for-admitted-patient-care-"
            r"outpatient-and-accident-and-emergency-data/[a-z]+-\d{4}"
        ),
        files=(FilePattern(r".*(?:assault|sharp|x99).*\.csv"),),
    ),
    verified=False,
    note=(
        "Assumed throughout (docs/sources/nhs_sharp_admissions.md marks the monthly file "
        "and its columns U): the provisional monthly HES series page, its latest edition page "
        "(first link to a <month>-<year> edition), and a CSV whose name mentions assault, "
        "sharp or X99 on files.digital.nhs.uk."
    ),
    max_bytes=128 * MiB,
)
