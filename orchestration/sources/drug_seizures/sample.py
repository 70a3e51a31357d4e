"""Deterministic sample of the Home Office "Seizures of drugs in England and Wales" data tables.

Writes ``<landing_dir>/drug_seizures/seizures-drugs-mar2025-tables-041225.ods``: the financial
year ending March 2025 edition released 4 December 2025 (DDMMYY suffix, as Home Office files;
about eight months after the year end, docs/sources/drug_seizures.md). As of autumn 2026 it is
the latest edition (the year ending March 2026 edition is due in December 2026), so it covers
the financial years ending 2020 to 2025.

Sheets: ``Cover_sheet``, ``Notes`` and two long tables, each with a title row and a note row
above the header:
    * ``Table_1`` (number of seizures): ``Financial year`` (``2019/20``), ``Authority``,
      ``Police force area``, ``Drug class``, ``Drug type``, ``Number of seizures``. Per year and
      seizing body an ``All classes`` / ``All drugs`` total row, then per class an ``All Class
      A`` (B, C) row followed by its drug rows (DRUGS: 15 drug types);
    * ``Table_2`` (quantity seized): ``Financial year ending`` (numeric ``2020``), ``Authority``,
      ``Force name``, ``Drug class``, ``Drug type``, ``Quantity``, ``Unit`` (kg to 3 decimals,
      doses or plants): one row per drug type only, units differing by drug.
Seizing bodies, in this order each year: England and Wales (authority ``All authorities``), the
43 forces (Home Office spelling, alphabetical), British Transport Police and Border Force.

Magnitudes and consistency: a force's (and British Transport Police's) total seizures are its
drug offences in the PRC sample for the financial year (codes of the Drug offences group, from
orchestration.sources.prc_pfa.sample.recorded_counts) times a per-force factor of 1.0-1.25, so about
200,000 police seizures a year; Border Force about 11,500 a year. Classes: B about 72% of
seizures, A 30%, C 4% (Border Force 45/30/32%); within a class the drug shares add up to 103-106%.
A seizure with several drugs counts once in the total and once per class and drug, so the
class rows add up to at least the total and the drug rows of a class to at least the class row
(the genuine counting rule), no part exceeding its total. Quantities are the
drug's count times a typical amount per seizure, lognormal noise and, now and then, one very
large seizure. England and Wales rows are the sums of the published bodies.

Quirks: Greater Manchester supplied no data for 2020/21 (every cell ``[x]``; the England and
Wales rows of that year exclude it), two period conventions (``2019/20`` in Table_1, ``2020``
under ``Financial year ending`` in Table_2), different force-column headers in the two tables,
British Transport Police and Border Force beside the forces, heavy-tailed quantities, and Border
Force seizing no cannabis plants (0).
"""

from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path
from typing import NamedTuple

from orchestration.sample.ods_writer import Cell, write_ods
from orchestration.sources.prc_pfa.sample import recorded_counts

SAMPLE_SOURCE_ID = "drug_seizures"
SEED = "ppf-sample-drug-seizures-v1"
RELEASE = date(2025, 12, 4)
FILE_NAME = f"seizures-drugs-mar2025-tables-{RELEASE:%d%m%y}.ods"
YEARS = tuple(range(2020, 2026))  # financial years ending March
BTP = "British Transport Police"
BORDER_FORCE = "Border Force"
ENGLAND_AND_WALES = "England and Wales"
GMP = "Greater Manchester"
GMP_MISSING_YEAR = 2021
MISSING = "[x]"
BORDER_FORCE_SEIZURES = 11500.0
CLASSES = ("Class A", "Class B", "Class C")
CLASS_SHARES = {"police": (0.30, 0.72, 0.04), "border": (0.30, 0.45, 0.32)}


class Drug(NamedTuple):
    drug_class: str
    name: str
    unit: str
    police_share: float  # of its class's seizures
    border_share: float
    police_amount: float  # typical amount per seizure, in the unit
    border_amount: float


