"""Deterministic XLSX workbooks for the sample extracts, written straight as Office Open XML.

A workbook is a zip of a few XML parts (ECMA-376 Part 1, SpreadsheetML): the content types,
the package and workbook relationships, the workbook with its sheet list, a minimal style
sheet, the document properties and one worksheet per sheet. Text is written as inline strings
(`t="inlineStr"`), numbers as values, merged ranges in `mergeCells`. Building the XML as text
is some twenty times faster than openpyxl for the sample's larger workbooks, and the same
input always gives the same bytes: every zip entry is dated 1980-01-01 00:00:00 and the
document properties carry a fixed date. The file is written to `<path>.partial` and renamed
into place. It shares no code with the loaders (which read with python-calamine).

A sheet is (name, rows, merges): rows of cells (str, int, float, bool, None) written from A1,
and merged ranges such as "F5:G5" (the value stays in the first cell, as spreadsheet programs
write it).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Sequence
from pathlib import Path
from string import ascii_uppercase
from xml.sax.saxutils import escape, quoteattr

__all__ = ["SheetRows", "write_xlsx"]

SheetRows = tuple[str, Sequence[Sequence[object]], Sequence[str]]
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
DOCUMENT_TIME = "2000-01-01T00:00:00Z"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def column_letters(index: int) -> str:
    """Spreadsheet column letters of a 0-based column index (0 -> A, 25 -> Z, 26 -> AA)."""
    prefix = column_letters(index // 26 - 1) if index >= 26 else ""
    return prefix + ascii_uppercase[index % 26]


def _cell(reference: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{value!r}</v></c>'
    text = escape(str(value))
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _worksheet(rows: Sequence[Sequence[object]], merges: Sequence[str]) -> str:
    letters: list[str] = []
    parts = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}">'
    ]
    parts.append("<sheetData>")
    for number, row in enumerate(rows, start=1):
        while len(letters) < len(row):
            letters.append(column_letters(len(letters)))
        cells = "".join(_cell(f"{letters[i]}{number}", v) for i, v in enumerate(row))
        parts.append(f'<row r="{number}">{cells}</row>' if cells else "")
    parts.append("</sheetData>")
    if merges:
        refs = "".join(f'<mergeCell ref="{m}"/>' for m in merges)
        parts.append(f'<mergeCells count="{len(merges)}">{refs}</mergeCells>')
    parts.append("</worksheet>")
    return "".join(parts)


def _parts(sheets: Sequence[SheetRows], creator: str, document_time: str) -> list[tuple[str, str]]:
    count = len(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>'
        for i in range(1, count + 1)
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f"{overrides}</Types>"
    )
    package_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        "</Relationships>"
    )
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        "<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{escape(creator)}</dc:creator>"
        f"<cp:lastModifiedBy>{escape(creator)}</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{document_time}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{document_time}</dcterms:modified>'
        "</cp:coreProperties>"
    )
    sheet_list = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
        for i, (name, _, _) in enumerate(sheets, start=1)
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{sheet_list}</sheets></workbook>'
    )
    sheet_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, count + 1)
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PKG_REL}">{sheet_rels}'
        f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    styles = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<styleSheet xmlns="{_MAIN}">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        "</cellXfs></styleSheet>"
    )
    parts = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", package_rels),
        ("docProps/core.xml", core),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", workbook_rels),
        ("xl/styles.xml", styles),
    ]
    for i, (_, rows, merges) in enumerate(sheets, start=1):
        parts.append((f"xl/worksheets/sheet{i}.xml", _worksheet(rows, merges)))
    return parts


def write_xlsx(
    path: Path,
    sheets: Sequence[SheetRows],
    creator: str = "ppf-warehouse",
    document_time: str = DOCUMENT_TIME,
) -> Path:
    """Write the sheets to `path` (via `<path>.partial`) and return the path. The document's
    created and modified times are `document_time` (W3CDTF, e.g. 2026-07-20T09:30:00Z)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in _parts(sheets, creator, document_time):
            entry = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, text.encode("utf-8"))
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(buffer.getvalue())
    os.replace(partial, path)
    return path
