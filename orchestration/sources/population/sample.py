"""Deterministic sample of the ONS police force area data tables (population and households).

Writes one XLSX workbook per edition into ``<landing_dir>/population/``: the editions for the
years ending March 2020 to March 2026, carrying the mid-2018 to mid-2024 population estimates
(:data:`EDITIONS`). File names are as irregular as the genuine ones (``pfatablesyemar20.xlsx``,
``policeforceareatablesyemarch21.xlsx``, ``pfatablesyemarch2026.xlsx``); none carries a release
date.

Layout of each workbook
    Other tables first (``Cover sheet`` and ``Notes`` from the 2022 edition on, ``Contents``,
    ``Table P1`` with recorded crime counts, ``Table P2`` with area sizes), then ``Table P3``: two
    or three title rows, then the header row starting ``Area Code``: Area Code, Area Name, the
    population (its header names the mid-year), households and the recorded crime rate per 1,000
    population (its header names the edition's year). Rows: England and Wales (K04000001),
    England (E92000001), each English region (E12) followed by its force areas, Wales
    (W92000004) followed by the four Welsh force areas: 55 rows.

Values
    Population of a force area in mid-year Y: its Census 2021 usual residents
    (``seeds/reference/police_force_areas.csv``) grown by a per-force rate of 0.5-0.8 % a year from
    2021 (so mid-2018 to mid-2020 lie below Census 2021), times a per-force-year jitter of +-0.1 %,
    rounded to whole persons. Households: Census 2021 households grown by 0.6-0.9 % a year.
    Countries, regions and England and Wales are sums of their force areas. The recorded crime
    rate of the year ending March E is the financial year (E-1)/E's recorded offences of the force
    area in the PRC sample (``orchestration.sources.prc_pfa.sample.recorded_counts``; fraud
    bodies and British Transport Police excluded) per 1,000 of the edition's population, to one
    decimal.

Quirks (all deterministic)
    a. Population header wording drifts: ``Population (mid-2018)``, ``Population``,
       ``Mid-2020 population estimate [note 2]``, ``Population estimate (mid-2021)``, ...; the
       year ending March 2021 edition names the mid-year only in its title row.
    b. Households header drifts: ``Number of households`` / ``Households [note 3]`` /
       ``Household estimates``; crime-rate header carries ``(year ending March YYYY)``.
    c. The two oldest editions (old style) have footnotes under the table after a blank row.
    d. Area names drift: ``Devon & Cornwall`` / ``Devon and Cornwall``, ``Dyfed-Powys`` /
       ``Dyfed Powys``, ``London, City of`` (ONS names), resolved through the variants seed.
    e. Irregular file names (no DDMMYY suffix): the edition is only in the name and the titles.

Workbooks are written with the sample kit's XLSX writer (orchestration/sample/xlsx_writer.py):
fixed zip timestamps and document dates (each edition's July release), so the same inputs give
the same bytes.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from orchestration.sample.xlsx_writer import write_xlsx
from orchestration.sources.prc_pfa.sample import recorded_counts

__all__ = [
    "EDITIONS",
    "SAMPLE_SOURCE_ID",
    "Edition",
    "mid_year_populations",
    "write_population",
    "write_sample",
]

SAMPLE_SOURCE_ID = "population"
SEED = "ppf-sample-population-v1"
CENSUS_YEAR = 2021
UNKNOWN_CODE = "8U"  # the PRC sample writes this code only from 2024/25
UNKNOWN_CODE_FROM_FY = 2024


@dataclass(frozen=True)
class Edition:
    file_name: str
    year_ending_march: int
    population_year: int
    population_header: str
    households_header: str
    old_style: bool  # title rows without 'This worksheet...' line, footnotes under the table
    name_drift: bool  # 'Devon and Cornwall', 'Dyfed Powys'
    mid_year_in_title_only: bool = False

    @property
    def crime_rate_header(self) -> str:
        return (
            f"Recorded crime rate per 1,000 population (year ending March {self.year_ending_march})"
        )


EDITIONS: tuple[Edition, ...] = (
    Edition(
        "pfatablesyemar20.xlsx", 2020, 2018, "Population (mid-2018)", "Number of households",
        old_style=True, name_drift=False,
    ),
    Edition(
        "policeforceareatablesyemarch21.xlsx", 2021, 2019, "Population", "Number of households",
        old_style=True, name_drift=False, mid_year_in_title_only=True,
    ),
    Edition(
        "pfatablesyemarch2022.xlsx", 2022, 2020, "Mid-2020 population estimate [note 2]",
        "Households [note 3]", old_style=False, name_drift=False,
    ),
    Edition(
        "policeforceareatablesyemar23.xlsx", 2023, 2021, "Population estimate (mid-2021)",
        "Households [note 3]", old_style=False, name_drift=True,
    ),
    Edition(
        "pfatablesyemarch2024.xlsx", 2024, 2022, "Mid-2022 population estimate",
        "Household estimates", old_style=False, name_drift=True,
    ),
    Edition(
        "policeforceareatablesyemarch2025.xlsx", 2025, 2023, "Population (mid-2023)",
        "Number of households", old_style=False, name_drift=False,
    ),
    Edition(
        "pfatablesyemarch2026.xlsx", 2026, 2024, "Population (mid-2024)", "Number of households",
        old_style=False, name_drift=True,
    ),
)  # fmt: skip

NAME_DRIFT = {"Devon & Cornwall": "Devon and Cornwall", "Dyfed-Powys": "Dyfed Powys"}
ENGLAND_AND_WALES = ("K04000001", "England and Wales")
ENGLAND = ("E92000001", "England")
WALES_CODE = "W92000004"
REGION_NAMES = {"E12000006": "East"}  # ONS region name; the seed says 'East of England'


@dataclass(frozen=True)
class _Force:
    code: str
    name: str
    region_code: str
    region_name: str
    residents: int
    households: int


def _forces(project_root: Path) -> list[_Force]:
    path = project_root / "seeds" / "reference" / "police_force_areas.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            _Force(
                r["force_code"],
                r["force_name"],
                r["region_code"],
                r["region_name"],
                int(r["census2021_usual_residents"]),
                int(r["census2021_households"]),
            )
            for r in csv.DictReader(handle)
        ]


def _growth(code: str) -> tuple[float, float]:
    rng = random.Random(f"{SEED}|growth|{code}")
    return rng.uniform(0.005, 0.008), rng.uniform(0.006, 0.009)


def mid_year_populations(project_root: Path) -> dict[int, dict[str, tuple[int, int]]]:
    """(population, households) per force code per mid-year, as the sample workbooks carry."""
    out: dict[int, dict[str, tuple[int, int]]] = {}
    forces = _forces(Path(project_root))
    for edition in EDITIONS:
        year = edition.population_year
        values = {}
        for force in forces:
            people_growth, household_growth = _growth(force.code)
            jitter = random.Random(f"{SEED}|jitter|{force.code}|{year}").uniform(-0.001, 0.001)
            people = force.residents * (1 + people_growth) ** (year - CENSUS_YEAR) * (1 + jitter)
            homes = force.households * (1 + household_growth) ** (year - CENSUS_YEAR)
            values[force.code] = (round(people), round(homes))
        out[year] = values
    return out


def _ho_name(name: str) -> str:
    return " ".join(name.replace("&", " and ").split())


def _financial_year_counts(project_root: Path, forces: list[_Force]) -> dict[int, dict[str, int]]:
    """Recorded offences per force code per financial year start, from the PRC sample."""
    code_by_name = {_ho_name(f.name): f.code for f in forces}
    totals: dict[int, dict[str, int]] = {}
    for (name, offence), series in recorded_counts(project_root).items():
        code = code_by_name.get(name)
        if code is None:
            continue  # British Transport Police
        for (fy, _quarter), count in series.items():
            if offence == UNKNOWN_CODE and fy < UNKNOWN_CODE_FROM_FY:
                continue
            by_force = totals.setdefault(fy, {})
            by_force[code] = by_force.get(code, 0) + count
    return totals


def _rate(offences: int, population: int) -> float:
    return round(offences / population * 1000, 1)


def _table_rows(
    edition: Edition,
    forces: list[_Force],
    values: dict[str, tuple[int, int]],
    offences: dict[str, int],
) -> list[list[object]]:
    def area(code: str, name: str, members: list[_Force]) -> list[object]:
        people = sum(values[f.code][0] for f in members)
        homes = sum(values[f.code][1] for f in members)
        crimes = sum(offences[f.code] for f in members)
        return [code, name, people, homes, _rate(crimes, people)]

    def force_name(force: _Force) -> str:
        return NAME_DRIFT.get(force.name, force.name) if edition.name_drift else force.name

    english = [f for f in forces if f.code.startswith("E")]
    welsh = [f for f in forces if f.code.startswith("W")]
    rows = [area(*ENGLAND_AND_WALES, forces), area(*ENGLAND, english)]
    regions: dict[str, list[_Force]] = {}
    for force in english:
        regions.setdefault(force.region_code, []).append(force)
    for region_code in sorted(regions):
        members = sorted(regions[region_code], key=lambda f: f.code)
        name = REGION_NAMES.get(region_code, members[0].region_name)
        rows.append(area(region_code, name, members))
        rows.extend(area(f.code, force_name(f), [f]) for f in members)
    rows.append(area(WALES_CODE, "Wales", welsh))
    rows.extend(area(f.code, force_name(f), [f]) for f in sorted(welsh, key=lambda f: f.code))
    return rows


def _p3_sheet(edition: Edition, table: list[list[object]]) -> list[list[object]]:
    year_end = f"year ending March {edition.year_ending_march}"
    title = f"Table P3: Population and households by police force area, {year_end}"
    header = [
        "Area Code",
        "Area Name",
        edition.population_header,
        edition.households_header,
        edition.crime_rate_header,
    ]
    if edition.old_style:
        second = (
            f"Population: mid-{edition.population_year} population estimates"
            if edition.mid_year_in_title_only
            else "England and Wales"
        )
        rows: list[list[object]] = [[title], [second], [], header, *table, []]
        rows += [
            ["Source: Office for National Statistics, Home Office"],
            [
                "1. Population figures are ONS mid-year estimates; rates use the population of "
                "the mid-year shown."
            ],
            ["2. Police recorded crime excludes fraud and computer misuse."],
        ]
        return rows
    return [
        [title],
        ["This worksheet contains one table. Notes are in the Notes worksheet."],
        [f"Source: Office for National Statistics, police force area data tables, {year_end}"],
        header,
        *table,
    ]


def _other_sheets(edition: Edition, table: list[list[object]]) -> list[tuple[str, list]]:
    contents = [
        ["Contents"],
        ["Worksheet", "Description"],
        ["Table P1", "Police recorded crime by police force area"],
        ["Table P2", "Area of each police force area"],
        ["Table P3", "Population and households by police force area"],
    ]
    p1 = [
        [f"Table P1: Police recorded crime, year ending March {edition.year_ending_march}"],
        ["Area Code", "Area Name", "Recorded crime (excluding fraud)"],
        *[[r[0], r[1], round(r[4] * r[2] / 1000)] for r in table],
    ]
    p2 = [
        ["Table P2: Area of each police force area"],
        ["Area Code", "Area Name", "Area (square kilometres)"],
        *[
            [r[0], r[1], random.Random(f"{SEED}|area|{r[0]}").randint(300, 9000)]
            for r in table
            if str(r[0])[:3] in ("E23", "W15")
        ],
    ]
    sheets: list[tuple[str, list]] = []
    if not edition.old_style:
        sheets.append(
            ("Cover sheet", [["Police force area data tables"], ["Edition", edition.file_name]])
        )
        sheets.append(
            (
                "Notes",
                [
                    ["Notes"],
                    ["Note number", "Note text"],
                    ["note 2", "Mid-year population estimates, Office for National Statistics."],
                    ["note 3", "Household estimates for the same mid-year."],
                ],
            )
        )
    sheets += [("Contents", contents), ("Table P1", p1), ("Table P2", p2)]
    return sheets


def write_population(landing_dir: Path, project_root: Path) -> list[Path]:
    """Write every edition's workbook; return the paths in edition order."""
    project_root = Path(project_root)
    forces = _forces(project_root)
    populations = mid_year_populations(project_root)
    offences = _financial_year_counts(project_root, forces)
    folder = Path(landing_dir) / SAMPLE_SOURCE_ID
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for edition in EDITIONS:
        table = _table_rows(
            edition,
            forces,
            populations[edition.population_year],
            offences[edition.year_ending_march - 1],
        )
        sheets = [*_other_sheets(edition, table), ("Table P3", _p3_sheet(edition, table))]
        stamp = f"{edition.year_ending_march}-07-20T09:30:00Z"
        path = write_xlsx(
            folder / edition.file_name,
            [(name, rows, ()) for name, rows in sheets],
            creator="ppf sample writer",
            document_time=stamp,
        )
        paths.append(path)
    return paths


def write_sample(landing_dir: Path, project_root: Path) -> list[Path]:
    """Entry point for orchestration.sample.generate (discovered by SAMPLE_SOURCE_ID)."""
    return write_population(landing_dir, project_root)
