"""One contract for every source in the registry: a bad file is rejected the same way everywhere.

For each source (orchestration.sources.SOURCES) and each kind of bad file below, the test
starts from a warehouse holding one good file of the source, lands the bad file with
`ingest_file` and checks the contract:

  * an IngestError whose text is one line: `<file name> [<source_id>]: <problem>`;
  * exactly one new `rejected` row in raw.load_log for the file, with the problem as its error;
  * raw.<source_id> exactly as before (a rejected file writes nothing to raw).

A file with a code the seeds do not know, where the source's rule for it is a warning, is the
exception: it loads and the warning is recorded in quality.validation_results. The same bytes
under a new name are logged as `duplicate` and change nothing.

The good file of each source is one of its sample files (orchestration.sample), small enough to
mutate quickly; the bad files are that file with one defect, so a rejection can only come from
the defect (gate cases assert exactly which blocking rules fail). Samples are written once per
session and each source's warehouse is built once and copied per case: Great Expectations costs
about 0.7 s a validation, so the test runs about one validation per source and case.

Cases that do not apply to a source are listed in NOT_APPLICABLE with the reason; the per-source
test modules keep only what is particular to each source.
"""

from __future__ import annotations

import csv
import io
import random
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from python_calamine import CalamineWorkbook

from orchestration.ingest.errors import IngestError
from orchestration.ingest.runner import file_sha256, ingest_file
from orchestration.ingest.warehouse import connect
from orchestration.sample.generate import SAMPLE_WRITERS
from orchestration.sample.ods_writer import write_ods
from orchestration.sample.xlsx_writer import write_xlsx
from orchestration.sources import SOURCES
from tests.python.conftest import PROJECT_ROOT, Workspace
from tests.python.raw_state import raw_snapshot

# --------------------------------------------------------------------------------------------
# The cases, and the sources they do not apply to
# --------------------------------------------------------------------------------------------

CASES = (
    "header_renamed",  # a required header renamed to a wording no synonym list accepts
    "unknown_force",  # a force or area name the seeds do not know
    "text_in_number",  # "twelve thousand" in a numeric cell
    "empty_file",  # 0 bytes
    "header_only",  # the header row(s) and no data row
    "truncated",  # cut in half: a CSV mid-row, a workbook mid-zip
    "html_page",  # an HTML error page saved under the file's name
    "csv_as_workbook",  # the data as CSV text under the workbook's .ods/.xlsx name
    "random_bytes",  # random bytes under the file's name
    "period_contradicts_name",  # rows for a period other than the one the file name states
    "unknown_code",  # a measure id, offence code or category the seeds do not know
    "conflicting_duplicate",  # a row repeated with the same key and a different value
    "same_bytes_new_name",  # the good file's bytes under another name: a duplicate, no error
)

NOT_APPLICABLE: dict[str, set[str]] = {
    "calls_999": {
        "csv_as_workbook",  # a CSV source
        "period_contradicts_name",  # the name carries the release date only
        "unknown_code",  # fixed measure columns: no measure ids or codes in the file
    },
    "crime_outcomes": set(),
    "csew": {
        # The ONS name states the edition (yearendingmarch2026); the loader reads the release
        # date from the cover sheet and takes the periods from the table headers.
        "period_contradicts_name",
        "unknown_code",  # row labels are free text: no measure ids or codes
    },
    "drug_seizures": {
        "period_contradicts_name",  # `mar2025` names the edition; the loader does not read it
        "unknown_code",  # drug types are free text; the three classes have known_drug_classes
    },
    "firearm_offences": {
        # `apr2019-to-jun2026` describes the coverage; the loader (layout unverified, U) does
        # not read periods from the name.
        "period_contradicts_name",
        "unknown_code",  # no offence codes: offence and firearm-use labels are free text
    },
    "homicide_index": {
        "period_contradicts_name",  # as csew: the name states the edition, not a period read
        "unknown_code",  # row labels are free text
    },
    "knife_offences": {
        "period_contradicts_name",  # as firearm_offences
    },
    "measure_returns": {
        "csv_as_workbook",  # a CSV source
    },
    "nhs_sharp_admissions": {
        "csv_as_workbook",  # a CSV source
        "period_contradicts_name",  # the name carries the release date only
    },
    "police_complaints": {
        # The name's year (2025-26) only dates a wide table that has no year of its own; a long
        # table may carry earlier years (staging keeps, per year, the most recent file).
        "period_contradicts_name",
    },
    "police_misconduct": {
        "period_contradicts_name",  # the name carries the release date only
    },
    "population": {
        "unknown_code",  # area codes are checked as forces (unknown_force); no other codes
    },
    "prc_pfa": {
        # The name states the series start (mar2013-onwards) and the release date; each row's
        # year is checked against its sheet's name (test_prc_loader).
        "period_contradicts_name",
    },
    "road_casualties": {
        "csv_as_workbook",  # a CSV source
        "unknown_code",  # STATS19 codes are checked per column; the force code is unknown_force
    },
    "street_crime": {
        "csv_as_workbook",  # a CSV source
    },
    "workforce": {
        "period_contradicts_name",  # the name carries the release date only
    },
}

