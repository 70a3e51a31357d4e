"""ONS police force area data tables, Table P3: population and households by force area (XLSX).

Genuine layout (docs/sources/population.md, verified except the exact header wording): an XLSX
workbook of several tables (`Contents`, `Table P1`, `Table P2`, ...); the sheet `Table P3` has
title rows above a header row that starts with `Area Code`; its first five columns are Area Code,
Area Name, the mid-year population, households and the recorded crime rate per 1,000 population.
Rows cover England and Wales, the countries, the English regions and the 43 police force areas
(E23/W15 codes). One file per edition; the editions' file names are irregular
(`pfatablesdec19.xlsx`, `policeforceareatablesyesep25.xlsx`, `pfatablesyemarch2026.xlsx`) and the
year of the population estimate is only in the header (`Population (mid-2024)`).

Assumptions, because the exact wording is only partly verified (written down here and in the
staging sources YAML):
* Header labels carry their period (`Population (mid-2024)`, `Mid-2024 population estimate`,
  `Recorded crime rate per 1,000 population (year ending March 2026)`, `[note 2]`); the period
  words are stripped before a header is matched by name, so every year's wording maps. A header
  that is still unknown is an error, as everywhere.
* The population year is the `mid-YYYY` (or the only four-digit year) of the population header,
  or failing that of the title rows; a file that names none is rejected.
* The edition is read from the file name's tail (`[ye|yearending]<month><yy|yyyy>`), or failing
  that from a `year ending <Month> <YYYY>` title row; a file that names none is rejected.
* Households and the crime rate may carry GSS shorthand markers (`[x]`); the population may not.
* Old-style editions put footnotes under the table after a blank row: a row below that gap with
  text in column A only (not an area code) is a note and is not landed.

Raw keeps every row of Table P3 (England and Wales, countries and regions too) with the header
labels as published (`population_header`, `households_header`) and two values read by the loader
from the file (`population_year`, `edition`); staging keeps the force areas (`^(E23|W15)`).
"""

from __future__ import annotations

import calendar
import re
from pathlib import Path
from typing import Any

import pandas as pd

from orchestration.ingest.cells import map_distinct, normalise_label
from orchestration.ingest.errors import IngestError
from orchestration.ingest.headers import HEADER_SCAN_ROWS, Column
from orchestration.ingest.source import ParsedFile, SourceSpec
from orchestration.ingest.tabular import Rows, frame_from_rows, parsed_file
from orchestration.ingest.workbook import read_workbook
from orchestration.reference import ForceResolver, read_seed

SOURCE_ID = "population"
TABLE_SHEET = re.compile(r"^(?:table )?p ?3$")  # matched against normalise_label(sheet name)
GSS_CODE = re.compile(r"^[EKNSW]\d{8}$")

COLUMNS = (
    Column("area_code", ("Area Code", "Code", "Geography code", "Area codes"), key=True),
    Column("area_name", ("Area Name", "Name", "Geography name", "Area names", "Area")),
    Column(
        "population",
        (
            "Population",
            "Mid-year population",
            "Mid-year population estimate",
            "Mid-year population estimates",
            "Population estimate",
            "Population estimates",
            "Usual resident population",
            "Resident population",
            "Total population",
            "All persons",
        ),
    ),
    Column(
        "households",
        (
            "Households",
            "Number of households",
            "Household estimate",
            "Household estimates",
            "Household count",
            "Total households",
        ),
    ),
    Column(
        "recorded_crime_rate",
        (
            "Recorded crime rate per 1,000 population",
            "Police recorded crime rate per 1,000 population",
            "Crime rate per 1,000 population",
            "Total recorded crime rate per 1,000 population",
            "Rate per 1,000 population",
            "Recorded crime rate per 1,000 population excluding fraud",
            "Police recorded crime rate per 1,000 population excluding fraud",
            "Recorded crime per 1,000 population",
        ),
        required=False,
    ),
)
COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}
AREA_CODE_LABELS = {normalise_label(label) for label in (COLUMNS[0].name, *COLUMNS[0].synonyms)}
LABEL_COLUMNS = ("population_header", "households_header", "population_year", "edition")

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH_PATTERN = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
EDITION_IN_NAME = re.compile(rf"(?:ye|yearending)?({_MONTH_PATTERN})(\d{{4}}|\d{{2}})$")
EDITION_IN_TITLE = re.compile(rf"year\s+ending\s+({_MONTH_PATTERN})\w*\s+(\d{{4}})", re.I)
EDITION_LABEL = re.compile(r"^year ending ([A-Z][a-z]+) (\d{4})$")
MID_YEAR = re.compile(r"\bmid[\s-]*(\d{4})\b", re.I)
ANY_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")

