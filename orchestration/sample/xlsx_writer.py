"""Deterministic XLSX workbooks for the sample extracts (openpyxl, then a normalised zip).

openpyxl stamps the document properties with the current time (the modified time at saving,
whatever the workbook says) and the zip entries with the time of writing, so two runs give
different bytes. This writer fixes both document times in docProps/core.xml, writes
every zip entry in openpyxl's order dated 1980-01-01 00:00:00 with the same compression, and
renames a `.partial` file into place, so the same input gives the same bytes on the same
Python/zlib build. It shares no code with the loaders (which read with python-calamine).

A sheet is (name, rows, merges): rows of cells (str, int, float, None) written from A1, and
merged ranges such as "F5:G5" (the value stays in the first cell, as spreadsheet programs
write it).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

__all__ = ["SheetRows", "write_xlsx"]

FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
CORE_PROPERTIES = "docProps/core.xml"
# openpyxl stamps dcterms:modified with the time of saving, whatever the workbook says.
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
SheetRows = tuple[str, Sequence[Sequence[object]], Sequence[str]]


def _workbook_bytes(sheets: Sequence[SheetRows], creator: str) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows, merges in sheets:
        sheet = workbook.create_sheet(title=name)
        for row in rows:
            sheet.append(list(row))
        for merged in merges:
            sheet.merge_cells(merged)
    workbook.properties.creator = creator
    workbook.properties.lastModifiedBy = creator
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _normalised_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            data = source.read(info.filename)
            if info.filename == CORE_PROPERTIES:
                stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                data = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            target.writestr(entry, data)
    return out.getvalue()


def write_xlsx(path: Path, sheets: Sequence[SheetRows], creator: str = "ppf-warehouse") -> Path:
    """Write the sheets to `path` (via `<path>.partial`) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(_normalised_zip(_workbook_bytes(sheets, creator)))
    os.replace(partial, path)
    return path
