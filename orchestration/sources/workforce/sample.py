"""Deterministic sample of the Home Office police workforce open data tables.

Writes five ODS workbooks into ``<landing_dir>/workforce/``, each with one sheet ``Data`` and
the header in row 1 (the genuine layout of the main and functions tables,
docs/sources/workforce.md; the leavers and duty-status tables and the September layout are the
loader's documented assumptions, marked UNVERIFIED there):

``open-data-table-police-workforce-230726.ods`` (release 23 July 2026, 31 March snapshots)
    ``As at 31 March`` (year, numeric), ``Geocode``, ``Force name``, ``Region``, ``Sex``,
    ``Rank``, ``Worker type``, ``Total (Headcount)``, ``Total (FTE)``; 31 March 2019 to 31 March
    2026; the 43 forces and British Transport Police; worker types Police Officer (by rank:
    Chief Officer ... Constable), Police Staff, PCSO, Designated Officer, Special Constable and
    Police Support Volunteer (other worker types carry their own label in ``Rank``).
``open-data-table-police-workforce-functions-230726.ods`` (same release)
    ``As at 31 March``, ``Geocode``, ``Force name``, ``Region``, ``Worker type``,
    ``Ethnicity (5+1)``, ``Ethnicity (3+1)``, ``Sex``, ``Function subgroup number``,
    ``Function subgroup name``, ``Wider function number``, ``Wider function name``,
    ``Frontline type``, ``Total (FTE)``; 31 March 2019 to 2026; the 43 territorial forces only;
    officers, staff, PCSOs and designated officers (FTE only).
``open-data-table-police-workforce-290126.ods`` (release 29 January 2026, 30 September)
    ``As at`` (text ``30/09/YYYY``), ``Geocode``, ``Force name``, ``Region``, ``Sex``,
    ``Worker type``, ``Total (Headcount)``, ``Total (FTE)``: fewer breakdowns (no rank);
    30 September 2019 to 30 September 2025; adds ``England and Wales`` total rows (geocode
    ``K04000001``) per worker type and sex, equal to the sums of the 43 forces.
``open-data-table-police-leavers-230726.ods`` (UNVERIFIED table)
    ``Financial year`` (``2019/20`` ... ``2025/26``), ``Geocode``, ``Force name``, ``Region``,
    ``Sex``, ``Worker type``, ``Reason for leaving``, ``Total (Headcount)``, ``Total (FTE)``;
    officers, staff and PCSOs of the 43 forces and British Transport Police.
``open-data-table-police-workforce-duty-status-230726.ods`` (UNVERIFIED table)
    ``As at 31 March``, ``Geocode``, ``Force name``, ``Region``, ``Sex``, ``Worker type``,
    ``Duty status`` (Long-term sick, Recuperative duties, Adjusted duties), ``Total
    (Headcount)``, ``Total (FTE)``; 31 March 2019 to 2026; officers (all three statuses) and
    staff (long-term sick only).

Magnitudes (England and Wales, the 43 forces): police officer FTE at 31 March follows the
published national series (123,171 in 2019 rising to 147,746 in 2024 and 146,442 in 2025; 2026
is invented at 147,350); staff, PCSO, designated officer, special constable and volunteer
series are shaped on it (``NATIONAL``). September snapshots have their own officer series and
the midpoint of the surrounding March figures for the others. A force's share follows its
Census 2021 residents (``seeds/reference/police_force_areas.csv``) times a per-force level (the
Metropolitan Police about 1.75 times the national rate per head; City of London fixed at about
950 officers) with a small per-force drift. Every number is built top down in hundredths of an
FTE with largest-remainder rounding, so that: rank and sex cells add up to the force totals;
the functions table adds up, per force, snapshot, worker type and sex, exactly to the main
table; the England and Wales rows equal the sums of the 43 forces; and a cell's headcount is
its FTE divided by a part-time ratio (at most 1), rounded up, so FTE never exceeds headcount.
Neighbourhood policing (function 1a): the national FTE of police officers and PCSOs in 1a at
31 March 2025 is 11,104 + 6,071 = 17,175 (the baseline of the 13,000 pledge,
docs/methods/targets-and-baselines.md) and 12,604 + 6,971 = 19,575 at 31 March 2026 (+2,400);
earlier snapshots use the older, higher coding (about 10.5% of officers and 88% of PCSOs) that the
2025 revision replaced.

Quirks (all deterministic)
    a. ``Hampshire`` is written ``Hampshire and Isle of Wight`` for periods in 2023 or later.
    b. Wider function names in title case (``Local Policing``, ``Dealing with the Public``) up
       to 2022 and in sentence case (``Local policing``) from 2023.
    c. ``Not stated`` wider function rows for police staff in a few forces each year.
    d. Worker type spellings: ``PCSO`` and ``Designated Officer`` in the July files,
       ``Police Community Support Officer`` and ``Designated officer`` in the September file.
    e. Special constables and police support volunteers are headcount only: FTE ``[z]`` in the
       31 March table, an empty cell in the September table.
    f. British Transport Police (geocode ``BTP``, an assumption: its genuine code is
       unverified) in the main, leavers and duty-status tables, never in the functions table.
    g. FTE with two decimals; a whole FTE is written as an integer cell.
    h. Function subgroup and wider function numbers are illustrative (only ``1a``
       neighbourhood policing is a verified POA code); ethnicity (3+1) labels are assumed.

Values are drawn from ``random.Random`` instances seeded with strings (hashed with SHA-512, so
independent of ``PYTHONHASHSEED``); the same inputs always give byte-identical files.
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from orchestration.sample.ods_writer import Cell, write_ods

__all__ = [
    "MARCH_YEARS",
    "NEIGHBOURHOOD_TARGETS",
    "SAMPLE_SOURCE_ID",
    "SEPTEMBER_YEARS",
    "file_names",
    "write_sample",
    "write_workforce",
]

SAMPLE_SOURCE_ID = "workforce"
SEED = "ppf-sample-workforce-v1"
MARCH_RELEASE = date(2026, 7, 23)
SEPTEMBER_RELEASE = date(2026, 1, 29)
MARCH_YEARS = tuple(range(2019, 2027))
SEPTEMBER_YEARS = tuple(range(2019, 2026))
LEAVER_YEARS = tuple(range(2020, 2027))  # financial years ending 31 March
RENAMED_FROM = 2023  # quirk (a)
SENTENCE_CASE_FROM = 2023  # quirk (b)

OFFICER, STAFF, PCSO, DESIGNATED, SPECIAL, VOLUNTEER = (
    "officer", "staff", "pcso", "designated", "special", "volunteer",
)  # fmt: skip
HEADCOUNT_ONLY = (SPECIAL, VOLUNTEER)
JULY_LABELS = {
    OFFICER: "Police Officer",
    STAFF: "Police Staff",
    PCSO: "PCSO",
    DESIGNATED: "Designated Officer",
    SPECIAL: "Special Constable",
    VOLUNTEER: "Police Support Volunteer",
}
SEPTEMBER_LABELS = JULY_LABELS | {
    PCSO: "Police Community Support Officer",
    DESIGNATED: "Designated officer",
}  # quirk (d)

# National totals of the 43 forces at 31 March: FTE, or headcount for the headcount-only types.
NATIONAL: dict[str, dict[int, float]] = {
    OFFICER: {2019: 123171, 2020: 129110, 2021: 135301, 2022: 142526, 2023: 147434,
              2024: 147746, 2025: 146442, 2026: 147350},
    STAFF: {2019: 63300, 2020: 66200, 2021: 68800, 2022: 71900, 2023: 74500, 2024: 76800,
            2025: 77600, 2026: 78200},
    PCSO: {2019: 9900, 2020: 9700, 2021: 9200, 2022: 8600, 2023: 7800, 2024: 7200,
           2025: 6750, 2026: 7700},
    DESIGNATED: {2019: 4400, 2020: 4600, 2021: 4800, 2022: 5000, 2023: 5150, 2024: 5300,
                 2025: 5400, 2026: 5500},
    SPECIAL: {2019: 10600, 2020: 9200, 2021: 9300, 2022: 7600, 2023: 7200, 2024: 6100,
              2025: 5900, 2026: 5700},
    VOLUNTEER: {2019: 8400, 2020: 8100, 2021: 7400, 2022: 7600, 2023: 7300, 2024: 7100,
                2025: 7000, 2026: 6900},
}  # fmt: skip
SEPTEMBER_OFFICERS = {2019: 125650, 2020: 132467, 2021: 139908, 2022: 140228, 2023: 147745,
                      2024: 146940, 2025: 146760}  # fmt: skip
# British Transport Police at 31 March 2019 (FTE or headcount), +1% a year.
BTP_SIZE = {OFFICER: 3050.0, STAFF: 1480.0, PCSO: 290.0, SPECIAL: 330.0}
# National FTE in function 1a neighbourhood policing (docs/methods/targets-and-baselines.md).
NEIGHBOURHOOD_TARGETS = {2025: (11104, 6071), 2026: (12604, 6971)}  # officers, PCSOs
PRE_REVISION_1A_SHARE = {OFFICER: 0.105, PCSO: 0.88}

# Part-time ratio (FTE per head) of each worker type, before a per-cell jitter.
FTE_RATIO = {OFFICER: 0.965, STAFF: 0.88, PCSO: 0.93, DESIGNATED: 0.92}
FEMALE_SHARE = {  # share of women in 2019 and in 2026
    OFFICER: (0.30, 0.36),
    STAFF: (0.62, 0.62),
    PCSO: (0.46, 0.49),
    DESIGNATED: (0.55, 0.57),
    SPECIAL: (0.30, 0.33),
    VOLUNTEER: (0.54, 0.55),
}
RANKS = (  # rank, share of officers, female share relative to all officers
    ("Chief Officer", 0.0018, 0.75), ("Chief Superintendent", 0.0030, 0.8),
    ("Superintendent", 0.0065, 0.85), ("Chief Inspector", 0.0135, 0.9),
    ("Inspector", 0.0480, 0.9), ("Sergeant", 0.1450, 0.92), ("Constable", 0.7822, 1.03),
)  # fmt: skip

ETHNICITIES = (  # (5+1, 3+1)
    ("White", "White British"),
    ("White", "White minorities"),
    ("Asian or Asian British", "Ethnic minorities (excluding White minorities)"),
    ("Black or Black British", "Ethnic minorities (excluding White minorities)"),
    ("Mixed", "Ethnic minorities (excluding White minorities)"),
    ("Other ethnic group", "Ethnic minorities (excluding White minorities)"),
    ("Not stated", "Not stated"),
)
MINORITY_SPLIT = (0.45, 0.20, 0.25, 0.10)  # Asian, Black, Mixed, Other
MINORITY_SHARE = {"E23000001": 0.19, "E23000014": 0.13, "E23000005": 0.09,
                  "E23000010": 0.09, "E23000021": 0.10, "E23000026": 0.09}  # fmt: skip


@dataclass(frozen=True)
class Function:
    subgroup_number: str | None
    subgroup_name: str
    wider_number: int | None
    wider_title: str  # title case (quirk b); sentence case from SENTENCE_CASE_FROM
    frontline: str


FUNCTIONS = {
    f.subgroup_number or "ns": f
    for f in (
        Function("1a", "Neighbourhood policing", 1, "Local Policing", "Visible frontline"),
        Function("1b", "Incident (response) management", 1, "Local Policing", "Visible frontline"),
        Function("1c", "Specialist community liaison", 1, "Local Policing", "Visible frontline"),
        Function("2a", "Central communications unit", 2, "Dealing with the Public",
                 "Non-visible frontline"),
        Function("3a", "Custody", 3, "Criminal Justice Arrangements", "Frontline support"),
        Function("4a", "Traffic units", 4, "Road Policing", "Visible frontline"),
        Function("5a", "Operational support", 5, "Operational Support", "Frontline support"),
        Function("6a", "Intelligence", 6, "Intelligence", "Non-visible frontline"),
        Function("7a", "Investigations", 7, "Investigations", "Non-visible frontline"),
        Function("8a", "Public protection", 8, "Public Protection", "Non-visible frontline"),
        Function("9a", "Investigative support", 9, "Investigative Support", "Frontline support"),
        Function("10a", "National policing", 10, "National Policing", "Non-visible frontline"),
        Function("11a", "Support functions", 11, "Support Functions", "Business support"),
        Function("12a", "Other", 12, "Other", "Business support"),
        Function(None, "Not stated", None, "Not stated", "Not stated"),
    )
}  # fmt: skip
# Shares of each worker type's FTE by function subgroup (1a is set separately for officers
# and PCSOs). Officer shares follow the published 31 March 2025 national split.
FUNCTION_SHARES: dict[str, dict[str, float]] = {
    OFFICER: {"1b": 0.300, "1c": 0.020, "2a": 0.022, "3a": 0.025, "4a": 0.028, "5a": 0.061,
              "6a": 0.037, "7a": 0.156, "8a": 0.101, "9a": 0.003, "10a": 0.044, "11a": 0.058,
              "12a": 0.069},
    STAFF: {"1c": 0.06, "2a": 0.16, "3a": 0.08, "4a": 0.01, "5a": 0.06, "6a": 0.07,
            "7a": 0.09, "8a": 0.05, "9a": 0.06, "10a": 0.02, "11a": 0.30, "12a": 0.03},
    PCSO: {"1c": 1.0},
    DESIGNATED: {"3a": 0.55, "7a": 0.45},
}  # fmt: skip
NOT_STATED_FORCES_PER_YEAR = 5  # quirk (c)
NOT_STATED_SHARE = 0.01

LEAVER_RATE = {OFFICER: {2020: 0.060, 2021: 0.052, 2022: 0.062, 2023: 0.075, 2024: 0.070,
                         2025: 0.066, 2026: 0.064},
               STAFF: dict.fromkeys(LEAVER_YEARS, 0.11),
               PCSO: dict.fromkeys(LEAVER_YEARS, 0.14)}  # fmt: skip
VOLUNTARY_SHARE = {2020: 0.33, 2021: 0.35, 2022: 0.42, 2023: 0.47, 2024: 0.47, 2025: 0.45,
                   2026: 0.44}  # fmt: skip
LEAVER_REASONS = ("Normal retirement", "Medical retirement", "Voluntary resignation",
                  "Dismissal or required to resign", "Transfer to another force", "Death",
                  "Other")  # fmt: skip
OTHER_REASON_SHARES = {  # shares of the non-resignation leavers
    OFFICER: (0.62, 0.07, 0.0, 0.04, 0.21, 0.01, 0.05),
    STAFF: (0.40, 0.05, 0.0, 0.05, 0.05, 0.01, 0.44),
    PCSO: (0.15, 0.04, 0.0, 0.04, 0.02, 0.01, 0.74),
}
STAFF_VOLUNTARY, PCSO_VOLUNTARY = 0.55, 0.35
DUTY_RATES = {  # (worker type, status): share of headcount at 31 March
    (OFFICER, "Long-term sick"): 0.020,
    (OFFICER, "Recuperative duties"): 0.034,
    (OFFICER, "Adjusted duties"): 0.029,
    (STAFF, "Long-term sick"): 0.025,
}

MAIN_HEADER = ("As at 31 March", "Geocode", "Force name", "Region", "Sex", "Rank", "Worker type",
               "Total (Headcount)", "Total (FTE)")  # fmt: skip
SEPTEMBER_HEADER = ("As at", "Geocode", "Force name", "Region", "Sex", "Worker type",
                    "Total (Headcount)", "Total (FTE)")  # fmt: skip
FUNCTIONS_HEADER = ("As at 31 March", "Geocode", "Force name", "Region", "Worker type",
                    "Ethnicity (5+1)", "Ethnicity (3+1)", "Sex", "Function subgroup number",
                    "Function subgroup name", "Wider function number", "Wider function name",
                    "Frontline type", "Total (FTE)")  # fmt: skip
LEAVERS_HEADER = ("Financial year", "Geocode", "Force name", "Region", "Sex", "Worker type",
                  "Reason for leaving", "Total (Headcount)", "Total (FTE)")  # fmt: skip
DUTY_HEADER = ("As at 31 March", "Geocode", "Force name", "Region", "Sex", "Worker type",
               "Duty status", "Total (Headcount)", "Total (FTE)")  # fmt: skip
SEXES = ("Female", "Male")
BTP_NAME, BTP_GEOCODE, BTP_REGION = "British Transport Police", "BTP", "British Transport Police"
NATIONAL_NAME, NATIONAL_GEOCODE = "England and Wales", "K04000001"
HAMPSHIRE = "E23000030"
CITY_OF_LONDON, METROPOLITAN = "E23000034", "E23000001"
CITY_OF_LONDON_OFFICERS_2025 = 950.0
REGION_SPELLING = {"Yorkshire and The Humber": "Yorkshire and the Humber"}


# --------------------------------------------------------------------------- helpers
def _rng(*parts: object) -> random.Random:
    return random.Random("|".join([SEED, *map(str, parts)]))


def _allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split a whole number over weights by largest remainder (the parts sum to the total)."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    raw = [total * w / weight_sum for w in weights]
    parts = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (raw[i] - parts[i], -i), reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _fte(cents: int) -> int | float:
    """A value in hundredths of an FTE as a cell: integral values as int (quirk g)."""
    return cents // 100 if cents % 100 == 0 else cents / 100


def _headcount(cents: int, ratio: float) -> int:
    """People behind an FTE at a part-time ratio: rounded up, so FTE <= headcount."""
    return max(1, math.ceil(cents / (100 * ratio) - 1e-9))


def _sentence(text: str) -> str:
    return text[:1] + text[1:].lower()


@dataclass(frozen=True)
class Force:
    code: str  # ONS force code; British Transport Police (no force area) uses its name
    name: str
    region: str
    residents: float

    def name_in(self, year: int) -> str:
        if self.code == HAMPSHIRE and year >= RENAMED_FROM:
            return "Hampshire and Isle of Wight"  # quirk (a)
        return self.name


def _forces(project_root: Path) -> list[Force]:
    path = project_root / "seeds" / "reference" / "police_force_areas.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    forces = [
        Force(
            r["force_code"],
            " ".join(r["force_name"].replace("&", " and ").split()),
            REGION_SPELLING.get(r["region_name"], r["region_name"]),
            float(r["census2021_usual_residents"]),
        )
        for r in rows
    ]
    return sorted(forces, key=lambda f: f.name.casefold())


# --------------------------------------------------------------------------- the model
class Model:
    """Every number the sample writes, built once from the seeds."""

    def __init__(self, project_root: Path):
        self.forces = _forces(project_root)
        self.codes = [f.code for f in self.forces]
        self.weights = self._force_weights()
        self._totals: dict[tuple[str, float, float], dict[str, int]] = {}

    def _force_weights(self) -> dict[str, dict[str, float]]:
        """Per worker type, each force's 2025 weight (proportional to residents)."""
        rng = _rng("force-levels")
        officers: dict[str, float] = {}
        for force in self.forces:
            level = rng.uniform(0.88, 1.12) * (1.75 if force.code == METROPOLITAN else 1.0)
            officers[force.code] = force.residents * level
        others = sum(v for k, v in officers.items() if k != CITY_OF_LONDON)
        scale = NATIONAL[OFFICER][2025] - CITY_OF_LONDON_OFFICERS_2025
        officers = {k: v / others * scale for k, v in officers.items()}
        officers[CITY_OF_LONDON] = CITY_OF_LONDON_OFFICERS_2025
        weights = {OFFICER: officers}
        ranges = {STAFF: (0.42, 0.68), PCSO: (0.03, 0.08), DESIGNATED: (0.02, 0.05),
                  SPECIAL: (0.025, 0.07), VOLUNTEER: (0.02, 0.08)}  # fmt: skip
        for worker, (low, high) in ranges.items():
            weights[worker] = {k: v * rng.uniform(low, high) for k, v in officers.items()}
        return weights

    def _share(self, worker: str, code: str, year: float) -> float:
        slope = _rng("drift", worker, code).uniform(-0.012, 0.012)
        return self.weights[worker][code] * (1 + slope * (year - 2025))

    def force_totals(self, worker: str, national: float, year: float) -> dict[str, int]:
        """A national total (in hundredths) split over the 43 forces."""
        key = (worker, national, year)
        if key not in self._totals:
            shares = [self._share(worker, code, year) for code in self.codes]
            parts = _allocate(round(national * 100), shares)
            self._totals[key] = dict(zip(self.codes, parts, strict=True))
        return self._totals[key]

    def march_total(self, worker: str, year: int) -> float:
        return NATIONAL[worker][year]

    def september_total(self, worker: str, year: int) -> float:
        if worker == OFFICER:
            return SEPTEMBER_OFFICERS[year]
        return (NATIONAL[worker][year] + NATIONAL[worker][year + 1]) / 2

    @staticmethod
    def btp_total(worker: str, year: float) -> int:
        return round(BTP_SIZE[worker] * 1.01 ** (year - 2019) * 100) if worker in BTP_SIZE else 0

    # ----------------------------------------------------------------- cells of one force
    @staticmethod
    def female_share(worker: str, year: float) -> float:
        first, last = FEMALE_SHARE[worker]
        return first + (last - first) * (year - 2019) / 7

    def cells(
        self, key: str, worker: str, total: int, year: float, by_rank: bool
    ) -> list[tuple[str, str | None, int, int]]:
        """(sex, rank, hundredths of FTE or people, headcount) for one force and worker type.

        Headcount-only types: the value is people (not hundredths) and equals the headcount.
        """
        rng = _rng("cells", key, worker, year)
        female = self.female_share(worker, year)
        if worker in HEADCOUNT_ONLY:
            people = _allocate(round(total / 100), [female, 1 - female])
            return [(s, None, n, n) for s, n in zip(SEXES, people, strict=True) if n]
        ranks = RANKS if by_rank and worker == OFFICER else ((None, 1.0, 1.0),)
        keys, weights = [], []
        for rank, share, relative in ranks:
            f = min(0.9, female * relative)
            keys += [("Female", rank), ("Male", rank)]
            weights += [share * f, share * (1 - f)]
        out = []
        for (sex, rank), cents in zip(keys, _allocate(total, weights), strict=True):
            if cents == 0:
                continue
            base = FTE_RATIO[worker] - (0.04 if sex == "Female" else -0.015)
            ratio = min(1.0, base + rng.uniform(-0.01, 0.01))
            out.append((sex, rank, cents, _headcount(cents, ratio)))
        return out

    # ----------------------------------------------------------------- functions
    def neighbourhood_scale(self, worker: str, year: int, main: dict) -> float | None:
        """Factor that brings 1a FTE to the national target (None before the revision)."""
        if year not in NEIGHBOURHOOD_TARGETS:
            return None
        target = NEIGHBOURHOOD_TARGETS[year][0 if worker == OFFICER else 1] * 100
        base = sum(
            self._neighbourhood_weight(worker, code) * cents
            for (code, w, _sex), cents in main.items()
            if w == worker
        )
        return target / base

    @staticmethod
    def _neighbourhood_weight(worker: str, code: str) -> float:
        low, high = (0.8, 1.2) if worker == OFFICER else (0.9, 1.05)
        return (0.076 if worker == OFFICER else 0.90) * _rng("nhp", worker, code).uniform(low, high)

    def function_cells(
        self, code: str, worker: str, sex: str, cents: int, year: int, scale: float | None
    ) -> list[tuple[str, int]]:
        """(function key, hundredths) for one force, worker type and sex at 31 March."""
        rng = _rng("functions", code, worker, year)
        shares = dict(FUNCTION_SHARES[worker])
        for key in shares:
            shares[key] *= rng.uniform(0.85, 1.15)
        if worker == STAFF and code in self.not_stated_forces(year):
            shares["ns"] = NOT_STATED_SHARE  # quirk (c)
        fixed = 0
        out = []
        if worker in (OFFICER, PCSO):
            if scale is None:
                share = PRE_REVISION_1A_SHARE[worker] * _rng("nhp-old", worker, code).uniform(
                    0.8, 1.2
                )
            else:
                share = scale * self._neighbourhood_weight(worker, code)
            fixed = min(cents, round(cents * share))
            out.append(("1a", fixed))
        keys = sorted(shares, key=lambda k: list(FUNCTIONS).index(k))
        amounts = _allocate(cents - fixed, [shares[k] for k in keys])
        out += [(k, a) for k, a in zip(keys, amounts, strict=True)]
        return [(k, a) for k, a in out if a > 0]

    def not_stated_forces(self, year: int) -> set[str]:
        return set(_rng("not-stated", year).sample(self.codes, NOT_STATED_FORCES_PER_YEAR))

    def ethnicity_cells(
        self, key: str, worker: str, cents: int, ratio: float
    ) -> list[tuple[int, int]]:
        """(ethnicity index, hundredths) for one function cell: people drawn, FTE split."""
        rng = _rng("ethnicity", key)
        minority = MINORITY_SHARE.get(key.split("|")[0], 0.0) or _rng(
            "minority", key.split("|")[0]
        ).uniform(0.025, 0.065)
        if worker == STAFF:
            minority *= 1.2
        not_stated, white_minority = 0.03, 0.04
        probabilities = [
            1 - minority - not_stated - white_minority,
            white_minority,
            *(minority * s for s in MINORITY_SPLIT),
            not_stated,
        ]
        people = max(1, round(cents / (100 * ratio)))
        counts = [0] * len(ETHNICITIES)
        for index in rng.choices(range(len(ETHNICITIES)), weights=probabilities, k=people):
            counts[index] += 1
        amounts = _allocate(cents, counts)
        return [(i, a) for i, a in enumerate(amounts) if a > 0]


