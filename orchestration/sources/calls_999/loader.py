"""police.uk 999 call answering data (Home Office / police.uk; CSV; monthly, one month in arrears).

Known (docs/sources/calls_999.md, docs/methods/targets-and-baselines.md): one figure set per force
and calendar month from November 2021 (first published on 31 May 2022, covering November 2021 to
April 2022); UK-wide, so the 43 territorial forces sit beside British Transport Police, Police
Scotland and the Police Service of Northern Ireland; forces carry their full names ("Greater
Manchester Police", "Suffolk Constabulary"); the measures are total 999 calls, the calls answered
in under 10 seconds, in 10 to under 60 seconds and in 60 seconds or more (counts and shares) and
the mean time to answer in seconds (BT connecting the call to the force answering it).

Assumed, because the download's columns have not been seen (U):
  * one CSV per monthly release re-issuing the whole series, named with the release date either as
    the Home Office DDMMYY suffix (`...-191126.csv`) or as an ISO date (`...-2026-11-19.csv`);
    an undated file takes its load date. A file holding a single month also loads: staging keeps,
    for each month, the rows of the latest release that carries that month.
  * a header row somewhere in the first 20 rows (title rows above it are skipped), columns named
    as in COLUMNS (synonyms for every wording we could think of; anything else is rejected).
    Header cells spell `%` as a word before matching, so `% answered in under 10 seconds` and
    `Answered in under 10 seconds` stay different columns.
  * months written `2024-03`, `2024/03`, `202403`, `Mar-24`, `March-24`, `Mar 2024`,
    `March 2024`, `Mar-2024`, `Sept-24`, or as a date (`01/03/2024` day first, `2024-03-01`):
    a date stands for the month that contains it.
  * counts may carry thousands separators (`12,345`); shares are percentages (0-100, optionally
    with a `%` sign) or proportions (0-1): a share column whose values are all at most 1 and
    never carry `%` is read as proportions, per file;
  * the median answer time may be absent or blank (it is not among the published concepts);
  * rows after the table holding a single cell (source notes, footnotes) are dropped.
Everything lands as text; staging types it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pandas as pd

from orchestration.ingest.cells import map_distinct, normalise_label
from orchestration.ingest.headers import HEADER_SCAN_ROWS, Column
from orchestration.ingest.source import ParsedFile, SourceSpec, release_from_name
from orchestration.ingest.tabular import Rows, frame_from_rows, parsed_file, read_csv_rows
from orchestration.reference import ForceResolver

SOURCE_ID = "calls_999"
FIRST_MONTH = dt.date(2021, 11, 1)

# Month label formats, tried in order. staging's period_start parses the same list with DuckDB's
# try_strptime after the same clean-up (whitespace folded, `Sept` read as `Sep`).
MONTH_FORMATS = (
    "%Y-%m",
    "%Y/%m",
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y",
    "%b-%y",
    "%B-%y",
    "%b %Y",
    "%B %Y",
    "%b-%Y",
    "%B-%Y",
    "%b %y",
    "%B %y",
    "%Y%m",
)
_SEPT = re.compile(r"^(sep)t(?=[^a-z])", re.IGNORECASE)
_ISO_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_NUMERIC_CELL = re.compile(r"^\s*[-+]?(?:\d[\d,]*)?\.?\d+\s*%?\s*$")


def month_start(text: str | None) -> dt.date | None:
    """First day of the month a published month label denotes, or None if it is not one."""
    if text is None:
        return None
    value = _SEPT.sub(r"\1", " ".join(str(text).split()))
    for fmt in MONTH_FORMATS:
        try:
            parsed = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        return dt.date(parsed.year, parsed.month, 1)
    return None


def month_index(text: str | None) -> float | None:
    """Months since year 0 (year * 12 + month - 1): a number GX can compare and difference."""
    start = month_start(text)
    return None if start is None else float(start.year * 12 + start.month - 1)


def release_in_name(path: Path) -> str | None:
    """Release date from the file name: the Home Office DDMMYY suffix, else an ISO date."""
    release = release_from_name(path)
    if release:
        return release
    for match in _ISO_DATE_IN_NAME.finditer(path.stem):
        try:
            return dt.date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            continue
    return None


def spell_out_percent(rows: Rows) -> Rows:
    """Write `%` as ` percent ` in the candidate header rows (rows with no numeric cell).

    Header matching folds punctuation away, which would make `% answered in under 10 seconds`
    and `Answered in under 10 seconds` the same column. Data rows always hold a number, so their
    cells are left exactly as published.
    """
    out: Rows = []
    for index, row in enumerate(rows):
        if index < HEADER_SCAN_ROWS and not any(
            cell is not None and _NUMERIC_CELL.match(cell) for cell in row
        ):
            row = [cell.replace("%", " percent ") if cell else cell for cell in row]
        out.append(row)
    return out


def drop_trailing_notes(frame: pd.DataFrame, columns: tuple[Column, ...]) -> pd.DataFrame:
    """Drop rows after the table that hold a single cell (a source line or footnote)."""
    names = [c.name for c in columns]
    keep = len(frame)
    while keep > 0 and frame.iloc[keep - 1][names].notna().sum() == 1:
        keep -= 1
    return frame.iloc[:keep].reset_index(drop=True)


def _band_synonyms(phrases: tuple[str, ...]) -> tuple[str, ...]:
    counts = []
    for phrase in phrases:
        counts += [f"calls answered {phrase}", f"number of calls answered {phrase}"]
        counts += [f"answered {phrase}", f"calls {phrase}", phrase]
    return tuple(counts)


def _share_synonyms(phrases: tuple[str, ...]) -> tuple[str, ...]:
    shares = []
    for phrase in phrases:
        for word in ("percent", "percentage", "proportion"):
            shares += [
                f"{word} answered {phrase}",
                f"{word} of calls answered {phrase}",
                f"{word} {phrase}",
                f"calls answered {phrase} {word}",
                f"answered {phrase} {word}",
                f"{phrase} {word}",
            ]
    return tuple(shares)


UNDER_10 = (
    "in under 10 seconds",
    "under 10 seconds",
    "within 10 seconds",
    "in less than 10 seconds",
)
FROM_10_TO_60 = (
    "in 10 to under 60 seconds",
    "10 to under 60 seconds",
    "in 10 to 60 seconds",
    "10 to 60 seconds",
    "between 10 and 60 seconds",
    "in 10 to 59 seconds",
    "10 to 59 seconds",
)
OVER_60 = (
    "in 60 seconds or more",
    "60 seconds or more",
    "in 60 seconds or over",
    "60 seconds or over",
    "in 60 seconds or longer",
    "60 seconds or longer",
    "in over 60 seconds",
    "over 60 seconds",
    "in more than 60 seconds",
    "more than 60 seconds",
)


def _time_synonyms(words: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for word in words:
        for stem in (f"{word} time to answer", f"{word} answer time", f"{word} call answer time"):
            out += [stem, f"{stem} (seconds)", f"{stem} in seconds", f"{stem} (secs)"]
            out += [f"{stem} (s)"]
        out += [f"{word} wait time (seconds)", f"{word} seconds to answer"]
    return tuple(out)


COLUMNS = (
    Column(
        "force_name",
        ("Force", "Police force", "Force name", "Police force name", "Police force area", "Area"),
        key=True,
    ),
    Column(
        "month",
        ("Month", "Month of call", "Reporting month", "Period", "Month year", "Date"),
        key=True,
    ),
    Column(
        "total_calls",
        (
            "Total calls",
            "Total 999 calls",
            "Number of 999 calls",
            "Total number of 999 calls",
            "999 calls",
            "999 calls received",
            "Calls received",
            "Total calls received",
        ),
    ),
    Column("calls_under_10s", _band_synonyms(UNDER_10)),
    Column("percent_under_10s", _share_synonyms(UNDER_10), required=False),
    Column("calls_10_to_60s", _band_synonyms(FROM_10_TO_60)),
    Column("percent_10_to_60s", _share_synonyms(FROM_10_TO_60), required=False),
    Column("calls_60s_or_more", _band_synonyms(OVER_60)),
    Column("percent_60s_or_more", _share_synonyms(OVER_60), required=False),
    Column("mean_answer_seconds", _time_synonyms(("average", "mean", "mean average"))),
    Column("median_answer_seconds", _time_synonyms(("median",)), required=False),
)
COUNT_COLUMNS = ("total_calls", "calls_under_10s", "calls_10_to_60s", "calls_60s_or_more")
PERCENT_COLUMNS = ("percent_under_10s", "percent_10_to_60s", "percent_60s_or_more")
SECONDS_COLUMNS = ("mean_answer_seconds", "median_answer_seconds")


def parse(path: Path) -> ParsedFile:
    rows = spell_out_percent(read_csv_rows(SOURCE_ID, path))
    frame = drop_trailing_notes(frame_from_rows(SOURCE_ID, path, rows, COLUMNS, "csv"), COLUMNS)
    parsed = parsed_file(SOURCE_ID, path, [frame], "the CSV")
    return dataclasses.replace(parsed, release=release_in_name(path))


def first_present(*columns: pd.Series) -> pd.Series:
    """Row by row, the first value that is neither None nor NaN (None when there is none)."""
    result = pd.Series([None] * len(columns[0]), index=columns[0].index, dtype=object)
    for column in reversed(columns):
        result = column.astype(object).where(column.notna(), result)
    return result


def number(series: pd.Series) -> pd.Series:
    """Published text as a number (thousands separators and `%` removed); markers become NaN."""
    text = series.astype(object).where(series.notna(), None)
    cleaned = text.map(lambda v: None if v is None else str(v).replace(",", "").replace("%", ""))
    return pd.to_numeric(cleaned, errors="coerce").astype(float)


def share_as_percent(series: pd.Series) -> pd.Series:
    """A published share column on a 0-100 scale: proportions (all values <= 1, no `%`) x 100."""
    values = number(series)
    has_sign = series.map(lambda v: v is not None and "%" in str(v)).any()
    if values.notna().any() and not has_sign and values.max() <= 1:
        return values * 100
    return values


def quality_frames(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, pd.DataFrame]:
    rows = parsed.frame.copy()
    rows["_force_label"] = map_distinct(rows["force_name"], normalise_label)
    rows["_force_code"] = map_distinct(rows["force_name"], resolver.force_code)
    rows["_force_key"] = first_present(rows["_force_code"], rows["_force_label"])
    rows["_month_index"] = map_distinct(rows["month"], month_index).astype(float)
    for column in (*COUNT_COLUMNS, *SECONDS_COLUMNS):
        rows[f"_{column}"] = number(rows[column])
    for column in PERCENT_COLUMNS:
        rows[f"_{column}"] = share_as_percent(rows[column])
    bands = rows[["_calls_under_10s", "_calls_10_to_60s", "_calls_60s_or_more"]]
    rows["_bands_sum"] = bands.sum(axis=1, min_count=3)
    rows["_bands_gap"] = rows["_total_calls"] - rows["_bands_sum"]
    computed = 100 * rows["_calls_under_10s"] / rows["_total_calls"].where(rows["_total_calls"] > 0)
    rows["_percent_under_10s_gap"] = rows["_percent_under_10s"] - computed

    forces = rows.dropna(subset=["_force_code", "_month_index"])
    monthly = (
        forces.groupby(["_force_code", "_month_index"], as_index=False)
        .agg(total_calls=("_total_calls", "sum"), under_10s=("_calls_under_10s", "sum"))
        .sort_values(["_force_code", "_month_index"])
    )
    monthly["percent_under_10s"] = (
        100 * monthly["under_10s"] / monthly["total_calls"].where(monthly["total_calls"] > 0)
    )
    grouped = monthly.groupby("_force_code")
    previous_total = grouped["total_calls"].shift(1)
    consecutive = monthly["_month_index"] - grouped["_month_index"].shift(1) == 1
    monthly["month_on_month_ratio"] = (monthly["total_calls"] / previous_total).where(
        consecutive & (previous_total > 0)
    )
    monthly["percent_under_10s_change"] = (
        monthly["percent_under_10s"] - grouped["percent_under_10s"].shift(1)
    ).where(consecutive)
    months = (
        forces.groupby("_month_index", as_index=False)["_force_code"]
        .nunique()
        .rename(columns={"_force_code": "forces_reporting"})
    )
    return {"rows": rows, "force_months": monthly, "months": months}


def quality_parameters(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, Any]:
    return {
        **resolver.force_parameters(),
        "first_month_index": FIRST_MONTH.year * 12 + FIRST_MONTH.month - 1,
    }


SPEC = SourceSpec(
    source_id=SOURCE_ID,
    title="police.uk 999 call answering data by force and month",
    publisher="Home Office",
    cadence="monthly",
    file_patterns=("*.csv",),
    parse=parse,
    quality_frames=quality_frames,
    quality_parameters=quality_parameters,
    row_labels=("force_name", "month"),
)
