"""Map published headers to canonical column names by name, never by position.

Each source declares its columns with the header wordings seen across editions. The header row
is searched for in the first rows of a sheet (title rows sit above it in some publications);
footnote digits glued to a header (`Offence Count2`) are ignored. A required column that is
missing, or a column nobody declared, is an error: a silent mismatch is worse than a stop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from orchestration.ingest.cells import normalise_label

HEADER_SCAN_ROWS = 20
_FOOTNOTE = re.compile(r"(?<=[a-z\)])\d+$")


@dataclass(frozen=True)
class Column:
    name: str
    synonyms: tuple[str, ...]
    required: bool = True
    key: bool = False


@dataclass(frozen=True)
class HeaderMatch:
    row_index: int
    positions: dict[str, int] = field(default_factory=dict)


def _clean(label: str | None) -> str:
    return _FOOTNOTE.sub("", normalise_label(label)).strip()


def match_header(
    rows: list[list[str | None]], columns: tuple[Column, ...]
) -> tuple[HeaderMatch | None, str]:
    """Find the header row. Returns the match, or None and the reason the best candidate failed."""
    lookup = {_clean(s): col.name for col in columns for s in (col.name, *col.synonyms)}
    required = {c.name for c in columns if c.required}
    best: tuple[int, int, list[str], list[str]] | None = None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        positions: dict[str, int] = {}
        unmapped: list[str] = []
        for position, cell in enumerate(row):
            if cell is None:
                continue
            name = lookup.get(_clean(cell))
            if name is None:
                unmapped.append(cell)
            elif name not in positions:
                positions[name] = position
            else:
                unmapped.append(f"{cell} (second '{name}' column)")
        hits = len(positions)
        if hits and required <= positions.keys() and not unmapped:
            return HeaderMatch(index, positions), ""
        missing = sorted(required - positions.keys())
        if best is None or hits > best[0]:
            best = (hits, index, missing, unmapped)
    if best is None or best[0] == 0:
        return None, f"no header row found in the first {HEADER_SCAN_ROWS} rows"
    _, index, missing, unmapped = best
    parts = []
    if missing:
        parts.append("missing column(s) " + ", ".join(repr(m) for m in missing))
    if unmapped:
        parts.append("unmapped column(s) " + ", ".join(repr(u) for u in unmapped))
    return None, f"header row {index + 1}: " + "; ".join(parts)


def unnamed_data_columns(rows: list[list[str | None]], match: HeaderMatch) -> list[int]:
    """Positions below the header that hold data but have no header cell (0-based)."""
    named = set(match.positions.values())
    header = rows[match.row_index]
    return sorted(
        {
            position
            for row in rows[match.row_index + 1 :]
            for position, cell in enumerate(row)
            if cell is not None
            and position not in named
            and (position >= len(header) or header[position] is None)
        }
    )


def column_letter(position: int) -> str:
    """Spreadsheet column letter of a 0-based position (0 -> A, 26 -> AA)."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
