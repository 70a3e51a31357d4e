"""Home Office police workforce open data tables (ODS; older editions also CSV).

Genuine layout (docs/sources/workforce.md, and the public notes of code that read the
`-280126` editions): each file holds one long table on a single sheet `Data`, header in row 1.

* Main table, `open-data-table-police-workforce-DDMMYY.ods` [V]: `As at 31 March` (the year),
  `Geocode` (E23/W15 force code; British Transport Police has a code of its own, U), `Force name`
  (`Hampshire and Isle of Wight` in recent years), `Region`, `Sex`, `Rank`, `Worker type`,
  `Total (Headcount)`, `Total (FTE)` (decimals). 43 forces plus British Transport Police.
* Functions table, `open-data-table-police-workforce-functions-DDMMYY.ods` [P]: `As at 31 March`,
  `Geocode`, `Force name`, `Region`, `Worker type`, `Ethnicity (5+1)`, `Ethnicity (3+1)`, `Sex`,
  `Function subgroup number`, `Function subgroup name`, `Wider function number`,
  `Wider function name` (case drifts between years: `Local Policing` / `Local policing`;
  `Not stated` occurs), `Frontline type`, `Total (FTE)`. Territorial forces only; FTE only.

Assumptions, all UNVERIFIED and written down here and in the staging sources YAML:

* 30 September snapshots (published in January, fewer breakdowns) come as the main table with a
  date column `As at` instead of `As at 31 March` (a date cell, or text such as `30/09/2025`),
  and may leave out columns (Rank): every breakdown column is optional, only the period, force,
  worker type and the measures are required.
* Worker type spellings other than `Police Officer` are unverified: they resolve through
  seeds/source_labels/workforce_worker_types.csv (variants such as `PCSO` / `Police Community
  Support Officer`); special constables and police support volunteers are headcount only, so their
  FTE
  cell may be empty.
* Leavers (for the unplanned-leavers measure) and officers on long-term sick leave or limited
  (recuperative or adjusted) duties are not in the main table. Two further table types are
  recognised by their header: a leavers table (`Financial year` or `Year ending 31 March`,
  force, worker type, `Reason for leaving`, headcount and optionally FTE) and a duty-status
  table (`As at 31 March`, force, worker type, `Duty status`, headcount and optionally FTE).
  Their file names and headers are assumptions; the first real download is the test.
* Files may carry total rows (`England and Wales`, or `Total` / `All ...` in a breakdown column);
  where they do, the breakdowns must add up to them.

A file is one table type, recognised by its header (the file name only decides which type an
unmatched header is reported against). Everything lands in one raw table, raw.workforce, with
the union of all columns and `_table` naming the table type (main, functions, leavers,
duty_status); cells stay text exactly as published.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from orchestration.ingest.cells import map_distinct, normalise_label
from orchestration.ingest.errors import IngestError
from orchestration.ingest.headers import Column, match_header
from orchestration.ingest.source import ParsedFile, SourceSpec
from orchestration.ingest.tabular import (
    LINEAGE_ROW,
    LINEAGE_SHEET,
    Rows,
    frame_from_rows,
    parsed_file,
    read_csv_rows,
)
from orchestration.ingest.workbook import read_workbook
from orchestration.reference import ForceResolver, read_seed

SOURCE_ID = "workforce"
TABLE_COLUMN = "_table"
DATA_SHEET = re.compile(r"^\s*data\s*$", re.IGNORECASE)

# ---------------------------------------------------------------------------- columns
AS_AT_31_MARCH = Column(
    "as_at_31_march",
    ("As at 31 March", "As at 31st March", "As at 31 March (year)", "Year as at 31 March"),
    required=False,
    key=True,
)
AS_AT_DATE = Column(
    "as_at_date", ("As at", "As at date", "Snapshot date", "Date"), required=False, key=True
)
FINANCIAL_YEAR = Column(
    "financial_year",
    ("Financial year", "Year ending 31 March", "Year ending March", "Financial year ending"),
    key=True,
)
GEOCODE = Column("geocode", ("Geocode", "Geo code", "Force code", "ONS code"))
FORCE_NAME = Column("force_name", ("Force name", "Force", "Police force"), key=True)
REGION = Column("region", ("Region",), required=False)
SEX = Column("sex", ("Sex", "Gender"), required=False, key=True)
RANK = Column("rank", ("Rank", "Rank description"), required=False, key=True)
WORKER_TYPE = Column("worker_type", ("Worker type", "Workforce type", "Worker"), key=True)
ETHNICITY_5 = Column(
    "ethnicity_5_plus_1",
    ("Ethnicity (5+1)", "Ethnicity 5+1", "Ethnicity", "Ethnic group"),
    required=False,
    key=True,
)
ETHNICITY_3 = Column(
    "ethnicity_3_plus_1", ("Ethnicity (3+1)", "Ethnicity 3+1"), required=False, key=True
)
SUBGROUP_NUMBER = Column(
    "function_subgroup_number",
    ("Function subgroup number", "Function sub-group number", "Function subgroup code"),
    required=False,
    key=True,
)
SUBGROUP_NAME = Column(
    "function_subgroup_name",
    ("Function subgroup name", "Function sub-group name", "Function subgroup"),
    required=False,
    key=True,
)
WIDER_NUMBER = Column(
    "wider_function_number",
    ("Wider function number", "Wider function code"),
    required=False,
)
WIDER_NAME = Column(
    "wider_function_name", ("Wider function name", "Wider function", "Function name"), key=True
)
FRONTLINE_TYPE = Column(
    "frontline_type", ("Frontline type", "Frontline category"), required=False, key=True
)
LEAVER_REASON = Column(
    "leaver_reason", ("Reason for leaving", "Leaver reason", "Leaving reason"), key=True
)
DUTY_STATUS = Column(
    "duty_status", ("Duty status", "Deployment status", "Restriction type"), key=True
)
HEADCOUNT = Column("headcount", ("Total (Headcount)", "Headcount", "Total headcount"))
FTE = Column("fte", ("Total (FTE)", "FTE", "Total FTE", "Full-time equivalent"))


def _optional(column: Column) -> Column:
    return replace(column, required=False)


# Every table type's columns; a header matches a type when all its required columns are found
# and no column is left unmapped, so the types are told apart by their own columns (Wider
# function name, Reason for leaving, Duty status).
TABLE_TYPES: dict[str, tuple[Column, ...]] = {
    "main": (
        AS_AT_31_MARCH, AS_AT_DATE, GEOCODE, FORCE_NAME, REGION, SEX, RANK, WORKER_TYPE,
        ETHNICITY_5, HEADCOUNT, FTE,
    ),
    "functions": (
        AS_AT_31_MARCH, AS_AT_DATE, GEOCODE, FORCE_NAME, REGION, WORKER_TYPE, ETHNICITY_5,
        ETHNICITY_3, SEX, RANK, SUBGROUP_NUMBER, SUBGROUP_NAME, WIDER_NUMBER, WIDER_NAME,
        FRONTLINE_TYPE, _optional(HEADCOUNT), FTE,
    ),
    "leavers": (
        FINANCIAL_YEAR, _optional(GEOCODE), FORCE_NAME, REGION, SEX, RANK, WORKER_TYPE,
        ETHNICITY_5, LEAVER_REASON, HEADCOUNT, _optional(FTE),
    ),
    "duty_status": (
        AS_AT_31_MARCH, AS_AT_DATE, _optional(GEOCODE), FORCE_NAME, REGION, SEX, RANK,
        WORKER_TYPE, DUTY_STATUS, HEADCOUNT, _optional(FTE),
    ),
}  # fmt: skip
TABLE_LABELS = {
    "main": "main workforce",
    "functions": "workforce functions",
    "leavers": "leavers",
    "duty_status": "duty status (sickness and limited duties)",
}
SNAPSHOT_TABLES = frozenset({"main", "functions", "duty_status"})
# Cells that must hold a value in every row of a table type (besides the period).
REQUIRED_CELLS = {
    "main": ("force_name", "worker_type", "headcount", "fte"),
    "functions": ("force_name", "worker_type", "wider_function_name", "fte"),
    "leavers": ("force_name", "worker_type", "leaver_reason", "headcount"),
    "duty_status": ("force_name", "worker_type", "duty_status", "headcount"),
}
ALL_COLUMNS: tuple[str, ...] = tuple(
    dict.fromkeys(c.name for columns in TABLE_TYPES.values() for c in columns)
)
RAW_COLUMNS = (*ALL_COLUMNS, TABLE_COLUMN, LINEAGE_SHEET, LINEAGE_ROW)
BREAKDOWNS = (
    "sex", "rank", "worker_type", "ethnicity_5_plus_1", "ethnicity_3_plus_1",
    "function_subgroup_number", "function_subgroup_name", "wider_function_name",
    "frontline_type", "leaver_reason", "duty_status",
)  # fmt: skip
PERIOD_COLUMNS = ("as_at_31_march", "as_at_date", "financial_year")
# Breakdown labels that mark a total row (normalised); the staging model lists the same labels.
TOTAL_LABELS = frozenset(
    {
        "total", "all", "all ranks", "all sexes", "all persons", "all worker types",
        "all workers", "all functions", "all ethnicities", "all ethnic groups", "total workforce",
        "all reasons", "all leavers", "all duty statuses",
    }
)  # fmt: skip
# Text forms of the `As at` date; the staging model parses the same list.
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d %B %Y", "%d %b %Y")
_YEAR = re.compile(r"^\d{4}$")
_FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
SWING_MIN_BASE = 50.0


def table_hint(path: Path) -> str:
    """The table type a file's name suggests (used to report an unmatched header)."""
    name = path.name.lower()
    if "function" in name:
        return "functions"
    if "leaver" in name:
        return "leavers"
    if any(word in name for word in ("duty", "duties", "sickness", "deployab")):
        return "duty_status"
    return "main"


