"""Tests of the police workforce source (`workforce`): loader, GX gate, staging, sample writer.

Every test writes its own small workbooks (standalone ODS writer, openpyxl for XLSX) and lands
them into its own DuckDB file. Expected raw and staging rows are computed here in plain Python
from the cells the test wrote, never from the code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from orchestration.ingest.errors import IngestError
from orchestration.ingest.runner import ingest_file
from orchestration.ingest.warehouse import connect
from orchestration.reference import force_resolver
from orchestration.sample.ods_writer import write_ods
from orchestration.sources import SOURCES
from orchestration.sources.workforce.sample import write_sample
from tests.python.conftest import PROJECT_ROOT, Workspace, run_dbt, seed_csv
from tests.python.raw_state import load_log, raw_snapshot

SOURCE_ID = "workforce"
SPEC = SOURCES[SOURCE_ID]

RAW_COLUMNS = [
    "as_at_31_march", "as_at_date", "geocode", "force_name", "region", "sex", "rank",
    "worker_type", "ethnicity_5_plus_1", "headcount", "fte", "ethnicity_3_plus_1",
    "function_subgroup_number", "function_subgroup_name", "wider_function_number",
    "wider_function_name", "frontline_type", "financial_year", "leaver_reason", "duty_status",
    "_table", "_sheet", "_row_number",
]  # fmt: skip
# Published header -> raw column, as the genuine files (and this source's assumptions) name them.
HEADER_COLUMN = {
    "As at 31 March": "as_at_31_march", "As at": "as_at_date", "Geocode": "geocode",
    "Force name": "force_name", "Region": "region", "Sex": "sex", "Rank": "rank",
    "Worker type": "worker_type", "Ethnicity (5+1)": "ethnicity_5_plus_1",
    "Ethnicity (3+1)": "ethnicity_3_plus_1", "Function subgroup number": "function_subgroup_number",
    "Function subgroup name": "function_subgroup_name",
    "Wider function number": "wider_function_number", "Wider function name": "wider_function_name",
    "Frontline type": "frontline_type", "Financial year": "financial_year",
    "Reason for leaving": "leaver_reason", "Duty status": "duty_status",
    "Total (Headcount)": "headcount", "Total (FTE)": "fte",
}  # fmt: skip
MAIN_HEADER = ["As at 31 March", "Geocode", "Force name", "Region", "Sex", "Rank", "Worker type",
               "Total (Headcount)", "Total (FTE)"]  # fmt: skip
SEPTEMBER_HEADER = ["As at", "Geocode", "Force name", "Region", "Sex", "Worker type",
                    "Total (Headcount)", "Total (FTE)"]  # fmt: skip
FUNCTIONS_HEADER = ["As at 31 March", "Geocode", "Force name", "Region", "Worker type",
                    "Ethnicity (5+1)", "Ethnicity (3+1)", "Sex", "Function subgroup number",
                    "Function subgroup name", "Wider function number", "Wider function name",
                    "Frontline type", "Total (FTE)"]  # fmt: skip
LEAVERS_HEADER = ["Financial year", "Geocode", "Force name", "Region", "Sex", "Worker type",
                  "Reason for leaving", "Total (Headcount)", "Total (FTE)"]  # fmt: skip
DUTY_HEADER = ["As at 31 March", "Geocode", "Force name", "Region", "Sex", "Worker type",
               "Duty status", "Total (Headcount)", "Total (FTE)"]  # fmt: skip

FORCE_CODES = {
    "Kent": "E23000032",
    "Hampshire": "E23000030",
    "Hampshire and Isle of Wight": "E23000030",
    "Dyfed-Powys": "W15000004",
}
BODIES = {"British Transport Police": "transport_police", "England and Wales": "national_total"}
WORKERS = {  # label -> (canonical worker type, headcount only)
    "Police Officer": ("police_officer", False),
    "Police Staff": ("police_staff", False),
    "PCSO": ("pcso", False),
    "Police Community Support Officer": ("pcso", False),
    "Designated officer": ("designated_officer", False),
    "Special Constable": ("special_constable", True),
}
TOTAL_LABELS = {"total", "all", "all ranks", "all sexes"}
TABLE_OF_HEADER = {  # first distinguishing header -> table type
    "Wider function name": "functions",
    "Reason for leaving": "leavers",
    "Duty status": "duty_status",
}


@dataclass
class Book:
    """One workbook the test writes: file name, sheets (name, rows), and which sheet is data."""

    name: str
    header: list[str]
    rows: list[list]
    title_rows: list[list] = field(default_factory=list)
    extra_sheets: list[tuple[str, list[list]]] = field(default_factory=list)

    @property
    def release(self) -> dt.date:
        ddmmyy = re.search(r"-(\d{6})\.", self.name).group(1)
        return dt.date(2000 + int(ddmmyy[4:]), int(ddmmyy[2:4]), int(ddmmyy[:2]))

    @property
    def table(self) -> str:
        return next((t for h, t in TABLE_OF_HEADER.items() if h in self.header), "main")

    def first_data_row(self) -> int:
        return len(self.title_rows) + 2

    def write(self, folder: Path) -> Path:
        path = folder / self.name
        if path.suffix == ".xlsx":
            workbook = openpyxl.Workbook()
            sheet = workbook.active
            sheet.title = "Data"
            for row in [*self.title_rows, self.header, *self.rows]:
                sheet.append(row)
            workbook.save(path)
        else:
            write_ods(
                path, [*self.extra_sheets, ("Data", [*self.title_rows, self.header, *self.rows])]
            )
        return path

    def records(self) -> list[dict]:
        """Each data row as {published header: value} plus its spreadsheet row number."""
        return [
            {**dict(zip(self.header, row, strict=True)), "_row": self.first_data_row() + i}
            for i, row in enumerate(self.rows)
        ]


def main_2022_2023() -> Book:
    """31 March 2022 and 2023: Hampshire renamed in 2023, BTP, specials with [z] FTE."""
    rows = []
    for year in (2022, 2023):
        hampshire = "Hampshire" if year == 2022 else "Hampshire and Isle of Wight"
        for force, code, region in (
            ("Kent", "E23000032", "South East"),
            (hampshire, "E23000030", "South East"),
            ("British Transport Police", "BTP", "British Transport Police"),
        ):
            base = 100 if force.startswith("British") else 1000 + 10 * (year - 2022)
            rows += [
                [year, code, force, region, "Female", "Constable", "Police Officer", base,
                 round(base * 0.93, 2)],
                [year, code, force, region, "Male", "Constable", "Police Officer", 2 * base,
                 round(2 * base * 0.9975, 2)],
                [year, code, force, region, "Male", "Sergeant", "Police Officer", base // 5,
                 base // 5],
                [year, code, force, region, "Female", "Police Staff", "Police Staff", base,
                 round(base * 0.8505, 2)],
                [year, code, force, region, "Male", "PCSO", "PCSO", 40, 37.75],
                [year, code, force, region, "Female", "Special Constable", "Special Constable",
                 25, "[z]"],
            ]  # fmt: skip
    return Book(
        "open-data-table-police-workforce-200723.ods",
        list(MAIN_HEADER),
        rows,
        extra_sheets=[("Cover sheet", [["Police workforce open data"], ["Source: Home Office"]])],
    )


def main_revised_2023_2024() -> Book:
    """A later release: 2023 revised (one cell) and 2024 added; 2022 no longer published."""
    book = main_2022_2023()
    rows = [list(r) for r in book.rows if r[0] == 2023]
    rows[1][-1] = 1990.5  # the revision
    for row in [list(r) for r in book.rows if r[0] == 2023]:
        row[0] = 2024
        rows.append(row)
    return Book("open-data-table-police-workforce-180724.ods", list(MAIN_HEADER), rows)


def september_2023() -> Book:
    """30 September 2023: `As at` text dates, no rank, total rows, other worker-type spellings."""
    detail = []
    for force, code in (("Kent", "E23000032"), ("Dyfed-Powys", "W15000004")):
        for sex, officers, fte, pcsos in (("Female", 1210, 1125.37, 35), ("Male", 2400, 2380, 20)):
            scale = 1 if force == "Kent" else 0.5
            detail += [
                ["30/09/2023", code, force, "Wales" if code[0] == "W" else "South East", sex,
                 "Police Officer", int(officers * scale), round(fte * scale, 2)],
                ["30/09/2023", code, force, "Wales" if code[0] == "W" else "South East", sex,
                 "Police Community Support Officer", pcsos, pcsos - 1.5],
                ["30/09/2023", code, force, "Wales" if code[0] == "W" else "South East", sex,
                 "Special Constable", 12, None],
            ]  # fmt: skip
    btp = [["30/09/2023", "BTP", "British Transport Police", None, "Male", "Police Officer", 2000,
            1950.2]]  # fmt: skip
    totals = []
    kent = [r for r in detail if r[2] == "Kent"]
    for worker in ("Police Officer", "Police Community Support Officer"):
        parts = [r for r in kent if r[5] == worker]
        totals.append(
            ["30/09/2023", "E23000032", "Kent", "South East", "Total", worker,
             sum(r[6] for r in parts), round(sum(r[7] for r in parts), 2)]
        )  # fmt: skip
    for sex in ("Female", "Male"):
        for worker in ("Police Officer", "Police Community Support Officer", "Special Constable"):
            parts = [r for r in detail if r[4] == sex and r[5] == worker]
            fte = None if worker == "Special Constable" else round(sum(r[7] for r in parts), 2)
            totals.append(
                ["30/09/2023", "K04000001", "England and Wales", None, sex, worker,
                 sum(r[6] for r in parts), fte]
            )  # fmt: skip
    return Book(
        "open-data-table-police-workforce-250124.ods",
        list(SEPTEMBER_HEADER),
        [*detail, *btp, *totals],
    )


def september_2022_xlsx() -> Book:
    """30 September 2022 in an XLSX edition, the `As at` cell a real date cell."""
    rows = [
        [dt.date(2022, 9, 30), "E23000032", "Kent", "South East", "Female", "Police Officer",
         1180, 1100.4],
        [dt.date(2022, 9, 30), "E23000032", "Kent", "South East", "Male", "Designated officer",
         30, 28],
    ]  # fmt: skip
    return Book("open-data-table-police-workforce-260123.xlsx", list(SEPTEMBER_HEADER), rows)


def functions_2022_2023() -> Book:
    """Functions table: `Local Policing` / `Local policing` drift, 1a rows, `Not stated`."""
    rows = []
    for year, local in ((2022, "Local Policing"), (2023, "Local policing")):
        for force, code in (("Kent", "E23000032"), ("Dyfed-Powys", "W15000004")):
            rows += [
                [year, code, force, "South East", "Police Officer", "White", "White British",
                 "Female", "1a", "Neighbourhood policing", 1, local, "Visible frontline", 120.5],
                [year, code, force, "South East", "Police Officer", "Asian or Asian British",
                 "Ethnic minorities (excluding White minorities)", "Male", "1a",
                 "Neighbourhood policing", 1, local, "Visible frontline", 14],
                [year, code, force, "South East", "Police Officer", "White", "White British",
                 "Male", "1b", "Incident (response) management", 1, local, "Visible frontline",
                 610.25],
                [year, code, force, "South East", "PCSO", "White", "White minorities", "Female",
                 "1a", "Neighbourhood policing", 1, local, "Visible frontline", 33.8],
                [year, code, force, "South East", "Police Staff", "Not stated", "Not stated",
                 "Female", None, "Not stated", None, "Not stated", "Not stated", 4.6],
                [year, code, force, "South East", "Police Staff", "White", "White British",
                 "Male", "7a", "Investigations", 7,
                 "Investigations", "Non-visible frontline", 88],
            ]  # fmt: skip
    return Book(
        "open-data-table-police-workforce-functions-200723.ods", list(FUNCTIONS_HEADER), rows
    )


def leavers_2023_24() -> Book:
    rows = [
        ["2023/24", "E23000032", "Kent", "South East", "Male", "Police Officer",
         "Voluntary resignation", 61, 59.8],
        ["2023/24", "E23000032", "Kent", "South East", "Female", "Police Officer",
         "Normal retirement", 40, 38.25],
        ["2023/24", "BTP", "British Transport Police", None, "Male", "Police Officer",
         "Voluntary resignation", 25, 25],
    ]  # fmt: skip
    return Book("open-data-table-police-leavers-180724.ods", list(LEAVERS_HEADER), rows)


def duty_status_2024() -> Book:
    rows = [
        [2024, "E23000032", "Kent", "South East", "Male", "Police Officer", "Long-term sick",
         55, 53.9],
        [2024, "E23000032", "Kent", "South East", "Female", "Police Officer",
         "Recuperative duties", 71, 66.66],
        [2024, "E23000032", "Kent", "South East", "Female", "Police Officer", "Adjusted duties",
         48, 45],
    ]  # fmt: skip
    return Book(
        "open-data-table-police-workforce-duty-status-180724.ods",
        list(DUTY_HEADER),
        rows,
        title_rows=[["Officers on long-term sick leave and limited duties"], [None]],
    )


def all_books() -> list[Book]:
    return [
        main_2022_2023(),
        main_revised_2023_2024(),
        september_2023(),
        september_2022_xlsx(),
        functions_2022_2023(),
        leavers_2023_24(),
        duty_status_2024(),
    ]


# --------------------------------------------------------------------------- expectations
def as_published(value: object) -> str | None:
    """The text a cell the test wrote lands as (ints and integral floats without `.0`)."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def expected_raw(book: Book) -> list[tuple]:
    out = []
    for record in book.records():
        row = dict.fromkeys(RAW_COLUMNS)
        for header, column in HEADER_COLUMN.items():
            if header in record:
                row[column] = as_published(record[header])
        row.update(_table=book.table, _sheet="Data", _row_number=str(record["_row"]))
        out.append(tuple(row[c] for c in RAW_COLUMNS))
    return sorted(out, key=_sort_key)