# --------------------------------------------------------------------------- tables
def _main_rows(model: Model) -> Iterator[list[Cell]]:
    yield list(MAIN_HEADER)
    for year in MARCH_YEARS:
        for force in _with_btp(model.forces):
            for worker in JULY_LABELS:
                total = _total(model, force, worker, year, september=False)
                for sex, rank, value, heads in model.cells(
                    f"{force.code}|march", worker, total, year, by_rank=True
                ):
                    fte: Cell = "[z]" if worker in HEADCOUNT_ONLY else _fte(value)  # quirk (e)
                    yield [
                        year, _geocode(force), force.name_in(year), force.region, sex,
                        rank or JULY_LABELS[worker], JULY_LABELS[worker], heads, fte,
                    ]  # fmt: skip


def _with_btp(forces: list[Force]) -> list[Force]:
    btp = Force(BTP_NAME, BTP_NAME, BTP_REGION, 0.0)
    return sorted([*forces, btp], key=lambda f: f.name.casefold())


def _total(model: Model, force: Force, worker: str, year: float, september: bool) -> int:
    if force.code == BTP_NAME:
        return Model.btp_total(worker, year)
    national = (
        model.september_total(worker, int(year)) if september else model.march_total(worker, year)
    )
    return model.force_totals(worker, national, year + (0.5 if september else 0.0))[force.code]