def _sheets(path: Path) -> dict[str, Rows]:
    if path.suffix.lower() == ".csv":
        return {path.stem: read_csv_rows(SOURCE_ID, path)}
    return read_workbook(SOURCE_ID, path)


def _recognise(path: Path, sheet: str, rows: Rows) -> tuple[str | None, str]:
    """(table type, "") when the header matches a type, else (None, why the hinted one failed)."""
    hint = table_hint(path)
    order = [hint, *(t for t in TABLE_TYPES if t != hint)]
    reasons: dict[str, str] = {}
    for table in order:
        match, reason = match_header(rows, TABLE_TYPES[table])
        if match is None:
            reasons[table] = reason
            continue
        found = [c for c in PERIOD_COLUMNS if c in match.positions]
        if table in SNAPSHOT_TABLES and len(found) != 1:
            raise IngestError(
                SOURCE_ID,
                path,
                f"sheet '{sheet}': the {TABLE_LABELS[table]} table needs exactly one snapshot "
                "column ('As at 31 March' for a year, or 'As at' for a date); found "
                + (", ".join(repr(c) for c in found) or "none"),
            )
        return table, ""
    return None, f"header is not the {TABLE_LABELS[hint]} table ({reasons[hint]})"


def parse(path: Path) -> ParsedFile:
    sheets = _sheets(path)
    named = [name for name in sheets if DATA_SHEET.match(name)]
    candidates = named or list(sheets)
    frames: list[pd.DataFrame] = []
    problems: list[str] = []
    for sheet in candidates:
        rows = sheets[sheet]
        if not any(any(cell is not None for cell in row) for row in rows):
            problems.append(f"sheet '{sheet}' is empty")
            continue
        table, reason = _recognise(path, sheet, rows)
        if table is None:
            problems.append(f"sheet '{sheet}': {reason}")
            continue
        frame = frame_from_rows(SOURCE_ID, path, rows, TABLE_TYPES[table], sheet)
        frame[TABLE_COLUMN] = table
        frames.append(frame.reindex(columns=list(RAW_COLUMNS)))
    # A named Data sheet must be a workforce table; other sheets (cover, notes) may be skipped.
    if problems and (named or not frames):
        raise IngestError(SOURCE_ID, path, "; ".join(problems))
    return parsed_file(SOURCE_ID, path, frames, "the Data sheet")