def _sort_key(row: tuple) -> tuple:
    return tuple("" if v is None else str(v) for v in row)


def _period(record: dict) -> tuple[str, dt.date, dt.date, str]:
    """(period_type, start, end, label) read from the record the test wrote."""
    if "As at 31 March" in record:
        year = record["As at 31 March"]
        return "snapshot", dt.date(year, 3, 31), dt.date(year, 3, 31), str(year)
    if "As at" in record:
        value = record["As at"]
        if isinstance(value, dt.date):
            return "snapshot", value, value, value.isoformat()
        day, month, year = (int(p) for p in value.split("/"))
        return "snapshot", dt.date(year, month, day), dt.date(year, month, day), value
    label = record["Financial year"]
    first = int(label[:4])
    return "financial_year", dt.date(first, 4, 1), dt.date(first + 1, 3, 31), label


STAGING_COLUMNS = [
    "table_type", "period_type", "period_start", "period_end", "period_label", "force_name",
    "force_code", "is_force_area", "reporting_body_type", "geocode", "region",
    "worker_type_as_published", "worker_type", "is_headcount_only", "sex", "rank",
    "ethnicity_5_plus_1", "ethnicity_3_plus_1", "function_subgroup_number",
    "function_subgroup_name", "wider_function_number", "wider_function_as_published",
    "wider_function", "is_local_policing", "is_neighbourhood_policing", "frontline_type",
    "leaver_reason", "duty_status", "is_breakdown_total", "fte", "fte_note", "headcount",
    "headcount_note", "release_date", "source_file", "source_sheet", "source_row_number",
]  # fmt: skip


