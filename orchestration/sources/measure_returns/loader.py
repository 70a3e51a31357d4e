"""Measure returns: the warehouse's own tidy CSV template for measures with no public file.

Format (docs/measure-returns.md): a UTF-8 CSV with one header row, columns `period_start,
period_end, force, measure_id, breakdown, value, numerator, denominator, unit, source_note`, one
row per measure, breakdown, force (or England and Wales) and period. Dates are ISO
(`2026-04-01`); a period is a whole month, a quarter or twelve months. `force` is a force name
(any spelling in seeds/reference/force_name_variants.csv) or its ONS code, or `England and Wales`
for a national figure. Only measures whose catalogue source_id is `measure_returns` are accepted,
with
the catalogue's unit, and breakdown `total`, one of the catalogue's breakdowns for the measure, an
extra split listed in seeds/measures/measure_return_breakdowns.csv, or `<dimension>:<member>` for a
catalogue breakdown `by_<dimension>`. Where numerator and denominator are both given, value must
equal numerator / denominator times the unit's scale (1 for a proportion, 100 for a percentage,
1,000 for a rate per 1,000) within rounding.

Files are named `<family>-DDMMYY.csv` (the date the return was compiled, as the Home Office
suffix convention); a file without the suffix takes the date it was first loaded. Returns are
incremental: staging keeps, per key, the row of the latest release.

Cadence: returns arrive at any time; the source is treated as `monthly` so the monthly job picks
them up.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Any

import pandas as pd

from orchestration.ingest.cells import map_distinct, normalise_label
from orchestration.ingest.headers import Column
from orchestration.ingest.source import ParsedFile, SourceSpec
from orchestration.ingest.tabular import frame_from_rows, parsed_file, read_csv_rows
from orchestration.reference import ForceResolver, read_seed

SOURCE_ID = "measure_returns"
NATIONAL_LABEL = "england and wales"
FORCE_LEVELS = frozenset({"police_force_area", "county_lines_programme_forces"})
# value = numerator / denominator * scale, for the units that are ratios.
RATIO_SCALE = {
    "proportion": 1.0,
    "percentage": 100.0,
    "rate_per_1000_population": 1000.0,
    "rate_per_1000_households": 1000.0,
}
# Rounding allowed between value and the ratio: this absolute amount (3 decimals of a
# proportion, 1 of a percentage, 2 of a rate) or 0.5% of the ratio, whichever is larger.
RATIO_ABSOLUTE_TOLERANCE = {
    "proportion": 0.0005,
    "percentage": 0.05,
    "rate_per_1000_population": 0.005,
    "rate_per_1000_households": 0.005,
}
RATIO_RELATIVE_TOLERANCE = 0.005
SWING_MINIMUM = 30  # previous value below which a period-to-period swing is not checked
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NUMBER = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")
DIMENSION_MEMBER = re.compile(r"^([a-z0-9_]+):([a-z0-9_]+)$")

COLUMNS = (
    Column("period_start", ("Period start", "Start date", "Period start date"), key=True),
    Column("period_end", ("Period end", "End date", "Period end date"), key=True),
    Column(
        "force", ("Force", "Force name", "Force code", "Police force", "Force or area"), key=True
    ),
    Column("measure_id", ("Measure ID", "Measure"), key=True),
    Column("breakdown", ("Breakdown",), key=True),
    Column("value", ("Value",)),
    Column("numerator", ("Numerator",)),
    Column("denominator", ("Denominator",)),
    Column("unit", ("Unit",)),
    Column("source_note", ("Source note", "Source", "Note", "Notes")),
)


def parse(path: Path) -> ParsedFile:
    rows = read_csv_rows(SOURCE_ID, path)
    frame = frame_from_rows(SOURCE_ID, path, rows, COLUMNS, path.name)
    return parsed_file(SOURCE_ID, path, [frame], "the CSV")


# --------------------------------------------------------------------------- reference


def returnable_measures() -> dict[str, dict[str, str]]:
    """Catalogue rows of the measures this template accepts (source_id measure_returns)."""
    return {
        r["measure_id"]: r for r in read_seed("measure_catalogue") if r["source_id"] == SOURCE_ID
    }


def accepted_breakdowns(measure: dict[str, str], extras: set[tuple[str, str]]) -> set[str]:
    listed = {b.strip() for b in (measure.get("breakdowns") or "").split("|") if b.strip()}
    extra = {b for m, b in extras if m == measure["measure_id"]}
    return {"total", *listed, *extra}


def breakdown_accepted(breakdown: str, accepted: set[str]) -> bool:
    if breakdown in accepted:
        return True
    match = DIMENSION_MEMBER.match(breakdown)
    return bool(match) and f"by_{match.group(1)}" in accepted


# --------------------------------------------------------------------------- cell checks


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _number(value: object) -> float | None:
    text = _text(value)
    return float(text) if NUMBER.match(text) else None


def _present(value: float | None) -> float | None:
    """A parsed number, with pandas' NaN for a missing one read back as None."""
    return None if value is None or math.isnan(value) else value


