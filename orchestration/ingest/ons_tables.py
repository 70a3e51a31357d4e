"""Reading ONS-style wide statistical tables (CSEW supplementary tables, homicide appendix tables).

Not a source (no SPEC): the shared steps of the `csew` and `homicide_index` loaders, kept here
because the project's shared tabular module maps long tables by header name only.

An ONS table sheet holds, from the top: title rows ("Table S1: ...", "England and Wales",
"Adults aged 16 and over", "Percentages"), a header row whose cells are period labels
(`Apr '03 to Mar '04`, `Year ending March 2019`, footnote digits glued on: `Apr '12 to Mar '131`)
after one row-label column, optionally comparison columns headed "<period> compared with:" over a
second header row naming the comparison periods (the group heading sits in the first column of a
merged range, so the next cells of the header row are empty), then the body: label-only rows
(section headings, kept as `row_group`), data rows (a label in column A and cells under the
period columns) and, after the body, source and footnote rows, which are not data.

The table is unpivoted into one record per (data row, labelled column): every cell of a data row
under a period or comparison column, empty cells included (an empty significance cell means "not
significant"), all as text. Labels are kept exactly as published; staging parses them.
Release and extraction dates are read from the cover sheet text where the file name carries no
DDMMYY suffix (ONS file names carry an edition, not a date).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from orchestration.ingest.cells import normalise_label
from orchestration.ingest.errors import IngestError
from orchestration.ingest.headers import HEADER_SCAN_ROWS, column_letter
from orchestration.ingest.source import ParsedFile
from orchestration.ingest.tabular import LINEAGE_ROW, LINEAGE_SHEET

Rows = list[list[str | None]]

# `Apr '12 to Mar '13`, `April 2012 to March 2013`, `Year ending March 2013`, `YE Mar '13`,
# each with footnote digits possibly glued on (`Mar '131`, `March 20131`), straight or curly
# apostrophe.
_YEAR = r"(?:['\u2019]\s*\d{2,}|\d{4,})"
PERIOD_LABEL = re.compile(
    r"^\s*(?:apr(?:il)?\.?\s*(?:['\u2019]\s*\d{2}|\d{4})\s*(?:to|-|\u2013)\s*mar(?:ch)?\.?\s*"
    + _YEAR
    + r"|(?:year\s+ending|ye)\s+mar(?:ch)?\.?\s*"
    + _YEAR
    + r")\s*$",
    re.IGNORECASE,
)
_END_YEAR = re.compile(r"mar(?:ch)?\.?\s*(?:['\u2019]\s*(\d{2})|(\d{4}))\d*\s*$", re.IGNORECASE)
COMPARED_WITH = re.compile(r"compared\s+with", re.IGNORECASE)
UNIT_ROW = re.compile(
    r"^(percentages?|numbers?|rates?|thousands|counts?|mean|median|pounds|proportions?)\b",
    re.IGNORECASE,
)
NOTE_ROW = re.compile(
    r"^(?:source\b|sources\b|notes?\b|footnotes?\b|\[?note\s*\d+\]?|\d{1,2}\s*[.:)]?\s+\S|"
    r"\*\s+\S|this (?:worksheet|table)\b|next release\b|release date\b)",
    re.IGNORECASE,
)
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}  # fmt: skip
_TEXT_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
RELEASE_CUE = re.compile(r"(?:release|publication|published)\s*(?:date)?", re.IGNORECASE)
EXTRACT_CUE = re.compile(r"extract(?:ed|ion)|\bas at\b", re.IGNORECASE)
# A sheet holding one table ("Table 1", "Table A4", "P3", "7"), not a cover, contents or notes.
TABLE_SHEET = re.compile(r"^\s*(?:table[\s_]*)?[a-z]{0,2}[\s_]*\d{1,3}[a-z]?\s*$", re.IGNORECASE)
# The columns of one landed cell of a wide table (see `WideCell`), in raw's order.
CELL_COLUMNS = (
    "table_title",
    "coverage",
    "unit_label",
    "label_header",
    "row_group",
    "row_label",
    "column_label",
    "cell_column",
    "value",
)


def is_table_sheet(name: str) -> bool:
    return bool(TABLE_SHEET.match(name))


def is_period_label(text: str | None) -> bool:
    return bool(text) and bool(PERIOD_LABEL.match(text))


def period_end_year(text: str | None) -> int | None:
    """Year ending March YYYY of a period label (footnote digits ignored), or None."""
    if not text or not PERIOD_LABEL.match(text):
        return None
    match = _END_YEAR.search(text.strip())
    if not match:
        return None
    if match.group(1):
        yy = int(match.group(1))
        return (2000 if yy < 50 else 1900) + yy
    return int(match.group(2)[:4])


@dataclass(frozen=True)
class WideCell:
    table_title: str | None
    coverage: str | None
    unit_label: str | None
    label_header: str | None
    row_group: str | None
    row_label: str
    column_label: str
    cell_column: str
    value: str | None
    sheet: str
    row_number: int


def _first_text(row: list[str | None]) -> str | None:
    return next((c.strip() for c in row if c is not None and c.strip()), None)


def find_header_row(rows: Rows) -> int | None:
    """Index of the first row (of the first 20) holding a period label after column A."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if any(is_period_label(cell) for cell in row[1:]):
            return index
    return None