# --------------------------------------------------------------------------------------------
# A file as rows of cells, the edits the cases make, and writing it back
# --------------------------------------------------------------------------------------------

Cell = str | int | float | None
Rows = list[list[Cell]]
CSV_SHEET = "csv"
UNKNOWN_HEADER = "Widget count"
TEXT_NUMBER = "twelve thousand"
UNKNOWN_FORCE = "Gotham City Police"
HTML_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>\n"
    "<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body>"
    "</html>\n"
)


@dataclass
class Book:
    """A good file's cells, sheet by sheet (a CSV is one sheet), and how to find its table."""

    sheets: dict[str, Rows]
    data_sheets: tuple[str, ...]
    header: str  # a cell of the header row of every data sheet
    encoding: str = "utf-8"  # CSV only: as the good file was written
    newline: str = "\n"

    def copy(self) -> Book:
        sheets = {name: [list(row) for row in rows] for name, rows in self.sheets.items()}
        return Book(sheets, self.data_sheets, self.header, self.encoding, self.newline)

    def header_index(self, sheet: str) -> int:
        rows = self.sheets[sheet]
        return next(i for i, row in enumerate(rows) if self.header in _texts(row))

    def column(self, sheet: str, name: str) -> int:
        return _texts(self.sheets[sheet][self.header_index(sheet)]).index(name)

    def data_row(self, sheet: str, column: str, which: int | tuple[str, str]) -> int:
        """Index of the `which`-th row below the header with a value in `column`, or of the
        first row whose cell in column which[0] is which[1]."""
        rows, start = self.sheets[sheet], self.header_index(sheet) + 1
        if isinstance(which, tuple):
            key = self.column(sheet, which[0])
            return next(i for i in range(start, len(rows)) if _text(rows[i][key]) == which[1])
        position = self.column(sheet, column)
        filled = [i for i in range(start, len(rows)) if _text(rows[i][position])]
        return filled[which]


def _text(cell: Cell) -> str:
    return "" if cell is None else str(cell).strip()


def _texts(row: list[Cell]) -> list[str]:
    return [_text(c) for c in row]


Change = Callable[[Book], None]


def set_cells(values: dict[str, Cell], row: int | tuple[str, str] = 0, sheet: str = "") -> Change:
    """Overwrite cells of one data row (the first data sheet unless `sheet` is given)."""

    def change(book: Book) -> None:
        name = sheet or book.data_sheets[0]
        index = book.data_row(name, next(iter(values)), row)
        for column, value in values.items():
            book.sheets[name][index][book.column(name, column)] = value

    return change


def repeat_row(values: dict[str, Cell], row: int | tuple[str, str] = 0, sheet: str = "") -> Change:
    """Insert a copy of a data row right below it, with `values` in place of some cells."""

    def change(book: Book) -> None:
        name = sheet or book.data_sheets[0]
        index = book.data_row(name, next(iter(values)), row)
        copy = list(book.sheets[name][index])
        for column, value in values.items():
            copy[book.column(name, column)] = value
        book.sheets[name].insert(index + 1, copy)

    return change


def replace_cell(old: str, new: str, sheet: str = "") -> Change:
    """Replace the first cell reading exactly `old` (title and header rows included)."""

    def change(book: Book) -> None:
        rows = book.sheets[sheet or book.data_sheets[0]]
        i, j = next((i, j) for i, row in enumerate(rows) for j, c in enumerate(row) if c == old)
        rows[i][j] = new

    return change


def header_only(book: Book) -> None:
    for name in book.data_sheets:
        del book.sheets[name][book.header_index(name) + 1 :]


def read_book(path: Path, data_sheets: tuple[str, ...], header: str, trim: int | None) -> Book:
    """The cells of a sample file, read here (not by the loader), keeping only the first `trim`
    rows of each data sheet when the sample is too large to mutate quickly."""
    if path.suffix.lower() == ".csv":
        data = path.read_bytes()
        encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        text = data.decode(encoding)
        rows: Rows = list(csv.reader(io.StringIO(text, newline="")))
        newline = "\r\n" if "\r\n" in text else "\n"
        return Book({CSV_SHEET: rows}, (CSV_SHEET,), header, encoding, newline)
    workbook = CalamineWorkbook.from_path(str(path))
    sheets = {}
    for name in workbook.sheet_names:
        rows = [[_cell(c) for c in row] for row in workbook.get_sheet_by_name(name).to_python()]
        sheets[name] = rows[:trim] if trim and name in data_sheets else rows
    return Book(sheets, data_sheets, header)