def _date(text: str) -> dt.date | None:
    if not ISO_DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _month_end(day: dt.date) -> dt.date:
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def period_months(start_text: str, end_text: str) -> int | None:
    start, end = _date(start_text), _date(end_text)
    if start is None or end is None:
        return None
    return (end.year - start.year) * 12 + end.month - start.month + 1


def period_problem(start_text: str, end_text: str, latest_end: dt.date) -> str | None:
    """Why a period is not a whole month, quarter or twelve months ending by `latest_end`."""
    start, end = _date(start_text), _date(end_text)
    if start is None or end is None:
        return f"{start_text}..{end_text}: dates must be ISO YYYY-MM-DD"
    if start.day != 1 or end != _month_end(end):
        return f"{start_text}..{end_text}: a period runs from the 1st to a month's last day"
    months = period_months(start_text, end_text)
    if months not in (1, 3, 12):
        return f"{start_text}..{end_text}: covers {months} months (1, 3 or 12 expected)"
    if months == 3 and start.month not in (1, 4, 7, 10):
        return f"{start_text}..{end_text}: a quarter starts in January, April, July or October"
    if end > latest_end:
        return f"{start_text}..{end_text}: ends after the return's date {latest_end.isoformat()}"
    return None


def ratio_problem(
    unit: str, value: float | None, numerator: float | None, denominator: float | None
) -> str | None:
    """Why value is not numerator / denominator x scale within rounding (None if it is)."""
    if unit not in RATIO_SCALE or None in (value, numerator, denominator) or not denominator:
        return None
    expected = numerator / denominator * RATIO_SCALE[unit]
    tolerance = max(RATIO_ABSOLUTE_TOLERANCE[unit], RATIO_RELATIVE_TOLERANCE * abs(expected))
    if math.isclose(value, expected, abs_tol=tolerance):
        return None
    return f"value {value:g} but numerator / denominator gives {expected:.6g} ({unit})"


def resolve_geography(force: str, resolver: ForceResolver) -> tuple[str | None, str | None]:
    """(geography level, force code): a force name or ONS code, or England and Wales."""
    code = resolver.force_code(force)
    if code is None and force.strip().upper() in resolver.force_codes:
        code = force.strip().upper()
    if code is not None:
        return "police_force_area", code
    if normalise_label(force) == NATIONAL_LABEL:
        return "england_and_wales", None
    return None, None


# --------------------------------------------------------------------------- quality frames