# ---------------------------------------------------------------------------- quality frames
def period_end(cells: dict[str, Any]) -> tuple[str | None, str | None]:
    """(ISO end date of a row's period, None) or (None, the problem with its period cells)."""
    march, date_text, year = (cells.get(c) for c in PERIOD_COLUMNS)
    if march is not None:
        text = str(march).strip()
        if _YEAR.match(text) and 1990 <= int(text) <= 2100:
            return f"{text}-03-31", None
        return None, f"'As at 31 March' is not a year: {text!r}"
    if date_text is not None:
        text = str(date_text).strip()
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date().isoformat(), None
            except ValueError:
                continue
        return None, f"'As at' is not a date: {text!r}"
    if year is not None:
        text = str(year).strip()
        if _YEAR.match(text):
            return f"{text}-03-31", None
        match = _FINANCIAL_YEAR.match(text)
        if match and (int(match.group(1)) + 1) % 100 == int(match.group(2)):
            return f"{int(match.group(1)) + 1}-03-31", None
        return None, f"financial year is neither YYYY/YY nor YYYY: {text!r}"
    return None, "empty period cell"


def worker_types() -> dict[str, dict[str, str]]:
    """Normalised worker-type label -> its seed row
    (seeds/source_labels/workforce_worker_types.csv)."""
    return {r["worker_type_label_normalised"]: r for r in read_seed("workforce_worker_types")}