# Period words in a header label are data, not part of the column's name.
_PERIOD_WORDS = (
    re.compile(r"\[note\s*\d+\]", re.I),
    re.compile(r"\([^()]*\b(?:19|20)\d{2}\b[^()]*\)"),
    re.compile(rf"\byear\s+ending\s+(?:{_MONTH_PATTERN})\w*\s+\d{{4}}\b", re.I),
    re.compile(r"\bmid[\s-]*(?:19|20)\d{2}\b", re.I),
    re.compile(r"\b(?:19|20)\d{2}(?:/\d{2})?\b"),
)


def header_stem(label: str | None) -> str | None:
    """A header label without its period words: `Population (mid-2024)` -> `Population`."""
    if label is None:
        return None
    text = label
    for pattern in _PERIOD_WORDS:
        text = pattern.sub(" ", text)
    text = re.sub(r"\(\s*\)", " ", text)
    text = " ".join(text.split()).strip(" ,;:-")
    return text or label


def _month(word: str) -> int:
    word = word.lower()
    return next(number for name, number in MONTHS.items() if name.startswith(word[:3]))


def edition_label(month: int, year: int) -> str:
    return f"year ending {calendar.month_name[month]} {year}"


def edition_from_name(path: Path) -> str | None:
    """`pfatablesyemarch2026.xlsx` -> `year ending March 2026`; `...yesep25` -> September 2025."""
    stem = re.sub(r"[^a-z0-9]", "", path.stem.lower())
    match = EDITION_IN_NAME.search(stem)
    if not match:
        return None
    year = int(match.group(2))
    return edition_label(_month(match.group(1)), year + 2000 if year < 100 else year)


def edition_end(edition: str | None) -> tuple[int, int] | None:
    """(year, month) the edition's year ends in, from its `year ending <Month> <YYYY>` label."""
    match = EDITION_LABEL.match(edition or "")
    return (int(match.group(2)), _month(match.group(1))) if match else None


def _find_header(rows: Rows) -> int | None:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if any(normalise_label(header_stem(cell)) in AREA_CODE_LABELS for cell in row if cell):
            return index
    return None


def _blank_footnotes(rows: Rows, header_index: int) -> Rows:
    """Rows with text in column A only, below a blank row that follows the data, are notes:
    they become empty rows (skipped by frame_from_rows, so row numbers stay spreadsheet rows)."""
    out = [list(r) for r in rows]
    gap = False
    for row in out[header_index + 1 :]:
        filled = [i for i, cell in enumerate(row) if cell is not None]
        if not filled:
            gap = True
        elif gap and filled == [0] and not GSS_CODE.match(row[0].strip()):
            row[0] = None
    return out


def _population_year(population_header: str, title_rows: Rows) -> str | None:
    """The `mid-YYYY` of the population header (or its only year), else of the title rows."""
    match = MID_YEAR.search(population_header)
    if match:
        return match.group(1)
    years = set(ANY_YEAR.findall(population_header))
    if len(years) == 1:
        return years.pop()
    for row in title_rows:
        for cell in row:
            match = MID_YEAR.search(cell or "")
            if match:
                return match.group(1)
    return None


def _edition(path: Path, title_rows: Rows) -> str | None:
    found = edition_from_name(path)
    if found:
        return found
    for row in title_rows:
        for cell in row:
            match = EDITION_IN_TITLE.search(cell or "")
            if match:
                return edition_label(_month(match.group(1)), int(match.group(2)))
    return None


