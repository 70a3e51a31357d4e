"""Read ODS/XLSX workbooks (python-calamine) after checking the bytes are what the name says.

DuckDB's excel extension cannot be installed offline, and a DOM-style ODS reader takes minutes on
a 15 MB workbook; calamine streams both formats in Rust.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from python_calamine import CalamineWorkbook

from orchestration.ingest.cells import row_to_text
from orchestration.ingest.errors import IngestError
from orchestration.ingest.tabular import looks_like_html

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

Sheet = list[list[str | None]]


def _check_container(source_id: str, path: Path, kind: str) -> None:
    size = path.stat().st_size
    if size == 0:
        raise IngestError(source_id, path, "empty file (0 bytes)")
    with path.open("rb") as handle:
        head = handle.read(1024)
    if not head.startswith(b"PK"):
        if looks_like_html(head):
            looks = "an HTML page (an error or sign-in page saved under the file's name?)"
        elif all(32 <= b < 127 or b in (9, 10, 13) for b in head[:64]):
            looks = "text (CSV?)"
        else:
            looks = "binary"
        raise IngestError(
            source_id, path, f"not an {kind.upper()} workbook: the file is {looks}, not a zip"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if kind == "ods":
                if "mimetype" not in names or archive.read("mimetype").strip() != ODS_MIMETYPE:
                    raise IngestError(source_id, path, "zip archive is not an ODS workbook")
                if "content.xml" not in names:
                    raise IngestError(source_id, path, "ODS workbook has no content.xml")
            elif "xl/workbook.xml" not in names:
                raise IngestError(source_id, path, "zip archive is not an XLSX workbook")
            bad = archive.testzip()
            if bad is not None:
                raise IngestError(source_id, path, f"corrupt workbook: member {bad} fails CRC")
    except zipfile.BadZipFile as exc:
        raise IngestError(source_id, path, f"truncated or corrupt workbook ({exc})") from exc


def read_workbook(source_id: str, path: Path) -> dict[str, Sheet]:
    """Every sheet as rows of text cells; trailing empty rows and columns removed."""
    kind = path.suffix.lower().lstrip(".")
    if kind not in {"ods", "xlsx"}:
        raise IngestError(source_id, path, f"unsupported file type '.{kind}'")
    _check_container(source_id, path, kind)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets: dict[str, Sheet] = {}
        for name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets[name] = _trim([row_to_text(row) for row in rows])
    except IngestError:
        raise
    except Exception as exc:  # calamine raises its own error types for broken XML
        raise IngestError(source_id, path, f"unreadable workbook ({exc})") from exc
    return sheets


def _trim(rows: Sheet) -> Sheet:
    while rows and all(cell is None for cell in rows[-1]):
        rows.pop()
    width = max((_used_width(row) for row in rows), default=0)
    return [row[:width] + [None] * (width - len(row[:width])) for row in rows]


def _used_width(row: list[str | None]) -> int:
    """Cells up to and including the last non-empty one."""
    width = len(row)
    while width and row[width - 1] is None:
        width -= 1
    return width
