"""Deterministic sample of the Home Office crime outcomes open data tables (one XLSX per year).

Writes ``<landing_dir>/crime_outcomes/prc-outcomes-open-data-marYYYY-tables-221026.xlsx`` for
the financial years 2019/20 (``mar2020``) to 2026/27 (``mar2027``, quarter 1 only: the release
of 22 October 2026 covers up to June 2026, as the PRC sample does). Layout as published
(docs/sources/crime_outcomes.md): long format, one row per force, financial quarter, offence code
and outcome type, columns ``Financial Year, Financial Quarter, Force Name, Offence Code,
Offence Description, Offence Group, Offence Subgroup, Offence code expired, Outcome Type,
Outcome Description, Outcome Group`` and the two count bases. As in the real file, only outcome
types with a non-zero count on either basis are written.

Offence codes (a subset, to keep the sample quick to load: about 212,000 rows in all)
    Homicide 1, 4.1, 4.2, 4.10; the knife-relevant codes 2 (attempted murder), 5D, 8N, 3B
    (threats to kill), 34A, 34B; VAWG stalking and harassment 8L, 8Q; rape 19C, 19D, 19E; other
    sexual offences 20A, 20B, 22B, 88A (19D, 19E, 20B, 22B and 88A are CSAE contact codes);
    town-centre codes 46, 39 (with 34A, 34B); and one code for each other group: 28E
    residential burglary, 45 theft from a vehicle, 58A criminal damage to a dwelling, 92E
    possession of cannabis, 10D possession of an article with a blade or point. Plus the
    expired code 28A (quirk e). Category totals built from this sample are therefore partial:
    the sample exercises every measure's path, not its full volume. Outcome types per offence
    profile are the main ones only (``PROFILES``), with 0 and the alternates 1a/3a.

Counts (consistent with the PRC sample)
    For each force (43 forces and British Transport Police, Home Office spelling as in the PRC
    sample), quarter and code, the recorded offences R come from
    ``orchestration.sources.prc_pfa.sample.recorded_counts``. Outcomes for offences recorded in the
    quarter share R out exactly over outcome types: type 0 (not yet assigned) takes a share that
    is largest for the latest quarter (25 % to 65 % by offence profile) and decays with the
    quarter's age, the rest is drawn multinomially from a per-profile outcome mix (violence,
    sexual offences, acquisitive, homicide, drugs, weapons). So, per force, quarter and code,
    the recorded-basis outcomes (excluding 1a/2a/3a) never exceed R. Outcomes for investigations
    closed in the quarter are drawn around the steady-state assigned volume of each type;
    type 0 has no closed basis (``N/A``).

Quirks (all deterministic)
    a. Sheets: the 2019/20 to 2021/22 files open with ``Summary`` and ``Chart`` sheets (small
       tables whose headers are not the data header) before the ``Data`` sheet, whose header
       sits in row 4 below two title rows and a blank row; later files hold only ``Data`` with
       the header in row 1.
    b. Header wording by edition: 2019/20-2020/21 ``Offence Code Expired``, ``Number of Outcomes
       for offences that were recorded in the quarter``, ``Number of Outcomes for
       investigations that were closed in the quarter``; 2021/22-2023/24 ``Offence code
       expired``, ``Outcomes for offences that were recorded in the quarter``, ``Outcomes for
       investigations closed in the quarter``; 2024/25 on ``Force outcomes for offences
       recorded in quarter``, ``Force outcomes recorded in quarter``.
    c. Greater Manchester 2019/20: from July 2019 (quarters 2-4) only the homicide rows are
       written; the rest is missing with no marker.
    d. ``N/A - data not provided``: every closed-basis cell of British Transport Police in the
       2019/20 file.
    e. Expired code 28A (burglary in a dwelling, outcome only) in the 2019/20 and 2020/21 files
       for six forces: ``Offence code expired`` = ``x``, recorded basis ``N/A - Offence code
       expired``, small closed-basis counts for outcome types 18 and 1.
    f. Negative corrections: three recorded-basis cells per file (territorial forces, assigned
       outcome types whose recorded count was 0 but with at least 2 outcomes in the file's other
       quarters, so annual totals stay non-negative) hold -1 or -2; none in the 2026/27 file,
       whose single quarter leaves no room for a correction.
    g. Alternate-offence outcomes 1a and 3a (subsets of 1 and 3) for 8N, 5D, 34B, 8L, 19C, 20A
       in the 2025/26 and 2026/27 files.
    h. Outcome Type cells are numbers up to 2023/24 and text from 2024/25 (``1a``/``3a`` always
       text); offence codes are always text; Financial Year is text, Financial Quarter a number.

Counts come from ``random.Random`` instances seeded with strings (force, code, quarter), so they
do not depend on ``PYTHONHASHSEED`` or on the order of generation. The XLSX package is rewritten
with fixed zip timestamps and fixed document dates, so the same inputs give the same bytes.
"""

