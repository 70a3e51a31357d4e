"""Home Office offences involving the use of firearms, open data (ODS), long or historic wide.

The files exist (docs/sources/firearm_offences.md, e.g.
`prc-firearms-outcomes-open-data-apr2024-to-mar2026-tables-DDMMYY.ods`) but their columns are
UNVERIFIED. Two layouts are accepted, sheet by sheet (data sheets are found by their header;
cover and notes sheets are skipped):

  * Long (assumed by analogy with the police recorded crime tables): Financial Year, Financial
    Quarter, Force Name, and label columns Offence Type, Firearm Type, Firearm Use (each
    optional, at least one present), and a count of offences. The firearm use category
    (Fired / Threat / Blunt instrument / other) is what the NCPM measure "Offences involving
    discharge of a firearm" needs (docs/methods/measure-definitions.md: the Home Office firearm
    return records how the firearm was used; NCPM presumably counts "fired", U).
  * Wide (the historic firearm tables, V): label column(s) followed by one column per year
    headed `Apr '10 to Mar '11` (or `April 2010 to March 2011`, `Year ending March 2011`),
    row labels carrying footnote digits (`Homicide3`) whose wording changed between editions.
    The loader unpivots to one row per label row and year column, keeping the year header as
    published in `period_label` and the row labels as published; footnote digits are stripped
    only in staging. A wide table has no quarter; without a force column it is an England and
    Wales table. An empty label header above the first column is read as Offence Type
    (assumption, U). Rows with no value in any year column (footnotes, blank spacers) and empty
    year cells (no such row that year) land nothing: a missing cell is never a zero.

Counts may carry suppression markers. Everything lands as text; staging types it and derives
the period (financial quarter, or financial year from the wide label).
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
from orchestration.ingest.tabular import (
    LINEAGE_ROW,
    LINEAGE_SHEET,
    Rows,
    frame_from_rows,
    parsed_file,
)
from orchestration.ingest.workbook import read_workbook
from orchestration.reference import ForceResolver
from orchestration.sources.crime_outcomes.loader import header_hits, not_reporting_frame

SOURCE_ID = "firearm_offences"
PERIOD_LABEL = re.compile(
    r"^\s*(?:apr(?:il)?\s*['’]?\s*(\d{2}|\d{4})\s*(?:to|-|–)\s*mar(?:ch)?\s*['’]?\s*(?:\d{2}|\d{4})"
    r"|year\s+ending\s+mar(?:ch)?\s+(\d{4}))",
    re.IGNORECASE,
)
WIDE_MIN_PERIODS = 2
LONG_MIN_HEADERS = 3
EMPTY_LABEL_HEADER = "Offence Type"

FORCE = Column(
    "force_name", ("Force Name", "Police Force", "Force", "Police Force Area"), required=False
)
OFFENCE = Column("offence_type", ("Offence Type", "Offence", "Offence Description"), required=False)
FIREARM_TYPE = Column(
    "firearm_type",
    ("Firearm Type", "Weapon Type", "Type of Firearm", "Principal Weapon"),
    required=False,
)
FIREARM_USE = Column(
    "firearm_use",
    ("Firearm Use", "Use of Firearm", "How Firearm Used", "Firearm Usage"),
    required=False,
)
LABELS = (FORCE, OFFENCE, FIREARM_TYPE, FIREARM_USE)
LONG_COLUMNS = (
    Column("financial_year", ("Financial Year",), key=True),
    Column("financial_quarter", ("Financial Quarter", "Quarter"), key=True),
    Column(FORCE.name, FORCE.synonyms, key=True),
    *LABELS[1:],
    Column(
        "number_of_offences",
        (
            "Number of Offences",
            "Offence Count",
            "Offences",
            "Number of firearm offences",
            "Offences involving firearms",
            "Offences involving the use of firearms",
        ),
    ),
)
CANONICAL = [
    "financial_year",
    "financial_quarter",
    "period_label",
    "force_name",
    "offence_type",
    "firearm_type",
    "firearm_use",
    "number_of_offences",
]
USE_CATEGORIES = ("fired", "threat", "blunt_instrument", "other")


def period_start_year(label: str | None) -> int | None:
    """First calendar year of a wide column label (`Apr '10 to Mar '11` -> 2010)."""
    match = PERIOD_LABEL.match(label or "")
    if not match:
        return None
    if match.group(2):  # Year ending March YYYY
        return int(match.group(2)) - 1
    text = match.group(1)
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 50 else 1900
    return year


def _period_columns(row: list[str | None]) -> list[int]:
    return [i for i, cell in enumerate(row) if cell is not None and period_start_year(cell)]


def _wide_header_index(rows: Rows) -> int | None:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if len(_period_columns(row)) >= WIDE_MIN_PERIODS:
            return index
    return None


def _label_columns_present(path: Path, sheet: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return  # no data rows: reported as such for the whole file, not as a missing label
    if all(frame[c.name].isna().all() for c in LABELS[1:]) and frame["force_name"].isna().all():
        raise IngestError(
            SOURCE_ID,
            path,
            f"sheet '{sheet}': no row label column (expected Force Name, Offence Type, "
            "Firearm Type or Firearm Use)",
        )


def _parse_wide(path: Path, sheet: str, rows: Rows, header_index: int) -> pd.DataFrame:
    header = list(rows[header_index])
    periods = _period_columns(header)
    if periods[0] > 0 and header[0] is None:
        header[0] = EMPTY_LABEL_HEADER  # an unlabelled row-label column holds offence types
    period_columns = tuple(
        Column(f"_period_{i}", (header[position] or "",)) for i, position in enumerate(periods)
    )
    rows = [*rows[:header_index], header, *rows[header_index + 1 :]]
    frame = frame_from_rows(SOURCE_ID, path, rows, LABELS + period_columns, sheet)
    _label_columns_present(path, sheet, frame)
    labels = {c.name: frame[c.name] for c in LABELS}
    records = []
    for index in frame.index:
        for column, position in zip(period_columns, periods, strict=True):
            value = frame.at[index, column.name]
            if value is None or pd.isna(value):
                continue
            record = {name: series.at[index] for name, series in labels.items()}
            record.update(
                financial_year=None,
                financial_quarter=None,
                period_label=header[position],
                number_of_offences=value,
            )
            record[LINEAGE_SHEET] = frame.at[index, LINEAGE_SHEET]
            record[LINEAGE_ROW] = frame.at[index, LINEAGE_ROW]
            records.append(record)
    return pd.DataFrame.from_records(records, columns=[*CANONICAL, LINEAGE_SHEET, LINEAGE_ROW])


def _parse_long(path: Path, sheet: str, rows: Rows) -> pd.DataFrame:
    frame = frame_from_rows(SOURCE_ID, path, rows, LONG_COLUMNS, sheet)
    _label_columns_present(path, sheet, frame)
    frame["period_label"] = None
    return frame[[*CANONICAL, LINEAGE_SHEET, LINEAGE_ROW]]


def parse(path: Path) -> ParsedFile:
    sheets = read_workbook(SOURCE_ID, path)
    frames = []
    for name, rows in sheets.items():
        wide_header = _wide_header_index(rows)
        if wide_header is not None:
            frames.append(_parse_wide(path, name, rows, wide_header))
        elif header_hits(rows, LONG_COLUMNS) >= LONG_MIN_HEADERS:
            frames.append(_parse_long(path, name, rows))
    if not frames:
        raise IngestError(
            SOURCE_ID,
            path,
            "no data sheet: no sheet has the firearm offences header (Financial Year, Financial "
            "Quarter, Force Name, Firearm Use, Number of Offences, ...) or year columns "
            f"(Apr 'YY to Mar 'YY) in its first {HEADER_SCAN_ROWS} rows; sheets: {list(sheets)}",
        )
    return parsed_file(SOURCE_ID, path, frames, "the data sheet(s)")


def firearm_use_category(label: str | None) -> str | None:
    """fired / threat / blunt_instrument / other, or `unrecognised` (None for no label)."""
    if label is None:
        return None
    text = normalise_label(re.sub(r"(?<=[A-Za-z\)])\d+$", "", label.strip()))
    if re.search(r"\bfired\b|discharg", text):
        return "fired"
    if "threat" in text:
        return "threat"
    if "blunt" in text:
        return "blunt_instrument"
    if re.search(r"\bother\b|unknown|not known", text):
        return "other"
    return "unrecognised"


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def quality_frames(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, pd.DataFrame]:
    rows = parsed.frame.copy()
    wide = rows["period_label"].notna()
    has_force = rows["force_name"].notna()
    rows["_force_label"] = map_distinct(rows["force_name"], normalise_label).where(has_force, None)
    rows["_force_code"] = map_distinct(rows["force_name"], resolver.force_code)
    long_period = (
        map_distinct(rows["financial_year"], _text)
        + " Q"
        + map_distinct(rows["financial_quarter"], _text)
    )
    wide_year = map_distinct(rows["period_label"], period_start_year)
    rows["_period"] = long_period.where(
        ~wide & rows["financial_year"].notna() & rows["financial_quarter"].notna(), None
    )
    rows.loc[wide & wide_year.notna(), "_period"] = wide_year.map(
        lambda y: f"{int(y)}/{(int(y) + 1) % 100:02d}" if pd.notna(y) else None
    )
    rows["_row_label"] = rows[["offence_type", "firearm_type", "firearm_use", "force_name"]].bfill(
        axis=1
    )["offence_type"]
    rows["_force_name_if_long"] = rows["force_name"].where(~wide, "(wide table)")
    rows["_firearm_use_if_long"] = rows["firearm_use"].where(~wide, "(wide table)")
    rows["_firearm_use_category"] = map_distinct(rows["firearm_use"], firearm_use_category)
    key_parts = [
        map_distinct(rows[c], _text)
        for c in ("financial_year", "financial_quarter", "period_label")
    ] + [
        map_distinct(rows[c], normalise_label)
        for c in ("force_name", *(c.name for c in LABELS[1:]))
    ]
    rows["_key"] = key_parts[0].str.cat(key_parts[1:], sep="|")

    long_rows = rows[~wide]
    presence = pd.Series(1, index=long_rows.index)
    force_quarters = not_reporting_frame(long_rows, presence, resolver, share=0.0)
    return {"rows": rows, "force_quarters": force_quarters}


def quality_parameters(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, Any]:
    return {
        "known_force_labels": resolver.known_labels,
        "firearm_use_categories": list(USE_CATEGORIES),
    }


SPEC = SourceSpec(
    source_id=SOURCE_ID,
    title="Offences involving the use of firearms, open data tables",
    publisher="Home Office",
    cadence="quarterly",
    file_patterns=("*.ods", "*.xlsx"),
    parse=parse,
    quality_frames=quality_frames,
    quality_parameters=quality_parameters,
    row_labels=("force_name", "financial_year", "financial_quarter"),
)
