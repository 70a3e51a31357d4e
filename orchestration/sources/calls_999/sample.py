"""Deterministic sample of the police.uk 999 call answering data (CSV).

Writes ``<landing_dir>/calls_999/police-uk-999-call-answering-data-DDMMYY.csv`` (DDMMYY = the
release date, 19 November 2026 by default): one cumulative CSV re-issuing the whole series, the
layout the loader assumes (the download's real columns are unverified,
docs/sources/calls_999.md). The published series starts in November 2021; there is no 999 data for
April 2019 to October 2021, so the sample starts in November 2021 and runs to October 2026, the
latest month published one month in arrears as of the release.

Layout
    UTF-8 with a byte-order mark (as spreadsheet exports write), comma separated, one header
    row: ``Force, Month, Total calls, Calls answered in under 10 seconds, % answered in under
    10 seconds, Calls answered in 10 to under 60 seconds, % answered in 10 to under 60 seconds,
    Calls answered in 60 seconds or more, % answered in 60 seconds or more, Average time to
    answer (seconds), Median time to answer (seconds)``. Rows ordered by month, then force name.

Rows
    60 months (Nov 2021 - Oct 2026) x 46 bodies = 2,760 rows: the 43 territorial forces under
    their full police.uk names (seed ``force_full_name``: "Avon and Somerset Constabulary",
    "Devon & Cornwall Police", "Metropolitan Police Service") plus British Transport Police,
    Police Scotland and the Police Service of Northern Ireland (UK-wide coverage).

Magnitudes
    Total calls about 15-19 a month per 1,000 residents (Census 2021 seed; Metropolitan Police
    about 150,000 a month), fixed bases for the City of London (1,400), British Transport Police
    (2,600), Police Scotland (60,000) and PSNI (27,000); calendar seasonality (July +12 %,
    February -12 %), +2 % a year and 2 % noise. The share answered in under 10 seconds has a
    per-body base between 62 % and 93 % (so several bodies run above 90 %), a slow improvement,
    a summer-2022 dip of up to 10 points and 1.5-point noise, clipped to 60-95 %; the rest splits
    between 10-60 seconds and 60 seconds or more. Mean seconds follow the band mix (about 4.5 s,
    24 s and 95 s per band); the median lies in the first band.

Quirks (all deterministic)
    a. Month labels written ``Nov-21`` (abbreviated month and two-digit year).
    b. Shares are percentages with one decimal and no ``%`` sign.
    c. The median answer time is blank before April 2024 (taken as added to the publication
       later; staging keeps it null with the reason ``missing: empty cell``).
    d. Counts over 999 are written without thousands separators; the three bands always add
       up to the total.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date
from pathlib import Path

SAMPLE_SOURCE_ID = "calls_999"
SEED = "ppf-sample-calls-999-v1"
DEFAULT_RELEASE = date(2026, 11, 19)
FIRST_MONTH = date(2021, 11, 1)
MEDIAN_FROM = date(2024, 4, 1)

HEADER = (
    "Force",
    "Month",
    "Total calls",
    "Calls answered in under 10 seconds",
    "% answered in under 10 seconds",
    "Calls answered in 10 to under 60 seconds",
    "% answered in 10 to under 60 seconds",
    "Calls answered in 60 seconds or more",
    "% answered in 60 seconds or more",
    "Average time to answer (seconds)",
    "Median time to answer (seconds)",
)
# Bodies that are not territorial force areas, with fixed monthly call bases.
NON_FORCE_BASES = {
    "British Transport Police": 2600.0,
    "Police Scotland": 60000.0,
    "Police Service of Northern Ireland": 27000.0,
}
CITY_OF_LONDON = "E23000034"
CITY_OF_LONDON_BASE = 1400.0
CALLS_PER_RESIDENT_MONTH = (0.015, 0.019)
SEASONALITY = {
    1: 0.92, 2: 0.88, 3: 0.96, 4: 0.98, 5: 1.05, 6: 1.08,
    7: 1.12, 8: 1.08, 9: 1.00, 10: 0.99, 11: 0.95, 12: 0.97,
}  # fmt: skip
ANNUAL_TREND = 0.02
SHARE_RANGE = (0.60, 0.95)  # share answered in under 10 seconds
BAND_SECONDS = (4.5, 24.0, 95.0)
MONTH_ABBREVIATIONS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


def latest_month(release: date) -> date:
    """The month published one month in arrears: the month before the release month."""
    year, month = (release.year, release.month - 1) if release.month > 1 else (release.year - 1, 12)
    return date(year, month, 1)


def months(release: date = DEFAULT_RELEASE) -> list[date]:
    out, current, last = [], FIRST_MONTH, latest_month(release)
    while current <= last:
        out.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


def month_label(month: date) -> str:
    return f"{MONTH_ABBREVIATIONS[month.month - 1]}-{month.year % 100:02d}"


def file_name(release: date = DEFAULT_RELEASE) -> str:
    return f"police-uk-999-call-answering-data-{release:%d%m%y}.csv"


def _bodies(project_root: Path) -> list[tuple[str, str, float | None]]:
    """(key, published name, residents or None for a fixed base) for every body."""
    path = project_root / "seeds" / "reference" / "police_force_areas.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    bodies = [
        (r["force_code"], r["force_full_name"], float(r["census2021_usual_residents"]))
        for r in rows
    ]
    bodies += [(name, name, None) for name in NON_FORCE_BASES]
    return sorted(bodies, key=lambda b: b[1].casefold())


def _percent(part: int, total: int) -> str:
    return f"{100 * part / total:.1f}" if total else ""


def _rows(project_root: Path, release: date) -> list[list[str]]:
    periods = months(release)
    series: dict[str, dict[date, list[str]]] = {}
    for key, name, residents in _bodies(project_root):
        rng = random.Random(f"{SEED}|{key}")
        if residents is None:
            base = NON_FORCE_BASES[name]
        elif key == CITY_OF_LONDON:
            base = CITY_OF_LONDON_BASE
        else:
            base = residents * rng.uniform(*CALLS_PER_RESIDENT_MONTH)
        share_base = rng.uniform(0.62, 0.93)
        improvement = rng.uniform(-0.005, 0.02)
        dip = rng.uniform(0.0, 0.10)
        slow_share = rng.uniform(0.12, 0.30)
        by_month: dict[date, list[str]] = {}
        for month in periods:
            years = (month.year - FIRST_MONTH.year) + (month.month - FIRST_MONTH.month) / 12
            mean = base * SEASONALITY[month.month] * (1 + ANNUAL_TREND) ** years
            total = max(1, round(rng.gauss(mean, 0.02 * mean)))
            summer_2022 = date(2022, 5, 1) <= month <= date(2022, 9, 1)
            share = share_base + improvement * years - (dip if summer_2022 else 0.0)
            share = min(SHARE_RANGE[1], max(SHARE_RANGE[0], share + rng.gauss(0, 0.015)))
            under_10 = round(total * share)
            over_60 = round((total - under_10) * slow_share)
            between = total - under_10 - over_60
            mean_seconds = (
                under_10 * BAND_SECONDS[0] + between * BAND_SECONDS[1] + over_60 * BAND_SECONDS[2]
            ) / total + rng.gauss(0, 0.3)
            median = 10 * 0.5 / share * 0.8 + rng.uniform(0.2, 0.8)
            by_month[month] = [
                name,
                month_label(month),
                str(total),
                str(under_10),
                _percent(under_10, total),
                str(between),
                _percent(between, total),
                str(over_60),
                _percent(over_60, total),
                f"{max(1.0, mean_seconds):.1f}",
                f"{median:.1f}" if month >= MEDIAN_FROM else "",
            ]
        series[key] = by_month
    return [by_body[month] for month in periods for by_body in series.values()]


def write_calls_999(landing_dir: Path, project_root: Path, release: date = DEFAULT_RELEASE) -> Path:
    """Write the sample 999 CSV for ``release`` and return its path."""
    out_dir = Path(landing_dir) / SAMPLE_SOURCE_ID
    out_dir.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(_rows(Path(project_root), release))
    path = out_dir / file_name(release)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return path


def write_sample(landing_dir: Path, project_root: Path) -> Path:
    """Entry point for orchestration.sample.generate (discovered by SAMPLE_SOURCE_ID)."""
    return write_calls_999(landing_dir, project_root)
