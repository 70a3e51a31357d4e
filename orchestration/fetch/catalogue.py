"""Where each source is published and how `ppf fetch` finds its latest files.

One `CatalogueEntry` per source_id (the landing folder name). `verified=True` means the page (or
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
    FilePattern,
    GovUkContent,
    HtmlPage,
    MonthlyArchive,
    OnsDataset,
    YearlyFiles,
)
from orchestration.fetch.download import GiB, MiB

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


NO_DOWNLOAD = {
    "measure_returns": (
        "no public file: measure returns are submitted with the documented CSV template, not "
        "downloaded"
    ),
}

_ENTRIES = (
    CatalogueEntry(
        source_id="prc_pfa",
        landing_page=f"https://www.gov.uk/{PRC_DATA_SET}",
        discovery=GovUkContent(
            paths=(PRC_DATA_SET,),
            files=(
                FilePattern(
                    r"prc-pfa-mar2013-onwards-tables(?:-(?P<release>\d{6}))?\.(?:ods|xlsx)"
                ),
            ),
        ),
        verified=True,
        note=(
            "Data set page and file name prc-pfa-mar2013-onwards-tables-DDMMYY.ods (older "
            "editions .xlsx or no suffix) as in docs/sources/prc_pfa.md; the newest release "
            "suffix wins, .ods preferred to .xlsx for the same release."
        ),
    ),
    CatalogueEntry(
        source_id="crime_outcomes",
        landing_page=f"https://www.gov.uk/{PRC_DATA_SET}",
        discovery=GovUkContent(
            paths=(PRC_DATA_SET,),
            files=(
                FilePattern(
                    r"prc-outcomes-open-data-mar(?P<series>\d{4})-tables-(?P<release>\d{6})\.xlsx",
                    min_series=FIRST_FINANCIAL_YEAR_ENDING,
                ),
            ),
        ),
        verified=True,
        note=(
            "One file per financial year, prc-outcomes-open-data-marYYYY-tables-DDMMYY.xlsx "
            "(docs/sources/crime_outcomes.md); the newest release of each year ending March 2020 "
            "onwards. The alternate-outcomes, supplementary-metrics and knife/firearm outcome "
            "files on the same page do not match and are not fetched."
        ),
    ),
    CatalogueEntry(
        source_id="knife_offences",
        landing_page=f"https://www.gov.uk/{PRC_DATA_SET}",
        discovery=GovUkContent(
            paths=(PRC_DATA_SET,),
            files=(
                FilePattern(
                    r"prc-knives_or_sharps-outcomes-open-data-[a-z]{3}\d{4}-to-[a-z]{3}\d{4}"
                    r"-tables-(?P<release>\d{6})\.(?:ods|xlsx)"
                ),
            ),
        ),
        verified=True,
        note=(
            "File prc-knives_or_sharps-outcomes-open-data-apr2024-to-mar2026-tables-DDMMYY.ods "
            "seen on the data set page (docs/sources/knife_offences.md); assumed: the covered "
            "window (apr2024-to-mar2026) changes between releases, so any window is matched "
            "and the newest release suffix wins. Its columns are unverified (loader's concern)."
        ),
    ),
    CatalogueEntry(
        source_id="firearm_offences",
        landing_page=f"https://www.gov.uk/{PRC_DATA_SET}",
        discovery=GovUkContent(
            paths=(PRC_DATA_SET,),
            files=(
                FilePattern(
                    r"prc-firearms-outcomes-open-data-[a-z]{3}\d{4}-to-[a-z]{3}\d{4}"
                    r"-tables-(?P<release>\d{6})\.(?:ods|xlsx)"
                ),
            ),
        ),
        verified=True,
        note=(
            "File prc-firearms-outcomes-open-data-apr2024-to-mar2026-tables-DDMMYY.ods seen on "
            "the data set page (docs/sources/firearm_offences.md); the window is assumed to change "
            "between releases, as for knives."
        ),
    ),
    CatalogueEntry(
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
    ),
    CatalogueEntry(
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
    ),
    CatalogueEntry(
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
    ),
    CatalogueEntry(
        source_id="homicide_index",
        landing_page=(
            f"https://www.ons.gov.uk/{ONS_CRIME}/appendixtableshomicideinenglandandwales"
        ),
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
    ),
    CatalogueEntry(
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
    ),
    CatalogueEntry(
        source_id="police_complaints",
        landing_page=(
            "https://www.policeconduct.gov.uk/research-and-learning/statistics/"
            "complaints-statistics"
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
    ),
    CatalogueEntry(
        source_id="police_misconduct",
        landing_page=(
            "https://www.gov.uk/government/statistics/"
            "police-misconduct-england-and-wales-year-ending-31-march-2025"
        ),
        discovery=GovUkContent(
            year_templates=(
                "government/statistics/police-misconduct-england-and-wales-year-ending-31-march-"
                "{year}",
            ),
            files=(FilePattern(r".+\.ods", select="all"),),
        ),
        verified=False,
        note=(
            "The release page slug ...-year-ending-31-march-YYYY is verified (2024 edition, "
            "docs/sources/police_misconduct.md); the open data table file names are not, so it is "
            "assumed that every .ods of the newest release page found is an open data table."
        ),
    ),
    CatalogueEntry(
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
    ),
    CatalogueEntry(
        source_id="road_casualties",
        landing_page="https://data.dft.gov.uk/road-accidents-safety-data/",
        discovery=YearlyFiles(
            templates=(
                "https://data.dft.gov.uk/road-accidents-safety-data/"
                "dft-road-casualty-statistics-collision-{year}.csv",
                "https://data.dft.gov.uk/road-accidents-safety-data/"
                "dft-road-casualty-statistics-casualty-{year}.csv",
            ),
            first_year=FIRST_CALENDAR_YEAR,
        ),
        verified=True,
        note=(
            "Per-year collision and casualty CSVs dft-road-casualty-statistics-{collision,"
            "casualty}-YYYY.csv (docs/sources/road_casualties.md), calendar years 2019 to last "
            "year; last year's files may not be published yet (skipped, not failed). A revised "
            "year re-issued under the same name lands as a revision in r2/."
        ),
        max_bytes=512 * MiB,
    ),
    CatalogueEntry(
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
    ),
    CatalogueEntry(
        source_id="street_crime",
        landing_page="https://data.police.uk/data/archive/",
        discovery=MonthlyArchive(template="https://data.police.uk/data/archive/{month}.zip"),
        verified=True,
        note=(
            "Monthly archives https://data.police.uk/data/archive/YYYY-MM.zip holding "
            "YYYY-MM/YYYY-MM-<force>-street.csv for about 36 months "
            "(docs/sources/street_crime.md); the latest published month is probed from last "
            "month backwards (6 months), and only street files are extracted into "
            "landing/street_crime/YYYY-MM/."
        ),
        max_bytes=8 * GiB,
    ),
)

CATALOGUE: dict[str, CatalogueEntry] = {entry.source_id: entry for entry in _ENTRIES}