DRUGS: tuple[Drug, ...] = (
    Drug("Class A", "Cocaine", "kg", 0.55, 0.55, 0.03, 2.0),
    Drug("Class A", "Crack cocaine", "kg", 0.20, 0.05, 0.004, 0.01),
    Drug("Class A", "Heroin", "kg", 0.22, 0.25, 0.01, 1.0),
    Drug("Class A", "Ecstasy", "doses", 0.06, 0.15, 25.0, 400.0),
    Drug("Class A", "LSD", "doses", 0.01, 0.04, 20.0, 200.0),
    Drug("Class A", "Other Class A", "kg", 0.02, 0.02, 0.01, 0.5),
    Drug("Class B", "Herbal cannabis", "kg", 0.80, 0.70, 0.05, 5.0),
    Drug("Class B", "Cannabis resin", "kg", 0.06, 0.20, 0.02, 3.0),
    Drug("Class B", "Cannabis plants", "plants", 0.10, 0.0, 30.0, 0.0),
    Drug("Class B", "Amphetamines", "kg", 0.03, 0.06, 0.02, 1.0),
    Drug("Class B", "Ketamine", "kg", 0.04, 0.08, 0.01, 2.0),
    Drug("Class B", "Other Class B", "kg", 0.01, 0.02, 0.01, 0.3),
    Drug("Class C", "Benzodiazepines", "doses", 0.55, 0.55, 60.0, 800.0),
    Drug("Class C", "Anabolic steroids", "doses", 0.40, 0.45, 100.0, 1500.0),
    Drug("Class C", "Other Class C", "doses", 0.08, 0.06, 50.0, 300.0),
)

TABLE_1_HEADER = (
    "Financial year", "Authority", "Police force area", "Drug class", "Drug type",
    "Number of seizures",
)  # fmt: skip
TABLE_2_HEADER = (
    "Financial year ending", "Authority", "Force name", "Drug class", "Drug type", "Quantity",
    "Unit",
)  # fmt: skip


class BodyYear(NamedTuple):
    total: int
    classes: dict[str, int]
    drugs: dict[str, int]
    quantities: dict[str, float]


def financial_year(year_ending: int) -> str:
    return f"{year_ending - 1}/{year_ending % 100:02d}"


def _drug_codes(project_root: Path) -> set[str]:
    path = project_root / "seeds" / "reference" / "offence_classification.csv"
    with path.open(encoding="utf-8") as fh:
        return {
            r["offence_code"] for r in csv.DictReader(fh) if r["offence_group"] == "Drug offences"
        }


def drug_offences(project_root: Path) -> dict[str, dict[int, int]]:
    """PRC sample drug offences per force name (BTP included) per financial year ending."""
    codes = _drug_codes(project_root)
    out: dict[str, dict[int, int]] = {}
    for (force, code), series in recorded_counts(project_root).items():
        if code not in codes:
            continue
        per_year = out.setdefault(force, dict.fromkeys(YEARS, 0))
        for (fy_start, _quarter), count in series.items():
            if fy_start + 1 in per_year:
                per_year[fy_start + 1] += count
    return out


def _split(rng: random.Random, total: int, shares: list[float]) -> list[int]:
    """Counts per part, each at most the total, adding up to at least the total."""
    parts = [min(total, round(total * s * rng.uniform(0.95, 1.05))) for s in shares]
    shortfall = total - sum(parts)
    if shortfall > 0:
        largest = max(range(len(parts)), key=lambda i: shares[i])
        parts[largest] = min(total, parts[largest] + shortfall)
    return parts


def _amount(rng: random.Random, drug: Drug, count: int, border: bool) -> float:
    typical = drug.border_amount if border else drug.police_amount
    amount = count * typical * rng.lognormvariate(0.0, 0.6)
    if count and rng.random() < 0.04:  # one very large seizure
        amount += typical * rng.uniform(200.0, 3000.0)
    return round(amount, 3) if drug.unit == "kg" else float(round(amount))


def body_year(key: str, year: int, total: int, border: bool) -> BodyYear:
    rng = random.Random(f"{SEED}|{key}|{year}")
    class_counts = _split(rng, total, list(CLASS_SHARES["border" if border else "police"]))
    classes = dict(zip(CLASSES, class_counts, strict=True))
    drugs: dict[str, int] = {}
    quantities: dict[str, float] = {}
    for drug_class in CLASSES:
        members = [d for d in DRUGS if d.drug_class == drug_class]
        shares = [d.border_share if border else d.police_share for d in members]
        for drug, count in zip(members, _split(rng, classes[drug_class], shares), strict=True):
            drugs[drug.name] = count
            quantities[drug.name] = _amount(rng, drug, count, border)
    return BodyYear(total, classes, drugs, quantities)


def seizures(project_root: Path) -> dict[str, dict[int, BodyYear | None]]:
    """Per seizing body (Home Office spelling) and year: its counts, None when not supplied."""
    offences = drug_offences(project_root)
    out: dict[str, dict[int, BodyYear | None]] = {}
    for force in sorted(offences, key=str.casefold):
        frng = random.Random(f"{SEED}|factor|{force}")
        factor = frng.uniform(1.0, 1.25)
        out[force] = {}
        for year in YEARS:
            if force == GMP and year == GMP_MISSING_YEAR:
                out[force][year] = None
                continue
            yrng = random.Random(f"{SEED}|jitter|{force}|{year}")
            total = round(offences[force][year] * factor * yrng.uniform(0.97, 1.03))
            out[force][year] = body_year(force, year, total, border=False)
    out[BORDER_FORCE] = {}
    for year in YEARS:
        yrng = random.Random(f"{SEED}|border|{year}")
        total = round(
            BORDER_FORCE_SEIZURES * (1 + 0.03 * (year - YEARS[0])) * yrng.uniform(0.95, 1.05)
        )
        out[BORDER_FORCE][year] = body_year(BORDER_FORCE, year, total, border=True)
    return out


