"""Deterministic sample of the Home Office police recorded crime (PRC) force-area open data table.

Writes ``<landing_dir>/prc_pfa/prc-pfa-mar2013-onwards-tables-DDMMYY.ods`` (DDMMYY = release
date) in the genuine layout: an ODS workbook in long format, one sheet per financial year, header
in row 1, columns ``Financial Year, Financial Quarter, Force Name, Offence Description,
Offence Group, Offence Subgroup, Offence Code, Number of Offences``.

Inputs are the project's own seeds only (``seeds/reference/police_force_areas.csv`` and
``seeds/reference/offence_classification.csv``, read by column name; extra columns are ignored).

Layout (default release 22 Oct 2026, see :func:`expected_layout`)
    Sheets ``2018-19`` ... ``2023-24`` (older hyphen style) and ``2024_25``, ``2025_26``,
    ``2026_27`` (newer underscore style). A release covers up to the last quarter ending at least
    three months before its month (Oct 2026 -> June 2026), so the last sheet is partial
    (``2026_27``: quarter 1 only). Within a sheet rows are ordered by quarter, then Force Name
    (case-insensitive alphabetical; fraud bodies and British Transport Police sorted in), then
    offence code in seed order.

Rows
    * 43 territorial forces (seed ``force_name`` with Home Office spelling: ``&`` -> ``and``, so
      ``Devon & Cornwall`` -> ``Devon and Cornwall``) and ``British Transport Police``: one row per
      quarter per current offence code (``is_current == 'true'``, excluding the ``Fraud offences``
      group).
    * ``Action Fraud``, ``CIFAS``, ``UK Finance``: one row each per quarter, group ``Fraud
      offences``, subgroups ``Fraud: <body>``, codes ``AF``, ``CIFAS``, ``UK Finance``.

Magnitudes
    Per-subgroup national rates per 1,000 residents a year (``SUBGROUP_RATES``, totalling about 84)
    are split over codes by fixed within-subgroup weights (``CODE_WEIGHTS``), scaled by the force's
    census 2021 usual residents and a per-force level (0.82-1.16, so forces land at roughly 70-110
    per 1,000), a per-force-code jitter (0.8-1.2), quarterly seasonality (``SEASONALITY``) and a
    mild trend (+1 % a year plus a per-force slope of -1 % to +1 %). City of London (tiny
    resident population) and British Transport Police (no residents) use fixed annual totals in
    2018/19 (6,600 and 62,000, before jitter and trend) with their own offence mix
    (``PROFILED_FORCES``). Fraud bodies: about 90k (Action Fraud), 75k (CIFAS) and 26k (UK
    Finance) a quarter in 2018/19, +2 % a year, 5 % noise. Noise: Poisson draws for quarterly
    means below 30, ``round(gauss(mean, sqrt(mean)))`` clamped at 0 above that.

Quirks (all deterministic)
    a. Label casing drift: in ``2018-19`` and ``2019-20`` the Offence Group ``Theft offences`` is
       written ``Theft Offences`` and ``Miscellaneous crimes against society`` is written
       ``Miscellaneous Crimes Against Society`` (group column only; subgroups unchanged).
    b. Negative corrections: 3 rows per sheet, territorial forces, low-volume codes (expected
       quarterly mean < 1, homicide excluded), count -1 or -2.
    c. Suppression: 2 rows per sheet, always British Transport Police, count cell is the text
       ``[x]``.
    d. Unknown code: ``8U`` "Controlling or coercive behaviour (sample-only code)", group
       ``Violence against the person``, subgroup ``Stalking and harassment``, small counts, only in
       ``2024_25`` and later sheets (rows follow the last seed code of that subgroup).
    e. Legacy outcome-only burglary codes (``is_current`` false, subgroups ``Domestic burglary`` /
       ``Non-domestic burglary``: 28A-28D, 29, 30A, 30B, 31) with zero counts, ``2018-19`` only.
    f. Offence codes are always string cells (``4.1`` and ``4.10`` distinct, ``1`` and ``9A`` are
       text too); Financial Year is text ``2019/20``; Financial Quarter is numeric 1-4.
    g. Count header: ``Number of Offences`` everywhere except the ``2019-20`` sheet, which uses the
       older synonym ``Offence Count``.

Counts are drawn from ``random.Random`` instances seeded with strings built from a fixed seed,
the force and the offence code (string seeds are hashed with SHA-512, so results do not depend
on ``PYTHONHASHSEED``), in chronological order: a later release only appends quarters, and
earlier quarters keep their values. The back series is therefore identical across releases (real
releases revise it). Byte-identical output is guaranteed for the same inputs on the same
Python/zlib build.
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

from orchestration.sample.ods_writer import Cell, write_ods

__all__ = [
    "COUNT_HEADER",
    "COUNT_HEADER_SYNONYM",
    "DEFAULT_RELEASE",
    "EXPECTED_LAYOUT",
    "FRAUD_BODIES",
    "HEADER",
    "SheetSpec",
    "expected_layout",
    "prc_pfa_filename",
    "write_prc_pfa",
]

SEED = "ppf-sample-prc-pfa-v1"
DEFAULT_RELEASE = date(2026, 10, 22)
FIRST_FY = 2018  # first financial year written (2018/19)
UNDERSCORE_FROM_FY = 2024  # sheet names YYYY_YY from 2024/25, YYYY-YY before

COUNT_HEADER = "Number of Offences"
COUNT_HEADER_SYNONYM = "Offence Count"
COUNT_SYNONYM_FYS = frozenset({2019})
HEADER = (
    "Financial Year",
    "Financial Quarter",
    "Force Name",
    "Offence Description",
    "Offence Group",
    "Offence Subgroup",
    "Offence Code",
    COUNT_HEADER,
)

BTP = "British Transport Police"
CITY_OF_LONDON_CODE = "E23000034"
FRAUD_GROUP = "Fraud offences"
# body -> (offence code, subgroup, fallback description, quarterly mean in 2018/19)
FRAUD_BODIES: dict[str, tuple[str, str, str, float]] = {
    body: (code, f"Fraud: {body}", f"Fraud offences recorded by {body}", mean)
    for body, code, mean in (
        ("Action Fraud", "AF", 90000.0),
        ("CIFAS", "CIFAS", 75000.0),
        ("UK Finance", "UK Finance", 26000.0),
    )
}

# Quirk (a): casing drift in these financial years (group column only).
CASING_DRIFT_FYS = frozenset({2018, 2019})
CASING_DRIFT = {
    "Theft offences": "Theft Offences",
    "Miscellaneous crimes against society": "Miscellaneous Crimes Against Society",
}
NEGATIVE_ROWS_PER_SHEET = 3  # quirk (b)
SUPPRESSED_ROWS_PER_SHEET = 2  # quirk (c)
SUPPRESSION_MARKER = "[x]"
# Quirk (d): a code the seed does not know.
UNKNOWN_CODE = "8U"
UNKNOWN_CODE_FROM_FY = 2024
UNKNOWN_CODE_ROW = (
    "Controlling or coercive behaviour (sample-only code)",
    "Violence against the person",
    "Stalking and harassment",
)
UNKNOWN_CODE_RATE = 0.02  # per 1,000 residents a year
# Quirk (e): legacy outcome-only burglary subgroups, zero counts, these years only.
LEGACY_SUBGROUPS = frozenset({"domestic burglary", "non-domestic burglary"})
LEGACY_FYS = frozenset({2018})

# Recorded offences per 1,000 residents a year, England and Wales-like (about 84 in total).
SUBGROUP_RATES: dict[str, float] = {
    "Homicide": 0.0105,
    "Death or serious injury - unlawful driving": 0.012,
    "Violence with injury": 9.0,
    "Violence without injury": 12.5,
    "Stalking and harassment": 11.5,
    "Rape offences": 1.2,
    "Other sexual offences": 2.2,
    "Robbery of business property": 0.15,
    "Robbery of personal property": 1.15,
    "Residential burglary": 4.0,
    "Non-residential burglary": 1.5,
    "Vehicle offences": 5.0,
    "Theft from the person": 1.6,
    "Bicycle theft": 1.0,
    "Shoplifting": 7.0,
    "Other theft offences": 7.5,
    "Criminal damage": 7.5,
    "Arson": 0.3,
    "Trafficking of drugs": 0.5,
    "Possession of drugs": 2.3,
    "Possession of weapons offences": 0.9,
    "Public order offences": 5.5,
    "Miscellaneous crimes against society": 2.0,
}
DEFAULT_SUBGROUP_RATE = 0.05  # subgroups not listed above (e.g. added to the seed later)

# Relative weights of codes within their subgroup (normalised over the codes present).
CODE_WEIGHTS: dict[str, float] = {
    # Homicide
    "1": 0.80, "4.1": 0.17, "4.2": 0.005, "4.10": 0.005,
    # Death or serious injury - unlawful driving
    "4.4": 0.45, "4.6": 0.05, "4.8": 0.35, "4.9": 0.10, "37.1": 0.05,
    # Violence with injury
    "2": 0.01, "4.3": 0.0005, "4.7": 0.002, "5D": 0.04, "5E": 0.02, "8N": 0.86, "8P": 0.04,
    "8S": 0.03,
    # Violence without injury
    "3A": 0.001, "3B": 0.04, "11A": 0.04, "13": 0.003, "14": 0.0002, "36": 0.005, "104": 0.05,
    "105A": 0.82, "105B": 0.04, "106": 0.01,
    # Stalking and harassment
    "8L": 0.30, "8R": 0.40, "8M": 0.03, "8Q": 0.27,
    # Rape offences
    "19C": 0.55, "19D": 0.10, "19E": 0.08, "19F": 0.05, "19G": 0.04, "19H": 0.04, "19J": 0.01,
    "19K": 0.002,
    # Other sexual offences
    "17A": 0.05, "17B": 0.03, "20A": 0.45, "20B": 0.08, "21": 0.04, "22A": 0.02, "22B": 0.08,
    "23": 0.01, "70": 0.005, "71": 0.03, "73": 0.01, "88A": 0.04, "88C": 0.01, "88D": 0.001,
    "88E": 0.14,
    # Burglary
    "28E": 0.75, "28F": 0.20, "28G": 0.02, "28H": 0.01, "29A": 0.02,
    "30C": 0.80, "30D": 0.18, "31A": 0.02,
    # Vehicle offences
    "45": 0.50, "48": 0.30, "37.2": 0.02, "126": 0.18,
    # Other theft offences
    "35": 0.015, "40": 0.03, "41": 0.02, "42": 0.002, "43": 0.005, "47": 0.003, "49": 0.80,
    "49A": 0.12,
    # Criminal damage and arson
    "56A": 0.20, "56B": 0.80,
    "58A": 0.30, "58B": 0.10, "58C": 0.30, "58D": 0.27, "58J": 0.03,
    # Drug offences
    "92C": 0.01, "92D": 0.20, "92E": 0.79,
    # Possession of weapons offences
    "10A": 0.02, "10B": 0.06, "10C": 0.13, "10D": 0.60, "81": 0.04, "90": 0.15,
    # Public order offences
    "9A": 0.85, "9B": 0.13, "62A": 0.005, "66": 0.015,
    # Miscellaneous crimes against society
    "15": 0.0005, "24": 0.003, "26": 0.001, "27": 0.002, "33": 0.02, "33A": 0.02, "38": 0.02,
    "54": 0.04, "59": 0.03, "60": 0.001, "61": 0.01, "61A": 0.02, "67": 0.002, "69": 0.01,
    "76": 0.003, "79": 0.10, "80": 0.01, "83": 0.02, "86": 0.25, "95": 0.06, "96": 0.01,
    "99": 0.10, "802": 0.20, "814": 0.03,
}  # fmt: skip
DEFAULT_CODE_WEIGHT = 0.01

# Forces whose volume is not driven by residents: annual total (excluding fraud) and the
# multipliers applied to the national subgroup mix before scaling to that total.
PROFILED_FORCES: dict[str, tuple[float, dict[str, float]]] = {
    CITY_OF_LONDON_CODE: (
        6600.0,
        {
            "Residential burglary": 0.1,
            "Theft from the person": 5.0,
            "Shoplifting": 1.6,
            "Other theft offences": 2.0,
            "Bicycle theft": 2.5,
            "Stalking and harassment": 0.5,
            "Vehicle offences": 0.4,
            "Rape offences": 0.4,
        },
    ),
    BTP: (
        62000.0,
        {
            "Residential burglary": 0.01,
            "Non-residential burglary": 0.3,
            "Vehicle offences": 0.3,
            "Theft from the person": 6.0,
            "Bicycle theft": 4.0,
            "Shoplifting": 0.1,
            "Other theft offences": 2.0,
            "Public order offences": 2.0,
            "Stalking and harassment": 0.4,
            "Rape offences": 0.3,
            "Other sexual offences": 1.5,
            "Possession of drugs": 1.5,
            "Miscellaneous crimes against society": 1.5,
        },
    ),
}

SEASONALITY = {1: 1.03, 2: 1.04, 3: 0.99, 4: 0.94}  # Apr-Jun ... Jan-Mar
ANNUAL_TREND = 0.01
FRAUD_ANNUAL_TREND = 0.02
POISSON_BELOW = 30.0


class SheetSpec(NamedTuple):
    """One year sheet: its name, Financial Year text, start year and quarters present."""

    sheet_name: str
    financial_year: str
    fy_start: int
    quarters: tuple[int, ...]


def _coverage_end(release: date) -> tuple[int, int]:
    """(financial year start, quarter) of the last quarter a release on ``release`` covers."""
    cutoff = release.year * 12 + release.month - 1 - 3  # months since year 0, 3 months before
    cutoff -= (cutoff - 2) % 3  # back to a quarter-end month (Mar/Jun/Sep/Dec)
    year, month = divmod(cutoff, 12)
    month += 1
    quarter = {6: 1, 9: 2, 12: 3, 3: 4}[month]
    return (year - 1 if quarter == 4 else year), quarter


def expected_layout(release: date = DEFAULT_RELEASE) -> tuple[SheetSpec, ...]:
    """Sheets written for ``release``: 2018/19 up to the last quarter the release covers."""
    last_fy, last_q = _coverage_end(release)
    if last_fy < FIRST_FY:
        raise ValueError(f"release {release} covers nothing from {FIRST_FY}/{FIRST_FY % 100 + 1}")
    specs = []
    for fy in range(FIRST_FY, last_fy + 1):
        sep = "_" if fy >= UNDERSCORE_FROM_FY else "-"
        yy = f"{(fy + 1) % 100:02d}"
        quarters = tuple(range(1, (last_q if fy == last_fy else 4) + 1))
        specs.append(SheetSpec(f"{fy}{sep}{yy}", f"{fy}/{yy}", fy, quarters))
    return tuple(specs)


EXPECTED_LAYOUT = expected_layout(DEFAULT_RELEASE)


def prc_pfa_filename(release: date = DEFAULT_RELEASE) -> str:
    return f"prc-pfa-mar2013-onwards-tables-{release:%d%m%y}.ods"


# --------------------------------------------------------------------------- seeds


@dataclass(frozen=True)
class _Force:
    key: str  # force_code, or the name for forces without one (BTP)
    name: str  # Home Office spelling
    residents: float


@dataclass(frozen=True)
class _Offence:
    code: str
    description: str
    group: str
    subgroup: str


def _read_csv(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing columns {missing}")
        return [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]


def _ho_force_name(name: str) -> str:
    """Home Office crime-table spelling: 'Devon & Cornwall' -> 'Devon and Cornwall'."""
    return " ".join(name.replace("&", " and ").split())


def _load_forces(project_root: Path) -> list[_Force]:
    rows = _read_csv(
        project_root / "seeds" / "reference" / "police_force_areas.csv",
        ("force_code", "force_name", "census2021_usual_residents"),
    )
    return [
        _Force(
            r["force_code"], _ho_force_name(r["force_name"]), float(r["census2021_usual_residents"])
        )
        for r in rows
    ]


def _load_offences(project_root: Path) -> tuple[list[_Offence], list[_Offence], dict[str, str]]:
    """Seed-ordered (current non-fraud codes, current + legacy burglary codes, fraud descriptions).

    The second list is the current list with the legacy outcome-only burglary codes kept at
    their seed positions (used for the sheets carrying quirk (e)).
    """
    rows = _read_csv(
        project_root / "seeds" / "reference" / "offence_classification.csv",
        ("offence_code", "offence_description", "offence_group", "offence_subgroup", "is_current"),
    )
    current: list[_Offence] = []
    with_legacy: list[_Offence] = []
    fraud: dict[str, str] = {}
    for r in rows:
        off = _Offence(
            r["offence_code"], r["offence_description"], r["offence_group"], r["offence_subgroup"]
        )
        flag = r["is_current"].lower()
        if off.group.casefold() == FRAUD_GROUP.casefold():
            if flag == "true":
                fraud[off.code] = off.description
        elif flag == "true":
            current.append(off)
            with_legacy.append(off)
        elif flag == "false" and off.subgroup.casefold() in LEGACY_SUBGROUPS:
            with_legacy.append(off)
    if not current:
        raise ValueError("offence_classification seed has no current codes")
    return current, with_legacy, fraud


# --------------------------------------------------------------------------- volumes


def _code_rates(offences: list[_Offence]) -> dict[str, float]:
    """Offences per 1,000 residents a year for each code (national mix)."""
    weight_sum: dict[str, float] = {}
    for off in offences:
        weight_sum[off.subgroup] = weight_sum.get(off.subgroup, 0.0) + CODE_WEIGHTS.get(
            off.code, DEFAULT_CODE_WEIGHT
        )
    return {
        off.code: SUBGROUP_RATES.get(off.subgroup, DEFAULT_SUBGROUP_RATE)
        * CODE_WEIGHTS.get(off.code, DEFAULT_CODE_WEIGHT)
        / weight_sum[off.subgroup]
        for off in offences
    }


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean < POISSON_BELOW:  # Knuth
        limit = math.exp(-mean)
        k, p = 0, rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        return k
    return max(0, round(rng.gauss(mean, math.sqrt(mean))))


def _periods(layout: tuple[SheetSpec, ...]) -> list[tuple[int, int]]:
    return [(s.fy_start, q) for s in layout for q in s.quarters]


def _series(key: str, mean_for: dict[tuple[int, int], float]) -> dict[tuple[int, int], int]:
    rng = random.Random(f"{SEED}|{key}")
    rng.random()  # decorrelate from other uses of similar seed strings
    return {period: _poisson(rng, mean) for period, mean in mean_for.items()}


def _force_counts(
    forces: list[_Force], offences: list[_Offence], layout: tuple[SheetSpec, ...]
) -> tuple[dict[tuple[str, str], dict[tuple[int, int], int]], dict[tuple[str, str], float]]:
    """Counts per (force name, code) per (fy, quarter), and the expected quarterly means."""
    rates = _code_rates(offences)
    unknown = _Offence(UNKNOWN_CODE, *UNKNOWN_CODE_ROW)
    periods = _periods(layout)
    counts: dict[tuple[str, str], dict[tuple[int, int], int]] = {}
    base_means: dict[tuple[str, str], float] = {}
    for force in forces:
        frng = random.Random(f"{SEED}|force|{force.key}")
        level = frng.uniform(0.82, 1.16)
        slope = frng.uniform(-0.01, 0.01)
        if force.key in PROFILED_FORCES:
            annual_total, mix = PROFILED_FORCES[force.key]
            raw = {o.code: rates[o.code] * mix.get(o.subgroup, 1.0) for o in offences}
            scale = annual_total / sum(raw.values())
            annual = {code: r * scale for code, r in raw.items()}
            annual[UNKNOWN_CODE] = UNKNOWN_CODE_RATE * scale
        else:
            per_1000 = force.residents / 1000.0 * level
            annual = {o.code: rates[o.code] * per_1000 for o in offences}
            annual[UNKNOWN_CODE] = UNKNOWN_CODE_RATE * per_1000
        for off in [*offences, unknown]:
            crng = random.Random(f"{SEED}|jitter|{force.key}|{off.code}")
            base = annual[off.code] * crng.uniform(0.8, 1.2) / 4.0
            base_means[(force.name, off.code)] = base
            means = {
                (fy, q): base * SEASONALITY[q] * (1.0 + ANNUAL_TREND + slope) ** (fy - FIRST_FY)
                for fy, q in periods
            }
            counts[(force.name, off.code)] = _series(f"{force.key}|{off.code}", means)
    return counts, base_means


def _fraud_counts(layout: tuple[SheetSpec, ...]) -> dict[str, dict[tuple[int, int], int]]:
    out = {}
    for body, (_code, _subgroup, _desc, quarterly) in FRAUD_BODIES.items():
        rng = random.Random(f"{SEED}|fraud|{body}")
        out[body] = {
            (fy, q): round(
                rng.gauss(1.0, 0.05) * quarterly * (1.0 + FRAUD_ANNUAL_TREND) ** (fy - FIRST_FY)
            )
            for fy, q in _periods(layout)
        }
    return out


# --------------------------------------------------------------------------- rows


def _sheet_rows(
    spec: SheetSpec,
    forces: list[_Force],
    offences: list[_Offence],
    with_legacy: list[_Offence],
    fraud_desc: dict[str, str],
    counts: dict[tuple[str, str], dict[tuple[int, int], int]],
    base_means: dict[tuple[str, str], float],
    fraud: dict[str, dict[tuple[int, int], int]],
) -> Iterator[list[Cell]]:
    fy = spec.fy_start
    header = list(HEADER)
    if fy in COUNT_SYNONYM_FYS:
        header[-1] = COUNT_HEADER_SYNONYM
    yield header

    # Codes for this sheet, in seed order (legacy codes at their seed positions); the unknown
    # code follows the last code of its subgroup.
    codes = list(with_legacy if fy in LEGACY_FYS else offences)
    if fy >= UNKNOWN_CODE_FROM_FY:
        unknown = _Offence(UNKNOWN_CODE, *UNKNOWN_CODE_ROW)
        last = max((i for i, o in enumerate(codes) if o.subgroup == unknown.subgroup), default=None)
        codes.insert(len(codes) if last is None else last + 1, unknown)
    current_codes = {o.code for o in offences}

    def group_label(group: str) -> str:
        return CASING_DRIFT.get(group, group) if fy in CASING_DRIFT_FYS else group

    # Quirks (b) and (c): pick the rows up front, deterministically per sheet.
    rng = random.Random(f"{SEED}|quirks|{spec.sheet_name}|{spec.quarters}")
    territorial = sorted(f.name for f in forces if f.name != BTP)
    neg_candidates = [
        (q, name, o.code)
        for q in spec.quarters
        for name in territorial
        for o in offences
        if o.subgroup != "Homicide" and base_means[(name, o.code)] < 1.0
    ]
    btp_candidates = [(q, BTP, o.code) for q in spec.quarters for o in offences]
    negatives = {
        row: -rng.choice((1, 2))
        for row in rng.sample(neg_candidates, min(NEGATIVE_ROWS_PER_SHEET, len(neg_candidates)))
    }
    suppressed = set(
        rng.sample(btp_candidates, min(SUPPRESSED_ROWS_PER_SHEET, len(btp_candidates)))
    )

    names = sorted([f.name for f in forces] + list(FRAUD_BODIES), key=str.casefold)
    for q in spec.quarters:
        for name in names:
            if name in FRAUD_BODIES:
                code, subgroup, fallback, _mean = FRAUD_BODIES[name]
                yield [
                    spec.financial_year, q, name, fraud_desc.get(code, fallback),
                    FRAUD_GROUP, subgroup, code, fraud[name][(fy, q)],
                ]  # fmt: skip
                continue
            for off in codes:
                key = (q, name, off.code)
                value: Cell
                if off.code not in current_codes and off.code != UNKNOWN_CODE:
                    value = 0  # quirk (e)
                elif key in suppressed:
                    value = SUPPRESSION_MARKER
                elif key in negatives:
                    value = negatives[key]
                else:
                    value = counts[(name, off.code)][(fy, q)]
                yield [
                    spec.financial_year, q, name, off.description, group_label(off.group),
                    off.subgroup, off.code, value,
                ]  # fmt: skip


def write_prc_pfa(
    landing_dir: Path,
    project_root: Path | None = None,
    release: date = DEFAULT_RELEASE,
) -> Path:
    """Write the sample PRC force-area workbook for ``release`` and return its path."""
    project_root = Path(project_root) if project_root else Path(__file__).resolve().parents[2]
    forces = _load_forces(project_root)
    forces.append(_Force(BTP, BTP, 0.0))
    offences, with_legacy, fraud_desc = _load_offences(project_root)
    layout = expected_layout(release)
    counts, base_means = _force_counts(forces, offences, layout)
    fraud = _fraud_counts(layout)

    out_dir = Path(landing_dir) / "prc_pfa"
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / prc_pfa_filename(release)
    write_ods(
        path,
        (
            (
                spec.sheet_name,
                _sheet_rows(
                    spec, forces, offences, with_legacy, fraud_desc, counts, base_means, fraud
                ),
            )
            for spec in layout
        ),
    )
    return path


SAMPLE_SOURCE_ID = "prc_pfa"


def write_sample(landing_dir: Path, project_root: Path) -> Path:
    """Entry point for orchestration.sample.generate (discovered by SAMPLE_SOURCE_ID)."""
    return write_prc_pfa(landing_dir, project_root)


def recorded_counts(
    project_root: Path, release: date = DEFAULT_RELEASE
) -> dict[tuple[str, str], dict[tuple[int, int], int]]:
    """The offences write_prc_pfa generates, per (force name as written in the workbook,
    offence code), per (financial year start, quarter); British Transport Police included.

    For the samples of other sources (outcomes, knife and firearm offences) that must stay
    consistent with recorded crime. The workbook's quirks (a few `[x]` cells and negative
    corrections) overwrite some of these cells as published.
    """
    forces = _load_forces(Path(project_root))
    forces.append(_Force(BTP, BTP, 0.0))
    offences, _, _ = _load_offences(Path(project_root))
    counts, _ = _force_counts(forces, offences, expected_layout(release))
    return counts