def expected_staging(books: list[Book]) -> list[tuple]:
    """Rows of the latest release publishing each (table, period), typed as staging types them."""
    latest: dict[tuple[str, dt.date], dt.date] = {}
    for book in books:
        for record in book.records():
            key = (book.table, _period(record)[2])
            latest[key] = max(latest.get(key, book.release), book.release)
    out = []
    for book in books:
        for r in book.records():
            period_type, start, end, label = _period(r)
            if latest[(book.table, end)] != book.release:
                continue
            worker, headcount_only = WORKERS[r["Worker type"]]
            fte, heads = r.get("Total (FTE)"), r.get("Total (Headcount)")
            if isinstance(fte, (int, float)):
                fte_value, fte_note = float(fte), None
            elif fte is None:
                fte_value = None
                fte_note = (
                    "not applicable: headcount-only worker type"
                    if headcount_only
                    else "missing: empty cell"
                )
            else:
                fte_value, fte_note = None, {"[z]": "not applicable [z]"}[fte]
            if book.table == "functions":
                heads_value, heads_note = None, "not published in the functions table"
            else:
                heads_value, heads_note = int(heads), None
            wider = r.get("Wider function name")
            number, subgroup = r.get("Function subgroup number"), r.get("Function subgroup name")
            neighbourhood = None
            if number is not None or subgroup is not None:
                neighbourhood = (
                    number == "1a" or (subgroup or "").lower() == "neighbourhood policing"
                )
            wider_number = r.get("Wider function number")
            out.append(
                (
                    book.table, period_type, start, end, label, r["Force name"],
                    FORCE_CODES.get(r["Force name"]), r["Force name"] in FORCE_CODES,
                    BODIES.get(r["Force name"]), r["Geocode"], r["Region"], r["Worker type"],
                    worker, headcount_only, r.get("Sex"), r.get("Rank"), r.get("Ethnicity (5+1)"),
                    r.get("Ethnicity (3+1)"), number, subgroup,
                    None if wider_number is None else str(wider_number), wider,
                    None if wider is None else wider[0].upper() + wider[1:].lower(),
                    None if wider is None else wider.lower() == "local policing",
                    neighbourhood, r.get("Frontline type"), r.get("Reason for leaving"),
                    r.get("Duty status"), (r.get("Sex") or "").lower() in TOTAL_LABELS,
                    fte_value, fte_note, heads_value, heads_note, book.release, book.name,
                    "Data", r["_row"],
                )
            )  # fmt: skip
    return sorted(out, key=_sort_key)