from __future__ import annotations

import csv
import math
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from orchestration.sample.xlsx_writer import write_xlsx
from orchestration.sources.prc_pfa.sample import DEFAULT_RELEASE, recorded_counts

__all__ = [
    "CODES",
    "SAMPLE_SOURCE_ID",
    "file_name",
    "periods",
    "write_crime_outcomes",
    "write_sample",
]

SAMPLE_SOURCE_ID = "crime_outcomes"
SEED = "ppf-sample-crime-outcomes-v1"
RELEASE = DEFAULT_RELEASE
FIRST_FY = 2019
LAST_PERIOD = (2026, 1)  # the release of 22 October 2026 covers up to June 2026

BTP = "British Transport Police"
GMP = "Greater Manchester"
GMP_GAP = {(2019, 2), (2019, 3), (2019, 4)}
HOMICIDE = ("1", "4.1", "4.2", "4.10")

# Offence code -> outcome profile, in the order rows are written.
CODES: dict[str, str] = {
    **dict.fromkeys(HOMICIDE, "homicide"),
    **dict.fromkeys(("2", "5D", "8N", "3B", "8L", "8Q"), "violence"),
    **dict.fromkeys(("19C", "19D", "19E", "20A", "20B", "22B", "88A"), "sexual"),
    **dict.fromkeys(("34A", "34B", "46", "39", "28E", "45", "58A"), "acquisitive"),
    "92E": "drugs",
    "10D": "weapons",
}

# Relative weights of the assigned outcome types per profile: the main types of each kind of
# offence only (the rarer types are left out to keep the sample small).
PROFILES: dict[str, dict[str, float]] = {
    "violence": {"1": 7, "3": 1.2, "8": 3, "14": 5, "15": 9, "16": 27, "18": 30, "21": 3},
    "sexual": {"1": 4, "14": 6, "15": 22, "16": 35, "18": 10, "21": 8},
    "acquisitive": {"1": 8, "3": 0.8, "4": 1.5, "8": 3, "14": 6, "16": 4, "18": 65},
    "homicide": {"1": 80, "5": 5, "15": 4, "18": 4, "20": 3},
    "drugs": {"1": 15, "3": 6, "7": 22, "8": 22, "15": 8, "21": 8},
    "weapons": {"1": 45, "3": 7, "8": 5, "15": 14, "21": 7, "22": 4},
}  # fmt: skip
# Not-yet-assigned share: latest-quarter share, half-life in quarters, long-run floor.
UNASSIGNED: dict[str, tuple[float, float, float]] = {
    "violence": (0.35, 1.0, 0.002),
    "sexual": (0.65, 3.0, 0.02),
    "acquisitive": (0.25, 0.8, 0.001),
    "homicide": (0.55, 2.0, 0.01),
    "drugs": (0.40, 1.5, 0.003),
    "weapons": (0.45, 1.5, 0.003),
}

# Quirk (b): header wordings by edition (first financial year of each wording).
HEADERS_BY_EDITION = (
    (
        2019,
        (
            "Offence Code Expired",
            "Number of Outcomes for offences that were recorded in the quarter",
            "Number of Outcomes for investigations that were closed in the quarter",
        ),
    ),
    (
        2021,
        (
            "Offence code expired",
            "Outcomes for offences that were recorded in the quarter",
            "Outcomes for investigations closed in the quarter",
        ),
    ),
    (
        2024,
        (
            "Offence code expired",
            "Force outcomes for offences recorded in quarter",
            "Force outcomes recorded in quarter",
        ),
    ),
)
SUMMARY_SHEETS_UNTIL_FY = 2021  # quirk (a)
TEXT_OUTCOME_TYPES_FROM_FY = 2024  # quirk (h)
NOT_PROVIDED = "N/A - data not provided"  # quirk (d)
NOT_PROVIDED_FYS = frozenset({2019})
EXPIRED_CODE = "28A"  # quirk (e)
EXPIRED_FYS = frozenset({2019, 2020})
EXPIRED_FORCES = 6
EXPIRED_MARKER = "N/A - Offence code expired"
NEGATIVE_ROWS_PER_FILE = 3  # quirk (f)
ALTERNATE_FYS = frozenset({2025, 2026})  # quirk (g)
ALTERNATE_CODES = ("8N", "5D", "34B", "8L", "19C", "20A")
ALTERNATE_SHARE = {"1a": ("1", 0.15), "3a": ("3", 0.10)}
POISSON_BELOW = 30.0

