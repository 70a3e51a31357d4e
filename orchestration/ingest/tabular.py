"""Shared parsing steps every loader uses: a header-mapped table from a sheet or CSV, text CSV
reading with encoding checks, and the frame of text cells that lands in raw.

Loaders differ in how they pick sheets and what their columns are; these steps do not.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from orchestration.ingest.errors import IngestError
from orchestration.ingest.headers import Column, column_letter, match_header, unnamed_data_columns
from orchestration.ingest.source import ParsedFile, release_from_name

LINEAGE_SHEET = "_sheet"
LINEAGE_ROW = "_row_number"
ENCODINGS = ("utf-8-sig", "cp1252")
# An HTML page (a portal's error or login page saved under the file's name) starts like this.
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)?<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)

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
    mapped = list(match.positions.items())
    # Built column by column (a national month of police.uk rows is half a million of them).
    kept = [
        (offset, row)
        for offset, row in enumerate(rows[match.row_index + 1 :], start=match.row_index + 2)
        if any(i < len(row) and row[i] is not None for _, i in mapped)
    ]
    data: dict[str, list[str | None]] = {c.name: [None] * len(kept) for c in columns}
    for name, i in mapped:
        data[name] = [row[i] if i < len(row) else None for _, row in kept]
    data[LINEAGE_SHEET] = [sheet] * len(kept)
    data[LINEAGE_ROW] = [str(offset) for offset, _ in kept]
    return pd.DataFrame(data, dtype=object)


def parsed_file(source_id: str, path: Path, frames: list[pd.DataFrame], what: str) -> ParsedFile:
    """Concatenate a file's frames; an empty result is an error naming what was expected."""
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if frame.empty:
        raise IngestError(source_id, path, f"no data rows in {what}")
    frame = frame.astype(object).where(frame.notna(), None)
    return ParsedFile(frame=frame, release=release_from_name(path))


def looks_like_html(head: bytes) -> bool:
    """True when the first bytes of a file are the start of an HTML page."""
    return bool(_HTML_START.match(head.removeprefix(b"\xef\xbb\xbf")))


def read_csv_rows(source_id: str, path: Path) -> Rows:
    """A CSV file's rows as text cells (empty cells are None).

    Rejects an empty file, a binary file or archive under a .csv name, an HTML page saved under
    a .csv name, text in an encoding other than UTF-8 or Windows-1252 (the encodings the
    publishers use), and a file cut off mid-row (see `_cut_off`).
    """
    data = path.read_bytes()
    if not data.strip():
        raise IngestError(source_id, path, "empty file (0 bytes)" if not data else "empty file")
    if data[:2] == b"PK" or b"\x00" in data[:4096]:
        raise IngestError(source_id, path, "not a CSV text file (binary content or a zip archive)")
    if looks_like_html(data[:1024]):
        raise IngestError(
            source_id,
            path,
            "looks like an HTML page, not a CSV (an error or sign-in page saved under the "
            "file's name?)",
        )
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
    cut = _cut_off(text, rows)
    if cut:
        raise IngestError(source_id, path, f"the file ends mid-row ({cut}): truncated?")
    return [[cell if cell.strip() != "" else None for cell in row] for row in rows]


def _cut_off(text: str, rows: list[list[str]]) -> str | None:
    """Why a CSV looks cut off (an interrupted download), or None.

    Only a file that does not end with a line break can be: its last row is then checked for
    an unclosed quote or fewer cells than the row above it. (A complete last line with no line
    break, as some tools write, passes; so does a cut that happens to fall on a line break,
    which leaves a shorter but well-formed file.)
    """
    if not rows or text.endswith(("\n", "\r")):
        return None
    if text.count('"') % 2:
        return f"row {len(rows)} ends inside a quoted cell and no line break ends the file"
    above = next((row for row in reversed(rows[:-1]) if row), None)
    if above is not None and len(rows[-1]) < len(above):
        return (
            f"row {len(rows)} has {len(rows[-1])} of the {len(above)} cells of the row above "
            "and no line break ends the file"
        )
    return None
