"""Deterministic sample of the ONS Crime Survey for England and Wales (CSEW) annual tables (XLSX).

Writes ``<landing_dir>/csew/annualsupplementarytablesyearendingmarch2026.xlsx``: the year ending
March 2026 edition, released 29 October 2026 (stated on the cover sheet; ONS file names carry
the edition, not a date), in the layout of docs/sources/csew.md.

Sheets: ``Cover sheet``, ``Contents``, ``Notes`` and twelve tables ``Table S1`` ... ``Table S12``
(see TABLES), each with:
    * title rows: "Table Sn: <title>", "England and Wales", the population covered, and the
      unit ("Percentages", "Numbers (thousands)", "Rate per 1,000 population");
    * a header row of eight period labels, ``Apr '18 to Mar '19`` ... ``Apr '25 to Mar '26``,
      the 2020/21 label carrying a glued footnote digit (``Apr '20 to Mar '211``: the telephone
      survey year);
    * for most tables two comparison columns after a blank column, under a merged heading
      ``Apr '25 to Mar '26 compared with:`` whose second header row names ``Apr '24 to Mar '25``
      (one year earlier) and ``Apr '15 to Mar '16`` (ten years earlier, a period older than the
      sample's columns); cells hold ``*`` when the change is significant at the 5% level (a
      two-sample test on the published percentages and bases, design effect 1.2; for counts a
      relative change above 8%) and are empty otherwise;
    * row labels, optional section headings (label-only rows), one or two "Unweighted base -
      number of ..." rows ending their block (about 34,000 adults for the whole sample, about
      8,000 for the module questions, hundreds for victims who reported);
    * a source row and numbered footnotes below the table.

Values are the fixed series in TABLES, no random draws (realistic magnitudes; the combined
domestic abuse, sexual assault or stalking prevalence is 11.3% in the year ending March 2024
and 10.6% in the year ending March 2025, as docs/methods/measure-definitions.md gives).

Quirks: ``[x]`` for questions not asked in the 2020/21 telephone survey (and whole base cells),
``[x]`` before a question was introduced (town centre ASB, sexual harassment), footnote digits
glued to row labels (``Stalking3``, ``... (combined)2``), percentages as whole numbers in the
perception tables and with one decimal in the prevalence tables, a table without comparison
columns (the combined VAWG measure is still in development, so no significance test is
published), and a table of police-recorded ASB incidents with neither comparisons nor bases.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.sample.xlsx_writer import column_letters, write_xlsx

SAMPLE_SOURCE_ID = "csew"
FILE_NAME = "annualsupplementarytablesyearendingmarch2026.xlsx"
RELEASE_TEXT = "29 October 2026"
FIRST_YEAR_ENDING = 2019
LAST_YEAR_ENDING = 2026
TELEPHONE_YEAR = 2021  # year ending March 2021: the telephone-operated survey
YEARS = tuple(range(FIRST_YEAR_ENDING, LAST_YEAR_ENDING + 1))
X = "[x]"
DESIGN_EFFECT = 1.2
COUNT_SIGNIFICANT_CHANGE = 0.08
TEN_YEAR_BASE = 35000

Value = int | float | str


def period_label(year_ending: int, footnote: str = "") -> str:
    return f"Apr '{(year_ending - 1) % 100:02d} to Mar '{year_ending % 100:02d}{footnote}"


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[Value, ...]
    ten_years_earlier: float | None = None  # hidden YE March 2016 value for the marker


@dataclass(frozen=True)
class Block:
    heading: str | None
    rows: tuple[Row, ...]
    base_label: str | None = None
    base: tuple[Value, ...] = ()


@dataclass(frozen=True)
class Table:
    number: int
    title: str
    population: str
    unit: str
    blocks: tuple[Block, ...]
    comparisons: bool = True
    counts: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def sheet(self) -> str:
        return f"Table S{self.number}"


ADULT_BASE = (34163, 33735, 11282, 29417, 31265, 30712, 31844, 30958)
MODULE_BASE = (8612, 8433, X, 7321, 7802, 7677, 7961, 7730)
SELF_COMPLETION_BASE = (21480, 20912, X, 17934, 19310, 18876, 19602, 19055)
TELEPHONE_NOTE = (
    "1. Data for April 2020 to March 2021 come from the Telephone-operated Crime Survey for "
    "England and Wales (TCSEW); questions not asked in that survey are shown as [x]."
)
SIGNIFICANCE_NOTE = (
    "* indicates a statistically significant change at the 5% level between the periods compared."
)

TABLES: tuple[Table, ...] = (
    Table(
        1,
        "Perceptions of the local police, year ending March 2019 to year ending March 2026",
        "Adults aged 16 and over",
        "Percentages",
        (
            Block(
                None,
                (Row("Police in the local area do a good or excellent job",
                     (54, 55, 59, 53, 50, 48, 47, 48), 62.0),),
            ),
            Block(
                "Agree (strongly or tend to) that:",
                (
                    Row("Overall, I have confidence in the police in this area",
                        (78, 78, 80, 75, 73, 71, 70, 71), 76.0),
                    Row("The police in this area can be trusted",
                        (74, 74, 76, 72, 71, 69, 68, 69), 75.0),
                    Row("The police in this area would treat you with respect",
                        (85, 85, 86, 84, 83, 82, 81, 82), 85.0),
                    Row("The police in this area would treat you fairly",
                        (66, 66, 68, 65, 64, 62, 61, 62), 66.0),
                    Row("The police in this area understand the issues that affect this community",
                        (63, 62, 64, 60, 58, 56, 55, 56), 64.0),
                    Row("The police in this area are dealing with the things that matter to this "
                        "community", (54, 53, 55, 50, 48, 46, 45, 46), 55.0),
                ),
                "Unweighted base - number of adults",
                ADULT_BASE,
            ),
        ),
    ),
    Table(
        2,
        "Police visibility and awareness of local police activity",
        "Adults aged 16 and over",
        "Percentages",
        (
            Block(
                None,
                (
                    Row("See police officers or PCSOs on foot patrol in the local area at least "
                        "once a week", (14, 13, X, 12, 11, 11, 10, 11), 19.0),
                    Row("Have seen or heard about what the police are doing to tackle crime and "
                        "anti-social behaviour in the local area",
                        (41, 39, X, 33, 31, 30, 29, 30), 47.0),
                ),
                "Unweighted base - number of adults",
                MODULE_BASE,
            ),
        ),
    ),
    Table(
        3,
        "Experience and perceptions of anti-social behaviour (ASB)",
        "Adults aged 16 and over",
        "Percentages",
        (
            Block(
                None,
                (
                    Row("Experienced or witnessed any ASB in the local area in the last 12 months",
                        (38, 39, 43, 38, 36, 35, 34, 33), 29.0),
                    Row("ASB and crime a very or fairly big problem in the local high street or "
                        "town centre", (X, X, X, X, 29, 31, 33, 32), None),
                ),
                "Unweighted base - number of adults",
                MODULE_BASE,
            ),
            Block(
                "Adults who reported ASB to the police in the last 12 months",
                (Row("Very or fairly satisfied with the way the police handled the matter",
                     (47, 46, X, 43, 41, 40, 39, 40), 49.0),),
                "Unweighted base - number of adults who reported ASB",
                (1210, 1156, X, 912, 1003, 987, 1020, 994),
            ),
        ),
    ),
    Table(
        4,
        "Victims' satisfaction with the police, incidents reported to the police",
        "Incidents reported to the police",
        "Percentages",
        (
            Block(
                "All CSEW incidents reported to the police",
                (Row("Very or fairly satisfied with the way the police handled the matter",
                     (65, 66, X, 63, 60, 59, 58, 59), 67.0),),
                "Unweighted base - number of incidents",
                (2310, 2206, X, 1784, 1921, 1890, 1955, 1902),
            ),
            Block(
                "Domestic abuse incidents reported to the police",
                (Row("Very or fairly satisfied with the way the police handled the matter",
                     (58, 60, X, 56, 55, 54, 53, 55), 57.0),),
                "Unweighted base - number of incidents",
                (412, 398, X, 301, 344, 339, 352, 347),
            ),
        ),
    ),
    Table(
        5,
        "Perceptions of changing crime levels in the local area over the past few years",
        "Adults aged 16 and over",
        "Percentages",
        (
            Block(
                None,
                (
                    Row("Gone up a lot", (14, 13, X, 15, 16, 16, 15, 15), 12.0),
                    Row("Gone up a little", (27, 26, X, 28, 29, 28, 28, 27), 25.0),
                    Row("About the same", (50, 51, X, 49, 48, 49, 49, 50), 53.0),
                    Row("Gone down a little", (6, 7, X, 6, 5, 5, 6, 6), 7.0),
                    Row("Gone down a lot", (3, 3, X, 2, 2, 2, 2, 2), 3.0),
                    Row("Gone down (a little or a lot)", (9, 10, X, 8, 7, 7, 8, 8), 10.0),
                ),
                "Unweighted base - number of adults",
                MODULE_BASE,
            ),
        ),
    ),
    Table(
        6,
        "Prevalence of crime, percentage of adults who were victims once or more in the last "
        "12 months",
        "Adults aged 16 and over",
        "Percentages",
        (
            Block(
                None,
                (Row("All CSEW crime", (17.9, 17.3, 15.1, 16.2, 15.4, 14.9, 14.4, 14.1), 21.1),),
            ),
            Block(
                "Fraud and computer misuse",
                (
                    Row("Fraud and computer misuse",
                        (7.9, 7.6, 8.6, 7.2, 6.9, 6.5, 6.3, 6.1), 8.3),
                    Row("Fraud", (6.4, 6.3, 7.4, 5.9, 5.6, 5.3, 5.2, 5.0), 6.2),
                    Row("Computer misuse", (1.8, 1.6, 1.7, 1.6, 1.5, 1.4, 1.3, 1.3), 2.3),
                ),
            ),
            Block(
                "CSEW crime excluding fraud and computer misuse",
                (
                    Row("All CSEW crime excluding fraud and computer misuse",
                        (12.2, 11.9, 8.9, 10.5, 10.0, 9.8, 9.4, 9.3), 14.5),
                    Row("Violence", (1.7, 1.6, 1.1, 1.3, 1.3, 1.2, 1.1, 1.1), 1.9),
                    Row("Robbery", (0.3, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2), 0.3),
                    Row("Theft offences", (6.3, 6.1, 4.4, 5.2, 5.0, 4.9, 4.7, 4.6), 7.6),
                    Row("Criminal damage", (2.9, 2.8, 2.1, 2.5, 2.4, 2.3, 2.2, 2.2), 3.8),
                ),
                "Unweighted base - number of adults",
                ADULT_BASE,
            ),
        ),
    ),
    Table(
        7,
        "Prevalence of domestic abuse, sexual assault and stalking in the last 12 months",
        "Adults aged 16 and over",
        "Percentages",
        (
            Block(
                None,
                (
                    Row("Domestic abuse, sexual assault or stalking (combined)2",
                        (12.4, 12.1, X, 11.9, 11.6, 11.3, 10.6, 10.3)),
                    Row("Domestic abuse", (5.7, 5.5, X, 5.0, 5.1, 4.8, 4.6, 4.4)),
                    Row("Sexual assault", (2.7, 2.9, X, 2.6, 2.6, 2.4, 2.3, 2.2)),
                    Row("Stalking3", (4.9, 5.3, X, 5.6, 5.4, 5.0, 4.8, 4.7)),
                ),
                "Unweighted base - number of adults",
                SELF_COMPLETION_BASE,
            ),
        ),
        comparisons=False,
        notes=(
            "2. The combined measure counts a victim of more than one of the three types once. "
            "It is an estimate in development: no significance tests are published.",
            "3. Stalking includes cyber stalking.",
        ),
    ),
    Table(
        8,
        "Prevalence of sexual harassment in the last 12 months",
        "Adults aged 16 to 74",
        "Percentages",
        (
            Block(
                None,
                (Row("Experienced any sexual harassment",
                     (X, X, X, X, 9.1, 8.7, 8.4, 8.0), None),),
                "Unweighted base - number of adults",
                (X, X, X, X, 16120, 15873, 16411, 15968),
            ),
        ),
    ),
    Table(
        9,
        "Repeat victimisation, proportion of incidents experienced by repeat victims",
        "Incidents experienced by adults aged 16 and over",
        "Percentages",
        (
            Block(
                None,
                (
                    Row("All CSEW crime excluding fraud and computer misuse",
                        (52, 51, X, 50, 51, 50, 49, 49), 54.0),
                    Row("Street crime (robbery and theft from the person)",
                        (21, 20, X, 19, 18, 19, 18, 17), 22.0),
                    Row("Domestic burglary", (28, 27, X, 26, 26, 25, 25, 24), 30.0),
                ),
                "Unweighted base - number of victims",
                (4820, 4610, X, 3655, 3790, 3702, 3688, 3591),
            ),
        ),
    ),
    Table(
        10,
        "Proportion of incidents reported to the police, by offence group",
        "Incidents experienced by adults aged 16 and over",
        "Percentages",
        (
            Block(
                None,
                (
                    Row("All CSEW crime excluding fraud and computer misuse",
                        (40, 41, X, 38, 37, 37, 36, 36), 40.0),
                    Row("Violence", (46, 48, X, 44, 43, 42, 43, 42), 50.0),
                    Row("Robbery", (51, 49, X, 47, 48, 46, 45, 46), 55.0),
                    Row("Theft offences", (38, 39, X, 36, 35, 35, 34, 34), 37.0),
                    Row("Criminal damage", (35, 36, X, 33, 32, 31, 31, 30), 36.0),
                    Row("Fraud (reported to the police or Action Fraud)",
                        (14, 15, X, 13, 14, 13, 14, 13), 13.0),
                    Row("Computer misuse", (9, 10, X, 8, 9, 8, 8, 9), 7.0),
                ),
                "Unweighted base - number of incidents",
                (6120, 5980, X, 4710, 4933, 4850, 4795, 4702),
            ),
        ),
    ),
    Table(
        11,
        "Number of incidents of neighbourhood crime",
        "Incidents against adults aged 16 and over or their households",
        "Numbers (thousands)",
        (
            Block(
                None,
                (
                    Row("Neighbourhood crime", (2012, 1895, 1210, 1393, 1327, 1260, 1211, 1184),
                        2902.0),
                    Row("Domestic burglary", (611, 578, 388, 421, 405, 389, 372, 365), 804.0),
                    Row("Robbery", (163, 152, 88, 102, 96, 92, 89, 85), 236.0),
                    Row("Vehicle-related theft", (850, 800, 545, 620, 590, 555, 535, 522),
                        1275.0),
                    Row("Theft from the person", (388, 365, 189, 250, 236, 224, 215, 212), 587.0),
                ),
                "Unweighted base - number of adults",
                ADULT_BASE,
            ),
        ),
        counts=True,
    ),
    Table(
        12,
        "Anti-social behaviour incidents recorded by the police",
        "Police recorded incidents",
        "Rate per 1,000 population",
        (
            Block(
                None,
                (Row("Anti-social behaviour incidents",
                     (31.2, 30.1, 44.7, 32.5, 18.5, 17.6, 16.9, 16.2)),),
            ),
        ),
        comparisons=False,
        notes=(
            "Source: Police recorded anti-social behaviour incidents, Home Office; population "
            "mid-year estimates, Office for National Statistics",
        ),
    ),
)  # fmt: skip


def _significant(
    table: Table, now: Value, before: Value, base_now: Value, base_before: Value
) -> bool:
    if not isinstance(now, int | float) or not isinstance(before, int | float):
        return False
    if table.counts:
        return before > 0 and abs(now - before) / before > COUNT_SIGNIFICANT_CHANGE
    if not isinstance(base_now, int) or not isinstance(base_before, int):
        return False
    p1, p0 = now / 100.0, before / 100.0
    variance = DESIGN_EFFECT**2 * (p1 * (1 - p1) / base_now + p0 * (1 - p0) / base_before)
    return variance > 0 and abs(p1 - p0) / math.sqrt(variance) >= 1.96


def _block_base(table: Table, block: Block) -> tuple[Value, ...]:
    if block.base:
        return block.base
    following = [b for b in table.blocks[table.blocks.index(block) :] if b.base]
    return following[0].base if following else tuple(ADULT_BASE)


def table_rows(table: Table) -> tuple[list[list[Value | None]], list[str]]:
    """The sheet's cells and merged ranges."""
    n = len(YEARS)
    width = 1 + n + (3 if table.comparisons else 0)
    rows: list[list[Value | None]] = [
        [f"Table S{table.number}: {table.title}"],
        ["England and Wales"],
        [table.population],
        [table.unit],
    ]
    header: list[Value | None] = [None] + [
        period_label(y, "1" if y == TELEPHONE_YEAR else "") for y in YEARS
    ]
    merges: list[str] = []
    if table.comparisons:
        first = n + 3  # 1-based column of the first comparison column
        header += [None, f"{period_label(LAST_YEAR_ENDING)} compared with:", None]
        rows.append(header)
        rows.append([None] * (n + 2) + [period_label(LAST_YEAR_ENDING - 1), period_label(2016)])
        # first is a 1-based column number; column_letters takes a 0-based index.
        merges.append(f"{column_letters(first - 1)}5:{column_letters(first)}5")
    else:
        rows.append(header)
    for block in table.blocks:
        if block.heading:
            rows.append([block.heading])
        base = _block_base(table, block)
        for row in block.rows:
            line: list[Value | None] = [row.label, *row.values]
            if table.comparisons:
                year_earlier = _significant(
                    table, row.values[-1], row.values[-2], base[-1], base[-2]
                )
                ten_years = row.ten_years_earlier is not None and _significant(
                    table,
                    row.values[-1],
                    row.ten_years_earlier,
                    base[-1],
                    TEN_YEAR_BASE,
                )
                line += [None, "*" if year_earlier else None, "*" if ten_years else None]
            rows.append(line)
        if block.base_label:
            line = [block.base_label, *block.base]
            if table.comparisons:
                line += [None, None, None]
            rows.append(line)
    rows.append([None])
    if not any(note.startswith("Source") for note in table.notes):
        rows.append(["Source: Crime Survey for England and Wales, Office for National Statistics"])
    rows.append([TELEPHONE_NOTE])
    rows.extend([note] for note in table.notes)
    if table.comparisons:
        rows.append([SIGNIFICANCE_NOTE])
    assert all(len(r) <= width for r in rows)
    return rows, merges