# --------------------------------------------------------------------------- fixtures
def raw_rows(con: duckdb.DuckDBPyConnection, file_name: str | None = None) -> list[tuple]:
    sql = "select " + ", ".join(RAW_COLUMNS) + " from raw.workforce"
    params: list = []
    if file_name:
        sql += " where _source_file = ?"
        params.append(file_name)
    return sorted(con.execute(sql, params).fetchall(), key=_sort_key)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    folder = tmp_path / "landing" / SOURCE_ID
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return tmp_path / "warehouse" / "test.duckdb"


@pytest.fixture
def con(warehouse: Path):
    connection = connect(warehouse)
    yield connection
    connection.close()


# --------------------------------------------------------------------------- (a) genuine files
def test_every_table_type_lands_exactly_as_published_and_stages(tmp_path, landing, warehouse):
    books = all_books()
    con = connect(warehouse)
    try:
        for book in books:
            outcome = ingest_file(con, SPEC, book.write(landing))
            assert outcome.status == "loaded", (book.name, outcome)
            assert outcome.rows == len(book.rows)
            assert outcome.release == book.release.isoformat()
            blocking = [c for c in outcome.checks if c.blocks]
            assert not blocking
        for book in books:
            assert raw_rows(con, book.name) == expected_raw(book), book.name
        tables = dict(
            con.execute(
                "select _source_file, any_value(_table) from raw.workforce group by 1"
            ).fetchall()
        )
        assert tables == {b.name: b.table for b in books}
    finally:
        con.close()

    run_dbt(
        warehouse,
        "build",
        "--select",
        "+stg_workforce__snapshot",
        "--indirect-selection",
        "cautious",
        target_dir=tmp_path / "target",
    )
    read = duckdb.connect(str(warehouse), read_only=True)
    try:
        got = read.execute(
            "select " + ", ".join(STAGING_COLUMNS) + " from staging.stg_workforce__snapshot"
        ).fetchall()
    finally:
        read.close()
    expected = expected_staging(books)
    assert sorted(got, key=_sort_key) == expected
    # The revision wins for 31 March 2023; 2022 survives from the earlier release only.
    by_period = defaultdict(set)
    for row in expected:
        if row[0] == "main":
            by_period[row[3]].add(row[34])
    assert by_period[dt.date(2022, 3, 31)] == {"open-data-table-police-workforce-200723.ods"}
    assert by_period[dt.date(2023, 3, 31)] == {"open-data-table-police-workforce-180724.ods"}
    assert 1990.5 in {row[29] for row in expected if row[3] == dt.date(2023, 3, 31)}