def _main_cents(model: Model, year: int) -> dict[tuple[str, str, str], int]:
    """Hundredths of FTE per (force code, worker type, sex) of the 31 March main table."""
    out: dict[tuple[str, str, str], int] = {}
    for force in model.forces:
        for worker in (OFFICER, STAFF, PCSO, DESIGNATED):
            total = _total(model, force, worker, year, september=False)
            for sex, _rank, cents, _heads in model.cells(
                f"{force.code}|march", worker, total, year, by_rank=True
            ):
                out[(force.code, worker, sex)] = out.get((force.code, worker, sex), 0) + cents
    return out


def _functions_rows(model: Model) -> Iterator[list[Cell]]:
    yield list(FUNCTIONS_HEADER)
    for year in MARCH_YEARS:
        main = _main_cents(model, year)
        scales = {w: model.neighbourhood_scale(w, year, main) for w in (OFFICER, PCSO)}
        for force in model.forces:
            for worker in (OFFICER, STAFF, PCSO, DESIGNATED):
                for sex in SEXES:
                    cents = main.get((force.code, worker, sex), 0)
                    cells = model.function_cells(
                        force.code, worker, sex, cents, year, scales.get(worker)
                    )
                    for key, amount in cells:
                        function = FUNCTIONS[key]
                        wider = function.wider_title
                        if year >= SENTENCE_CASE_FROM:
                            wider = _sentence(wider)  # quirk (b)
                        cell_key = f"{force.code}|{worker}|{sex}|{key}|{year}"
                        for index, value in model.ethnicity_cells(
                            cell_key, worker, amount, FTE_RATIO[worker]
                        ):
                            five, three = ETHNICITIES[index]
                            yield [
                                year, force.code, force.name_in(year), force.region,
                                JULY_LABELS[worker], five, three, sex,
                                function.subgroup_number, function.subgroup_name,
                                function.wider_number, wider, function.frontline, _fte(value),
                            ]  # fmt: skip


