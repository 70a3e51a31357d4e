"""Tests of the Home Office police misconduct proceedings source (`police_misconduct`).

Each test writes its own small ODS workbook (standalone ODS writer) with the quirks the loader
must tolerate (title rows above the header, header synonyms, both year forms, wording drift, a
suppressed cell, a non-force row) and lands it into its own DuckDB file. Expected values are
computed here from the cells the test wrote.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from python_calamine import CalamineWorkbook

from orchestration.ingest.errors import IngestError
from orchestration.ingest.runner import ingest_file
from orchestration.ingest.warehouse import connect
from orchestration.sample.ods_writer import write_ods
from orchestration.sources import SOURCES
from orchestration.sources.police_misconduct import sample as sample
from tests.python.conftest import PROJECT_ROOT, Workspace, run_dbt
from tests.python.raw_state import load_log, raw_snapshot

SOURCE_ID = "police_misconduct"
SPEC = SOURCES[SOURCE_ID]
CANONICAL = [
    "financial_year", "force_name", "case_type", "proceeding_type", "finding", "outcome",
    "worker_type", "number_of_individuals",
]  # fmt: skip
HEADER = [
    "Financial year", "Force", "Case type", "Proceeding type", "Finding", "Outcome",
    "Worker type", "Number of individuals",
]  # fmt: skip
SYNONYM_HEADER = [
    "Year ending", "Police force", "Type of case", "Type of proceeding", "Finding level",
    "Disciplinary action", "Officer or staff", "Count",
]  # fmt: skip
# Codes the labels used below stand for (police_misconduct_labels seed wording).
CODES = {
    "Conduct matter": "conduct_matter", "Complaint": "complaint",
    "Recordable conduct matter": "recordable_conduct_matter",
    "Misconduct meeting": "misconduct_meeting", "Misconduct hearing": "misconduct_hearing",
    "Accelerated hearing": "accelerated_hearing",
    "Accelerated misconduct hearing": "accelerated_hearing",
    "Gross misconduct": "gross_misconduct", "Misconduct": "misconduct",
    "No misconduct": "no_misconduct", "Not proven": "not_proven",
    "Dismissal without notice": "dismissal", "Final written warning": "final_written_warning",
    "Written warning": "written_warning", "No further action": "no_further_action",
    "Reflective practice review process": "reflective_practice_review_process",
    "Would have been dismissed": "would_have_been_dismissed",
    "Police officer": "officer", "Police staff": "staff", "Officer": "officer", "Staff": "staff",
}  # fmt: skip
FORCES = {  # force name as published -> ONS code (None: not a force area)
    "Metropolitan Police": "E23000001",
    "Devon and Cornwall": "E23000035",
    "London, City of": "E23000034",
    "British Transport Police": None,
}
FY, FORCE, CASE, PROCEEDING, FINDING, OUTCOME, WORKER, COUNT = range(8)


@dataclass
class Book:
    name: str
    header: list[str]
    rows: list[list]
    title_rows: list[list] = field(default_factory=list)
    sheet: str = "Proceedings"

    def write(self, folder: Path) -> Path:
        path = folder / self.name
        cover = [["Police misconduct, England and Wales"], ["Source: Home Office"]]
        write_ods(
            path,
            [("Cover_sheet", cover), (self.sheet, [*self.title_rows, self.header, *self.rows])],
        )
        return path

    def first_row(self) -> int:
        return len(self.title_rows) + 2


def _rows(years: list[str], old_accelerated: set[str]) -> list[list]:
    rows: list[list] = []
    for i, year in enumerate(years):
        accelerated = "Accelerated hearing" if year in old_accelerated else (
            "Accelerated misconduct hearing"
        )  # fmt: skip
        rows += [
            [year, "Metropolitan Police", "Conduct matter", "Misconduct hearing",
             "Gross misconduct", "Dismissal without notice", "Police officer", 40 + i],
            [year, "Metropolitan Police", "Conduct matter", accelerated, "Gross misconduct",
             "Would have been dismissed", "Police officer", 12 + i],
            [year, "Metropolitan Police", "Complaint", "Misconduct meeting", "Misconduct",
             "Written warning", "Police staff", 5 + i],
            [year, "Devon and Cornwall", "Recordable conduct matter", "Misconduct meeting",
             "No misconduct", "Reflective practice review process", "Police officer", 3],
            [year, "London, City of", "Conduct matter", "Misconduct hearing", "Not proven",
             "No further action", "Police officer", 1 + i],
        ]  # fmt: skip
    return rows


def genuine_books() -> list[Book]:
    """An older release (2020/21-2023/24) and a newer one (2022/23-2024/25) that re-issues
    the later years with synonym headers, 'Year ending March YYYY' years, title rows above the
    header, a suppressed cell and a British Transport Police row."""
    older = Book(
        "police-misconduct-open-data-tables-proceedings-191125.ods",
        list(HEADER),
        _rows(["2020/21", "2021/22", "2022/23", "2023/24"], {"2020/21", "2021/22"}),
    )
    newer_rows = _rows(
        ["Year ending March 2023", "Year ending March 2024", "Year ending March 2025"], set()
    )
    newer_rows[3][COUNT] = "[c]"
    newer_rows[0][COUNT] = 44  # a revision of 2022/23
    newer_rows.append(
        ["Year ending March 2025", "British Transport Police", "Conduct matter",
         "Misconduct hearing", "Gross misconduct", "Dismissal without notice", "Officer", 2]
    )  # fmt: skip
    newer = Book(
        "police-misconduct-open-data-tables-proceedings-191126.ods",
        list(SYNONYM_HEADER),
        newer_rows,
        [["Police misconduct proceedings, open data"], [None]],
        sheet="Data_proceedings",
    )
    return [older, newer]


def as_text(value: object) -> str | None:
    return None if value is None else str(value)


def expected_raw(books: list[Book]) -> list[tuple]:
    out = []
    for book in books:
        for offset, row in enumerate(book.rows):
            values = tuple(as_text(v) for v in row)
            out.append((book.name, *values, book.sheet, str(book.first_row() + offset)))
    return sorted(out)


def raw_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    cols = ", ".join(CANONICAL)
    return sorted(
        con.execute(
            f"select _source_file, {cols}, _sheet, _row_number from raw.police_misconduct"
        ).fetchall()
    )


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def con(tmp_path: Path):
    connection = connect(tmp_path / "warehouse" / "test.duckdb")
    yield connection
    connection.close()


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    folder = tmp_path / "landing" / SOURCE_ID
    folder.mkdir(parents=True)
    return folder


def land(con, folder: Path, books: list[Book]) -> dict[str, str]:
    shas = {}
    for book in books:
        path = book.write(folder)
        outcome = ingest_file(con, SPEC, path)
        assert outcome.status == "loaded", outcome
        assert outcome.rows == len(book.rows)
        shas[book.name] = sha256_of(path)
    return shas


def release_of(name: str) -> dt.date:
    stamp = name.rsplit("-", 1)[1].split(".")[0]
    return dt.date(2000 + int(stamp[4:6]), int(stamp[2:4]), int(stamp[0:2]))


# --------------------------------------------------------------------------------------------
# (a) genuine format: raw exactly as written, staging exactly as expected
# --------------------------------------------------------------------------------------------


def test_rows_land_exactly_as_written(con, landing):
    books = genuine_books()
    land(con, landing, books)
    assert raw_rows(con) == expected_raw(books)
    releases = [(r[0], r[2]) for r in load_log(con)]
    assert releases == [(b.name, release_of(b.name).isoformat()) for b in books]
    # The cover sheet is passed over; the title rows above the header never land.
    assert con.execute(
        "select count(*) from raw.police_misconduct where _sheet = 'Cover_sheet' "
        "or financial_year like 'Police%'"
    ).fetchone() == (0,)


def _fy(text: str) -> str:
    if text.startswith("Year ending March "):
        end = int(text[-4:])
        return f"{end - 1}/{str(end)[2:]}"
    return text


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("misconduct_dbt")
    folder = root / "landing" / SOURCE_ID
    folder.mkdir(parents=True)
    warehouse = root / "warehouse.duckdb"
    books = genuine_books()
    con = connect(warehouse)
    try:
        shas = land(con, folder, books)
    finally:
        con.close()
    run_dbt(
        warehouse,
        "build",
        "--select",
        "+stg_police_misconduct__proceedings",
        "police_force_areas",
        "--indirect-selection",
        "buildable",
        target_dir=root / "target",
    )
    return warehouse, books, shas


def _key(row: tuple) -> tuple:
    return tuple("" if v is None else str(v) for v in row)


def test_staging_rows_exactly_as_expected(built):
    warehouse, books, shas = built
    # Per financial year, the rows of the latest release that carries it.
    latest: dict[str, Book] = {}
    for book in books:
        for row in book.rows:
            year = _fy(row[FY])
            if year not in latest or release_of(book.name) > release_of(latest[year].name):
                latest[year] = book
    expected = []
    for book in books:
        for offset, row in enumerate(book.rows):
            year = _fy(row[FY])
            if latest[year] is not book:
                continue
            start = int(year[:4])
            count = row[COUNT] if isinstance(row[COUNT], int) else None
            expected.append(
                (
                    year, row[FORCE], CODES[row[CASE]], CODES[row[PROCEEDING]],
                    CODES[row[FINDING]], CODES[row[OUTCOME]], CODES[row[WORKER]],
                    FORCES[row[FORCE]], FORCES[row[FORCE]] is not None,
                    None if FORCES[row[FORCE]] else "transport_police",
                    row[FY], row[PROCEEDING], dt.date(start, 4, 1), dt.date(start + 1, 3, 31),
                    count, None if count is not None else "confidential [c]",
                    release_of(book.name), book.name, shas[book.name], book.sheet,
                    book.first_row() + offset,
                )
            )  # fmt: skip
    with duckdb.connect(str(warehouse), read_only=True) as db:
        got = db.execute(
            "select financial_year, force_name, case_type_code, proceeding_type_code, "
            "finding_code, outcome_code, worker_type_code, force_code, is_force_area, "
            "reporting_body_type, financial_year_as_published, proceeding_type, period_start, "
            "period_end, individual_count, value_note, release_date, source_file, file_sha256, "
            "source_sheet, source_row_number from staging.stg_police_misconduct__proceedings"
        ).fetchall()
    assert sorted(got, key=_key) == sorted(expected, key=_key)
    years = sorted({r[0] for r in got})
    assert years == ["2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]


# --------------------------------------------------------------------------------------------
# (b) bad input
# --------------------------------------------------------------------------------------------


def _base() -> Book:
    book = genuine_books()[0]
    book.name = "bad.ods"
    return book


def _write(path: Path, book: Book) -> None:
    book.name = path.name
    book.write(path.parent)


def _unmapped_header(path: Path) -> None:
    book = _base()
    book.header.append("Rank")
    for row in book.rows:
        row.append("Constable")
    _write(path, book)


def _negative_count(path: Path) -> None:
    book = _base()
    book.rows[1][COUNT] = -3
    _write(path, book)


def _missing_year(path: Path) -> None:
    book = _base()
    book.rows = [r for r in book.rows if r[FY] != "2021/22"]
    _write(path, book)


def _bad_year(path: Path) -> None:
    book = _base()
    book.rows[0][FY] = "2020/22"
    _write(path, book)


def _cover_only(path: Path) -> None:
    write_ods(path, [("Cover_sheet", [["Police misconduct"], ["No data here"]])])


def _csv_named_ods(path: Path) -> None:
    book = _base()
    lines = [",".join(book.header), *(",".join(str(v) for v in r) for r in book.rows)]
    path.write_text("\n".join(lines), encoding="utf-8")


@dataclass(frozen=True)
class BadCase:
    id: str
    make: Callable[[Path], None]
    problem: tuple[str, ...]
    suffix: str = ".ods"


BAD_CASES = [
    BadCase(
        "unmapped_header",
        _unmapped_header,
        ("sheet 'Proceedings'", "header row 1", "unmapped column(s) 'Rank'"),
    ),
    BadCase("negative_count", _negative_count, ("non_negative_integer_counts", "-3")),
    BadCase("missing_year", _missing_year, ("expected_years",)),
    BadCase("bad_year", _bad_year, ("financial_year_format",)),
    BadCase("cover_only", _cover_only, ("no misconduct proceedings table", "Cover_sheet")),
    BadCase("wrong_file_type", _csv_named_ods, ("unsupported file type",), ".csv"),
]


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.id for c in BAD_CASES])
def test_bad_file_rejected_and_raw_untouched(con, landing, case: BadCase):
    """Rejections particular to the proceedings table: an extra column, negative counts, a missing
    or malformed year, no proceedings table, a .csv name; the bad files every source rejects alike
    are in test_bad_files_contract."""
    land(con, landing, genuine_books()[:1])
    before = raw_snapshot(con, "police_misconduct")
    log_before = load_log(con)
    bad = landing / f"police-misconduct-{case.id.replace('_', '-')}-201126{case.suffix}"
    case.make(bad)
    sha = sha256_of(bad)

    with pytest.raises(IngestError) as caught:
        ingest_file(con, SPEC, bad)

    exc = caught.value
    message = str(exc)
    assert exc.source_id == SOURCE_ID
    assert message == f"{bad.name} [{SOURCE_ID}]: {exc.problem}"
    for fragment in case.problem:
        assert fragment.lower() in message.lower(), (fragment, message)
    assert load_log(con) == [*log_before, (bad.name, sha, None, "rejected", None, exc.problem)]
    assert raw_snapshot(con, "police_misconduct") == before


# --------------------------------------------------------------------------------------------
# (c) the sample writer
# --------------------------------------------------------------------------------------------


def read_sheet(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample.write_sample(tmp_path_factory.mktemp("misconduct_sample"), PROJECT_ROOT)


def test_sample_is_deterministic(sample_file, tmp_path):
    again = sample.write_sample(tmp_path, PROJECT_ROOT)
    assert again.name == sample_file.name
    assert again.read_bytes() == sample_file.read_bytes()


def test_sample_layout_is_genuine(sample_file):
    assert sample_file.parent.name == SOURCE_ID
    assert sample_file.name == "police-misconduct-open-data-tables-proceedings-191126.ods"
    names = CalamineWorkbook.from_path(str(sample_file)).sheet_names
    assert names == ["Cover_sheet", "Notes", "Proceedings"]
    rows = read_sheet(sample_file, "Proceedings")
    assert rows[0] == HEADER
    data = rows[1:]
    years = sorted({r[FY] for r in data})
    assert years == ["2020/21", "2021/22", "2022/23", "2023/24", "2024/25", "2025/26"]
    forces = {r[FORCE] for r in data}
    assert len(forces) == 43
    assert "British Transport Police" not in forces
    assert {"London, City of", "Devon and Cornwall", "Metropolitan Police"} <= forces
    assert all(isinstance(r[COUNT], float) and r[COUNT] >= 1 for r in data)
    accelerated = {(r[FY], r[PROCEEDING]) for r in data if "ccelerated" in r[PROCEEDING]}
    assert {p for y, p in accelerated if y in ("2020/21", "2021/22")} == {"Accelerated hearing"}
    assert {p for y, p in accelerated if y >= "2022/23"} == {"Accelerated misconduct hearing"}
    # Dismissal follows a finding of misconduct or gross misconduct only (regulation 42).
    assert all(
        r[FINDING] in ("Gross misconduct", "Misconduct")
        for r in data
        if r[OUTCOME] in ("Dismissal without notice", "Would have been dismissed")
    )
    assert not any(r[WORKER] == "Police staff" and "ccelerated" in r[PROCEEDING] for r in data)
    keys = [tuple(r[:COUNT]) for r in data]
    assert len(keys) == len(set(keys))


# --------------------------------------------------------------------------------------------
# (d) end to end
# --------------------------------------------------------------------------------------------


def test_end_to_end_staging_matches_sample_files(sample_workspace: Workspace):
    files = sorted((sample_workspace.landing / SOURCE_ID).glob("*.ods"))
    assert len(files) == 1
    data = read_sheet(files[0], "Proceedings")[1:]
    dismissed = sum(int(r[COUNT]) for r in data if r[OUTCOME] == "Dismissal without notice")
    with duckdb.connect(str(sample_workspace.warehouse), read_only=True) as db:
        got = db.execute(
            "select count(*), sum(individual_count), "
            "sum(individual_count) filter (where outcome_code = 'dismissal'), "
            "count(distinct force_code) from staging.stg_police_misconduct__proceedings"
        ).fetchone()
    assert got == (len(data), sum(int(r[COUNT]) for r in data), dismissed, 43)
