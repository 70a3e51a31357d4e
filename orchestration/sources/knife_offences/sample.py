"""Deterministic sample of the Home Office open data on offences involving a knife or sharp
instrument (ODS).

The real file's columns are UNVERIFIED (docs/sources/knife_offences.md); the sample follows the
loader's assumption, the police recorded crime long layout. It writes
``<landing_dir>/knife_offences/prc-knives_or_sharps-open-data-apr2019-to-jun2026-tables-221026.ods``
(name modelled on the published knife outcomes file
``prc-knives_or_sharps-outcomes-open-data-apr2024-to-mar2026-tables-DDMMYY.ods``; the release of
22 October 2026 covers April 2019 to June 2026, as the PRC sample does).

Sheets
    ``Cover_sheet`` (title and notes, no table), ``Notes`` (a two-column table ``Note number,
    Note text``), then one sheet per financial year ``2019_20`` ... ``2026_27`` (the last holding
    quarter 1 only), header in row 1, columns ``Financial Year, Financial Quarter, Force Name,
    Offence Description, Offence Group, Offence Subgroup, Offence Code, Number of Offences``.

Rows
    43 forces and British Transport Police (Home Office spelling, as in the PRC sample) x
    quarter x the 22 offence codes of the knife-enabled offence types of
    ``seeds/reference/offence_classification.csv`` (column ``knife_enabled_type``): homicide 1,
    4.1, 4.2, 4.10; attempted murder 2; threats to kill 3B; assault with intent 5D and assault with
    injury
    8N; robbery 34A, 34B; rape 19C-19K; sexual assault 17A, 17B, 20A, 20B. Zero counts are
    written, as in the PRC tables. Order: quarter, force (case-insensitive), seed code order.

Counts (consistent with the PRC sample)
    Each count is a binomial draw from the recorded offences of the same force, quarter and
    code in ``orchestration.sources.prc_pfa.sample.recorded_counts`` with a per-code knife share
    (``KNIFE_SHARE``: about 40 % of homicides, 35 % of attempted murders, 12 % of threats to
    kill, 30 % of assaults with intent, 2 % of assaults with injury, about 20 % of robberies,
    under 1 % of rapes and sexual assaults), so a knife count never exceeds the recorded
    offences it is part of. England and Wales totals come to about 37,000-40,000 a year.

Quirks (all deterministic)
    a. Cover and notes sheets before the data sheets (their headers are not the data header).
    b. Header drift: in ``2019_20`` to ``2021_22`` the force column is ``Police Force`` and the
       count column ``Knife or sharp instrument offences``; later sheets use ``Force Name`` and
       ``Number of Offences``.
    c. Greater Manchester 2019/20 quarters 2-4: every count is ``[x]`` (figures not comparable
       after the force's system change; seeds/reference/known_data_gaps.csv).
    d. Two further ``[x]`` cells per sheet, always British Transport Police.
    e. Offence codes are string cells (``4.1`` and ``4.10`` distinct); Financial Year is text,
       Financial Quarter a number.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path

from orchestration.sample.ods_writer import Cell, write_ods
from orchestration.sources.prc_pfa.sample import DEFAULT_RELEASE, recorded_counts

__all__ = ["KNIFE_SHARE", "SAMPLE_SOURCE_ID", "file_name", "write_knife_offences", "write_sample"]

SAMPLE_SOURCE_ID = "knife_offences"
SEED = "ppf-sample-knife-offences-v1"
RELEASE = DEFAULT_RELEASE
FIRST_FY = 2019
LAST_PERIOD = (2026, 1)
BTP = "British Transport Police"
GMP = "Greater Manchester"
GMP_GAP = {(2019, 2), (2019, 3), (2019, 4)}
MARKER = "[x]"
BTP_MARKERS_PER_SHEET = 2
OLD_HEADER_UNTIL_FY = 2021

KNIFE_SHARE: dict[str, float] = {
    "1": 0.40, "4.1": 0.40, "4.2": 0.0, "4.10": 0.0,
    "2": 0.35, "3B": 0.12, "5D": 0.30, "8N": 0.02, "34A": 0.18, "34B": 0.20,
    "19C": 0.006, "19D": 0.004, "19E": 0.002, "19F": 0.006, "19G": 0.003, "19H": 0.002,
    "19J": 0.006, "19K": 0.006,
    "17A": 0.002, "17B": 0.001, "20A": 0.002, "20B": 0.001,
}  # fmt: skip

HEADER = [
    "Financial Year", "Financial Quarter", "Force Name", "Offence Description",
    "Offence Group", "Offence Subgroup", "Offence Code", "Number of Offences",
]  # fmt: skip
OLD_FORCE_HEADER = "Police Force"
OLD_COUNT_HEADER = "Knife or sharp instrument offences"


def file_name(release: date = RELEASE) -> str:
    return f"prc-knives_or_sharps-open-data-apr2019-to-jun2026-tables-{release:%d%m%y}.ods"


def _offences(project_root: Path) -> list[tuple[str, str, str, str]]:
    """(code, description, group, subgroup) of the knife-enabled codes, in seed order."""
    path = project_root / "seeds" / "reference" / "offence_classification.csv"
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    out = [
        (r["offence_code"], r["offence_description"], r["offence_group"], r["offence_subgroup"])
        for r in rows
        if r["offence_code"] in KNIFE_SHARE
    ]
    missing = set(KNIFE_SHARE) - {o[0] for o in out}
    if missing:
        raise ValueError(f"{path}: knife sample codes missing from the seed: {sorted(missing)}")
    return out


def _binomial(rng: random.Random, n: int, p: float) -> int:
    if n <= 0 or p <= 0:
        return 0
    if n < 200:
        return sum(1 for _ in range(n) if rng.random() < p)
    sd = (n * p * (1 - p)) ** 0.5
    return min(n, max(0, round(rng.gauss(n * p, sd))))


def knife_counts(project_root: Path) -> dict[tuple[str, str, int, int], int]:
    """(force name, offence code, financial year start, quarter) -> knife offences drawn."""
    recorded = recorded_counts(project_root, RELEASE)
    out = {}
    for (force, code), series in recorded.items():
        if code not in KNIFE_SHARE:
            continue
        for (fy, quarter), count in series.items():
            if fy < FIRST_FY or (fy, quarter) > LAST_PERIOD:
                continue
            rng = random.Random(f"{SEED}|{force}|{code}|{fy}|{quarter}")
            out[(force, code, fy, quarter)] = _binomial(rng, count, KNIFE_SHARE[code])
    return out


def _sheet_rows(
    fy: int,
    forces: list[str],
    offences: list[tuple[str, str, str, str]],
    counts: dict[tuple[str, str, int, int], int],
) -> Iterator[list[Cell]]:
    header = list(HEADER)
    if fy <= OLD_HEADER_UNTIL_FY:  # quirk (b)
        header[2], header[7] = OLD_FORCE_HEADER, OLD_COUNT_HEADER
    yield header
    quarters = [q for q in (1, 2, 3, 4) if (fy, q) <= LAST_PERIOD]
    rng = random.Random(f"{SEED}|markers|{fy}")
    btp_cells = [(q, code) for q in quarters for code, *_ in offences]
    markers = set(rng.sample(btp_cells, min(BTP_MARKERS_PER_SHEET, len(btp_cells))))
    label = f"{fy}/{(fy + 1) % 100:02d}"
    for quarter in quarters:
        for force in forces:
            for code, description, group, subgroup in offences:
                value: Cell = counts[(force, code, fy, quarter)]
                gap = force == GMP and (fy, quarter) in GMP_GAP  # quirk (c)
                if gap or (force == BTP and (quarter, code) in markers):  # quirk (d)
                    value = MARKER
                yield [label, quarter, force, description, group, subgroup, code, value]


def _cover() -> list[list[Cell]]:
    return [
        ["Offences involving a knife or sharp instrument, police force area open data tables"],
        ["April 2019 to June 2026 (sample extract)"],
        [None],
        ["Source: Home Office, police recorded crime (knife or sharp instrument data return)"],
        ["One sheet per financial year; figures are offences recorded in the quarter."],
    ]


def _notes() -> list[list[Cell]]:
    return [
        ["Note number", "Note text"],
        ["Note 1", "Offences involving a knife or sharp instrument, selected offences only."],
        ["Note 2", "[x] = not available."],
        ["Note 3", "Greater Manchester figures from July 2019 are not comparable."],
    ]


def write_knife_offences(landing_dir: Path, project_root: Path) -> Path:
    """Write the sample knife workbook and return its path."""
    project_root = Path(project_root)
    offences = _offences(project_root)
    counts = knife_counts(project_root)
    forces = sorted({force for force, *_ in counts}, key=str.casefold)
    out_dir = Path(landing_dir) / SAMPLE_SOURCE_ID
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / file_name()
    sheets: list[tuple[str, Iterable[Sequence[Cell]]]] = [
        ("Cover_sheet", _cover()),
        ("Notes", _notes()),
    ]
    for fy in range(FIRST_FY, LAST_PERIOD[0] + 1):
        name = f"{fy}_{(fy + 1) % 100:02d}"
        sheets.append((name, _sheet_rows(fy, forces, offences, counts)))
    write_ods(path, sheets)
    return path


def write_sample(landing_dir: Path, project_root: Path) -> Path:
    """Entry point for orchestration.sample.generate (discovered by SAMPLE_SOURCE_ID)."""
    return write_knife_offences(landing_dir, project_root)
