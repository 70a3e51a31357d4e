"""Deterministic sample of the IOPC police complaints statistics force data tables (XLSX).

Writes one workbook per financial year 2019/20 ... 2025/26 into
``<landing_dir>/police_complaints/``, named
``police-complaints-statistics-england-and-wales-YYYY-YY-data-tables.xlsx`` (the IOPC publishes
each year's statistics in the autumn after it; 2025/26 is the latest complete year as of the
autumn 2026 release). The data-table layout and headers are unverified
(docs/sources/police_complaints.md); the sample follows the loader's documented assumption and
exercises both layouts.

Layout by year
    * 2019/20 (2012 regime; wide): sheets ``Cover``, ``Contents``, ``Table 3``. Table 3 has a
      title row naming the year, a blank row, then ``Force`` and one column per measure:
      ``Complaint cases recorded``, ``Allegations recorded``, ``Allegations recorded per 1,000
      employees``, ``Average days to finalise allegations by local investigation``.
    * 2020/21 and 2021/22 (wide): ``Cover``, ``Contents``, ``Table 1`` (a national summary, no
      force column: skipped by the loader), ``Table 6`` (complaint cases, Schedule 3 handling,
      allegations, allegations per 1,000 employees), ``Table 7`` (allegations by the 11
      categories, headers ``Allegations logged: <category>``) and ``Table 8`` (allegations
      finalised by subject, case to answer decisions, action taken, average days to finalise).
    * 2022/23 onward (long): ``Cover``, ``Notes``, ``Force data`` with two title rows and the
      header ``Financial year, Force, Measure, Breakdown, Value``; totals have an empty
      breakdown.

Rows
    The 43 forces in seed order (IOPC names: ``Metropolitan``, ``London, City of``; ``Devon &
    Cornwall`` in the wide years, ``Devon and Cornwall`` in the long years), then
    ``British Transport Police`` and ``England and Wales`` (sum of the 43 forces; its rate and
    average days are computed from the sums). About 8,500 values in all.

Magnitudes
    Employees per force: 4.2 per 1,000 Census 2021 residents (Metropolitan x1.45; City of London
    1,300; British Transport Police 5,200). Allegations per 1,000 employees about 600 since the
    2020 reforms (per-force level 0.6-1.45, rising about 4% a year; about 150,000 allegations a
    year nationally), about 260 under the 2012 regime; 1.6-2.0 allegations per complaint case;
    30-45% of cases handled under Schedule 3; allegation categories with fixed national shares
    (delivery of duties and service 53%, police powers 21%, individual behaviours 13%, ...);
    allegations finalised 90-102% of those logged, 62% about officers and 12% about staff; case
    to answer decisions on 1-2.5% of finalised allegations (45% case to answer); 0.5-1.5%
    referred to proceedings; 60-200 average days to finalise a case.

Quirks
    * Regime break: 2019/20 carries 2012-regime measures only; British Transport Police joined
      the new regime on 4 January 2021, so its 2020/21 counts cover a quarter of the year and
      its 2020/21 rate is ``n/a``.
    * Breakdown counts of 1 or 2 are suppressed as ``*`` (the totals keep the true values).
    * Counts, rates (one decimal) and days (one decimal) are numeric cells; the year in long
      tables is text ``2022/23``.
Every cell comes from ``random.Random`` seeded by strings (force, year): byte-identical output for
the same inputs (zip entries dated 1980-01-01, document properties fixed).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import random
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

__all__ = [
    "CATEGORIES",
    "FINANCIAL_YEARS",
    "LONG_FROM",
    "LONG_HEADER",
    "SAMPLE_SOURCE_ID",
    "file_name",
    "write_sample",
]

SAMPLE_SOURCE_ID = "police_complaints"
SEED = "ppf-sample-police-complaints-v1"
FINANCIAL_YEARS = tuple(range(2019, 2026))  # 2019/20 ... 2025/26
LONG_FROM = 2022  # long layout from 2022/23
OLD_REGIME_YEARS = frozenset({2019})
DOC_DATE = dt.datetime(2026, 11, 1)
BTP = "British Transport Police"
ENGLAND_AND_WALES = "England and Wales"
LONG_HEADER = ("Financial year", "Force", "Measure", "Breakdown", "Value")

EMPLOYEES_PER_1000_RESIDENTS = 4.2
EMPLOYEE_MULTIPLIER = {"E23000001": 1.45}
FIXED_EMPLOYEES = {"E23000034": 1300.0, BTP: 5200.0}
IOPC_NAMES = {"E23000001": "Metropolitan"}
RATE_2020 = 600.0
RATE_2012 = 260.0
YEAR_FACTOR = {2020: 0.88, 2021: 0.95, 2022: 1.0, 2023: 1.05, 2024: 1.09, 2025: 1.12}
BTP_PARTIAL_YEAR = 2020  # new regime for British Transport Police from 4 January 2021
SUPPRESS_BELOW = 3

CATEGORIES = (
    ("Delivery of duties and service", 0.53),
    ("Police powers, policies and procedures", 0.21),
    ("Handling of or damage to property/premises", 0.03),
    ("Access and/or disclosure of information", 0.02),
    ("Use of police vehicles", 0.01),
    ("Abuse of position/corruption", 0.01),
    ("Discriminatory behaviour", 0.03),
    ("Individual behaviours", 0.13),
    ("Sexual conduct", 0.005),
    ("Discreditable conduct", 0.01),
    ("Other", 0.035),
)
SUBJECTS = (("Police officers", 0.62), ("Police staff", 0.12), ("Person not identified", 0.26))
SCHEDULE_3 = ("Handled under Schedule 3", "Handled outside Schedule 3")
DECISIONS = ("Case to answer", "No case to answer")
ACTIONS = ("Referred to misconduct proceedings", "Learning outcome", "No further action")
OTHER_ACTION = "Other action"

# (measure label, breakdown label or None, value key) in the order the tables present them.
NEW_MEASURES = (
    ("Complaint cases logged", None, "cases"),
    ("Complaint cases logged", SCHEDULE_3[0], "schedule_3"),
    ("Complaint cases logged", SCHEDULE_3[1], "outside_schedule_3"),
    ("Allegations logged", None, "allegations"),
    ("Allegations logged per 1,000 employees", None, "rate"),
    *(("Allegations logged", label, f"category:{label}") for label, _ in CATEGORIES),
    ("Allegations finalised", None, "finalised"),
    *(("Allegations finalised", label, f"subject:{label}") for label, _ in SUBJECTS),
    *(("Case to answer decisions", label, f"decision:{label}") for label in DECISIONS),
    *(
        ("Action taken on allegations finalised", label, f"action:{label}")
        for label in (*ACTIONS, OTHER_ACTION)
    ),
    ("Average days to finalise complaint cases", None, "days"),
)
OLD_MEASURES = (
    ("Complaint cases recorded", None, "cases"),
    ("Allegations recorded", None, "allegations"),
    ("Allegations recorded per 1,000 employees", None, "rate"),
    ("Average days to finalise allegations by local investigation", None, "days"),
)
WIDE_TABLES = (  # sheet, title, measures
    ("Table 6", "Complaint cases and allegations logged, by police force", NEW_MEASURES[:5]),
    ("Table 7", "Allegations logged by category, by police force", NEW_MEASURES[5:16]),
    (
        "Table 8",
        "Allegations finalised and how they were handled, by police force",
        NEW_MEASURES[16:],
    ),
)
RATE_KEYS = frozenset({"rate", "days"})
BREAKDOWN_PREFIXES = ("category:", "subject:", "decision:", "action:", "schedule_3", "outside_")

Values = dict[str, float | int | str]


def file_name(fy: int) -> str:
    return (
        f"police-complaints-statistics-england-and-wales-{fy}-{(fy + 1) % 100:02d}-data-tables.xlsx"
    )


def _fy_label(fy: int) -> str:
    return f"{fy}/{(fy + 1) % 100:02d}"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _bodies(project_root: Path) -> list[tuple[str, str, float]]:
    """(key, IOPC name in the wide years, employees): the 43 forces then BTP."""
    out = []
    for row in _read_csv(project_root / "seeds" / "reference" / "police_force_areas.csv"):
        code = row["force_code"]
        employees = FIXED_EMPLOYEES.get(code)
        if employees is None:
            residents = float(row["census2021_usual_residents"])
            employees = residents / 1000.0 * EMPLOYEES_PER_1000_RESIDENTS
            employees *= EMPLOYEE_MULTIPLIER.get(code, 1.0)
        out.append((code, IOPC_NAMES.get(code, row["force_name"]), employees))
    out.append((BTP, BTP, FIXED_EMPLOYEES[BTP]))
    return out


def _poisson(rng: random.Random, mean: float) -> int:
    if mean < 30:
        limit, k, p = math.exp(-mean), 0, rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        return k
    return max(0, round(rng.gauss(mean, math.sqrt(mean))))


def _split(rng: random.Random, total: int, shares: tuple[float, ...]) -> list[int]:
    """A multinomial-like split of total by shares (normal approximation, exact sum)."""
    parts, remaining, share_left = [], total, sum(shares)
    for share in shares[:-1]:
        p = share / share_left if share_left > 0 else 0.0
        mean = remaining * p
        draw = round(rng.gauss(mean, math.sqrt(max(mean * (1 - p), 0.0))))
        draw = min(max(draw, 0), remaining)
        parts.append(draw)
        remaining -= draw
        share_left -= share
    return [*parts, remaining]


def _force_values(key: str, employees: float, fy: int) -> Values:
    rng = random.Random(f"{SEED}|{key}|{fy}")
    level = random.Random(f"{SEED}|level|{key}").uniform(0.6, 1.45)
    if fy in OLD_REGIME_YEARS:
        allegations = _poisson(rng, employees / 1000.0 * RATE_2012 * level)
        cases = round(allegations / rng.uniform(1.7, 2.1))
        return {
            "employees": employees,
            "cases": cases,
            "allegations": allegations,
            "rate": round(allegations / employees * 1000.0, 1),
            "days": round(rng.uniform(120.0, 260.0), 1),
            "finalised": allegations,
        }
    share = 0.25 if key == BTP and fy == BTP_PARTIAL_YEAR else 1.0
    allegations = _poisson(rng, employees / 1000.0 * RATE_2020 * level * YEAR_FACTOR[fy] * share)
    cases = round(allegations / rng.uniform(1.6, 2.0))
    schedule_3 = round(cases * rng.uniform(0.3, 0.45))
    finalised = round(allegations * rng.uniform(0.9, 1.02))
    decisions = round(finalised * rng.uniform(0.01, 0.025))
    case_to_answer = round(decisions * rng.uniform(0.35, 0.55))
    actions = [
        round(finalised * rng.uniform(0.005, 0.015)),
        round(finalised * rng.uniform(0.08, 0.16)),
        round(finalised * rng.uniform(0.5, 0.6)),
    ]
    values: Values = {
        "employees": employees,
        "cases": cases,
        "schedule_3": schedule_3,
        "outside_schedule_3": cases - schedule_3,
        "allegations": allegations,
        "rate": "n/a" if share < 1 else round(allegations / employees * 1000.0, 1),
        "finalised": finalised,
        "days": round(rng.uniform(60.0, 200.0) * (0.6 if share < 1 else 1.0), 1),
    }
    for (label, _), n in zip(
        CATEGORIES, _split(rng, allegations, tuple(s for _, s in CATEGORIES)), strict=True
    ):
        values[f"category:{label}"] = n
    for (label, _), n in zip(
        SUBJECTS, _split(rng, finalised, tuple(s for _, s in SUBJECTS)), strict=True
    ):
        values[f"subject:{label}"] = n
    values[f"decision:{DECISIONS[0]}"] = case_to_answer
    values[f"decision:{DECISIONS[1]}"] = decisions - case_to_answer
    for label, n in zip(ACTIONS, actions, strict=True):
        values[f"action:{label}"] = n
    values[f"action:{OTHER_ACTION}"] = finalised - sum(actions)
    return values


def _national(forces: list[Values], fy: int) -> Values:
    """England and Wales: the 43 forces summed; rate and days from the sums."""
    total: Values = {}
    for values in forces:
        for key, value in values.items():
            if key not in RATE_KEYS:
                total[key] = total.get(key, 0) + value  # type: ignore[operator]
    total["rate"] = round(float(total["allegations"]) / float(total["employees"]) * 1000.0, 1)
    weights = sum(float(v["finalised"]) for v in forces)
    total["days"] = round(
        sum(float(v["days"]) * float(v["finalised"]) for v in forces) / weights, 1
    )
    return total


def _published(key: str, value: float | int | str) -> float | int | str:
    """The cell as published: small breakdown counts suppressed as '*'."""
    if key.startswith(BREAKDOWN_PREFIXES) and isinstance(value, int) and 0 < value < SUPPRESS_BELOW:
        return "*"
    return value


def _year_rows(project_root: Path, fy: int) -> list[tuple[str, Values]]:
    """(published name, values) for the 43 forces, BTP and England and Wales."""
    bodies = _bodies(project_root)
    rows = [(name, _force_values(key, employees, fy)) for key, name, employees in bodies]
    national = _national(
        [v for (key, _, _), (_, v) in zip(bodies, rows, strict=True) if key != BTP], fy
    )
    rows.append((ENGLAND_AND_WALES, national))
    if fy >= LONG_FROM:
        rows = [(name.replace(" & ", " and "), values) for name, values in rows]
    return rows


def _cover(wb: Workbook, fy: int, contents: list[tuple[str, str]] | None) -> None:
    ws = wb.active
    ws.title = "Cover"
    ws.append([f"Police complaints: statistics for England and Wales {_fy_label(fy)}"])
    ws.append(["Data tables"])
    ws.append(["Source: Independent Office for Police Conduct (IOPC)"])
    if contents is not None:
        sheet = wb.create_sheet("Contents")
        sheet.append(["Table", "Title"])
        for name, title in contents:
            sheet.append([name, title])


def _wide_workbook(project_root: Path, fy: int) -> Workbook:
    wb = Workbook()
    rows = _year_rows(project_root, fy)
    if fy in OLD_REGIME_YEARS:
        tables = (
            (
                "Table 3",
                "Complaints recorded, by police force (2012 complaints regime)",
                OLD_MEASURES,
            ),
        )
    else:
        tables = WIDE_TABLES
    contents = [(name, title) for name, title, _ in tables]
    if fy not in OLD_REGIME_YEARS:
        contents.insert(0, ("Table 1", "Complaint cases and allegations logged, England and Wales"))
    _cover(wb, fy, contents)
    if fy not in OLD_REGIME_YEARS:
        summary = wb.create_sheet("Table 1")
        summary.append(
            [f"Table 1: Complaint cases and allegations logged, England and Wales, {_fy_label(fy)}"]
        )
        summary.append([None])
        summary.append(["Measure", _fy_label(fy)])
        national = rows[-1][1]
        summary.append(["Complaint cases logged", national["cases"]])
        summary.append(["Allegations logged", national["allegations"]])
    for name, title, measures in tables:
        sheet = wb.create_sheet(name)
        sheet.append([f"{name}: {title}, {_fy_label(fy)}"])
        sheet.append([None])
        sheet.append(["Force", *(m if b is None else f"{m}: {b}" for m, b, _ in measures)])
        for force, values in rows:
            sheet.append([force, *(_published(k, values[k]) for _, _, k in measures)])
    return wb


def _long_workbook(project_root: Path, fy: int) -> Workbook:
    wb = Workbook()
    _cover(wb, fy, None)
    notes = wb.create_sheet("Notes")
    notes.append(["Note", "Text"])
    notes.append(
        [1, "Figures cover complaints handled under the Police Reform Act 2002 as amended."]
    )
    notes.append([2, "Counts of 1 or 2 in breakdowns are shown as *."])
    data = wb.create_sheet("Force data")
    data.append([f"Police complaints force data, {_fy_label(fy)}"])
    data.append(["One row per force, measure and breakdown"])
    data.append(list(LONG_HEADER))
    for force, values in _year_rows(project_root, fy):
        for measure, breakdown, key in NEW_MEASURES:
            data.append([_fy_label(fy), force, measure, breakdown, _published(key, values[key])])
    return wb


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _save(wb: Workbook, path: Path) -> None:
    """Save with fixed document dates and zip timestamps, so equal input gives equal bytes."""
    wb.properties.creator = "ppf sample"
    wb.properties.created = DOC_DATE
    wb.properties.modified = DOC_DATE
    buffer = io.BytesIO()
    wb.save(buffer)
    stamp = DOC_DATE.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    tmp = path.with_name(path.name + ".partial")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            entry = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    tmp.replace(path)


def write_sample(landing_dir: Path, project_root: Path) -> list[Path]:
    """Write one workbook per financial year and return their paths."""
    out_dir = Path(landing_dir) / SAMPLE_SOURCE_ID
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fy in FINANCIAL_YEARS:
        builder = _long_workbook if fy >= LONG_FROM else _wide_workbook
        path = out_dir / file_name(fy)
        _save(builder(Path(project_root), fy), path)
        written.append(path)
    return written
