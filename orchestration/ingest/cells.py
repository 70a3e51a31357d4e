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
    """`values.map(function)`, calling the function once per distinct value (a national month
    of police.uk rows has half a million cells and a few dozen force names)."""
    lookup = {value: function(value) for value in values.unique()}
    missing = object()
    mapped = [lookup.get(value, missing) for value in values]
    # NaN is not equal to itself: a NaN that is not the object unique() kept is mapped anew.
    mapped = [function(v) if m is missing else m for v, m in zip(values, mapped, strict=True)]
    return pd.Series(mapped, index=values.index, dtype=object, name=values.name)