def read_wide_table(source_id: str, path: Path, sheet: str, rows: Rows) -> list[WideCell]:
    """Unpivot one ONS table sheet; raise IngestError naming the sheet for a layout problem."""
    header_index = find_header_row(rows)
    if header_index is None:
        raise IngestError(
            source_id,
            path,
            f"sheet '{sheet}': no header row of period labels (like Apr '24 to Mar '25 or "
            f"Year ending March 2025) in the first {HEADER_SCAN_ROWS} rows",
        )
    titles = [t for t in (_first_text(r) for r in rows[:header_index]) if t]
    table_title = titles[0] if titles else None
    unit_label = next((t for t in titles[1:] if UNIT_ROW.match(t)), None)
    coverage = "; ".join(t for t in titles[1:] if t != unit_label) or None
    header = rows[header_index]
    width = max(len(r) for r in rows)
    header = header + [None] * (width - len(header))

    # Comparison groups: a "... compared with:" cell heads its own column and the empty header
    # cells to its right (a merged range), up to the next labelled header cell.
    group_of: dict[int, str] = {}
    current: str | None = None
    for position in range(1, width):
        cell = header[position]
        if cell is not None and cell.strip():
            current = cell.strip() if COMPARED_WITH.search(cell) else None
        if current is not None:
            group_of[position] = current

    body_start = header_index + 1
    sub: list[str | None] = [None] * width
    if body_start < len(rows) and group_of:
        candidate = rows[body_start] + [None] * (width - len(rows[body_start]))
        filled = [p for p in range(width) if candidate[p] is not None and candidate[p].strip()]
        if filled and candidate[0] is None and all(p in group_of for p in filled):
            sub = [c.strip() if c is not None else None for c in candidate]
            body_start += 1

    body = rows[body_start:]
    columns: dict[int, str] = {}
    for position in range(1, width):
        top = header[position].strip() if header[position] else None
        if position in group_of:
            label = " ".join(part for part in (group_of[position], sub[position]) if part)
            if label in columns.values():
                raise IngestError(
                    source_id,
                    path,
                    f"sheet '{sheet}': comparison column {column_letter(position)} has no "
                    f"sub-header naming the period compared ('{label}' repeats)",
                )
            columns[position] = label
        elif top is not None and is_period_label(top):
            if top in columns.values():
                raise IngestError(
                    source_id, path, f"sheet '{sheet}': period column '{top}' appears twice"
                )
            columns[position] = top
        elif top is not None:
            raise IngestError(
                source_id,
                path,
                f"sheet '{sheet}': header row {header_index + 1}: unmapped column header "
                f"'{top}' in column {column_letter(position)} (expected period labels or "
                "'... compared with:' columns)",
            )

    label_header = header[0].strip() if header[0] and header[0].strip() else None
    cells: list[WideCell] = []
    row_group: str | None = None
    in_notes = False
    for offset, row in enumerate(body, start=body_start + 1):
        row = row + [None] * (width - len(row))
        label = row[0].strip() if row[0] is not None and row[0].strip() else None
        values = {p: row[p] for p in columns}
        stray = [
            p for p in range(1, width) if p not in columns and row[p] is not None and not in_notes
        ]
        has_values = any(v is not None for v in values.values())
        if label is None and not has_values and not stray:
            continue
        if label is not None and not has_values and NOTE_ROW.match(label):
            in_notes = True
            continue
        if in_notes:
            if has_values:
                raise IngestError(
                    source_id,
                    path,
                    f"sheet '{sheet}': row {offset} holds values below the table's notes",
                )
            continue
        if stray:
            letters = ", ".join(column_letter(p) for p in stray)
            raise IngestError(
                source_id,
                path,
                f"sheet '{sheet}': data in column(s) {letters} with no header (row {offset})",
            )
        if not has_values:
            row_group = label
            continue
        if label is None:
            raise IngestError(
                source_id, path, f"sheet '{sheet}': row {offset} has values but no row label"
            )
        for position, column_label in columns.items():
            cells.append(
                WideCell(
                    table_title=table_title,
                    coverage=coverage,
                    unit_label=unit_label,
                    label_header=label_header,
                    row_group=row_group,
                    row_label=label,
                    column_label=column_label,
                    cell_column=column_letter(position),
                    value=values[position],
                    sheet=sheet,
                    row_number=offset,
                )
            )
    if not cells:
        raise IngestError(source_id, path, f"sheet '{sheet}': no data rows under the header")
    return cells


