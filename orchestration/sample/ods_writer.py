"""Minimal, streaming, deterministic OpenDocument Spreadsheet (ODS) writer.

Standard library only. Used by the sample extract generators to produce genuine-format ``.ods``
workbooks; it shares no code with the loaders (which read with python-calamine).

Package layout written (in this order, every entry dated 1980-01-01 00:00:00 so that the same
input always gives the same bytes on the same Python/zlib build):

* ``mimetype`` - first entry, stored uncompressed:
  ``application/vnd.oasis.opendocument.spreadsheet``
* ``META-INF/manifest.xml``
* ``content.xml`` - streamed straight into the zip (rows may be generators; no DOM is built)
* ``styles.xml`` - minimal
* ``meta.xml`` - generator name only (no timestamps)

Cells: ``str`` -> ``office:value-type="string"``; ``int``/``float`` -> ``office:value-type="float"``
with ``office:value``; ``bool`` -> ``office:value-type="boolean"``; ``None`` -> empty cell.
Runs of spaces and tabs in strings are encoded with ``text:s`` and ``text:tab`` so they survive
ODF whitespace collapsing; line breaks start a new ``text:p`` (as LibreOffice writes them).

The file is written to ``<path>.partial`` and renamed into place when complete, so a watcher
never sees a half-written ``.ods``.
"""

from __future__ import annotations

import math
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

__all__ = ["ODS_MIMETYPE", "Cell", "write_ods"]

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
GENERATOR = "ppf-warehouse orchestration.sample.ods_writer"

Cell = str | int | float | bool | None

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'office:version="1.2"'
)
_XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'

_MANIFEST = (
    _XML_DECL
    + '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
    ' manifest:version="1.2">\n'
    f' <manifest:file-entry manifest:full-path="/" manifest:version="1.2"'
    f' manifest:media-type="{ODS_MIMETYPE}"/>\n'
    ' <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>\n'
    ' <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>\n'
    ' <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>\n'
    "</manifest:manifest>\n"
)
_STYLES = _XML_DECL + (
    f"<office:document-styles {_NS}><office:styles/><office:automatic-styles/>"
    "<office:master-styles/></office:document-styles>\n"
)
_META = _XML_DECL + (
    f"<office:document-meta {_NS}><office:meta>"
    f"<meta:generator>{GENERATOR}</meta:generator></office:meta></office:document-meta>\n"
)
_CONTENT_HEAD = _XML_DECL + (
    f"<office:document-content {_NS}><office:automatic-styles/><office:body><office:spreadsheet>"
)
_CONTENT_TAIL = "</office:spreadsheet></office:body></office:document-content>\n"

_EMPTY_CELL = "<table:table-cell/>"
# XML 1.0 forbids these code points outright (even escaped).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPECIAL_WS = re.compile(r"( {2,}|^ | $|\t|\r\n|\n|\r)")
_FLUSH_CHARS = 1 << 20


def _text_p(value: str) -> str:
    """Escape ``value`` as the content of a ``text:p`` element, preserving whitespace."""
    if _INVALID_XML.search(value):
        raise ValueError(f"string contains characters not allowed in XML: {value!r}")
    if not _SPECIAL_WS.search(value):
        return escape(value)
    out: list[str] = []
    pos = 0
    for m in _SPECIAL_WS.finditer(value):
        out.append(escape(value[pos : m.start()]))
        ws = m.group(0)
        if ws == "\t":
            out.append("<text:tab/>")
        elif ws in ("\n", "\r", "\r\n"):  # a new paragraph, as LibreOffice writes it
            out.append("</text:p><text:p>")
        elif len(ws) == 1:  # single leading or trailing space
            out.append("<text:s/>")
        else:  # keep one literal space, encode the rest
            out.append(f' <text:s text:c="{len(ws) - 1}"/>')
        pos = m.end()
    out.append(escape(value[pos:]))
    return "".join(out)


