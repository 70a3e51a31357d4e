"""Deterministic sample of the Home Office open data on offences involving the use of firearms
(ODS).

The real file's columns are UNVERIFIED (docs/sources/firearm_offences.md); the sample follows the
loader's long-layout assumption. It writes
``<landing_dir>/firearm_offences/prc-firearms-open-data-apr2019-to-jun2026-tables-221026.ods``
(name modelled on the published ``prc-firearms-outcomes-open-data-apr2024-to-mar2026-tables-
DDMMYY.ods``; the release of 22 October 2026 covers April 2019 to June 2026, as the PRC sample).

Sheets
    ``Cover_sheet`` (title and notes, no table), then ``Data``: two title rows and a blank row,
    the header in row 4 (``Financial Year, Financial Quarter, Force Name, Offence Type, Firearm
    Use, Number of Offences``), then the rows ordered by quarter, force (case-insensitive, British
    Transport Police sorted in), offence type and firearm use, with ``England and Wales`` rows
    closing each quarter.

Rows
    Every combination of 43 forces and British Transport Police, 29 quarters (2019/20 Q1 to
    2026/27 Q1), 5 offence types (``Homicide``, ``Attempted murder and GBH with intent``,
    ``Other violence against the person``, ``Robbery``, ``Other offences``) and 3 firearm uses
    (``Fired``, ``Threat``, ``Blunt instrument``), zeros included; plus the England and Wales
    rows, the sum of the 43 forces (British Transport Police excluded).

Counts
    Offences excluding air weapons: about 0.08 per 1,000 residents a year, scaled by an urban
    factor for the metropolitan forces (``URBAN_FACTOR``; Metropolitan Police 2.5, West Midlands
    2.2, ...), so England and Wales comes to roughly 5,500 a year and most force-quarter cells
    are 0 to 3. Shares by offence type and use (``OFFENCE_SHARE``, ``USE_SHARE``) make about half
    of the offences ``Fired``. Poisson draws per cell. Consistency with the PRC sample: per force
    and quarter, firearm homicides never exceed recorded homicides (codes 1, 4.1, 4.2, 4.10),
    attempted murder and GBH with intent never exceed codes 2 + 5D, and robberies never exceed
    34A + 34B of ``orchestration.sources.prc_pfa.sample.recorded_counts``.

Quirks (all deterministic)
    a. A cover sheet before the data sheet, and the header below title rows.
    b. Footnote digits and label drift in 2019/20 and 2020/21 rows: ``Homicide3`` and
       ``Attempted murder and GBH with intent offences4`` (staging strips the digits).
    c. British Transport Police 2019/20: every count is ``[x]``.
    d. ``England and Wales`` total rows among the force rows (a non-force body).
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path

from orchestration.sample.ods_writer import Cell, write_ods
from orchestration.sources.prc_pfa.sample import DEFAULT_RELEASE, recorded_counts

__all__ = ["SAMPLE_SOURCE_ID", "file_name", "firearm_counts", "write_firearm_offences"]

SAMPLE_SOURCE_ID = "firearm_offences"
SEED = "ppf-sample-firearm-offences-v1"
RELEASE = DEFAULT_RELEASE
FIRST_FY = 2019
LAST_PERIOD = (2026, 1)
BTP = "British Transport Police"
ENGLAND_AND_WALES = "England and Wales"
MARKER = "[x]"
BTP_MARKER_FYS = frozenset({2019})
FOOTNOTE_FYS = frozenset({2019, 2020})

RATE_PER_1000 = 0.08
BTP_ANNUAL = 40.0
URBAN_FACTOR = {
    "Metropolitan Police": 2.5,
    "West Midlands": 2.2,
    "Merseyside": 2.3,
    "Greater Manchester": 2.0,
    "West Yorkshire": 1.4,
    "South Yorkshire": 1.3,
    "Nottinghamshire": 1.2,
    "Northumbria": 1.0,
    "Thames Valley": 0.9,
}
DEFAULT_URBAN_FACTOR = 0.6
SEASONALITY = {1: 1.0, 2: 1.08, 3: 0.98, 4: 0.94}
ANNUAL_TREND = 0.02

OFFENCES = (
    "Homicide",
    "Attempted murder and GBH with intent",
    "Other violence against the person",
    "Robbery",
    "Other offences",
)
OLD_LABELS = {  # quirk (b)
    "Homicide": "Homicide3",
    "Attempted murder and GBH with intent": "Attempted murder and GBH with intent offences4",
}
USES = ("Fired", "Threat", "Blunt instrument")
OFFENCE_SHARE = dict(zip(OFFENCES, (0.005, 0.08, 0.40, 0.22, 0.295), strict=True))
USE_SHARE = {
    "Homicide": (0.90, 0.05, 0.05),
    "Attempted murder and GBH with intent": (0.75, 0.15, 0.10),
    "Other violence against the person": (0.55, 0.40, 0.05),
    "Robbery": (0.10, 0.85, 0.05),
    "Other offences": (0.60, 0.35, 0.05),
}
# Recorded offence codes (PRC sample) that bound each offence type, per force and quarter.
BOUNDING_CODES = {
    "Homicide": ("1", "4.1", "4.2", "4.10"),
    "Attempted murder and GBH with intent": ("2", "5D"),
    "Robbery": ("34A", "34B"),
}
HEADER = [
    "Financial Year", "Financial Quarter", "Force Name", "Offence Type", "Firearm Use",
    "Number of Offences",
]  # fmt: skip


def file_name(release: date = RELEASE) -> str:
    return f"prc-firearms-open-data-apr2019-to-jun2026-tables-{release:%d%m%y}.ods"


def periods() -> list[tuple[int, int]]:
    out = [(fy, q) for fy in range(FIRST_FY, LAST_PERIOD[0] + 1) for q in (1, 2, 3, 4)]
    return [p for p in out if p <= LAST_PERIOD]


def _residents(project_root: Path) -> dict[str, float]:
    """Census 2021 residents by Home Office force name ('Devon & Cornwall' -> 'and')."""
    path = project_root / "seeds" / "reference" / "police_force_areas.csv"
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    return {
        " ".join(r["force_name"].replace("&", " and ").split()): float(
            r["census2021_usual_residents"]
        )
        for r in rows
    }


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def firearm_counts(project_root: Path) -> dict[tuple[str, int, int, str, str], int]:
    """(force name, fy start, quarter, offence type, use) -> offences, BTP included."""
    project_root = Path(project_root)
    recorded = recorded_counts(project_root, RELEASE)
    residents = _residents(project_root)
    forces = sorted({force for force, _ in recorded}, key=str.casefold)
    out: dict[tuple[str, int, int, str, str], int] = {}
    for force in forces:
        if force == BTP:
            annual = BTP_ANNUAL
        else:
            factor = URBAN_FACTOR.get(force, DEFAULT_URBAN_FACTOR)
            annual = residents[force] / 1000 * RATE_PER_1000 * factor
        for fy, quarter in periods():
            mean = annual / 4 * SEASONALITY[quarter] * (1 + ANNUAL_TREND) ** (fy - FIRST_FY)
            rng = random.Random(f"{SEED}|{force}|{fy}|{quarter}")
            for offence in OFFENCES:
                cells = [
                    _poisson(rng, mean * OFFENCE_SHARE[offence] * share)
                    for share in USE_SHARE[offence]
                ]
                if offence in BOUNDING_CODES:
                    cap = sum(recorded[(force, c)][(fy, quarter)] for c in BOUNDING_CODES[offence])
                    while sum(cells) > cap:
                        cells[cells.index(max(cells))] -= 1
                for use, count in zip(USES, cells, strict=True):
                    out[(force, fy, quarter, offence, use)] = count
    return out


def _data_rows(counts: dict[tuple[str, int, int, str, str], int]) -> Iterator[list[Cell]]:
    yield ["Offences involving the use of firearms (excluding air weapons), by police force area"]
    yield ["Financial years ending March 2020 to March 2027 (April 2019 to June 2026)"]
    yield [None]
    yield list(HEADER)
    forces = sorted({key[0] for key in counts}, key=str.casefold)
    for fy, quarter in periods():
        year = f"{fy}/{(fy + 1) % 100:02d}"
        for force in [*forces, ENGLAND_AND_WALES]:
            for offence in OFFENCES:
                label = OLD_LABELS.get(offence, offence) if fy in FOOTNOTE_FYS else offence
                for use in USES:
                    value: Cell
                    if force == ENGLAND_AND_WALES:  # quirk (d)
                        value = sum(
                            counts[(f, fy, quarter, offence, use)] for f in forces if f != BTP
                        )
                    elif force == BTP and fy in BTP_MARKER_FYS:  # quirk (c)
                        value = MARKER
                    else:
                        value = counts[(force, fy, quarter, offence, use)]
                    yield [year, quarter, force, label, use, value]


def _cover() -> list[list[Cell]]:
    return [
        ["Offences involving the use of firearms, police force area open data tables"],
        ["April 2019 to June 2026 (sample extract)"],
        [None],
        ["Firearms exclude air weapons. Firearm use: Fired, Threat, Blunt instrument."],
        ["Footnote 3: includes murder, manslaughter and infanticide."],
        ["Footnote 4: attempted murder and wounding with intent (GBH with intent)."],
    ]


def write_firearm_offences(landing_dir: Path, project_root: Path) -> Path:
    """Write the sample firearm workbook and return its path."""
    counts = firearm_counts(Path(project_root))
    out_dir = Path(landing_dir) / SAMPLE_SOURCE_ID
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / file_name()
    sheets: list[tuple[str, Iterable[Sequence[Cell]]]] = [
        ("Cover_sheet", _cover()),
        ("Data", _data_rows(counts)),
    ]
    write_ods(path, sheets)
    return path


def write_sample(landing_dir: Path, project_root: Path) -> Path:
    """Entry point for orchestration.sample.generate (discovered by SAMPLE_SOURCE_ID)."""
    return write_firearm_offences(landing_dir, project_root)
