"""Deterministic sample of the Home Office police misconduct proceedings open data table (ODS).

Writes ``<landing_dir>/police_misconduct/police-misconduct-open-data-tables-proceedings-DDMMYY.ods``
(DDMMYY = release date, the Home Office open data convention; default release 19 November 2026,
covering the year ending 31 March 2026). Headers and category wordings are unverified
(docs/sources/police_misconduct.md); the sample follows the loader's documented assumption.

Layout
    Sheets ``Cover_sheet`` (title and source lines), ``Notes`` (``Note number``, ``Note text``)
    and ``Proceedings`` (the data, header in row 1): ``Financial year, Force, Case type,
    Proceeding type, Finding, Outcome, Worker type, Number of individuals``. One row per
    combination with at least one individual (combinations with none are not published), ordered
    by year, force (as listed in the force seed), worker type, case type, proceeding type,
    finding and outcome.

Rows
    Financial years 2020/21 (the first year of the series: matters under the Police (Conduct)
    Regulations 2020, in force from 1 February 2020) to 2025/26 (the latest complete year ending
    31 March as of the autumn 2026 release); the 43 territorial forces, Home Office spelling
    (``Devon and Cornwall``, ``London, City of``); no British Transport Police.

Magnitudes
    Officers at proceedings a year: about 11 per 1,000 officers, officers estimated at 2.45 per
    1,000 Census 2021 residents (Metropolitan Police x1.5, City of London fixed at 800), times a
    per-force level (0.7-1.4) and a year factor (0.7 in 2020/21 rising to 1.2 by 2024/25); staff
    about a quarter of the officer volume. Nationally 1,300 officers and 300 staff in 2020/21 rising
    to about 2,200 and 560, about 7,200 rows in all. Each individual is drawn into a (case type,
    proceeding type, finding, outcome) combination with shares that follow regulation 42 of the 2020
    Regulations (meetings: misconduct or no misconduct, written or final written warning or
    reflective practice; hearings: mostly gross misconduct, dismissal or would have been dismissed;
    accelerated hearings: gross misconduct, dismissal). Staff have no accelerated hearings,
    reductions in rank or "would have been dismissed".

Quirks
    * Year written ``2020/21``; proceeding type ``Accelerated hearing`` in 2020/21 and 2021/22
      rows, ``Accelerated misconduct hearing`` from 2022/23 (wording drift).
    * Counts are numeric cells; rows with no individuals are omitted.
"""

from __future__ import annotations

import csv
import math
import random
from datetime import date
from pathlib import Path

from orchestration.sample.ods_writer import Cell, write_ods

__all__ = [
    "DEFAULT_RELEASE",
    "FINANCIAL_YEARS",
    "HEADER",
    "SAMPLE_SOURCE_ID",
    "file_name",
    "proceedings_counts",
    "write_sample",
]

SAMPLE_SOURCE_ID = "police_misconduct"
SEED = "ppf-sample-police-misconduct-v1"
DEFAULT_RELEASE = date(2026, 11, 19)
FINANCIAL_YEARS = tuple(range(2020, 2026))  # 2020/21 ... 2025/26
HEADER = (
    "Financial year",
    "Force",
    "Case type",
    "Proceeding type",
    "Finding",
    "Outcome",
    "Worker type",
    "Number of individuals",
)
OFFICERS_PER_1000_RESIDENTS = 2.45
PROCEEDINGS_PER_1000_OFFICERS = 11.0
STAFF_SHARE = 0.25
YEAR_FACTOR = {2020: 0.7, 2021: 0.9, 2022: 1.0, 2023: 1.15, 2024: 1.2, 2025: 1.2}
OFFICER_MULTIPLIER = {"E23000001": 1.5}
FIXED_OFFICERS = {"E23000034": 800.0}
OLD_ACCELERATED_LABEL_YEARS = frozenset({2020, 2021})

CASE_TYPES = (("Conduct matter", 0.55), ("Recordable conduct matter", 0.25), ("Complaint", 0.20))
PROCEEDINGS = {
    "officer": (("Misconduct meeting", 0.45), ("Misconduct hearing", 0.40), ("accelerated", 0.15)),
    "staff": (("Misconduct meeting", 0.6), ("Misconduct hearing", 0.4)),
}
FINDINGS = {
    "Misconduct meeting": (("Misconduct", 0.65), ("No misconduct", 0.2), ("Not proven", 0.15)),
    "Misconduct hearing": (
        ("Gross misconduct", 0.6),
        ("Misconduct", 0.2),
        ("No misconduct", 0.05),
        ("Not proven", 0.15),
    ),
    "accelerated": (("Gross misconduct", 0.97), ("Not proven", 0.03)),
}
OUTCOMES = {
    ("Misconduct meeting", "Misconduct"): (
        ("Written warning", 0.6),
        ("Final written warning", 0.35),
        ("No further action", 0.05),
    ),
    ("Misconduct hearing", "Gross misconduct"): (
        ("Dismissal without notice", 0.5),
        ("Would have been dismissed", 0.3),
        ("Final written warning", 0.15),
        ("Reduction in rank", 0.05),
    ),
    ("Misconduct hearing", "Misconduct"): (
        ("Written warning", 0.3),
        ("Final written warning", 0.6),
        ("No further action", 0.1),
    ),
    ("accelerated", "Gross misconduct"): (
        ("Dismissal without notice", 0.55),
        ("Would have been dismissed", 0.45),
    ),
    "No misconduct": (("Reflective practice review process", 0.65), ("No further action", 0.35)),
    "Not proven": (("No further action", 1.0),),
}
# Police staff: no ranks, and "would have been dismissed" is an officer outcome.
STAFF_EXCLUDED_OUTCOMES = {
    "Reduction in rank": "Final written warning",
    "Would have been dismissed": "Dismissal without notice",
}
WORKER_LABELS = (("officer", "Police officer"), ("staff", "Police staff"))