@lru_cache(maxsize=65536)
def _string_cell(value: str) -> str:
    return (
        '<table:table-cell office:value-type="string">'
        f"<text:p>{_text_p(value)}</text:p></table:table-cell>"
    )


def _cell(value: Cell) -> str:
    if type(value) is str:  # fast path for the common case
        return _string_cell(value)
    if value is None:
        return _EMPTY_CELL
    if isinstance(value, str):
        return _string_cell(str(value))
    if isinstance(value, bool):
        text = "true" if value else "false"
        return (
            f'<table:table-cell office:value-type="boolean" office:boolean-value="{text}">'
            f"<text:p>{text.upper()}</text:p></table:table-cell>"
        )
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"non-finite float cannot be written to ODS: {value!r}")
        text = repr(value)
    else:
        raise TypeError(f"unsupported cell type {type(value).__name__}: {value!r}")
    return (
        f'<table:table-cell office:value-type="float" office:value="{text}">'
        f"<text:p>{text}</text:p></table:table-cell>"
    )


def _zipinfo(name: str, compress_type: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
    info.compress_type = compress_type
    info.create_system = 3  # fixed (ZipInfo defaults to the host OS)
    info.external_attr = 0o100644 << 16
    return info


def _write_table(out, name: str, rows: Iterable[Sequence[Cell]]) -> int:
    """Stream one ``table:table`` to the binary stream ``out``; return the number of rows."""
    buf: list[str] = []
    size = 0
    n_rows = 0
    head = f"<table:table table:name={quoteattr(name)}>"
    for row in rows:
        if n_rows == 0:
            # Column declaration is sized from the first (header) row.
            n_cols = max(1, len(row))
            buf.append(f'{head}<table:table-column table:number-columns-repeated="{n_cols}"/>')
        line = "<table:table-row>" + "".join(map(_cell, row)) + "</table:table-row>"
        buf.append(line)
        size += len(line)
        n_rows += 1
        if size >= _FLUSH_CHARS:
            out.write("".join(buf).encode("utf-8"))
            buf.clear()
            size = 0
    if n_rows == 0:
        buf.append(f"{head}<table:table-column/>")
    buf.append("</table:table>")
    out.write("".join(buf).encode("utf-8"))
    return n_rows


def write_ods(
    path: str | os.PathLike[str],
    sheets: Iterable[tuple[str, Iterable[Sequence[Cell]]]],
    *,
    force_zip64: bool = False,
) -> dict[str, int]:
    """Write ``sheets`` (ordered ``(sheet_name, rows)`` pairs) to the ODS file ``path``.

    ``rows`` may be any iterable (including a generator) of row sequences; they are consumed
    once and streamed into ``content.xml``. Set ``force_zip64`` if ``content.xml`` may exceed
    2 GiB uncompressed. Returns ``{sheet_name: row_count}`` in sheet order.
    """
    path = Path(path)
    tmp = path.with_name(path.name + ".partial")
    counts: dict[str, int] = {}
    try:
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as zf:
            zf.writestr(_zipinfo("mimetype", zipfile.ZIP_STORED), ODS_MIMETYPE)
            zf.writestr(_zipinfo("META-INF/manifest.xml", zipfile.ZIP_DEFLATED), _MANIFEST)
            content = _zipinfo("content.xml", zipfile.ZIP_DEFLATED)
            with zf.open(content, "w", force_zip64=force_zip64) as out:
                out.write(_CONTENT_HEAD.encode("utf-8"))
                for name, rows in sheets:
                    if name in counts:
                        raise ValueError(f"duplicate sheet name: {name!r}")
                    counts[name] = _write_table(out, name, rows)
                out.write(_CONTENT_TAIL.encode("utf-8"))
            if not counts:
                raise ValueError("an ODS workbook needs at least one sheet")
            zf.writestr(_zipinfo("styles.xml", zipfile.ZIP_DEFLATED), _STYLES)
            zf.writestr(_zipinfo("meta.xml", zipfile.ZIP_DEFLATED), _META)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return counts
