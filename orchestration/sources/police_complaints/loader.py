"""IOPC police complaints statistics for England and Wales: force data tables (XLSX).

Source (docs/sources/police_complaints.md, P): the IOPC's annual "Police complaints: statistics for
England and Wales YYYY/YY" with data tables; force names as the IOPC writes them
(`Metropolitan`, `London, City of`, British Transport Police included, an `England and Wales`
total). Regime break: the Policing and Crime Act 2017 reforms took effect on 1 February 2020
(British Transport Police from 4 January 2021); the 2019/20 report covered only complaints under
the earlier (2012) regime, whose "recorded complaints" are not comparable with the complaint
cases logged since. Staging flags the regime; this loader keeps every row.

ASSUMED (the data-table file layout and headers are unverified, U): a workbook whose force
tables are found by their header (a row, within the first 20, with a `Force` / `Police force` /
`Force name` cell); sheets without one (cover, contents, notes, national tables) are passed over.
Each force table is either

* long: columns `Financial year`, `Force`, `Measure`, optional `Breakdown`, `Value` (synonyms in
  LONG_COLUMNS), one row per force x year x measure x breakdown; or
* wide: `Force` and one column per measure (e.g. `Complaint cases logged`, `Allegations logged:
  Delivery of duties and service`, `Allegations logged per 1,000 employees`), optionally a
  `Financial year` column; otherwise the year is read from the title rows above the header
  (`2020/21`, `2020-21`), failing that from the sheet name, then the file name. Wide tables are
  unpivoted to the long shape, one row per cell, the column label kept as `measure`.

The layout is recorded in `_layout` (long / wide). A row whose only cell is a note in the force
column (`Note...`, `Source...`) is a footnote and is skipped. Measure labels (long: measure and
breakdown; wide: the column label) must be in seeds/source_labels/police_complaints_measures.csv,
which maps them to measure and breakdown codes and units: an unknown label is a blocking failure
naming it.
Labels are matched without note markers (`[note 2]`) or footnote digits, which stay in raw.
Cells stay text: counts, rates and average days as published, suppression markers (`*`, `[c]`,
`-`, `n/a`) kept. IOPC file names carry no release date: the runner dates a file by the day it
is first loaded, and staging keeps, per financial year, the most recent file.
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
from orchestration.ingest.tabular import LINEAGE_ROW, LINEAGE_SHEET, frame_from_rows, parsed_file
from orchestration.ingest.workbook import read_workbook
from orchestration.reference import ForceResolver, read_seed

SOURCE_ID = "police_complaints"
MEASURE_SEED = "police_complaints_measures"
LAYOUT_COLUMN = "_layout"

FORCE_SYNONYMS = ("Force", "Police force", "Force name", "Police force area")
YEAR_SYNONYMS = ("Financial year", "Year", "Reporting year")
MEASURE_SYNONYMS = ("Measure", "Indicator", "Metric", "Statistic")
LONG_COLUMNS = (
    Column("financial_year", YEAR_SYNONYMS, key=True),
    Column("force_name", FORCE_SYNONYMS, key=True),
    Column("measure", MEASURE_SYNONYMS, key=True),
    Column(
        "breakdown",
        ("Breakdown", "Category", "Sub-category", "Subcategory", "Allegation category"),
        required=False,
        key=True,
    ),
    Column("value", ("Value", "Number", "Count", "Figure")),
)
RAW_COLUMNS = ["financial_year", "force_name", "measure", "breakdown", "value", LAYOUT_COLUMN]

_FOOTNOTE = re.compile(r"(?<=[a-z\)])\d+$")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(20\d{2})\s*(?:/|-|_|to)\s*(\d{2})(?!\d)")
_NOTE_ROW = re.compile(r"^\s*(notes?\b|source\b)", re.IGNORECASE)


def _header_key(label: str | None) -> str:
    """A header cell as the shared header matcher compares it (footnote digits dropped)."""
    return _FOOTNOTE.sub("", normalise_label(label)).strip()


_FORCE_KEYS = {_header_key(s) for s in FORCE_SYNONYMS}
_YEAR_KEYS = {_header_key(s) for s in YEAR_SYNONYMS}
_MEASURE_KEYS = {_header_key(s) for s in MEASURE_SYNONYMS}


def financial_year(value: object) -> str | None:
    """`2020/21` for `2020/21`, `2020-21`, `2020 to 21` (consecutive years only); else None."""
    if not isinstance(value, str):
        return None
    for match in _YEAR_IN_TEXT.finditer(value):
        start, end = int(match.group(1)), match.group(2)
        if f"{(start + 1) % 100:02d}" == end:
            return f"{start}/{end}"
    return None


def _header_row(rows: list[list[str | None]]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        keys = [_header_key(c) for c in row if c is not None]
        if any(k in _FORCE_KEYS for k in keys) and len(keys) > 1:
            return index
    return None


def _drop_note_rows(rows: list[list[str | None]], header: int) -> list[list[str | None]]:
    force_at = next(
        i for i, c in enumerate(rows[header]) if c is not None and _header_key(c) in _FORCE_KEYS
    )
    kept = rows[: header + 1]
    for row in rows[header + 1 :]:
        others = [c for i, c in enumerate(row) if i != force_at and c is not None]
        force = row[force_at] if force_at < len(row) else None
        if not others and force is not None and _NOTE_ROW.match(force):
            kept.append([None] * len(row))  # keep the numbering of the rows below
        else:
            kept.append(row)
    return kept


def _context_year(path: Path, sheet: str, title_rows: list[list[str | None]]) -> str | None:
    for row in title_rows:
        for cell in row:
            year = financial_year(cell)
            if year:
                return year
    return financial_year(sheet) or financial_year(path.stem)


def _long_frame(path: Path, rows: list[list[str | None]], sheet: str) -> pd.DataFrame:
    frame = frame_from_rows(SOURCE_ID, path, rows, LONG_COLUMNS, sheet)
    frame[LAYOUT_COLUMN] = "long"
    return frame


def _wide_frame(path: Path, rows: list[list[str | None]], sheet: str, header: int) -> pd.DataFrame:
    columns: list[Column] = []
    measures: dict[str, str] = {}
    for position, cell in enumerate(rows[header]):
        if cell is None:
            continue
        key = _header_key(cell)
        if key in _FORCE_KEYS and not any(c.name == "force_name" for c in columns):
            columns.append(Column("force_name", (cell,), key=True))
        elif key in _YEAR_KEYS and not any(c.name == "financial_year" for c in columns):
            columns.append(Column("financial_year", (cell,), key=True))
        else:
            name = f"_measure_{position}"
            columns.append(Column(name, (cell,)))
            measures[name] = cell.strip()
    frame = frame_from_rows(SOURCE_ID, path, rows, tuple(columns), sheet)
    if "financial_year" not in frame.columns:
        year = _context_year(path, sheet, rows[:header])
        if year is None:
            raise IngestError(
                SOURCE_ID,
                path,
                f"sheet '{sheet}': wide force table with no financial year (no year column, "
                "and no YYYY/YY in the title rows, the sheet name or the file name)",
            )
        frame["financial_year"] = year
    records = [
        {
            "financial_year": record["financial_year"],
            "force_name": record["force_name"],
            "measure": label,
            "breakdown": None,
            "value": record[name],
            LAYOUT_COLUMN: "wide",
            LINEAGE_SHEET: record[LINEAGE_SHEET],
            LINEAGE_ROW: record[LINEAGE_ROW],
        }
        for record in frame.to_dict("records")
        for name, label in measures.items()
    ]
    return pd.DataFrame.from_records(records, columns=[*RAW_COLUMNS, LINEAGE_SHEET, LINEAGE_ROW])


def parse(path: Path) -> ParsedFile:
    sheets = read_workbook(SOURCE_ID, path)
    frames = []
    for sheet, rows in sheets.items():
        header = _header_row(rows)
        if header is None:
            continue
        rows = _drop_note_rows(rows, header)
        keys = {_header_key(c) for c in rows[header] if c is not None}
        if keys & _MEASURE_KEYS:
            frame = _long_frame(path, rows, sheet)
        else:
            frame = _wide_frame(path, rows, sheet, header)
        frames.append(frame.reindex(columns=[*RAW_COLUMNS, LINEAGE_SHEET, LINEAGE_ROW]))
    if not frames:
        raise IngestError(
            SOURCE_ID,
            path,
            "no force table (a header row with a Force / Police force column in the first "
            f"{HEADER_SCAN_ROWS} rows of any sheet); sheets: {list(sheets)}",
        )
    return parsed_file(SOURCE_ID, path, frames, "the force tables")


def measure_catalogue() -> dict[str, dict[str, str]]:
    """measure key (normalised measure | normalised breakdown) -> seed row."""
    return {
        measure_key(r["measure_label"], r["breakdown_label"]): r for r in read_seed(MEASURE_SEED)
    }


_NOTE_MARK = re.compile(r"\[note\s*\d+\]", re.IGNORECASE)
_TRAILING_DIGITS = re.compile(r"([a-z])\d+$")


def label_key(label: str | None) -> str:
    """A measure or breakdown label for matching: note markers (`[note 2]`) and footnote digits
    glued to the last word dropped, then normalised. stg_police_complaints__force_year computes
    the same key in SQL."""
    if label is None:
        return ""
    return _TRAILING_DIGITS.sub(r"\1", normalise_label(_NOTE_MARK.sub(" ", label)))


def measure_key(measure: str | None, breakdown: str | None) -> str:
    return f"{label_key(measure)}|{label_key(breakdown)}"


# Parts and the total they may not exceed: (measure code of the parts, total measure code).
PARTS_OF_TOTALS = (
    ("complaint_cases", "complaint_cases"),
    ("allegations_logged", "allegations_logged"),
    ("allegations_finalised", "allegations_finalised"),
    ("allegations_finalised_by_action", "allegations_finalised"),
    ("case_to_answer_decisions", "allegations_finalised"),
)


def quality_frames(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, pd.DataFrame]:
    catalogue = measure_catalogue()
    rows = parsed.frame.copy()
    rows["_force_label"] = map_distinct(rows["force_name"], normalise_label)
    rows["_force_code"] = map_distinct(rows["force_name"], resolver.force_code)
    rows["_financial_year"] = [financial_year(v) for v in rows["financial_year"]]
    rows["_measure_key"] = [
        measure_key(m, b) for m, b in zip(rows["measure"], rows["breakdown"], strict=True)
    ]
    seed = [catalogue.get(key) for key in rows["_measure_key"]]
    for column, field in (
        ("_measure_code", "measure_code"),
        ("_breakdown_code", "breakdown_code"),
        ("_unit", "unit"),
    ):
        rows[column] = [r[field] if r else None for r in seed]
    rows["_count_value"] = rows["value"].where(rows["_unit"] == "count")
    number = pd.to_numeric(rows["value"], errors="coerce")
    rows["_rate_value"] = number.where(rows["_unit"] == "rate_per_1000_employees")
    rows["_days_value"] = number.where(rows["_unit"] == "days")
    rows = rows.astype(object).where(rows.notna(), None)

    known = rows.assign(number=number).dropna(subset=["_financial_year", "_measure_code"])
    keys = ["_financial_year", "_force_label"]
    parts_frames = []
    for part_code, total_code in PARTS_OF_TOTALS:
        parts = known[(known["_measure_code"] == part_code) & (known["_breakdown_code"] != "total")]
        totals = known[
            (known["_measure_code"] == total_code) & (known["_breakdown_code"] == "total")
        ]
        merged = (
            parts.groupby(keys, as_index=False)["number"]
            .sum()
            .rename(columns={"number": "parts_sum"})
            .merge(totals[[*keys, "number"]].rename(columns={"number": "total"}), on=keys)
            .dropna(subset=["total"])
        )
        merged["parts"] = part_code
        parts_frames.append(merged)
    parts_frame = pd.concat(parts_frames, ignore_index=True)
    years = (
        known.dropna(subset=["_force_code"])
        .groupby("_financial_year", as_index=False)["_force_code"]
        .nunique()
        .rename(columns={"_force_code": "forces_reporting"})
    )
    return {"rows": rows, "parts": parts_frame, "years": years}


def quality_parameters(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, Any]:
    return {**resolver.force_parameters(), "known_measure_keys": sorted(measure_catalogue())}


SPEC = SourceSpec(
    source_id=SOURCE_ID,
    title="Police complaints: statistics for England and Wales (force data tables)",
    publisher="Independent Office for Police Conduct",
    cadence="annual",
    file_patterns=("*.xlsx",),
    parse=parse,
    quality_frames=quality_frames,
    quality_parameters=quality_parameters,
    row_labels=("force_name", "financial_year"),
)