Cell = str | int | None


@dataclass(frozen=True)
class _Offence:
    code: str
    description: str
    group: str
    subgroup: str


@dataclass(frozen=True)
class _Outcome:
    description: str
    group: str


def periods() -> list[tuple[int, int]]:
    """(financial year start, quarter) from 2019/20 Q1 to the last quarter of the release."""
    out = [(fy, q) for fy in range(FIRST_FY, LAST_PERIOD[0] + 1) for q in (1, 2, 3, 4)]
    return [p for p in out if p <= LAST_PERIOD]


def file_name(fy: int, release: date = RELEASE) -> str:
    return f"prc-outcomes-open-data-mar{fy + 1}-tables-{release:%d%m%y}.xlsx"


def _read_seed(project_root: Path, name: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    path = project_root / "seeds" / "reference" / f"{name}.csv"
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing columns {missing}")
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def _offences(project_root: Path) -> dict[str, _Offence]:
    rows = _read_seed(
        project_root,
        "offence_classification",
        ("offence_code", "offence_description", "offence_group", "offence_subgroup"),
    )
    by_code = {
        r["offence_code"]: _Offence(
            r["offence_code"], r["offence_description"], r["offence_group"], r["offence_subgroup"]
        )
        for r in rows
    }
    missing = [c for c in (*CODES, EXPIRED_CODE) if c not in by_code]
    if missing:
        raise ValueError(f"offence_classification seed lacks sample codes {missing}")
    return by_code


def _outcomes(project_root: Path) -> dict[str, _Outcome]:
    rows = _read_seed(
        project_root, "outcome_types", ("outcome_type", "outcome_description", "outcome_group")
    )
    return {r["outcome_type"]: _Outcome(r["outcome_description"], r["outcome_group"]) for r in rows}


def _type_order(outcome_type: str) -> tuple[int, int]:
    return int(outcome_type.rstrip("a")), len(outcome_type)


# --------------------------------------------------------------------------- draws


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean < POISSON_BELOW:
        limit, k, p = math.exp(-mean), 0, rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        return k
    return max(0, round(rng.gauss(mean, math.sqrt(mean))))


def _binomial(rng: random.Random, n: int, p: float) -> int:
    if n <= 0 or p <= 0:
        return 0
    if p >= 1:
        return n
    if n < 60:
        return sum(1 for _ in range(n) if rng.random() < p)
    sd = math.sqrt(n * p * (1 - p))
    return min(n, max(0, round(rng.gauss(n * p, sd))))


def _multinomial(rng: random.Random, n: int, weights: dict[str, float]) -> dict[str, int]:
    out: dict[str, int] = {}
    remaining_weight = sum(weights.values())
    for key, weight in weights.items():
        k = _binomial(rng, n, weight / remaining_weight) if remaining_weight > 0 else 0
        out[key] = k
        n -= k
        remaining_weight -= weight
    return out


def _age(fy: int, quarter: int) -> int:
    """Quarters between (fy, quarter) and the release's last quarter."""
    return (LAST_PERIOD[0] * 4 + LAST_PERIOD[1]) - (fy * 4 + quarter)


def _outcome_counts(
    force: str, code: str, fy: int, quarter: int, recorded: int
) -> dict[str, tuple[int, int | None]]:
    """Outcome type -> (recorded basis, closed basis; None = N/A) for one force-quarter-code."""
    profile = CODES[code]
    weights = PROFILES[profile]
    latest, half_life, floor = UNASSIGNED[profile]
    rng = random.Random(f"{SEED}|{force}|{code}|{fy}|{quarter}")
    share0 = min(0.95, latest * 0.5 ** (_age(fy, quarter) / half_life) + floor)
    unassigned = _binomial(rng, recorded, share0)
    assigned = _multinomial(rng, recorded - unassigned, weights)
    total_weight = sum(weights.values())
    out: dict[str, tuple[int, int | None]] = {"0": (unassigned, None)}
    for outcome_type, weight in weights.items():
        steady = recorded * (1 - floor) * weight / total_weight
        out[outcome_type] = (assigned[outcome_type], _poisson(rng, steady))
    if fy in ALTERNATE_FYS and code in ALTERNATE_CODES:
        for alternate, (parent, share) in ALTERNATE_SHARE.items():
            parent_recorded, parent_closed = out.get(parent, (0, 0))
            closed = _binomial(rng, parent_closed or 0, share)
            out[alternate] = (_binomial(rng, parent_recorded, share), closed)
    return out


# --------------------------------------------------------------------------- rows


def _force_names(counts: dict[tuple[str, str], dict[tuple[int, int], int]]) -> list[str]:
    return sorted({force for force, _ in counts}, key=str.casefold)


def _file_rows(
    fy: int,
    counts: dict[tuple[str, str], dict[tuple[int, int], int]],
    offences: dict[str, _Offence],
    outcomes: dict[str, _Outcome],
) -> list[list[Cell]]:
    """The data rows of one financial year's file, in publication order (before quirk f)."""
    forces = _force_names(counts)
    expired_rng = random.Random(f"{SEED}|expired|{fy}")
    expired_forces = set(expired_rng.sample([f for f in forces if f != BTP], EXPIRED_FORCES))
    text_types = fy >= TEXT_OUTCOME_TYPES_FROM_FY
    rows: list[list[Cell]] = []
    for quarter in (1, 2, 3, 4):
        if (fy, quarter) > LAST_PERIOD:
            break
        for force in forces:
            codes = list(CODES)
            if force == GMP and (fy, quarter) in GMP_GAP:
                codes = list(HOMICIDE)  # quirk (c)
            for code in codes:
                recorded = counts[(force, code)][(fy, quarter)]
                by_type = _outcome_counts(force, code, fy, quarter, recorded)
                offence = offences[code]
                for outcome_type in sorted(by_type, key=_type_order):
                    rec, closed = by_type[outcome_type]
                    if rec == 0 and not closed:
                        continue
                    closed_cell: Cell = "N/A" if closed is None else closed
                    if force == BTP and fy in NOT_PROVIDED_FYS:
                        closed_cell = NOT_PROVIDED
                    type_cell: Cell = outcome_type
                    if not text_types and outcome_type.isdigit():
                        type_cell = int(outcome_type)
                    outcome = outcomes[outcome_type]
                    rows.append(
                        [
                            f"{fy}/{(fy + 1) % 100:02d}", quarter, force, code,
                            offence.description, offence.group, offence.subgroup, None,
                            type_cell, outcome.description, outcome.group, rec, closed_cell,
                        ]
                    )  # fmt: skip
            if fy in EXPIRED_FYS and force in expired_forces:
                rows.extend(_expired_rows(fy, quarter, force, offences, outcomes, text_types))
    return rows


def _expired_rows(
    fy: int,
    quarter: int,
    force: str,
    offences: dict[str, _Offence],
    outcomes: dict[str, _Outcome],
    text_types: bool,
) -> list[list[Cell]]:
    """Quirk (e): outcomes still assigned to offences recorded under a retired code."""
    rng = random.Random(f"{SEED}|expired|{force}|{fy}|{quarter}")
    offence = offences[EXPIRED_CODE]
    rows: list[list[Cell]] = []
    for outcome_type, closed in (("1", rng.randint(0, 1)), ("18", rng.randint(1, 3))):
        if closed == 0:
            continue
        outcome = outcomes[outcome_type]
        rows.append(
            [
                f"{fy}/{(fy + 1) % 100:02d}", quarter, force, EXPIRED_CODE, offence.description,
                offence.group, offence.subgroup, "x",
                outcome_type if text_types else int(outcome_type),
                outcome.description, outcome.group, EXPIRED_MARKER, closed,
            ]
        )  # fmt: skip
    return rows


def _apply_negative_corrections(fy: int, rows: list[list[Cell]]) -> None:
    """Quirk (f): a few recorded-basis zeros become corrections of -1 or -2.

    Only where the same force, offence and outcome type has at least 2 outcomes in the file's
    other quarters, so that annual totals stay non-negative (as in the published tables).
    """
    annual: dict[tuple[Cell, Cell, str], int] = defaultdict(int)
    for row in rows:
        if isinstance(row[11], int):
            annual[(row[2], row[3], str(row[8]))] += row[11]
    candidates = [
        i
        for i, row in enumerate(rows)
        if row[2] != BTP
        and row[11] == 0
        and str(row[8]) not in ("0", "1a", "3a")
        and annual[(row[2], row[3], str(row[8]))] >= 2
    ]
    rng = random.Random(f"{SEED}|negatives|{fy}")
    for index in sorted(rng.sample(candidates, min(NEGATIVE_ROWS_PER_FILE, len(candidates)))):
        rows[index][11] = -rng.choice((1, 2))


# --------------------------------------------------------------------------- workbook


def _header(fy: int) -> list[str]:
    expired, recorded, closed = next(h for start, h in reversed(HEADERS_BY_EDITION) if fy >= start)
    return [
        "Financial Year", "Financial Quarter", "Force Name", "Offence Code",
        "Offence Description", "Offence Group", "Offence Subgroup", expired, "Outcome Type",
        "Outcome Description", "Outcome Group", recorded, closed,
    ]  # fmt: skip


def _summary_sheets(fy: int, rows: list[list[Cell]]) -> list[tuple[str, list[list[Cell]]]]:
    """Quirk (a): a summary table by outcome group and a chart table by quarter."""
    year = f"year ending March {fy + 1}"
    by_group: dict[str, int] = defaultdict(int)
    by_quarter: dict[int, int] = defaultdict(int)
    for row in rows:
        if isinstance(row[11], int) and str(row[8]) not in ("1a", "3a"):
            by_group[str(row[10])] += row[11]
            if str(row[8]) == "1":
                by_quarter[int(row[1])] += row[11]  # type: ignore[arg-type]
    summary: list[list[Cell]] = [
        [f"Crime outcomes in England and Wales, {year}: summary"],
        [None],
        ["Outcome group", "Outcomes for offences recorded in the year (sample offence codes)"],
        *[[group, by_group[group]] for group in sorted(by_group)],
    ]
    chart: list[list[Cell]] = [
        [f"Charged/Summonsed outcomes by quarter, {year}"],
        ["Quarter", "Charged/Summonsed"],
        *[[f"Q{q}", by_quarter[q]] for q in sorted(by_quarter)],
    ]
    return [("Summary", summary), ("Chart", chart)]


def _data_sheet(fy: int, rows: list[list[Cell]]) -> list[list[Cell]]:
    header: list[list[Cell]] = [_header(fy)]
    if fy <= SUMMARY_SHEETS_UNTIL_FY:
        titles: list[list[Cell]] = [
            [f"Police recorded crime outcomes open data, year ending March {fy + 1}"],
            ["Source: Home Office, police recorded crime and outcomes"],
            [None],
        ]
        header = titles + header
    return header + rows


def write_crime_outcomes(
    landing_dir: Path, project_root: Path, years: tuple[int, ...] | None = None
) -> list[Path]:
    """Write one outcomes workbook per financial year; return their paths (oldest first).

    ``years`` (financial year starts) limits the files written; every year by default.
    """
    project_root = Path(project_root)
    counts = recorded_counts(project_root, RELEASE)
    offences = _offences(project_root)
    outcomes = _outcomes(project_root)
    out_dir = Path(landing_dir) / SAMPLE_SOURCE_ID
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fy in range(FIRST_FY, LAST_PERIOD[0] + 1):
        if years is not None and fy not in years:
            continue
        rows = _file_rows(fy, counts, offences, outcomes)
        _apply_negative_corrections(fy, rows)
        sheets = _summary_sheets(fy, rows) if fy <= SUMMARY_SHEETS_UNTIL_FY else []
        path = write_xlsx(
            out_dir / file_name(fy),
            [
                (name, sheet_rows, ())
                for name, sheet_rows in [*sheets, ("Data", _data_sheet(fy, rows))]
            ],
            creator="Home Office (sample)",
        )
        written.append(path)
    return written


def write_sample(landing_dir: Path, project_root: Path) -> list[Path]:
    """Entry point for orchestration.sample.generate (discovered by SAMPLE_SOURCE_ID)."""
    return write_crime_outcomes(landing_dir, project_root)
