"""Spreadsheet cells as text, exactly as published.

Raw tables hold every cell as VARCHAR. Numeric cells come back from the reader as floats; an
integral float is written without a decimal point so `2417.0` lands as `2417`, and any other
number in its shortest round-trip form. Offence codes are published as text cells and so are
never touched by this conversion (`4.10` stays `4.10`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def cell_to_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value.total_seconds())
    text = str(value)
    return text if text.strip() != "" else None


def row_to_text(row: list[object]) -> list[str | None]:
    """`cell_to_text` over a row, with the two kinds of cell a workbook is made of (text and
    floats) converted inline: a national workbook has millions of cells."""
    return [
        (cell if cell.strip() else None)
        if type(cell) is str
        else (str(int(cell)) if cell.is_integer() else (None if cell != cell else repr(cell)))
        if type(cell) is float
        else cell_to_text(cell)
        for cell in row
    ]


def normalise_label(value: str | None) -> str:
    """Case-, space- and punctuation-insensitive form of a label, for matching only.

    The dbt macro `normalise_label` computes the same form in SQL: lower case, `&` read as
    `and`, every run of characters other than a-z and 0-9 folded to one space, trimmed.
    """
    if value is None:
        return ""
    text = value.lower().replace("&", " and ")
    return _NON_ALNUM.sub(" ", text).strip()


def map_distinct(values: pd.Series, function: Callable[[Any], Any]) -> pd.Series:
    """`values.map(function)`, with the same result and dtype, calling the function once per
    distinct value (a national month of police.uk rows has half a million cells and a few
    dozen force names). None and NaN stay apart: each is mapped once, as itself."""
    codes, uniques = pd.factorize(values)  # missing values get code -1
    representatives = list(uniques)
    missing = np.flatnonzero(codes == -1)
    if len(missing):
        cells = values.to_numpy(dtype=object)[missing]
        is_none = cells == None  # noqa: E711 (elementwise, not an identity test)
        for mask in (is_none, ~is_none):
            if mask.any():
                codes[missing[mask]] = len(representatives)
                representatives.append(cells[mask][0])
    mapped = pd.Series(representatives, dtype=object).map(function)
    return pd.Series(
        mapped.take(codes).to_numpy(), index=values.index, dtype=mapped.dtype, name=values.name
    )