def test_quality_frames_report_totals_and_swings(landing):
    """The totals frame pairs each total row with its parts; the swing frame compares years."""
    book = september_2023()
    parsed = SPEC.parse(book.write(landing))
    frames = SPEC.quality_frames(parsed, force_resolver())
    totals = frames["totals"]
    records = book.records()
    expected = []
    for r in records:
        total_sex = r["Sex"] == "Total"
        if not (total_sex or r["Force name"] == "England and Wales"):
            continue
        parts = [
            p
            for p in records
            if p["Sex"] != "Total"
            and p["Worker type"] == r["Worker type"]
            and (p["Sex"] == r["Sex"] if not total_sex else True)
            and (
                p["Force name"] == r["Force name"] if total_sex else p["Force name"] in FORCE_CODES
            )
        ]
        expected.append((str(r["_row"]), "headcount", len(parts)))
        if r["Total (FTE)"] is not None:
            expected.append((str(r["_row"]), "fte", len(parts)))
    got = sorted(zip(totals["row"], totals["measure"], totals["parts"], strict=True))
    assert got == sorted(expected)
    assert (totals["excess"] <= 0).all()
    assert frames["year_on_year"]["year_ratio"].isna().all()  # a single snapshot


def test_csv_edition_loads(con, landing):
    book = main_2022_2023()
    path = landing / "open-data-table-police-workforce.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(book.header)
        writer.writerows(book.rows)
    outcome = ingest_file(con, SPEC, path)
    assert outcome.status == "loaded"
    got = con.execute(
        "select force_name, fte, _row_number, _sheet, _table from raw.workforce order by "
        "_row_number::int"
    ).fetchall()
    # CSV cells land as the text the file holds (the csv module writes 930.0 as `930.0`).
    assert got == [
        (r[2], str(r[8]), str(i + 2), "open-data-table-police-workforce", "main")
        for i, r in enumerate(book.rows)
    ]


# --------------------------------------------------------------------------- (b) bad input
def _write(book: Book) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        book.name = path.name
        book.write(path.parent)

    return make


def _main_with(change: Callable[[Book], None]) -> Callable[[Path], None]:
    book = main_2022_2023()
    change(book)
    return _write(book)