def _text(series: pd.Series) -> pd.Series:
    """An object column with None (not NaN) for missing values, as the GX rules expect."""
    return series.astype(object).where(series.notna(), None)


def _is_total_label(value: Any) -> bool:
    return value is not None and normalise_label(str(value)) in TOTAL_LABELS


def _geocode_problem(geocode: Any, force_code: Any, body: Any, forces: frozenset[str]) -> Any:
    code = None if geocode is None else str(geocode).strip().upper()
    if force_code is not None:
        if code is None:
            return f"no geocode for force {force_code}"
        if code != force_code:
            return f"geocode {code} but the force name resolves to {force_code}"
    elif body is not None and code in forces:
        return f"geocode {code} is a territorial force but the name is a {body} body"
    return None


def _missing_cells(rows: pd.DataFrame) -> pd.Series:
    """Per row, the required cells of its table type that are empty (None when all are filled)."""
    names = pd.Series("", index=rows.index)
    for table, cells in REQUIRED_CELLS.items():
        in_table = rows[TABLE_COLUMN].eq(table)
        for cell in cells:
            empty = in_table & rows[cell].isna()
            if cell == "fte":
                empty &= ~rows["_headcount_only"]
            names = names.mask(empty, names + ", " + cell)
    # Territorial forces carry their ONS code in the tables that publish a Geocode column.
    no_code = rows[TABLE_COLUMN].isin(["main", "functions"]) & rows["_force_code"].notna()
    names = names.mask(no_code & rows["geocode"].isna(), names + ", geocode")
    problem = "row " + rows[LINEAGE_ROW].astype(str) + ": empty " + names.str.lstrip(", ")
    return problem.where(names.ne(""), None)