def file_name(release: date = DEFAULT_RELEASE) -> str:
    return f"police-misconduct-open-data-tables-proceedings-{release:%d%m%y}.ods"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _forces(project_root: Path) -> list[tuple[str, str, float]]:
    """(force code, Home Office force name, estimated officers) in seed order."""
    out = []
    for row in _read_csv(project_root / "seeds" / "reference" / "police_force_areas.csv"):
        code = row["force_code"]
        officers = FIXED_OFFICERS.get(code)
        if officers is None:
            residents = float(row["census2021_usual_residents"])
            officers = residents / 1000.0 * OFFICERS_PER_1000_RESIDENTS
            officers *= OFFICER_MULTIPLIER.get(code, 1.0)
        out.append((code, row["force_name"].replace(" & ", " and "), officers))
    return out


def _poisson(rng: random.Random, mean: float) -> int:
    if mean < 30:
        limit, k, p = math.exp(-mean), 0, rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        return k
    return max(0, round(rng.gauss(mean, math.sqrt(mean))))


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _outcome(rng: random.Random, proceeding: str, finding: str, worker: str) -> str:
    choices = OUTCOMES.get((proceeding, finding)) or OUTCOMES[finding]
    outcome = _pick(rng, choices)
    return STAFF_EXCLUDED_OUTCOMES.get(outcome, outcome) if worker == "staff" else outcome


def proceedings_counts(
    project_root: Path,
) -> dict[tuple[int, str, str, str, str, str, str], int]:
    """Individuals per (financial year start, force code, worker code, case type, proceeding
    type (before the accelerated wording is chosen: 'accelerated'), finding, outcome)."""
    counts: dict[tuple[int, str, str, str, str, str, str], int] = {}
    for code, _name, officers in _forces(Path(project_root)):
        level = random.Random(f"{SEED}|level|{code}").uniform(0.7, 1.4)
        for fy in FINANCIAL_YEARS:
            for worker, _label in WORKER_LABELS:
                rng = random.Random(f"{SEED}|{fy}|{code}|{worker}")
                mean = officers / 1000.0 * PROCEEDINGS_PER_1000_OFFICERS * level * YEAR_FACTOR[fy]
                if worker == "staff":
                    mean *= STAFF_SHARE
                for _ in range(_poisson(rng, mean)):
                    case_type = _pick(rng, CASE_TYPES)
                    proceeding = _pick(rng, PROCEEDINGS[worker])
                    finding = _pick(rng, FINDINGS[proceeding])
                    outcome = _outcome(rng, proceeding, finding, worker)
                    key = (fy, code, worker, case_type, proceeding, finding, outcome)
                    counts[key] = counts.get(key, 0) + 1
    return counts


def _sort_order(weighted: tuple[tuple[str, float], ...]) -> dict[str, int]:
    return {value: i for i, (value, _) in enumerate(weighted)}


def _data_rows(project_root: Path) -> list[list[Cell]]:
    forces = _forces(project_root)
    names = {code: name for code, name, _ in forces}
    force_order = {code: i for i, (code, _, _) in enumerate(forces)}
    worker_labels = dict(WORKER_LABELS)
    worker_order = {w: i for i, (w, _) in enumerate(WORKER_LABELS)}
    case_order = _sort_order(CASE_TYPES)
    proceeding_order = _sort_order(PROCEEDINGS["officer"])
    finding_order = {f: i for i, f in enumerate(("Gross misconduct", "Misconduct"))}
    counts = proceedings_counts(project_root)

    def order(key: tuple[int, str, str, str, str, str, str]) -> tuple:
        fy, code, worker, case_type, proceeding, finding, outcome = key
        return (
            fy,
            force_order[code],
            worker_order[worker],
            case_order[case_type],
            proceeding_order[proceeding],
            finding_order.get(finding, 9),
            finding,
            outcome,
        )

    rows: list[list[Cell]] = []
    for key in sorted(counts, key=order):
        fy, code, worker, case_type, proceeding, finding, outcome = key
        if proceeding == "accelerated":
            old = fy in OLD_ACCELERATED_LABEL_YEARS
            proceeding = "Accelerated hearing" if old else "Accelerated misconduct hearing"
        rows.append(
            [
                f"{fy}/{(fy + 1) % 100:02d}",
                names[code],
                case_type,
                proceeding,
                finding,
                outcome,
                worker_labels[worker],
                counts[key],
            ]
        )
    return rows


def write_sample(landing_dir: Path, project_root: Path, release: date = DEFAULT_RELEASE) -> Path:
    """Write the sample proceedings workbook and return its path."""
    out_dir = Path(landing_dir) / SAMPLE_SOURCE_ID
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / file_name(release)
    last = FINANCIAL_YEARS[-1] + 1
    cover: list[list[Cell]] = [
        [f"Police misconduct, England and Wales: year ending 31 March {last}"],
        ["Open data table: misconduct proceedings"],
        [f"Published {release:%d %B %Y}"],
        ["Source: Home Office"],
    ]
    notes: list[list[Cell]] = [
        ["Note number", "Note text"],
        [1, "Cases under the Police (Conduct) Regulations 2020 only."],
        [2, "Police officers include special constables; police staff include PCSOs."],
        [3, "Combinations with no individuals are not shown."],
    ]
    write_ods(
        path,
        [
            ("Cover_sheet", cover),
            ("Notes", notes),
            ("Proceedings", [list(HEADER), *_data_rows(Path(project_root))]),
        ],
    )
    return path