def _set(row: int, column: str, value: object) -> Callable[[Book], None]:
    def change(book: Book) -> None:
        book.rows[row][book.header.index(column)] = value

    return change


def _both_period_columns(book: Book) -> None:
    book.header.append("As at")
    for row in book.rows:
        row.append("31/03/2022")


def _september_total_off(path: Path) -> None:
    book = september_2023()
    total = next(r for r in book.rows if r[2] == "England and Wales")
    total[6] += 10
    _write(book)(path)


def _september_bad_date(path: Path) -> None:
    book = september_2023()
    book.rows[0][0] = "31/02/2023"
    _write(book)(path)


def _pdf(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7\n")


@dataclass(frozen=True)
class BadCase:
    id: str
    make: Callable[[Path], None]
    problem: tuple[str, ...]
    suffix: str = ".ods"


BAD_CASES = [
    BadCase("text_in_fte", _main_with(_set(1, "Total (FTE)", "abc")), ("fte_numeric", '"abc"')),
    BadCase("pdf", _pdf, ("unsupported file type",), suffix=".pdf"),
    BadCase(
        "geocode_mismatch",
        _main_with(_set(0, "Geocode", "E23000030")),
        ("geocode_matches_force", "resolves to E23000032"),
    ),
    BadCase(
        "btp_with_force_geocode",
        _main_with(_set(12, "Geocode", "E23000032")),
        ("geocode_matches_force", "transport_police"),
    ),
    BadCase(
        "fte_above_headcount",
        _main_with(_set(0, "Total (FTE)", 1500.5)),
        ("fte_not_above_headcount",),
    ),
    BadCase(
        "negative_headcount",
        _main_with(_set(4, "Total (Headcount)", -5)),
        ("headcount_non_negative",),
    ),
    BadCase(
        "empty_worker_type",
        _main_with(_set(2, "Worker type", None)),
        ("required_cells_present", "row 4: empty worker_type"),
    ),
    BadCase("total_does_not_add_up", _september_total_off, ("breakdowns_sum_to_totals",)),
    BadCase(
        "unreadable_as_at",
        _september_bad_date,
        ("valid_periods", "'As at' is not a date: '31/02/2023'"),
    ),
    BadCase(
        "two_period_columns",
        _main_with(_both_period_columns),
        ("exactly one snapshot column", "'as_at_31_march', 'as_at_date'"),
    ),
]


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.id for c in BAD_CASES])
def test_bad_file_rejected_and_raw_untouched(con, landing, case: BadCase):
    """Rejections particular to the workforce tables: FTE cells, a .pdf, geocodes, FTE above
    headcount, negative headcount, an empty worker type, totals, September dates, two snapshot
    columns; the bad files every source rejects alike are in test_bad_files_contract."""
    good = main_2022_2023().write(landing)
    assert ingest_file(con, SPEC, good).status == "loaded"
    before, log_before = raw_snapshot(con, "workforce"), load_log(con)
    bad = landing / f"open-data-table-police-workforce-{case.id}-010826{case.suffix}"
    case.make(bad)
    with pytest.raises(IngestError) as caught:
        ingest_file(con, SPEC, bad)
    exc = caught.value
    message = str(exc)
    assert exc.source_id == SOURCE_ID
    assert message == f"{bad.name} [{SOURCE_ID}]: {exc.problem}"
    for fragment in case.problem:
        assert fragment.lower() in message.lower(), (fragment, message)
    assert load_log(con) == [
        *log_before,
        (bad.name, sha256_of(bad), None, "rejected", None, exc.problem),
    ]
    assert raw_snapshot(con, "workforce") == before


def test_headcount_only_fte_is_a_warning_not_a_rejection(con, landing):
    book = main_2022_2023()
    row = next(r for r in book.rows if r[6] == "Special Constable")
    row[8] = 12.5
    outcome = ingest_file(con, SPEC, book.write(landing))
    assert outcome.status == "loaded"
    failed = {c.rule: c.severity for c in outcome.checks if not c.success}
    assert failed.get("headcount_only_types_have_no_fte") == "warning"
    assert not [c for c in outcome.checks if c.blocks]


