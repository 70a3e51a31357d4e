"""Home Office police misconduct open data tables: misconduct proceedings (ODS).

Source (docs/sources/police_misconduct.md, P): "Police misconduct, England and Wales: year ending 31
March YYYY", annual, Official Statistics in development; cases under the Police (Conduct)
Regulations 2020 only (matters arising on or after 1 February 2020), the 43 territorial forces
(no British Transport Police). The open data tables labelled "misconduct proceedings" give
individuals at proceedings by finding level and outcome; the "misconduct allegations" tables
(by age, ethnicity, sex) are another grain and are not read by this source.

ASSUMED (headers and values unverified, U): a long table, one row per financial year x force x
case type (complaint / conduct matter / recordable conduct matter) x proceeding type (misconduct
meeting / misconduct hearing / accelerated misconduct hearing) x finding (gross misconduct /
misconduct / no misconduct / not proven) x outcome (dismissal, final written warning, ...) x
worker type (police officer / police staff), with a count of individuals; combinations with no
individuals are not published. The year is written `2023/24` or `Year ending March 2024`; the
header row is searched in the first rows; the data sheet is found by its header (a sheet with at
least three proceedings headers must map completely), so cover, contents and notes sheets are
passed over. Column wordings accepted are listed in COLUMNS; category wordings are checked
against seeds/source_labels/police_misconduct_labels.csv (an unknown wording is a blocking failure
naming it). Home Office file names end in the release date (DDMMYY).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from orchestration.ingest.cells import map_distinct, normalise_label
from orchestration.ingest.errors import IngestError
from orchestration.ingest.headers import HEADER_SCAN_ROWS, Column
from orchestration.ingest.source import ParsedFile, SourceSpec
from orchestration.ingest.tabular import frame_from_rows, parsed_file
from orchestration.ingest.workbook import read_workbook
from orchestration.reference import ForceResolver, read_seed

SOURCE_ID = "police_misconduct"
LABEL_SEED = "police_misconduct_labels"
MIN_HEADER_HITS = 3
SWING_FLOOR = 10

COLUMNS = (
    Column(
        "financial_year",
        ("Financial year", "Year", "Year ending", "Year ending 31 March", "Financial year ending"),
        key=True,
    ),
    Column("force_name", ("Force", "Force name", "Police force", "Police force area"), key=True),
    Column("case_type", ("Case type", "Type of case", "Case category"), key=True),
    Column(
        "proceeding_type",
        ("Proceeding type", "Type of proceeding", "Proceedings type", "Misconduct proceeding"),
        key=True,
    ),
    Column(
        "finding",
        ("Finding", "Finding level", "Misconduct finding", "Level of misconduct found"),
        key=True,
    ),
    Column(
        "outcome",
        ("Outcome", "Disciplinary action", "Disciplinary outcome", "Action taken"),
        key=True,
    ),
    Column("worker_type", ("Worker type", "Officer or staff", "Worker", "Role type"), key=True),
    Column(
        "number_of_individuals",
        ("Number of individuals", "Individuals", "Count", "Number", "Number of people"),
    ),
)
DIMENSIONS = ("case_type", "proceeding_type", "finding", "outcome", "worker_type")
KEY_COLUMNS = ("financial_year", "force_name", *DIMENSIONS)

_FY_SLASH = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2})\s*$")
_FY_ENDING = re.compile(r"^\s*year\s+ending\s+(?:31\s+)?march\s+(\d{4})\s*$", re.IGNORECASE)
_FOOTNOTE = re.compile(r"(?<=[a-z\)])\d+$")


def _header_key(label: str) -> str:
    """A header cell as the shared header matcher compares it (footnote digits dropped)."""
    return _FOOTNOTE.sub("", normalise_label(label)).strip()


_LOOKUP = {_header_key(s) for c in COLUMNS for s in (c.name, *c.synonyms)}


def financial_year(value: object) -> str | None:
    """`2023/24` for `2023/24`, `2023-24` or `Year ending March 2024`; None otherwise."""
    if not isinstance(value, str):
        return None
    match = _FY_SLASH.match(value)
    if match:
        start, end = int(match.group(1)), match.group(2)
        return f"{start}/{end}" if f"{(start + 1) % 100:02d}" == end else None
    match = _FY_ENDING.match(value)
    if match:
        end_year = int(match.group(1))
        return f"{end_year - 1}/{end_year % 100:02d}"
    return None


def _is_data_sheet(rows: list[list[str | None]]) -> bool:
    return any(
        sum(1 for cell in row if cell is not None and _header_key(cell) in _LOOKUP)
        >= MIN_HEADER_HITS
        for row in rows[:HEADER_SCAN_ROWS]
    )


def parse(path: Path) -> ParsedFile:
    sheets = read_workbook(SOURCE_ID, path)
    data_sheets = [name for name, rows in sheets.items() if _is_data_sheet(rows)]
    if not data_sheets:
        raise IngestError(
            SOURCE_ID,
            path,
            "no misconduct proceedings table (a header with financial year, force, case type, "
            f"proceeding type, finding, outcome, worker type and count); sheets: {list(sheets)}",
        )
    frames = [frame_from_rows(SOURCE_ID, path, sheets[s], COLUMNS, s) for s in data_sheets]
    return parsed_file(SOURCE_ID, path, frames, "the proceedings sheet(s)")


def label_codes() -> dict[str, dict[str, str]]:
    """dimension -> normalised label -> code, from the labels seed."""
    codes: dict[str, dict[str, str]] = {d: {} for d in DIMENSIONS}
    for row in read_seed(LABEL_SEED):
        codes[row["dimension"]][normalise_label(row["label"])] = row["code"]
    return codes


# Outcomes the Police (Conduct) Regulations 2020 (regulation 42) allow for each finding level;
# staff follow local procedures modelled on them. Used as a warning only.
ALLOWED_OUTCOMES = {
    "gross_misconduct": {
        "dismissal",
        "would_have_been_dismissed",
        "reduction_in_rank",
        "final_written_warning",
        "no_further_action",
    },
    "misconduct": {
        "dismissal",
        "would_have_been_dismissed",
        "reduction_in_rank",
        "final_written_warning",
        "written_warning",
        "reflective_practice_review_process",
        "no_further_action",
    },
    "no_misconduct": {"reflective_practice_review_process", "no_further_action"},
    "not_proven": {"no_further_action"},
}


def quality_frames(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, pd.DataFrame]:
    rows = parsed.frame.copy()
    codes = label_codes()
    rows["_force_label"] = map_distinct(rows["force_name"], normalise_label)
    rows["_force_code"] = map_distinct(rows["force_name"], resolver.force_code)
    rows["_financial_year"] = map_distinct(rows["financial_year"], financial_year)
    for dimension in DIMENSIONS:
        rows[f"_{dimension}_label"] = map_distinct(rows[dimension], normalise_label)
        rows[f"_{dimension}_code"] = rows[f"_{dimension}_label"].map(codes[dimension].get)
    rows = rows.astype(object).where(rows.notna(), None)
    rows["_outcome_allowed"] = [
        None if f is None or o is None else o in ALLOWED_OUTCOMES.get(f, set())
        for f, o in zip(rows["_finding_code"], rows["_outcome_code"], strict=True)
    ]
    counts = pd.to_numeric(rows["number_of_individuals"], errors="coerce")
    forces = rows.assign(count=counts).dropna(subset=["_force_code", "_financial_year"])
    totals = (
        forces.groupby(["_force_code", "_financial_year"], as_index=False)["count"]
        .sum()
        .sort_values(["_force_code", "_financial_year"])
    )
    previous = totals.groupby("_force_code")["count"].shift(1)
    # Small counts swing by chance: the ratio is only judged from 10 individuals a year.
    totals["year_on_year_ratio"] = (totals["count"] / previous).where(previous >= SWING_FLOOR)
    years = (
        forces.groupby("_financial_year", as_index=False)["_force_code"]
        .nunique()
        .rename(columns={"_force_code": "forces_reporting"})
    )
    return {"rows": rows, "force_year_totals": totals, "years": years}


def quality_parameters(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, Any]:
    years = sorted({fy for fy in map(financial_year, parsed.frame["financial_year"]) if fy})
    expected = []
    if years:
        first, last = int(years[0][:4]), int(years[-1][:4])
        expected = [f"{y}/{(y + 1) % 100:02d}" for y in range(first, last + 1)]
    codes = label_codes()
    return {
        "known_force_labels": resolver.known_labels,
        "expected_financial_years": expected,
        "force_count": len(resolver.force_codes),
        **{f"known_{d}_labels": sorted(codes[d]) for d in DIMENSIONS},
    }


SPEC = SourceSpec(
    source_id=SOURCE_ID,
    title="Police misconduct, England and Wales: misconduct proceedings open data",
    publisher="Home Office",
    cadence="annual",
    file_patterns=("*.ods", "*.xlsx"),
    parse=parse,
    quality_frames=quality_frames,
    quality_parameters=quality_parameters,
    row_labels=("force_name", "financial_year"),
)