def _key(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    key = pd.Series("", index=frame.index)
    for position, column in enumerate(columns):
        text = frame[column].fillna("").astype(str).str.strip()
        key = text if position == 0 else key + "|" + text
    return key


def _total_flags(rows: pd.DataFrame) -> pd.DataFrame:
    """Per breakdown column, whether the row's cell is a total label (`Total`, `All ranks`)."""
    flags = pd.DataFrame(
        {d: map_distinct(rows[d], _is_total_label).astype(bool) for d in BREAKDOWNS},
        index=rows.index,
    )
    flags["worker_type"] |= rows["_worker_is_total"].astype(bool)
    return flags


def _totals(rows: pd.DataFrame, flags: pd.DataFrame) -> pd.DataFrame:
    """Each total row beside the sum of the detail rows it totals (one row per measure).

    A total row has `England and Wales` as its force and/or a total label in some breakdown
    columns; its parts are the detail rows (no total anywhere) that agree with it on every
    other column, of the same force, or of any of the 43 forces for a national row.
    """
    columns = ["row", "measure", "published", "parts_sum", "parts", "excess"]
    national = rows["_body_type"].eq("national_total")
    is_total = national | flags.any(axis=1)
    detail = rows[~is_total]
    out: list[dict[str, Any]] = []
    patterns: dict[tuple[bool, tuple[str, ...]], list[Any]] = {}
    for i in rows.index[is_total]:
        dims = tuple(d for d in BREAKDOWNS if flags.at[i, d])
        patterns.setdefault((bool(national[i]), dims), []).append(i)
    for (is_national, dims), indexes in sorted(patterns.items()):
        totals = rows.loc[indexes]
        parts = detail[detail["_force_code"].notna()] if is_national else detail
        kept = [TABLE_COLUMN, *PERIOD_COLUMNS, *(d for d in BREAKDOWNS if d not in dims)]
        if not is_national:
            kept.append("_force_label")
        part_key, total_key = _key(parts, kept), _key(totals, kept)
        for measure, per_part in (("_fte", 0.005), ("_headcount", 0.0)):
            grouped = parts.groupby(part_key)[measure].agg(["sum", "count", "size"])
            for i, key in total_key.items():
                published = totals.at[i, measure]
                if key not in grouped.index or pd.isna(published):
                    continue
                parts_sum, numeric, size = grouped.loc[key]
                if numeric != size:
                    continue  # a suppressed or empty part: the sum is unknown
                out.append(
                    {
                        "row": totals.at[i, LINEAGE_ROW],
                        "measure": measure.lstrip("_"),
                        "published": float(published),
                        "parts_sum": float(parts_sum),
                        "parts": int(size),
                        # rounding: half a unit on the total plus half a cent on each part
                        "excess": abs(float(published) - float(parts_sum))
                        - (0.5 + per_part * int(size)),
                    }
                )
    return pd.DataFrame(out, columns=columns)


def _year_on_year(rows: pd.DataFrame) -> pd.DataFrame:
    """Force x worker type size per stock snapshot, with the ratio to a year earlier."""
    keys = [TABLE_COLUMN, "_force_code", "_worker_type", "_period_end"]
    stock = rows[
        rows[TABLE_COLUMN].isin(["main", "functions"])
        & rows["_force_code"].notna()
        & rows["_period_end"].notna()
        & ~rows["_is_total_row"]
    ].copy()
    if stock.empty:
        return pd.DataFrame(columns=[*keys, "size", "year_ratio"])
    stock["size"] = stock["_fte"].where(stock["_fte"].notna(), stock["_headcount"])
    frame = stock.groupby(keys)["size"].sum().reset_index()
    earlier = frame.assign(
        _period_end=frame["_period_end"].map(lambda d: f"{int(d[:4]) + 1}{d[4:]}")
    ).rename(columns={"size": "previous"})
    frame = frame.merge(earlier, on=keys, how="left")
    frame["year_ratio"] = (frame["size"] / frame["previous"]).where(
        frame["previous"] >= SWING_MIN_BASE
    )
    return frame[[*keys, "size", "year_ratio"]]


def _coverage(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Forces present per table and period; gaps in each table's yearly series."""
    valid = rows[rows["_period_end"].notna() & ~rows["_is_total_row"]]
    forces = (
        valid.groupby([TABLE_COLUMN, "_period_end"])["_force_code"]
        .nunique()
        .rename("forces_reporting")
        .reset_index()
    )
    periods = valid[[TABLE_COLUMN, "_period_end"]].drop_duplicates().copy()
    periods["_series"] = periods["_period_end"].str[5:]
    periods["_year"] = periods["_period_end"].str[:4].astype(int)
    periods = periods.sort_values([TABLE_COLUMN, "_series", "_year"])
    previous = periods.groupby([TABLE_COLUMN, "_series"])["_year"].shift(1)
    periods["missing_years_before"] = periods["_year"] - previous - 1
    return forces, periods


def quality_frames(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, pd.DataFrame]:
    rows = parsed.frame.copy()
    rows["_force_label"] = map_distinct(rows["force_name"], normalise_label)
    rows["_force_code"] = _text(map_distinct(rows["force_name"], resolver.force_code))
    rows["_body_type"] = _text(map_distinct(rows["force_name"], resolver.body_type))
    seed = worker_types()
    rows["_worker_type_label"] = map_distinct(rows["worker_type"], normalise_label)
    known = rows["_worker_type_label"].map(seed.get)
    rows["_worker_type"] = _text(known.map(lambda r: r["worker_type"] if r else None))
    rows["_headcount_only"] = known.map(lambda r: bool(r) and r["is_headcount_only"] == "true")
    rows["_worker_is_total"] = known.map(lambda r: bool(r) and r["is_total"] == "true")
    period_keys = list(zip(*(rows[c] for c in PERIOD_COLUMNS), strict=True))
    parsed_periods = {
        k: period_end(dict(zip(PERIOD_COLUMNS, k, strict=True))) for k in set(period_keys)
    }
    rows["_period_end"] = [parsed_periods[k][0] for k in period_keys]
    rows["_period_problem"] = [parsed_periods[k][1] for k in period_keys]
    forces = frozenset(resolver.force_codes)
    rows["_geocode_problem"] = [
        _geocode_problem(g, f, b, forces)
        for g, f, b in zip(rows["geocode"], rows["_force_code"], rows["_body_type"], strict=True)
    ]
    rows["_missing_cells"] = _missing_cells(rows)
    rows["_fte"] = pd.to_numeric(rows["fte"], errors="coerce").astype(float)
    rows["_headcount"] = pd.to_numeric(rows["headcount"], errors="coerce").astype(float)
    rows["_fte_excess"] = rows["_fte"] - rows["_headcount"]
    rows["_fte_for_headcount_only"] = rows["_fte"].where(
        rows["_headcount_only"] & rows["_fte"].gt(0)
    )
    rows["_sex_label"] = _text(rows["sex"].map(normalise_label, na_action="ignore"))
    rows["_wider_function_label"] = _text(
        rows["wider_function_name"].map(normalise_label, na_action="ignore")
    )
    flags = _total_flags(rows)
    rows["_is_total_row"] = rows["_body_type"].eq("national_total") | flags.any(axis=1)
    rows["_row_key"] = _key(rows, [TABLE_COLUMN, *PERIOD_COLUMNS, "_force_label", *BREAKDOWNS])
    forces_frame, periods_frame = _coverage(rows)
    return {
        "rows": rows,
        "totals": _totals(rows, flags),
        "year_on_year": _year_on_year(rows),
        "force_coverage": forces_frame,
        "periods": periods_frame,
    }


def quality_parameters(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, Any]:
    return {
        "known_force_labels": resolver.known_labels,
        "known_worker_types": sorted(worker_types()),
        "force_count": len(resolver.force_codes),
    }


SPEC = SourceSpec(
    source_id=SOURCE_ID,
    title="Police workforce, England and Wales: open data tables (main, functions and more)",
    publisher="Home Office",
    cadence="bi_annual",
    file_patterns=("*.ods", "*.xlsx", "*.csv"),
    parse=parse,
    quality_frames=quality_frames,
    quality_parameters=quality_parameters,
    row_labels=("force_name", "as_at_31_march", "as_at_date", "financial_year"),
)
