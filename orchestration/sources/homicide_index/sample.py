"""Deterministic sample of the ONS homicide appendix tables (Home Office Homicide Index), XLSX.

Writes ``<landing_dir>/homicide_index/appendixtableshomicideyearendingmarch2025.xlsx``: the year
ending March 2025 edition, released 12 February 2026 with data extracted from the Homicide
Index on 5 December 2025 (both stated on the cover sheet), in the layout assumed from
docs/sources/homicide_index.md (wide tables, headers unverified).

Sheets: ``Cover sheet``, ``Contents``, ``Notes``, then five tables with title rows ("Table n:
...", "England and Wales", "Numbers"), a header row whose first cell names the categories and
whose other cells are ``Year ending March 2019`` ... ``Year ending March 2025`` (the 2021 label
carries a glued footnote digit: ``Year ending March 20211``), data rows, then source and
footnote rows:
    * Table 1: homicide offences and homicide victims;
    * Table 2: victims by sex (Male, Female, Total);
    * Table 3: victims by method of killing, in three sections (All victims, Male victims,
      Female victims), each closed by a Total row; ``Sharp instrument2`` carries a footnote;
    * Table 4: victims by whether the homicide was drug-related (Drug-related, Not
      drug-related, Total);
    * Table 5: victims by police force area: an England and Wales row, then the 43 forces under
      regional headings (label-only rows) and British Transport Police under "Other police
      forces".

Consistency with the PRC sample: the victims of a force in a year are the homicide offences
(codes of the Homicide subgroup) the PRC sample generates for that force and financial year
(orchestration.sources.prc_pfa.sample.recorded_counts), so the national totals are about
650-730 a year.
Sex, method and drug-related splits are binomial/multinomial draws from ``random.Random`` seeded
per year (about 26% female, sharp instrument about 40%, drug-related about half;
docs/methods/measure-definitions.md gives 52% for April 2018 to March 2023). Offences are victims
less 0-3 (multi-victim cases).

Quirks: older-table force spellings "Dyfed Powys", "London: City of London" and "Metropolitan";
``-`` for a nil count (City of London); ``[x]`` for British Transport Police before the year
ending March 2021 (not separately identified; the England and Wales row still counts them, so
the forces add up to less than the total those years); footnote digits glued to a period label
and a row label.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from orchestration.sample.xlsx_writer import write_xlsx
from orchestration.sources.prc_pfa.sample import recorded_counts

SAMPLE_SOURCE_ID = "homicide_index"
SEED = "ppf-sample-homicide-index-v1"
FILE_NAME = "appendixtableshomicideyearendingmarch2025.xlsx"
RELEASE_TEXT = "12 February 2026"
EXTRACTION_TEXT = "5 December 2025"
YEARS = tuple(range(2019, 2026))  # years ending March
FOOTNOTE_YEAR = 2021
BTP = "British Transport Police"
BTP_FIRST_YEAR = 2021
FEMALE_SHARE = 0.26
DRUG_RELATED_SHARE = 0.50
# Older-table spellings (docs/sources/README.md, docs/sources/homicide_index.md) of three PRC sample
# names.
OLDER_SPELLINGS = {
    "Dyfed-Powys": "Dyfed Powys",
    "London, City of": "London: City of London",
    "Metropolitan Police": "Metropolitan",
}
METHODS = (
    "Sharp instrument2",
    "Hitting, kicking, etc. (without a weapon)",
    "Blunt instrument",
    "Strangulation, asphyxiation",
    "Shooting",
    "Motor vehicle",
    "Other methods",
    "Not known",
)
METHOD_SHARES = {
    "male": (0.43, 0.20, 0.07, 0.03, 0.05, 0.04, 0.07, 0.11),
    "female": (0.33, 0.12, 0.08, 0.17, 0.02, 0.03, 0.12, 0.13),
}

Value = int | str


def year_label(year: int) -> str:
    return f"Year ending March {year}{'1' if year == FOOTNOTE_YEAR else ''}"


def _homicide_codes(project_root: Path) -> set[str]:
    path = project_root / "seeds" / "reference" / "offence_classification.csv"
    with path.open(encoding="utf-8") as fh:
        return {
            r["offence_code"] for r in csv.DictReader(fh) if r["offence_subgroup"] == "Homicide"
        }


def _regions(project_root: Path) -> dict[str, tuple[str, str]]:
    """PRC (Home Office) force name -> (region code, region name)."""
    path = project_root / "seeds" / "reference" / "police_force_areas.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {
        " ".join(r["force_name"].replace("&", " and ").split()): (
            r["region_code"],
            r["region_name"],
        )
        for r in rows
    }


def force_victims(project_root: Path) -> dict[str, dict[int, int]]:
    """Victims per PRC force name (BTP included) per year ending March."""
    codes = _homicide_codes(project_root)
    counts = recorded_counts(project_root)
    out: dict[str, dict[int, int]] = {}
    for (force, code), series in counts.items():
        if code not in codes:
            continue
        per_year = out.setdefault(force, dict.fromkeys(YEARS, 0))
        for (fy_start, _quarter), count in series.items():
            if fy_start + 1 in per_year:
                per_year[fy_start + 1] += count
    return out


def _binomial(rng: random.Random, n: int, p: float) -> int:
    return sum(1 for _ in range(n) if rng.random() < p)


def _multinomial(rng: random.Random, n: int, shares: tuple[float, ...]) -> list[int]:
    counts = [0] * len(shares)
    for _ in range(n):
        draw, cumulative = rng.random(), 0.0
        for index, share in enumerate(shares):
            cumulative += share
            if draw < cumulative or index == len(shares) - 1:
                counts[index] += 1
                break
    return counts


def national_series(project_root: Path) -> dict[str, dict[int, object]]:
    """Totals and splits per year: victims, offences, female, male, methods, drug-related."""
    victims = force_victims(project_root)
    out: dict[str, dict[int, object]] = {
        k: {} for k in ("victims", "offences", "female", "male", "methods", "drug")
    }
    for year in YEARS:
        rng = random.Random(f"{SEED}|{year}")
        total = sum(series[year] for series in victims.values())
        female = _binomial(rng, total, FEMALE_SHARE)
        male = total - female
        out["victims"][year] = total
        out["offences"][year] = total - rng.randint(0, 3)
        out["female"][year] = female
        out["male"][year] = male
        out["methods"][year] = {
            "male": _multinomial(rng, male, METHOD_SHARES["male"]),
            "female": _multinomial(rng, female, METHOD_SHARES["female"]),
        }
        out["drug"][year] = _binomial(rng, total, DRUG_RELATED_SHARE)
    return out


def _title(number: int, text: str) -> list[list[Value | None]]:
    return [
        [f"Table {number}: {text}, year ending March 2019 to year ending March 2025"],
        ["England and Wales"],
        ["Numbers"],
    ]


def _notes(*extra: str) -> list[list[Value | None]]:
    return [
        [None],
        ["Source: Homicide Index, Home Office"],
        ["1. Figures for the year ending March 2021 cover a period of national lockdowns."],
        *[[line] for line in extra],
    ]


def _header(first: str) -> list[Value | None]:
    return [first, *(year_label(y) for y in YEARS)]


def tables(project_root: Path) -> list[tuple[str, list[list[Value | None]]]]:
    series = national_series(project_root)
    victims = series["victims"]
    methods = series["methods"]
    table1 = [
        *_title(1, "Number of homicide offences and victims"),
        _header("Offences and victims"),
        ["Homicide offences", *(series["offences"][y] for y in YEARS)],
        ["Homicide victims", *(victims[y] for y in YEARS)],
        *_notes("Offences and victims differ: a case may be recorded with more than one victim."),
    ]
    table2 = [
        *_title(2, "Number of homicide victims by sex of victim"),
        _header("Sex of victim"),
        ["Male", *(series["male"][y] for y in YEARS)],
        ["Female", *(series["female"][y] for y in YEARS)],
        ["Total", *(victims[y] for y in YEARS)],
        *_notes(),
    ]
    table3: list[list[Value | None]] = [
        *_title(3, "Number of homicide victims by method of killing and sex of victim"),
        _header("Method of killing"),
    ]
    for heading, sexes in (
        ("All victims", ("male", "female")),
        ("Male victims", ("male",)),
        ("Female victims", ("female",)),
    ):
        table3.append([heading])
        for index, method in enumerate(METHODS):
            table3.append([method, *(sum(methods[y][s][index] for s in sexes) for y in YEARS)])
        table3.append(["Total", *(sum(sum(methods[y][s]) for s in sexes) for y in YEARS)])
    table3 += _notes("2. Sharp instrument includes knives and broken bottles.")
    table4 = [
        *_title(4, "Number of homicide victims by whether the homicide was drug-related"),
        _header("Drug-related status"),
        ["Drug-related", *(series["drug"][y] for y in YEARS)],
        ["Not drug-related", *(victims[y] - series["drug"][y] for y in YEARS)],
        ["Total", *(victims[y] for y in YEARS)],
        *_notes(
            "A homicide is drug-related if the victim or suspect was a drug user or dealer, or "
            "the homicide was related to drugs in any other way."
        ),
    ]
    table5 = [
        *_title(5, "Number of homicide victims by police force area"),
        _header("Police force area"),
        ["England and Wales", *(victims[y] for y in YEARS)],
    ]
    by_force = force_victims(project_root)
    regions = _regions(project_root)
    by_region: dict[tuple[str, str], list[str]] = {}
    for force in by_force:
        if force != BTP:
            by_region.setdefault(regions[force], []).append(force)
    for region in sorted(by_region):
        table5.append([region[1]])
        for force in sorted(by_region[region], key=lambda f: OLDER_SPELLINGS.get(f, f)):
            cells: list[Value] = [by_force[force][y] or "-" for y in YEARS]
            table5.append([OLDER_SPELLINGS.get(force, force), *cells])
    table5.append(["Other police forces"])
    table5.append([BTP, *(by_force[BTP][y] if y >= BTP_FIRST_YEAR else "[x]" for y in YEARS)])
    table5 += _notes(
        "[x] British Transport Police victims were not separately identified before the year "
        "ending March 2021; they are included in the England and Wales total.",
        "- nil.",
    )
    return [
        ("Table 1", table1),
        ("Table 2", table2),
        ("Table 3", table3),
        ("Table 4", table4),
        ("Table 5", table5),
    ]


def _cover() -> list[list[Value | None]]:
    return [
        ["Homicide in England and Wales: appendix tables"],
        ["Year ending March 2025"],
        [None],
        ["Release date:", RELEASE_TEXT],
        [f"Data were extracted from the Home Office Homicide Index on {EXTRACTION_TEXT}. "
         "Figures are revised as cases progress through the criminal justice system."],
        ["Source: Homicide Index, Home Office"],
    ]  # fmt: skip


def write_sample(landing_dir: Path, project_root: Path) -> Path:
    """Write the sample homicide workbook into ``landing_dir/homicide_index/``."""
    project_root = Path(project_root)
    table_sheets = tables(project_root)
    contents = [["Table number", "Table title"]] + [
        [name, rows[0][0]] for name, rows in table_sheets
    ]
    notes = [["Note number", "Note text"], [1, "Year ending March 2021: national lockdowns."]]
    sheets = [("Cover sheet", _cover(), []), ("Contents", contents, []), ("Notes", notes, [])]
    sheets += [(name, rows, []) for name, rows in table_sheets]
    return write_xlsx(Path(landing_dir) / SAMPLE_SOURCE_ID / FILE_NAME, sheets)