def _cell(value: object) -> Cell:
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    assert isinstance(value, str | int | float), f"unexpected cell type {type(value)}"
    return value


def csv_text(book: Book, sheet: str) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator=book.newline).writerows(
        ["" if c is None else c for c in row] for row in book.sheets[sheet]
    )
    return buffer.getvalue()


def write_book(book: Book, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    kind = path.suffix.lower()
    if kind == ".csv":
        path.write_bytes(csv_text(book, CSV_SHEET).encode(book.encoding))
    elif kind == ".ods":
        write_ods(path, list(book.sheets.items()))
    else:
        write_xlsx(path, [(name, rows, ()) for name, rows in book.sheets.items()])
    return path


def cut_mid_row(data: bytes) -> bytes:
    """The first half of a CSV, cut inside the second cell of the row that starts after the
    middle (so the cut is never on a line break)."""
    start = data.index(b"\n", len(data) // 2) + 1
    return data[: data.index(b",", start) + 2]


# --------------------------------------------------------------------------------------------
# Each source: its good file, where its table sits, and the cells the cases change
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """A change to the good file and what must come of it: exactly these blocking rules fail,
    or (no blocking rules) the file loads and these warning rules fail."""

    change: Change
    blocks: tuple[str, ...] = ()
    warns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Layout:
    file: str  # the good file: a sample file, relative to landing/<source_id>
    header: str  # a cell of the header row of each data sheet
    renamed: tuple[str, str]  # a required column's published header, and the problem it gives
    number: Edit
    duplicate: Edit
    force: Edit | None = None
    period: Edit | None = None
    code: Edit | None = None
    data_sheets: tuple[str, ...] = (CSV_SHEET,)
    trim: int | None = None  # rows kept per data sheet (large samples only)


def _missing(column: str) -> str:
    return rf"missing column\(s\) '{column}'; unmapped column\(s\) '{UNKNOWN_HEADER}'"


YEAR_SHEETS = ("2019_20", "2020_21", "2021_22", "2022_23", "2023_24", "2024_25", "2025_26")
PRC_SHEETS = ("2018-19", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024_25")
CSEW_TABLES = tuple(f"Table S{n}" for n in range(1, 13))
HOMICIDE_TABLES = tuple(f"Table {n}" for n in range(1, 6))
DURHAM = ("Police force area", "Durham")  # a force row of the homicide force table

LAYOUTS: dict[str, Layout] = {
    "calls_999": Layout(
        file="police-uk-999-call-answering-data-191126.csv",
        header="Force",
        renamed=("Total calls", _missing("total_calls")),
        force=Edit(set_cells({"Force": UNKNOWN_FORCE}), ("known_forces",)),
        number=Edit(set_cells({"Total calls": TEXT_NUMBER}), ("total_calls_whole_number",)),
        duplicate=Edit(repeat_row({"Total calls": "99999"}), ("no_duplicate_keys",)),
    ),
    "crime_outcomes": Layout(
        file="prc-outcomes-open-data-mar2027-tables-221026.xlsx",
        data_sheets=("Data",),
        header="Financial Year",
        renamed=("Outcome Type", _missing("outcome_type")),
        force=Edit(set_cells({"Force Name": UNKNOWN_FORCE}), ("known_forces",)),
        number=Edit(
            set_cells({"Force outcomes for offences recorded in quarter": TEXT_NUMBER}),
            ("integer_counts_recorded_basis",),
        ),
        period=Edit(set_cells({"Financial Year": "2025/26"}), ("year_matches_file",)),
        code=Edit(set_cells({"Offence Code": "99Z"}), warns=("known_offence_codes",)),
        duplicate=Edit(
            repeat_row({"Force outcomes for offences recorded in quarter": 9999}),
            ("no_duplicate_keys",),
        ),
    ),
    "csew": Layout(
        file="annualsupplementarytablesyearendingmarch2026.xlsx",
        data_sheets=CSEW_TABLES,
        header="Apr '25 to Mar '26",
        renamed=("Apr '24 to Mar '25", rf"unmapped column header '{UNKNOWN_HEADER}'"),
        force=Edit(replace_cell("England and Wales", "Gotham City"), ("known_geography",)),
        number=Edit(set_cells({"Apr '24 to Mar '25": TEXT_NUMBER}), ("numeric_estimates",)),
        duplicate=Edit(repeat_row({"Apr '24 to Mar '25": 12}), ("no_duplicate_keys",)),
    ),
    "drug_seizures": Layout(
        file="seizures-drugs-mar2025-tables-041225.ods",
        data_sheets=("Table_1", "Table_2"),
        header="Drug type",
        renamed=("Drug class", _missing("drug_class")),
        force=Edit(set_cells({"Police force area": UNKNOWN_FORCE}), ("known_forces",)),
        number=Edit(set_cells({"Number of seizures": TEXT_NUMBER}), ("integer_counts",)),
        duplicate=Edit(repeat_row({"Number of seizures": 99999}, row=2), ("no_duplicate_keys",)),
    ),
    "firearm_offences": Layout(
        file="prc-firearms-open-data-apr2019-to-jun2026-tables-221026.ods",
        data_sheets=("Data",),
        header="Financial Year",
        trim=400,
        renamed=("Number of Offences", _missing("number_of_offences")),
        force=Edit(set_cells({"Force Name": UNKNOWN_FORCE}), ("known_forces",)),
        number=Edit(set_cells({"Number of Offences": TEXT_NUMBER}), ("integer_counts",)),
        duplicate=Edit(repeat_row({"Number of Offences": 99}), ("no_duplicate_keys",)),
    ),
    "homicide_index": Layout(
        file="appendixtableshomicideyearendingmarch2025.xlsx",
        data_sheets=HOMICIDE_TABLES,
        header="Year ending March 2025",
        renamed=("Year ending March 2024", rf"unmapped column header '{UNKNOWN_HEADER}'"),
        force=Edit(
            set_cells({"Police force area": "Gotham City"}, DURHAM, sheet="Table 5"),
            ("known_forces",),
        ),
        number=Edit(set_cells({"Year ending March 2024": TEXT_NUMBER}), ("integer_counts",)),
        duplicate=Edit(repeat_row({"Year ending March 2024": 1}), ("no_duplicate_keys",)),
    ),
    "knife_offences": Layout(
        file="prc-knives_or_sharps-open-data-apr2019-to-jun2026-tables-221026.ods",
        data_sheets=(*YEAR_SHEETS, "2026_27"),
        header="Financial Year",
        trim=300,
        renamed=("Financial Quarter", _missing("financial_quarter")),
        force=Edit(set_cells({"Police Force": UNKNOWN_FORCE}), ("known_forces",)),
        number=Edit(
            set_cells({"Knife or sharp instrument offences": TEXT_NUMBER}), ("integer_counts",)
        ),
        code=Edit(set_cells({"Offence Code": "99Z"}), warns=("knife_enabled_offence_codes",)),
        duplicate=Edit(
            repeat_row({"Knife or sharp instrument offences": 99}), ("no_duplicate_keys",)
        ),
    ),
    "measure_returns": Layout(
        file="drug-treatment-referrals-201126.csv",
        header="period_start",
        renamed=("value", _missing("value")),
        force=Edit(set_cells({"force": UNKNOWN_FORCE}), ("known_forces",)),
        number=Edit(set_cells({"value": TEXT_NUMBER}), ("value_numeric",)),
        # The name's date (201126) is the day the return was compiled: no period ends later.
        period=Edit(
            set_cells({"period_start": "2027-01-01", "period_end": "2027-03-31"}),
            ("valid_periods",),
        ),
        code=Edit(set_cells({"measure_id": "ncpm_not_a_measure"}), ("known_measures",)),
        duplicate=Edit(repeat_row({"value": "9999"}), ("no_duplicate_keys",)),
    ),
    "nhs_sharp_admissions": Layout(
        file="hes-assault-by-sharp-object-admissions-by-pfa-2026-11-12.csv",
        header="Admission month",
        renamed=("Age group", _missing("age_band")),
        force=Edit(set_cells({"Police force area of residence": UNKNOWN_FORCE}), ("known_forces",)),
        number=Edit(
            set_cells({"Finished admission episodes": TEXT_NUMBER}), ("admissions_whole_number",)
        ),
        code=Edit(set_cells({"Age group": "Under 9000s"}), ("known_age_bands",)),
        duplicate=Edit(repeat_row({"Finished admission episodes": "95"}), ("no_duplicate_keys",)),
    ),
    "police_complaints": Layout(
        file="police-complaints-statistics-england-and-wales-2025-26-data-tables.xlsx",
        data_sheets=("Force data",),
        header="Measure",
        renamed=("Value", _missing("value")),
        force=Edit(set_cells({"Force": UNKNOWN_FORCE}), ("known_forces",)),
        number=Edit(set_cells({"Value": TEXT_NUMBER}), ("numeric_values", "integer_counts")),
        code=Edit(set_cells({"Measure": "Complaints about dragons"}), ("known_measures",)),
        duplicate=Edit(repeat_row({"Value": 99999}), ("no_duplicate_keys",)),
    ),
    "police_misconduct": Layout(
        file="police-misconduct-open-data-tables-proceedings-191126.ods",
        data_sheets=("Proceedings",),
        header="Financial year",
        renamed=("Outcome", _missing("outcome")),
        force=Edit(set_cells({"Force": UNKNOWN_FORCE}), ("known_forces",)),
        number=Edit(
            set_cells({"Number of individuals": TEXT_NUMBER}), ("non_negative_integer_counts",)
        ),
        code=Edit(set_cells({"Outcome": "Sent to the moon"}), ("known_outcome",)),
        duplicate=Edit(repeat_row({"Number of individuals": 99}), ("no_duplicate_keys",)),
    ),
    "population": Layout(
        file="pfatablesyemarch2026.xlsx",
        data_sheets=("Table P3",),
        header="Area Code",
        renamed=("Number of households", _missing("households")),
        force=Edit(
            set_cells({"Area Name": "Gotham City"}, row=("Area Code", "E23000007")),
            ("known_force_names",),
        ),
        number=Edit(
            set_cells({"Population (mid-2024)": TEXT_NUMBER}), ("population_whole_number",)
        ),
        # The name's edition (year ending March 2026) cannot hold a mid-2027 estimate.
        period=Edit(
            replace_cell("Population (mid-2024)", "Population (mid-2027)"),
            ("population_year_before_edition",),
        ),
        duplicate=Edit(
            repeat_row({"Population (mid-2024)": 999999}, row=("Area Code", "E23000007")),
            ("no_duplicate_keys",),
        ),
    ),
    "prc_pfa": Layout(
        file="prc-pfa-mar2013-onwards-tables-221026.ods",
        data_sheets=(*PRC_SHEETS, "2025_26", "2026_27"),
        header="Financial Year",
        trim=300,
        renamed=("Offence Code", _missing("offence_code")),
        force=Edit(set_cells({"Force Name": UNKNOWN_FORCE}), ("known_forces",)),
        number=Edit(set_cells({"Number of Offences": TEXT_NUMBER}), ("integer_counts",)),
        code=Edit(set_cells({"Offence Code": "99Z"}), warns=("known_offence_codes",)),
        duplicate=Edit(repeat_row({"Number of Offences": 99}), ("no_duplicate_keys",)),
    ),
    "road_casualties": Layout(
        file="dft-road-casualty-statistics-collision-2024.csv",
        header="collision_index",
        renamed=("date", r"collision file: header row 1: " + _missing("date")),
        force=Edit(set_cells({"police_force": "77"}), ("known_police_forces",)),
        number=Edit(
            set_cells({"number_of_casualties": TEXT_NUMBER}), ("number_of_casualties_positive",)
        ),
        # A 2023 collision, consistent in itself, in the 2024 file.
        period=Edit(
            set_cells(
                {"collision_index": "2023019999999", "collision_year": "2023", "date": "15/06/2023"}
            ),
            ("collision_year_matches_file_name",),
        ),
        duplicate=Edit(repeat_row({"number_of_casualties": "7"}), ("no_duplicate_collisions",)),
    ),
    "street_crime": Layout(
        file="2023-10/2023-10-city-of-london-street.csv",
        header="Crime ID",
        renamed=("Crime type", _missing("crime_type")),
        force=Edit(
            set_cells({"Falls within": UNKNOWN_FORCE}),
            ("known_forces", "force_matches_file_name"),
        ),
        number=Edit(set_cells({"Longitude": TEXT_NUMBER}), ("coordinates_numeric",)),
        period=Edit(set_cells({"Month": "2023-09"}), ("month_matches_file_name",)),
        code=Edit(set_cells({"Crime type": "Dragon theft"}), ("known_crime_types",)),
        # police.uk rows have no key: a repeated Crime ID is a warning in the suite.
        duplicate=Edit(
            repeat_row({"Last outcome category": "Under investigation"}),
            warns=("crime_id_unique",),
        ),
    ),
    "workforce": Layout(
        file="open-data-table-police-workforce-290126.ods",
        data_sheets=("Data",),
        header="Force name",
        renamed=(
            "Worker type",
            r"header is not the main workforce table \(header row 1: " + _missing("worker_type"),
        ),
        # Every force row is a part of an England and Wales total row: a changed or repeated
        # row also stops the parts adding up to it.
        force=Edit(
            set_cells({"Force name": UNKNOWN_FORCE}),
            ("known_forces", "breakdowns_sum_to_totals"),
        ),
        number=Edit(set_cells({"Total (Headcount)": TEXT_NUMBER}), ("headcount_whole_numbers",)),
        code=Edit(
            set_cells({"Worker type": "Police Dragon"}),
            ("known_worker_types", "breakdowns_sum_to_totals"),
        ),
        duplicate=Edit(
            repeat_row({"Total (Headcount)": 9999}),
            ("no_duplicate_keys", "breakdowns_sum_to_totals"),
        ),
    ),
}

# The problem each kind of broken file must be reported with (CSV sources / workbook sources).
CSV_PROBLEMS = {
    "empty_file": r"^empty file \(0 bytes\)$",
    "header_only": r"no data rows",
    "truncated": r"ends mid-row",
    "html_page": r"looks like an HTML page, not a CSV",
    "random_bytes": r"not a CSV text file",
}
WORKBOOK_PROBLEMS = {
    "empty_file": r"^empty file \(0 bytes\)$",
    "header_only": r"no data rows",
    "truncated": r"truncated or corrupt workbook",
    "html_page": r"^not an? (ODS|XLSX) workbook: the file is an HTML page",
    "csv_as_workbook": r"^not an? (ODS|XLSX) workbook: the file is text \(CSV\?\), not a zip$",
    "random_bytes": r"^not an? (ODS|XLSX) workbook: the file is binary, not a zip$",
}


def applicable(source_id: str, case: str) -> bool:
    return case not in NOT_APPLICABLE[source_id]


PAIRS = [(s, c) for s in sorted(SOURCES) for c in CASES if applicable(s, c)]

# --------------------------------------------------------------------------------------------
# Fixtures: samples written once, one loaded warehouse per source built once
# --------------------------------------------------------------------------------------------


class Samples:
    """Each source's sample files, written on first use into one folder for the session."""

    def __init__(self, landing: Path):
        self.landing = landing
        self._written: set[str] = set()

    def path(self, source_id: str) -> Path:
        if source_id not in self._written:
            SAMPLE_WRITERS[source_id](self.landing, PROJECT_ROOT)
            self._written.add(source_id)
        return self.landing / source_id / LAYOUTS[source_id].file


BASE_RUN_ID = "contract-base"  # the run that loaded each source's good file


@dataclass
class Base:
    """A source's good file, its cells, and a warehouse file holding it (never changed)."""

    source_id: str
    good: Path  # relative name kept: landing/<source_id>/<layout.file>
    book: Book
    warehouse: Path


class Bases:
    """Each source's Base, built on first use (one validation) and shared by all its cases."""

    def __init__(self, root: Path, samples: Samples):
        self.root, self.samples = root, samples
        self._built: dict[str, Base] = {}

    def get(self, source_id: str) -> Base:
        if source_id not in self._built:
            self._built[source_id] = self._build(source_id)
        return self._built[source_id]

    def _build(self, source_id: str) -> Base:
        layout = LAYOUTS[source_id]
        sample = self.samples.path(source_id)
        book = read_book(sample, layout.data_sheets, layout.header, layout.trim)
        folder = self.root / source_id
        good = folder / "landing" / source_id / layout.file
        if layout.trim:
            write_book(book, good)  # the trimmed sample is the good file
        else:
            good.parent.mkdir(parents=True)
            shutil.copyfile(sample, good)
        warehouse = folder / "ppf.duckdb"
        con = connect(warehouse)
        try:
            outcome = ingest_file(con, SOURCES[source_id], good, BASE_RUN_ID)
            assert outcome.status == "loaded" and outcome.rows > 0, outcome
        finally:
            con.close()
        return Base(source_id, good, book, warehouse)


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Samples:
    return Samples(tmp_path_factory.mktemp("contract_samples"))


@pytest.fixture(scope="module")
def bases(tmp_path_factory: pytest.TempPathFactory, samples: Samples) -> Bases:
    return Bases(tmp_path_factory.mktemp("contract_bases"), samples)


# --------------------------------------------------------------------------------------------
# Making the bad file of a case
# --------------------------------------------------------------------------------------------


def rename_header(book: Book, published: str) -> None:
    sheet = book.data_sheets[0]
    book.sheets[sheet][book.header_index(sheet)][book.column(sheet, published)] = UNKNOWN_HEADER


def edit_for(layout: Layout, case: str) -> Edit | None:
    return {
        "unknown_force": layout.force,
        "text_in_number": layout.number,
        "period_contradicts_name": layout.period,
        "unknown_code": layout.code,
        "conflicting_duplicate": layout.duplicate,
    }.get(case)


def write_bad_file(base: Base, case: str, target: Path) -> Path:
    """The good file with the defect of `case`, written to `target` (same name as the good
    file, so everything the loader reads from the name stays true)."""
    layout = LAYOUTS[base.source_id]
    is_csv = base.good.suffix.lower() == ".csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    if case == "empty_file":
        target.write_bytes(b"")
    elif case == "truncated":
        data = base.good.read_bytes()
        target.write_bytes(cut_mid_row(data) if is_csv else data[: len(data) // 2])
    elif case == "html_page":
        target.write_text(HTML_PAGE, encoding="utf-8")
    elif case == "csv_as_workbook":
        target.write_text(csv_text(base.book, base.book.data_sheets[0]), encoding="utf-8")
    elif case == "random_bytes":
        target.write_bytes(random.Random(base.source_id).randbytes(4096))
    else:
        book = base.book.copy()
        if case == "header_renamed":
            rename_header(book, layout.renamed[0])
        elif case == "header_only":
            header_only(book)
        else:
            edit = edit_for(layout, case)
            assert edit is not None, f"{base.source_id}: no edit for applicable case {case}"
            edit.change(book)
        write_book(book, target)
    return target


def expected_problem(base: Base, case: str) -> str | None:
    """A pattern the problem must match for a file rejected before the gate (None: gate)."""
    if case == "header_renamed":
        return LAYOUTS[base.source_id].renamed[1]
    table = CSV_PROBLEMS if base.good.suffix.lower() == ".csv" else WORKBOOK_PROBLEMS
    return table.get(case)


# --------------------------------------------------------------------------------------------
# The contract
# --------------------------------------------------------------------------------------------


def log_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "select file_name, file_sha256, status, error from raw.load_log order by rowid"
    ).fetchall()


def failed_rules(con: duckdb.DuckDBPyConnection, run_id: str, severity: str) -> set[str]:
    return {
        rule
        for (rule,) in con.execute(
            "select expectation from quality.validation_results "
            "where run_id = ? and severity = ? and not success",
            [run_id, severity],
        ).fetchall()
    }


def unexpected_counts(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, int]:
    """Warning rule -> offending values in a run (0 when it passed; 1 when it failed on the
    frame as a whole)."""
    rows = con.execute(
        "select expectation, success, unexpected_count from quality.validation_results "
        "where run_id = ? and severity = 'warning'",
        [run_id],
    ).fetchall()
    return {rule: 0 if success else (count or 1) for rule, success, count in rows}


def _copy_warehouse(base: Base, tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """A private copy of the source's loaded warehouse (a DuckDB file is a plain file)."""
    copy = tmp_path / "ppf.duckdb"
    shutil.copyfile(base.warehouse, copy)
    return connect(copy)


def test_every_registered_source_has_a_layout_and_the_table_is_complete():
    """A new source must say how the contract applies to it, or the contract silently skips
    it; and every case a source claims not applicable must exist."""
    assert set(LAYOUTS) == set(SOURCES) == set(NOT_APPLICABLE)
    for source_id, cases in NOT_APPLICABLE.items():
        assert cases <= set(CASES), source_id
        layout = LAYOUTS[source_id]
        for case in ("unknown_force", "period_contradicts_name", "unknown_code"):
            has_edit = edit_for(layout, case) is not None
            assert has_edit == applicable(source_id, case), (source_id, case)
        is_csv = layout.file.lower().endswith(".csv")
        assert applicable(source_id, "csv_as_workbook") != is_csv, source_id


@pytest.mark.parametrize(("source_id", "case"), PAIRS, ids=[f"{s}-{c}" for s, c in PAIRS])
def test_bad_file_contract(source_id: str, case: str, bases: Bases, tmp_path: Path):
    base = bases.get(source_id)
    con = _copy_warehouse(base, tmp_path)
    try:
        target = tmp_path / "landing" / source_id / LAYOUTS[source_id].file
        if case == "same_bytes_new_name":
            check_duplicate(con, base, target.with_name(f"{target.stem} (1){target.suffix}"))
            return
        bad = write_bad_file(base, case, target)
        edit = edit_for(LAYOUTS[source_id], case)
        if edit is not None and not edit.blocks:
            check_loads_with_warnings(con, source_id, bad, edit.warns)
        else:
            check_rejected(con, base, case, bad, edit)
    finally:
        con.close()


def check_duplicate(con: duckdb.DuckDBPyConnection, base: Base, copy: Path) -> None:
    """The good file's bytes under a new name: status duplicate, logged once, raw unchanged."""
    raw_before, log_before = raw_snapshot(con, base.source_id), log_rows(con)
    copy.parent.mkdir(parents=True)
    shutil.copyfile(base.good, copy)
    assert ingest_file(con, SOURCES[base.source_id], copy).status == "duplicate"
    error = f"same bytes as {base.good.name}, already loaded"
    assert log_rows(con)[len(log_before) :] == [(copy.name, file_sha256(copy), "duplicate", error)]
    assert raw_snapshot(con, base.source_id) == raw_before


def check_loads_with_warnings(
    con: duckdb.DuckDBPyConnection, source_id: str, bad: Path, warnings: tuple[str, ...]
) -> None:
    """The suite's rule for the defect is a warning: the file loads and the warning is kept."""
    rows_before, log_before = len(raw_snapshot(con, source_id)[1]), log_rows(con)
    run_id = f"contract-{uuid.uuid4().hex[:8]}"
    outcome = ingest_file(con, SOURCES[source_id], bad, run_id)
    assert outcome.status == "loaded" and outcome.rows > 0, outcome
    assert len(raw_snapshot(con, source_id)[1]) == rows_before + outcome.rows
    assert failed_rules(con, run_id, "blocking") == set()
    # The good file may fail the same warning already (the PRC sample has an unknown code of
    # its own): the bad file must fail it on more values.
    base, bad_counts = unexpected_counts(con, BASE_RUN_ID), unexpected_counts(con, run_id)
    for rule in warnings:
        assert bad_counts[rule] > base.get(rule, 0), (rule, bad_counts, base)
    assert log_rows(con)[len(log_before) :] == [(bad.name, file_sha256(bad), "loaded", None)]


def check_rejected(
    con: duckdb.DuckDBPyConnection, base: Base, case: str, bad: Path, edit: Edit | None
) -> None:
    """One-line IngestError naming file, source and problem; one `rejected` log row carrying
    the problem; raw unchanged. A gate case fails exactly the blocking rules of its edit."""
    source_id = base.source_id
    raw_before, log_before = raw_snapshot(con, source_id), log_rows(con)
    run_id = f"contract-{uuid.uuid4().hex[:8]}"
    with pytest.raises(IngestError) as caught:
        ingest_file(con, SOURCES[source_id], bad, run_id)
    error = caught.value
    assert error.source_id == source_id and error.path.name == bad.name
    assert str(error) == f"{bad.name} [{source_id}]: {error.problem}"
    assert "\n" not in str(error) and "\r" not in str(error), str(error)
    if edit is None:
        pattern = expected_problem(base, case)
        assert pattern is not None, f"{source_id}: no expected problem for {case}"
        assert re.search(pattern, error.problem), error.problem
    else:
        assert error.problem.startswith("blocked by data quality rules: "), error.problem
        assert failed_rules(con, run_id, "blocking") == set(edit.blocks), error.problem
        if case == "text_in_number":  # the problem points at the offending cell
            assert re.search(r"\brow \d+", error.problem), error.problem
    assert log_rows(con)[len(log_before) :] == [
        (bad.name, file_sha256(bad), "rejected", error.problem)
    ]
    assert raw_snapshot(con, source_id) == raw_before


# --------------------------------------------------------------------------------------------
# The command line: one run over a landing folder of bad files and one good file
# --------------------------------------------------------------------------------------------

# One kind of broken file per source, rotating over kinds every source rejects before the gate
# (no validation needed, so the run stays quick) whose bytes differ from source to source: bytes
# rejected once are skipped wherever they turn up again, so two 0-byte files or two copies of the
# same HTML page would give one rejection, not two.
CLI_DEFECTS = ("random_bytes", "truncated", "header_only")
CLI_GOOD_SOURCE = "street_crime"
CLI_GOOD_FILE = "2023-11/2023-11-city-of-london-street.csv"  # a sample file, not the base


def test_ppf_ingest_reports_every_rejected_file_and_loads_the_good_one(
    bases: Bases, samples: Samples, tmp_path: Path
):
    workspace = Workspace(tmp_path / "workspace")
    bad_files: dict[str, Path] = {}
    for index, source_id in enumerate(sorted(SOURCES)):
        target = workspace.landing / source_id / LAYOUTS[source_id].file
        defect = CLI_DEFECTS[index % len(CLI_DEFECTS)]
        bad_files[source_id] = write_bad_file(bases.get(source_id), defect, target)
    good = workspace.landing / CLI_GOOD_SOURCE / CLI_GOOD_FILE
    good.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(samples.landing / CLI_GOOD_SOURCE / CLI_GOOD_FILE, good)

    result = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "ingest"],
        cwd=PROJECT_ROOT,
        env=workspace.env,
        capture_output=True,
        text=True,
        timeout=900,
    )

    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    for source_id, bad in bad_files.items():
        assert any(bad.name in line and f"[{source_id}]" in line for line in lines), (
            source_id,
            result.stderr,
        )
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        log = con.execute("select source_id, file_name, status from raw.load_log").fetchall()
        loaded_rows = con.execute(
            f'select count(*) from raw."{CLI_GOOD_SOURCE}" where _source_file = ?', [good.name]
        ).fetchone()[0]
    for source_id, bad in bad_files.items():
        assert log.count((source_id, bad.name, "rejected")) == 1, (source_id, log)
    assert (CLI_GOOD_SOURCE, good.name, "loaded") in log
    expected_rows = len(list(csv.reader(io.StringIO(good.read_text(encoding="utf-8"))))) - 1
    assert loaded_rows == expected_rows