def _september_rows(model: Model) -> Iterator[list[Cell]]:
    yield list(SEPTEMBER_HEADER)
    for year in SEPTEMBER_YEARS:
        as_at = f"30/09/{year}"
        national: dict[tuple[str, str], list[int]] = {}
        for force in _with_btp(model.forces):
            for worker in SEPTEMBER_LABELS:
                total = _total(model, force, worker, year, september=True)
                for sex, _rank, value, heads in model.cells(
                    f"{force.code}|september", worker, total, year + 0.5, by_rank=False
                ):
                    if force.code != BTP_NAME:
                        sums = national.setdefault((worker, sex), [0, 0])
                        sums[0] += value
                        sums[1] += heads
                    fte = None if worker in HEADCOUNT_ONLY else _fte(value)
                    yield [
                        as_at, _geocode(force), force.name_in(year), force.region, sex,
                        SEPTEMBER_LABELS[worker], heads, fte,
                    ]  # fmt: skip
        for worker in SEPTEMBER_LABELS:
            for sex in SEXES:
                value, heads = national.get((worker, sex), (0, 0))
                fte = None if worker in HEADCOUNT_ONLY else _fte(value)
                yield [
                    as_at, NATIONAL_GEOCODE, NATIONAL_NAME, None, sex, SEPTEMBER_LABELS[worker],
                    heads, fte,
                ]  # fmt: skip