def _cover() -> list[list[Value | None]]:
    return [
        ["Crime in England and Wales: annual supplementary tables"],
        ["Year ending March 2026"],
        [None],
        ["Release date:", RELEASE_TEXT],
        ["Next release:", "To be announced"],
        [None],
        ["These tables present estimates from the Crime Survey for England and Wales (CSEW) "
         "and police recorded anti-social behaviour incidents."],
        ["Source: Crime Survey for England and Wales, Office for National Statistics"],
    ]  # fmt: skip


def _contents() -> list[list[Value | None]]:
    return [["Table number", "Table title"]] + [[t.sheet, t.title] for t in TABLES]


def _notes() -> list[list[Value | None]]:
    return [
        ["Note number", "Note text"],
        [1, TELEPHONE_NOTE[3:]],
        [2, "Significance tests compare the latest year with one and ten years earlier."],
        [3, "[x] not available; [u] low reliability."],
    ]


def write_sample(landing_dir: Path, project_root: Path) -> Path:
    """Write the sample CSEW workbook into ``landing_dir/csew/`` and return its path."""
    del project_root  # the CSEW sample needs no seed: it is a national survey
    sheets = [("Cover sheet", _cover(), []), ("Contents", _contents(), []), ("Notes", _notes(), [])]
    for table in TABLES:
        rows, merges = table_rows(table)
        sheets.append((table.sheet, rows, merges))
    return write_xlsx(Path(landing_dir) / SAMPLE_SOURCE_ID / FILE_NAME, sheets)