def parse(path: Path) -> ParsedFile:
    sheets = read_workbook(SOURCE_ID, path)
    names = [name for name in sheets if TABLE_SHEET.match(normalise_label(name))]
    if len(names) != 1:
        found = "several: " + ", ".join(names) if names else "none"
        raise IngestError(
            SOURCE_ID,
            path,
            f"expected one sheet named 'Table P3' ({found}); sheets found {list(sheets)}",
        )
    sheet = names[0]
    rows = sheets[sheet]
    header_index = _find_header(rows)
    if header_index is None:
        raise IngestError(
            SOURCE_ID,
            path,
            f"sheet '{sheet}': no header row starting with 'Area Code' in the first "
            f"{HEADER_SCAN_ROWS} rows",
        )
    published = list(rows[header_index])
    rows = _blank_footnotes(rows, header_index)
    rows[header_index] = [header_stem(cell) for cell in published]
    frame = frame_from_rows(SOURCE_ID, path, rows, COLUMNS, sheet)

    stems = [normalise_label(cell) for cell in rows[header_index]]
    labels = {}
    for column in ("population", "households"):
        wordings = {normalise_label(s) for s in (column, *COLUMNS_BY_NAME[column].synonyms)}
        position = next(i for i, stem in enumerate(stems) if stem in wordings)
        labels[column] = published[position]
    title_rows = rows[:header_index]
    year = _population_year(labels["population"], title_rows)
    if year is None:
        raise IngestError(
            SOURCE_ID,
            path,
            f"sheet '{sheet}': no population year: the population header "
            f"'{labels['population']}' and the title rows name no mid-year (mid-YYYY)",
        )
    edition = _edition(path, title_rows)
    if edition is None:
        raise IngestError(
            SOURCE_ID,
            path,
            "no edition: the file name does not end in a month and year "
            "(e.g. pfatablesyemarch2026) and no title row says 'year ending <Month> <YYYY>'",
        )
    values = dict(
        zip(LABEL_COLUMNS, (labels["population"], labels["households"], year, edition), strict=True)
    )
    for offset, name in enumerate(LABEL_COLUMNS):
        frame.insert(len(COLUMNS) + offset, name, values[name])
    return parsed_file(SOURCE_ID, path, [frame], f"sheet '{sheet}'")


def area_type(code: str | None) -> str | None:
    """Kind of ONS geography from the code's entity prefix."""
    text = (code or "").strip()
    if not GSS_CODE.match(text):
        return None
    return {
        "K04": "england_and_wales",
        "E92": "country",
        "W92": "country",
        "E12": "region",
        "E23": "force_area",
        "W15": "force_area",
    }.get(text[:3])


def _whole(value: str | None) -> float | None:
    text = (value or "").strip()
    return float(text) if text.isdigit() else None


def quality_frames(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, pd.DataFrame]:
    rows = parsed.frame.copy()
    census = {
        r["force_code"]: float(r["census2021_usual_residents"])
        for r in read_seed("police_force_areas")
    }
    rows["_area_code"] = rows["area_code"].map(lambda v: (v or "").strip())
    rows["_area_type"] = map_distinct(rows["area_code"], area_type)
    rows["_force_label"] = map_distinct(rows["area_name"], normalise_label)
    population = map_distinct(rows["population"], _whole)
    households = map_distinct(rows["households"], _whole)
    is_force = rows["_area_type"] == "force_area"

    def unknown_code(row: pd.Series) -> str | None:
        if row["_area_type"] != "force_area" or row["_area_code"] in resolver.force_codes:
            return None
        return f"{row['_area_code']} {row['area_name']}"

    def name_mismatch(row: pd.Series) -> str | None:
        if row["_area_type"] != "force_area" or row["_area_code"] not in resolver.force_codes:
            return None
        resolved = resolver.force_code(row["area_name"])
        if resolved == row["_area_code"]:
            return None
        what = f"names {resolved}" if resolved else "is not a known force name"
        return f"{row['_area_code']} '{row['area_name']}' {what}"

    rows["_unknown_force_code"] = rows.apply(unknown_code, axis=1)
    rows["_name_code_mismatch"] = rows.apply(name_mismatch, axis=1)
    rows["_force_code"] = rows["_area_code"].where(is_force & rows["_area_code"].isin(census))
    over = households > population
    rows["_households_above_population"] = rows["_area_code"].where(over)
    rows["_ratio_to_census2021"] = [
        p / census[c] if f and c in census and p is not None else None
        for p, c, f in zip(population, rows["_area_code"], is_force, strict=True)
    ]
    end = map_distinct(rows["edition"], edition_end)
    rows["_edition_lag_years"] = [
        (e[0] + (e[1] - 6) / 12) - int(y) if e and (y or "").isdigit() else None
        for e, y in zip(end, rows["population_year"], strict=True)
    ]

    forces_total = float(population[is_force].sum())
    national = population[rows["_area_type"] == "england_and_wales"].dropna()
    totals = pd.DataFrame(
        {
            "force_areas_total": [forces_total],
            "england_and_wales": [float(national.iloc[0]) if len(national) else None],
        }
    )
    totals["sum_ratio"] = totals["force_areas_total"] / totals["england_and_wales"]
    return {"rows": rows, "totals": totals}


def quality_parameters(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, Any]:
    return {"force_codes": sorted(resolver.force_codes)}


SPEC = SourceSpec(
    source_id=SOURCE_ID,
    title="ONS police force area data tables, Table P3 (population and households)",
    publisher="Office for National Statistics",
    cadence="annual",
    file_patterns=("*.xlsx",),
    parse=parse,
    quality_frames=quality_frames,
    quality_parameters=quality_parameters,
    row_labels=("area_name", "population_year"),
)