def _leavers_rows(model: Model) -> Iterator[list[Cell]]:
    yield list(LEAVERS_HEADER)
    for year in LEAVER_YEARS:
        label = f"{year - 1}/{year % 100:02d}"
        for force in _with_btp(model.forces):
            for worker in (OFFICER, STAFF, PCSO):
                start = _total(model, force, worker, year - 1, september=False)
                rng = _rng("leavers", force.code, worker, year)
                heads = start / (100 * FTE_RATIO[worker])
                leavers = round(heads * LEAVER_RATE[worker][year] * rng.uniform(0.85, 1.15))
                voluntary = {OFFICER: VOLUNTARY_SHARE[year], STAFF: STAFF_VOLUNTARY}.get(
                    worker, PCSO_VOLUNTARY
                )
                shares = [s * (1 - voluntary) for s in OTHER_REASON_SHARES[worker]]
                shares[LEAVER_REASONS.index("Voluntary resignation")] = voluntary
                female = Model.female_share(worker, year)
                keys = [(sex, reason) for sex in SEXES for reason in LEAVER_REASONS]
                weights = [
                    (female if sex == "Female" else 1 - female) * share
                    for sex in SEXES
                    for share in shares
                ]
                counts = [0] * len(keys)
                for index in rng.choices(range(len(keys)), weights=weights, k=max(0, leavers)):
                    counts[index] += 1
                for (sex, reason), count in zip(keys, counts, strict=True):
                    if count:
                        cents = math.floor(count * FTE_RATIO[worker] * 100)
                        yield [
                            label, _geocode(force), force.name_in(year), force.region, sex,
                            JULY_LABELS[worker], reason, count, _fte(cents),
                        ]  # fmt: skip