def quality_frames(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, pd.DataFrame]:
    measures = returnable_measures()
    extras = {(r["measure_id"], r["breakdown"]) for r in read_seed("measure_return_breakdowns")}
    latest_end = (
        dt.date.fromisoformat(parsed.release) if parsed.release else dt.datetime.now(dt.UTC).date()
    )
    rows = parsed.frame.copy()
    for column in ("period_start", "period_end", "measure_id", "breakdown", "unit", "force"):
        rows[f"_{column}"] = map_distinct(rows[column], _text)
    geography = rows["_force"].map(lambda f: resolve_geography(f, resolver))
    rows["_geography"] = geography.map(lambda g: g[0])
    rows["_force_code"] = geography.map(lambda g: g[1])
    rows["_geography_key"] = [
        code or (level if level else f"unknown: {label}")
        for level, code, label in zip(
            rows["_geography"], rows["_force_code"], rows["_force"], strict=True
        )
    ]
    rows["_force_problem"] = rows["_force"].where(rows["_geography"].isna())
    rows["_value_number"] = map_distinct(rows["value"], _number)
    rows["_numerator_number"] = map_distinct(rows["numerator"], _number)
    rows["_denominator_number"] = map_distinct(rows["denominator"], _number)

    problems: dict[str, list[str | None]] = {
        name: []
        for name in ("_unit_problem", "_breakdown_problem", "_geography_problem", "_ratio_problem")
    }
    problems["_ratio_parts_problem"] = []
    problems["_part_above_total"] = []
    problems["_period_problem"] = []
    proportion: list[float | None] = []
    percentage: list[float | None] = []
    for row in rows.to_dict("records"):
        measure = measures.get(row["_measure_id"])
        unit = row["_unit"]
        label = f"{row['_measure_id']} {row['_force']} {row['_period_start']}..{row['_period_end']}"
        problems["_period_problem"].append(
            period_problem(row["_period_start"], row["_period_end"], latest_end)
        )
        if measure is None:
            for name in problems:
                if name != "_period_problem":
                    problems[name].append(None)
            proportion.append(None)
            percentage.append(None)
            continue
        expected_unit = measure["unit"]
        problems["_unit_problem"].append(
            None
            if unit == expected_unit
            else f"{row['_measure_id']}: unit '{unit}', catalogue unit '{expected_unit}'"
        )
        accepted = accepted_breakdowns(measure, extras)
        problems["_breakdown_problem"].append(
            None
            if breakdown_accepted(row["_breakdown"], accepted)
            else f"{row['_measure_id']}: breakdown '{row['_breakdown']}' (accepted: "
            + ", ".join(sorted(accepted))
            + ")"
        )
        force_level = measure["geographic_level"] in FORCE_LEVELS
        problems["_geography_problem"].append(
            f"{row['_measure_id']} is national only: report it for 'England and Wales', "
            f"not '{row['_force']}'"
            if row["_geography"] == "police_force_area" and not force_level
            else None
        )
        num, den, value = (
            _present(row[c]) for c in ("_numerator_number", "_denominator_number", "_value_number")
        )
        given = (_text(row["numerator"]) != "", _text(row["denominator"]) != "")
        if any(given) and expected_unit not in RATIO_SCALE:
            parts = f"{label}: numerator/denominator given for a {expected_unit} measure"
        elif given[0] != given[1]:
            parts = f"{label}: numerator and denominator must be given together"
        else:
            parts = None
        problems["_ratio_parts_problem"].append(parts)
        above = (
            expected_unit in ("proportion", "percentage")
            and num is not None
            and den is not None
            and num > den
        )
        problems["_part_above_total"].append(f"{label}: {num:g} > {den:g}" if above else None)
        mismatch = ratio_problem(expected_unit, value, num, den)
        problems["_ratio_problem"].append(f"{label}: {mismatch}" if mismatch else None)
        proportion.append(value if expected_unit == "proportion" else None)
        percentage.append(value if expected_unit == "percentage" else None)
    for name, values in problems.items():
        rows[name] = values
    rows["_proportion_value"] = proportion
    rows["_percentage_value"] = percentage
    return {"rows": rows, "series": _series(rows)}


def _series(rows: pd.DataFrame) -> pd.DataFrame:
    """Per measure, breakdown, geography and period length: each value's ratio to the previous
    period's value (for a swing warning), only where the previous value is at least SWING_MINIMUM
    (smaller counts swing by chance)."""
    keys = ["_measure_id", "_breakdown", "_geography_key", "period_months"]
    frame = rows[["_measure_id", "_breakdown", "_geography_key", "_period_start"]].assign(
        period_months=[
            period_months(a, b)
            for a, b in zip(rows["_period_start"], rows["_period_end"], strict=True)
        ],
        value=rows["_value_number"],
    )
    frame = frame.dropna(subset=["value", "period_months"]).sort_values([*keys, "_period_start"])
    frame["previous"] = frame.groupby(keys)["value"].shift(1)
    frame["change_ratio"] = (frame["value"] / frame["previous"]).where(
        frame["previous"] >= SWING_MINIMUM
    )
    return frame.reset_index(drop=True)


def quality_parameters(parsed: ParsedFile, resolver: ForceResolver) -> dict[str, Any]:
    return {"returnable_measure_ids": sorted(returnable_measures())}


SPEC = SourceSpec(
    source_id=SOURCE_ID,
    title="Measure returns (the warehouse's CSV template for measures with no public file)",
    publisher="Police forces and national bodies",
    cadence="monthly",
    file_patterns=("*.csv",),
    parse=parse,
    quality_frames=quality_frames,
    quality_parameters=quality_parameters,
    row_labels=("force", "measure_id", "period_start", "period_end"),
)