def _parse_date(text: str) -> dt.date | None:
    iso = _ISO_DATE.search(text)
    if iso:
        try:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
    match = _TEXT_DATE.search(text)
    if match and match.group(2).lower() in _MONTHS:
        try:
            return dt.date(
                int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1))
            )
        except ValueError:
            return None
    return None


def stated_date(sheets: dict[str, Rows], cue: re.Pattern[str]) -> dt.date | None:
    """The first date stated after a cue ("Release date:", "extracted ... on") in the cover
    or notes sheets: in the cue's own cell or in the next non-empty cell of its row."""
    ordered = sorted(
        sheets, key=lambda n: 0 if "cover" in n.lower() else 1 if "note" in n.lower() else 2
    )
    for name in ordered:
        if name.lower().startswith("table") or re.match(r"^[a-z]{0,2}\d", name.lower()):
            continue
        for row in sheets[name]:
            for position, cell in enumerate(row):
                if cell is None or not cue.search(cell):
                    continue
                tail = cell[cue.search(cell).end() :]
                found = _parse_date(tail)
                if found is None:
                    following = next((c for c in row[position + 1 :] if c), None)
                    found = _parse_date(following) if following else None
                if found is not None:
                    return found
    return None


def normalised(text: str | None) -> str:
    return normalise_label(text)


def cells_frame(cells: list[WideCell], **constants: str | None) -> pd.DataFrame:
    """The landed frame of a table's cells: `CELL_COLUMNS`, then any columns holding one value
    for the whole file (`extraction_date=...`), then `_sheet` and `_row_number`."""
    data: dict[str, list] = {name: [getattr(c, name) for c in cells] for name in CELL_COLUMNS}
    data.update({name: [value] * len(cells) for name, value in constants.items()})
    data[LINEAGE_SHEET] = [c.sheet for c in cells]
    data[LINEAGE_ROW] = [str(c.row_number) for c in cells]
    return pd.DataFrame(data, columns=list(data), dtype=object)


def with_stated_release(parsed: ParsedFile, sheets: dict[str, Rows]) -> ParsedFile:
    """A file whose name carries no release date takes the one its cover sheet states."""
    if parsed.release is not None:
        return parsed
    stated = stated_date(sheets, RELEASE_CUE)
    return parsed if stated is None else ParsedFile(parsed.frame, stated.isoformat())