def _geocode(force: Force) -> str:
    return BTP_GEOCODE if force.code == BTP_NAME else force.code


def _duty_rows(model: Model) -> Iterator[list[Cell]]:
    yield list(DUTY_HEADER)
    for year in MARCH_YEARS:
        for force in _with_btp(model.forces):
            for (worker, status), rate in DUTY_RATES.items():
                total = _total(model, force, worker, year, september=False)
                rng = _rng("duty", force.code, worker, status, year)
                heads = total / (100 * FTE_RATIO[worker])
                female = Model.female_share(worker, year)
                count = round(heads * rate * rng.uniform(0.8, 1.2))
                for sex, n in zip(SEXES, _allocate(count, [female, 1 - female]), strict=True):
                    if n:
                        cents = math.floor(n * FTE_RATIO[worker] * rng.uniform(0.97, 1.0) * 100)
                        yield [
                            year, _geocode(force), force.name_in(year), force.region, sex,
                            JULY_LABELS[worker], status, n, _fte(cents),
                        ]  # fmt: skip


def file_names() -> dict[str, str]:
    """Table -> file name written by write_workforce."""
    july, january = f"{MARCH_RELEASE:%d%m%y}", f"{SEPTEMBER_RELEASE:%d%m%y}"
    return {
        "main": f"open-data-table-police-workforce-{july}.ods",
        "functions": f"open-data-table-police-workforce-functions-{july}.ods",
        "september": f"open-data-table-police-workforce-{january}.ods",
        "leavers": f"open-data-table-police-leavers-{july}.ods",
        "duty_status": f"open-data-table-police-workforce-duty-status-{july}.ods",
    }


def write_workforce(landing_dir: Path, project_root: Path | None = None) -> list[Path]:
    """Write the five sample workbooks and return their paths (in file_names order)."""
    root = Path(project_root) if project_root else Path(__file__).resolve().parents[2]
    model = Model(root)
    out_dir = Path(landing_dir) / SAMPLE_SOURCE_ID
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = {
        "main": _main_rows(model),
        "functions": _functions_rows(model),
        "september": _september_rows(model),
        "leavers": _leavers_rows(model),
        "duty_status": _duty_rows(model),
    }
    paths = []
    for table, name in file_names().items():
        path = out_dir / name
        write_ods(path, [("Data", tables[table])])
        paths.append(path)
    return paths


def write_sample(landing_dir: Path, project_root: Path) -> list[Path]:
    """Entry point for orchestration.sample.generate (discovered by SAMPLE_SOURCE_ID)."""
    return write_workforce(landing_dir, project_root)