# --------------------------------------------------------------------------- (c) sample writer
SAMPLE_FILES = {
    "open-data-table-police-workforce-230726.ods": MAIN_HEADER,
    "open-data-table-police-workforce-functions-230726.ods": FUNCTIONS_HEADER,
    "open-data-table-police-workforce-290126.ods": SEPTEMBER_HEADER,
    "open-data-table-police-leavers-230726.ods": LEAVERS_HEADER,
    "open-data-table-police-workforce-duty-status-230726.ods": DUTY_HEADER,
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    """The sample workbooks' Data sheets as lists of {header: value}, keyed by file name."""
    paths = write_sample(tmp_path_factory.mktemp("sample"), PROJECT_ROOT)
    return {path.name: _read_records(path) for path in paths}


def _read_records(path: Path) -> list[dict]:
    workbook = CalamineWorkbook.from_path(str(path))
    assert workbook.sheet_names == ["Data"]
    rows = workbook.get_sheet_by_name("Data").to_python()
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _header(path: Path) -> list:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Data").to_python()[0]


def test_sample_is_deterministic_and_genuinely_laid_out(tmp_path):
    first = write_sample(tmp_path / "a", PROJECT_ROOT)
    second = write_sample(tmp_path / "b", PROJECT_ROOT)
    assert [p.name for p in first] == list(SAMPLE_FILES)
    assert [sha256_of(p) for p in first] == [sha256_of(p) for p in second]
    for path in first:
        assert path.parent.name == SOURCE_ID
        with zipfile.ZipFile(path) as archive:
            assert archive.infolist()[0].filename == "mimetype"
            assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        assert _header(path) == SAMPLE_FILES[path.name]


def _territorial() -> dict[str, tuple[str, int]]:
    with seed_csv("police_force_areas").open(encoding="utf-8") as handle:
        return {
            r["force_code"]: (r["force_name"], int(r["census2021_usual_residents"]))
            for r in csv.DictReader(handle)
        }


def test_sample_periods_forces_and_quirks(sample):
    main = sample["open-data-table-police-workforce-230726.ods"]
    functions = sample["open-data-table-police-workforce-functions-230726.ods"]
    september = sample["open-data-table-police-workforce-290126.ods"]
    leavers = sample["open-data-table-police-leavers-230726.ods"]
    territorial = _territorial()
    assert {r["As at 31 March"] for r in main} == set(range(2019, 2027))
    assert {r["As at 31 March"] for r in functions} == set(range(2019, 2027))
    assert {r["As at"] for r in september} == {f"30/09/{y}" for y in range(2019, 2026)}
    assert {r["Financial year"] for r in leavers} == {
        f"{y}/{y - 1999:02d}" for y in range(2019, 2026)
    }
    for year in range(2019, 2027):
        codes = {r["Geocode"] for r in main if r["As at 31 March"] == year}
        assert codes == {*territorial, "BTP"}
        assert {r["Geocode"] for r in functions if r["As at 31 March"] == year} == set(territorial)
    hampshire = {
        (r["As at 31 March"] >= 2023, r["Force name"]) for r in main if r["Geocode"] == "E23000030"
    }
    assert hampshire == {(False, "Hampshire"), (True, "Hampshire and Isle of Wight")}
    local = {
        (r["As at 31 March"], r["Wider function name"])
        for r in functions
        if r["Function subgroup number"] == "1a"
    }
    assert local == {
        (y, "Local Policing" if y < 2023 else "Local policing") for y in range(2019, 2027)
    }
    # calamine reads an empty cell as ''
    not_stated = {
        r["Wider function name"] for r in functions if r["Function subgroup number"] == ""
    }
    assert not_stated == {"Not stated"}
    assert {r["Worker type"] for r in main} == {
        "Police Officer", "Police Staff", "PCSO", "Designated Officer", "Special Constable",
        "Police Support Volunteer",
    }  # fmt: skip
    assert {r["Worker type"] for r in september} == {
        "Police Officer", "Police Staff", "Police Community Support Officer", "Designated officer",
        "Special Constable", "Police Support Volunteer",
    }  # fmt: skip
    headcount_only = {"Special Constable", "Police Support Volunteer"}
    assert {r["Total (FTE)"] for r in main if r["Worker type"] in headcount_only} == {"[z]"}
    assert {r["Total (FTE)"] for r in september if r["Worker type"] in headcount_only} == {""}
    for rows in (main, september, leavers):
        for r in rows:
            if isinstance(r["Total (FTE)"], float):
                assert r["Total (FTE)"] <= r["Total (Headcount)"], r
                assert round(r["Total (FTE)"], 2) == r["Total (FTE)"]


def _sum(rows: list[dict], key: Callable[[dict], object], value: str) -> dict:
    sums: dict = defaultdict(float)
    for r in rows:
        if isinstance(r[value], float):
            sums[key(r)] += r[value]
    return sums


def test_sample_tables_are_consistent(sample):
    main = sample["open-data-table-police-workforce-230726.ods"]
    functions = sample["open-data-table-police-workforce-functions-230726.ods"]
    september = sample["open-data-table-police-workforce-290126.ods"]
    territorial = _territorial()

    def key(r: dict) -> tuple:
        return r["As at 31 March"], r["Geocode"], r["Worker type"], r["Sex"]

    main_sums = _sum([r for r in main if r["Geocode"] != "BTP"], key, "Total (FTE)")
    function_sums = _sum(functions, key, "Total (FTE)")
    assert set(main_sums) == set(function_sums)
    for k, total in main_sums.items():
        assert function_sums[k] == pytest.approx(total, abs=0.005), k

    detail = [r for r in september if r["Geocode"] in territorial]
    for column in ("Total (Headcount)", "Total (FTE)"):
        parts = _sum(detail, lambda r: (r["As at"], r["Worker type"], r["Sex"]), column)
        totals = _sum(
            [r for r in september if r["Force name"] == "England and Wales"],
            lambda r: (r["As at"], r["Worker type"], r["Sex"]),
            column,
        )
        assert set(parts) == set(totals)
        for k, total in totals.items():
            assert parts[k] == pytest.approx(total, abs=0.005), (column, k)

    # 43-force officer FTE at 31 March 2025 as published nationally (146,442), and per head.
    officers = _sum(
        [r for r in main if r["Worker type"] == "Police Officer" and r["Geocode"] != "BTP"],
        lambda r: (r["As at 31 March"], r["Geocode"]),
        "Total (FTE)",
    )
    assert sum(v for (y, _), v in officers.items() if y == 2025) == pytest.approx(146442, abs=0.01)
    for (year, code), fte in officers.items():
        name, residents = territorial[code]
        if code == "E23000034":
            assert 700 <= fte <= 1100
        else:
            assert 1.2 <= fte / residents * 1000 <= 4.5, (year, name)


def test_sample_neighbourhood_officers_and_pcsos(sample):
    functions = sample["open-data-table-police-workforce-functions-230726.ods"]
    sums = _sum(
        [
            r
            for r in functions
            if r["Function subgroup number"] == "1a"
            and r["Worker type"] in ("Police Officer", "PCSO")
        ],
        lambda r: r["As at 31 March"],
        "Total (FTE)",
    )
    assert sums[2025] == pytest.approx(17175, abs=1)
    assert sums[2026] - sums[2025] == pytest.approx(2400, abs=5)
    # A plausible share of officers and PCSOs (higher before the 2025 recoding).
    both = _sum(
        [r for r in functions if r["Worker type"] in ("Police Officer", "PCSO")],
        lambda r: r["As at 31 March"],
        "Total (FTE)",
    )
    for year, fte in sums.items():
        assert 0.10 <= fte / both[year] <= 0.20, year


# --------------------------------------------------------------------------- (d) end to end
def test_end_to_end_staging_matches_sample_files(sample_workspace: Workspace):
    folder = sample_workspace.landing / SOURCE_ID
    records = {p.name: _read_records(p) for p in sorted(folder.glob("*.ods"))}
    assert set(records) == set(SAMPLE_FILES)
    expected_rows = sum(len(rows) for rows in records.values())
    functions = records["open-data-table-police-workforce-functions-230726.ods"]
    neighbourhood = sum(
        r["Total (FTE)"]
        for r in functions
        if r["As at 31 March"] == 2026
        and r["Function subgroup number"] == "1a"
        and r["Worker type"] in ("Police Officer", "PCSO")
    )
    september = records["open-data-table-police-workforce-290126.ods"]
    territorial = set(_territorial())
    officers_september = sum(
        r["Total (FTE)"]
        for r in september
        if r["As at"] == "30/09/2025"
        and r["Worker type"] == "Police Officer"
        and r["Geocode"] in territorial
    )
    con = duckdb.connect(str(sample_workspace.warehouse), read_only=True)
    try:
        count = con.execute("select count(*) from staging.stg_workforce__snapshot").fetchone()[0]
        got_neighbourhood = con.execute(
            "select sum(fte) from staging.stg_workforce__snapshot where is_force_area "
            "and is_neighbourhood_policing and worker_type in ('police_officer', 'pcso') "
            "and period_end = date '2026-03-31'"
        ).fetchone()[0]
        got_september = con.execute(
            "select sum(fte) from staging.stg_workforce__snapshot where is_force_area "
            "and not is_breakdown_total and worker_type = 'police_officer' "
            "and period_end = date '2025-09-30'"
        ).fetchone()[0]
    finally:
        con.close()
    assert count == expected_rows
    assert got_neighbourhood == pytest.approx(neighbourhood, abs=1e-6)
    assert got_september == pytest.approx(officers_september, abs=1e-6)
