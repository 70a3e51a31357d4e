"""Shared parsing steps every loader uses: a header-mapped table from a sheet or CSV, text CSV
reading with encoding checks, and the frame of text cells that lands in raw.

Loaders differ in how they pick sheets and what their columns are; these steps do not.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from orchestration.ingest.errors import IngestError
from orchestration.ingest.headers import Column, column_letter, match_header, unnamed_data_columns
from orchestration.ingest.source import ParsedFile, release_from_name

LINEAGE_SHEET = "_sheet"
LINEAGE_ROW = "_row_number"
ENCODINGS = ("utf-8-sig", "cp1252")

Rows = list[list[str | None]]


def frame_from_rows(
    source_id: str,
    path: Path,
    rows: Rows,
    columns: tuple[Column, ...],
    sheet: str,
) -> pd.DataFrame:
    """Map the header by name and return the data rows as text, with `_sheet`/`_row_number`.

    Raises IngestError (naming the sheet) for a missing or unmapped header, or data under a
    column with no header. Fully empty rows are skipped; row numbers are spreadsheet rows.
    """
    match, reason = match_header(rows, columns)
    if match is None:
        raise IngestError(source_id, path, f"sheet '{sheet}': {reason}")
    unnamed = unnamed_data_columns(rows, match)
    if unnamed:
        letters = ", ".join(column_letter(p) for p in unnamed)
        raise IngestError(
            source_id, path, f"sheet '{sheet}': data in column(s) {letters} with no header"
        )
    names = [c.name for c in columns]
    records = []
    for offset, row in enumerate(rows[match.row_index + 1 :], start=match.row_index + 2):
        values = {name: (row[i] if i < len(row) else None) for name, i in match.positions.items()}
        if all(v is None for v in values.values()):
            continue
        values[LINEAGE_SHEET] = sheet
        values[LINEAGE_ROW] = str(offset)
        records.append(values)
    return pd.DataFrame.from_records(records, columns=[*names, LINEAGE_SHEET, LINEAGE_ROW])


def parsed_file(source_id: str, path: Path, frames: list[pd.DataFrame], what: str) -> ParsedFile:
    """Concatenate a file's frames; an empty result is an error naming what was expected."""
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if frame.empty:
        raise IngestError(source_id, path, f"no data rows in {what}")
    frame = frame.astype(object).where(frame.notna(), None)
    return ParsedFile(frame=frame, release=release_from_name(path))


def read_csv_rows(source_id: str, path: Path) -> Rows:
    """A CSV file's rows as text cells (empty cells are None).

    Rejects an empty file, a binary file or archive under a .csv name, and text in an encoding
    other than UTF-8 or Windows-1252 (the encodings the publishers use).
    """
    data = path.read_bytes()
    if not data.strip():
        raise IngestError(source_id, path, "empty file (0 bytes)" if not data else "empty file")
    if data[:2] == b"PK" or b"\x00" in data[:4096]:
        raise IngestError(source_id, path, "not a CSV text file (binary content or a zip archive)")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise IngestError(source_id, path, "unreadable text encoding (expected UTF-8)")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise IngestError(source_id, path, f"malformed CSV ({exc})") from exc
    return [[cell if cell.strip() != "" else None for cell in row] for row in rows]