def _bodies_in_order(data: dict[str, dict[int, BodyYear | None]]) -> list[str]:
    forces = sorted((b for b in data if b not in (BTP, BORDER_FORCE)), key=str.casefold)
    return [*forces, BTP, BORDER_FORCE]


def _england_and_wales(data: dict[str, dict[int, BodyYear | None]], year: int) -> BodyYear:
    published = [d[year] for d in data.values() if d[year] is not None]
    return BodyYear(
        sum(b.total for b in published),
        {c: sum(b.classes[c] for b in published) for c in CLASSES},
        {d.name: sum(b.drugs[d.name] for b in published) for d in DRUGS},
        {d.name: round(sum(b.quantities[d.name] for b in published), 3) for d in DRUGS},
    )


def _authority(body: str) -> str:
    if body == ENGLAND_AND_WALES:
        return "All authorities"
    return "Border Force" if body == BORDER_FORCE else "Police"


def table_rows(project_root: Path) -> tuple[list[list[Cell]], list[list[Cell]]]:
    data = seizures(project_root)
    numbers: list[list[Cell]] = [
        ["Table 1: Number of seizures by police force area or Border Force, drug class and drug "
         "type, England and Wales, financial year ending 2020 to financial year ending 2025"],
        ["A seizure of more than one drug is counted once in the total and once for each drug "
         "class and drug type seized, so breakdowns do not add up to totals."],
        list(TABLE_1_HEADER),
    ]  # fmt: skip
    amounts: list[list[Cell]] = [
        ["Table 2: Quantity of drugs seized by police force area or Border Force and drug type, "
         "England and Wales, financial year ending 2020 to financial year ending 2025"],
        ["Quantities are in the unit shown for each drug (kilograms, doses or plants)."],
        list(TABLE_2_HEADER),
    ]  # fmt: skip
    for year in YEARS:
        fy = financial_year(year)
        for body in [ENGLAND_AND_WALES, *_bodies_in_order(data)]:
            counts = (
                _england_and_wales(data, year) if body == ENGLAND_AND_WALES else data[body][year]
            )
            authority = _authority(body)
            total: Cell = MISSING if counts is None else counts.total
            numbers.append([fy, authority, body, "All classes", "All drugs", total])
            for drug_class in CLASSES:
                class_count: Cell = MISSING if counts is None else counts.classes[drug_class]
                numbers.append([fy, authority, body, drug_class, f"All {drug_class}", class_count])
                for drug in (d for d in DRUGS if d.drug_class == drug_class):
                    drug_count: Cell = MISSING if counts is None else counts.drugs[drug.name]
                    numbers.append([fy, authority, body, drug_class, drug.name, drug_count])
            for drug in DRUGS:
                quantity: Cell = MISSING
                if counts is not None:
                    amount = counts.quantities[drug.name]
                    quantity = amount if drug.unit == "kg" else int(amount)
                amounts.append(
                    [year, authority, body, drug.drug_class, drug.name, quantity, drug.unit]
                )
    return numbers, amounts


def _cover() -> list[list[Cell]]:
    return [
        ["Seizures of drugs in England and Wales, financial year ending 2025: data tables"],
        [f"Published {RELEASE.day} {RELEASE:%B %Y}"],
        ["Accredited official statistics"],
        ["Coverage: police forces in England and Wales including British Transport Police, and "
         "Border Force seizures in England and Wales."],
    ]  # fmt: skip


def _notes() -> list[list[Cell]]:
    return [
        ["Note number", "Note text"],
        [1, "Greater Manchester Police could not supply data for the financial year ending 2021 "
            "[x]; England and Wales figures for that year exclude it."],
        [2, "Drugs are classified under the Misuse of Drugs Act 1971."],
        [3, "Quantities are not comparable across drugs: units differ."],
    ]  # fmt: skip


def write_sample(landing_dir: Path, project_root: Path) -> Path:
    """Write the sample drug seizures workbook into ``landing_dir/drug_seizures/``."""
    numbers, amounts = table_rows(Path(project_root))
    out_dir = Path(landing_dir) / SAMPLE_SOURCE_ID
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / FILE_NAME
    write_ods(
        path,
        [
            ("Cover_sheet", _cover()),
            ("Notes", _notes()),
            ("Table_1", numbers),
            ("Table_2", amounts),
        ],
    )
    return path
