"""Tests of the IOPC police complaints statistics source (`police_complaints`).

Each test writes its own small XLSX workbooks (openpyxl) in the assumed IOPC layouts - wide force
tables with the year in the title, long tables with header synonyms - carrying the quirks (IOPC
force names, British Transport Police and the England and Wales total, `*` and `n/a` cells, a
national table without a force column, a footnote row) and lands them into its own DuckDB file.
Expected values are computed here from the cells the test wrote.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook, load_workbook

from orchestration.ingest.errors import IngestError
from orchestration.ingest.runner import ingest_file
from orchestration.ingest.warehouse import connect
from orchestration.sources import SOURCES
from orchestration.sources.police_complaints import sample as sample
from tests.python.conftest import PROJECT_ROOT, Workspace, run_dbt
from tests.python.raw_state import load_log, raw_snapshot

SOURCE_ID = "police_complaints"
SPEC = SOURCES[SOURCE_ID]
FORCES = {  # name as the IOPC writes it -> (ONS code, non-force body type)
    "Metropolitan": ("E23000001", None),
    "London, City of": ("E23000034", None),
    "Devon & Cornwall": ("E23000035", None),
    "Devon and Cornwall": ("E23000035", None),
    "British Transport Police": (None, "transport_police"),
    "England and Wales": (None, "national_total"),
}
# (measure label, breakdown label) -> (measure code, breakdown code, unit)
MEASURES = {
    ("Complaint cases recorded", None): ("complaint_cases", "total", "count"),
    ("Allegations recorded", None): ("allegations_logged", "total", "count"),
    ("Allegations recorded per 1,000 employees", None): (
        "allegations_per_1000_employees", "total", "rate_per_1000_employees"),
    ("Complaint cases logged", None): ("complaint_cases", "total", "count"),
    ("Allegations logged", None): ("allegations_logged", "total", "count"),
    ("Allegations logged [note 2]", None): ("allegations_logged", "total", "count"),
    ("Allegations logged: Sexual conduct", None): (
        "allegations_logged", "sexual_conduct", "count"),
    ("Allegations logged", "Sexual conduct"): ("allegations_logged", "sexual_conduct", "count"),
    ("Allegations logged", "Delivery of duties and service"): (
        "allegations_logged", "delivery_of_duties_and_service", "count"),
    ("Allegations logged per 1,000 employees", None): (
        "allegations_per_1000_employees", "total", "rate_per_1000_employees"),
    ("Average days to finalise complaint cases", None): ("days_to_finalise_cases", "total", "days"),
}  # fmt: skip


@dataclass
class Sheet:
    name: str
    header: list[str]
    rows: list[list]
    title_rows: list[list] = field(default_factory=list)
    footnotes: list[list] = field(default_factory=list)
    layout: str = "wide"
    year: str | None = None  # the year a wide table names in its title

    def first_row(self) -> int:
        return len(self.title_rows) + 2


@dataclass
class Book:
    name: str
    sheets: list[Sheet]
    extra: list[tuple[str, list[list]]] = field(default_factory=list)  # non-force sheets

    def write(self, folder: Path) -> Path:
        wb = Workbook()
        wb.active.title = "Cover"
        wb.active.append(["Police complaints: statistics for England and Wales"])
        for name, rows in self.extra:
            ws = wb.create_sheet(name)
            for row in rows:
                ws.append(row)
        for sheet in self.sheets:
            ws = wb.create_sheet(sheet.name)
            for row in [*sheet.title_rows, sheet.header, *sheet.rows, *sheet.footnotes]:
                ws.append(row)
        path = folder / self.name
        wb.save(path)
        return path

    def values(self) -> list[dict]:
        """One record per published value, as the raw table should hold it."""
        out = []
        for sheet in self.sheets:
            for offset, row in enumerate(sheet.rows):
                row_number = str(sheet.first_row() + offset)
                if sheet.layout == "long":
                    year, force, measure, breakdown, value = row
                    out.append(self._record(sheet, row_number, year, force, measure, breakdown,
                                            value))  # fmt: skip
                    continue
                for label, value in zip(sheet.header[1:], row[1:], strict=True):
                    out.append(self._record(sheet, row_number, sheet.year, row[0], label, None,
                                            value))  # fmt: skip
        return out

    def _record(self, sheet, row_number, year, force, measure, breakdown, value) -> dict:
        return {
            "file": self.name, "financial_year": year, "force_name": force, "measure": measure,
            "breakdown": breakdown, "value": None if value is None else str(value),
            "layout": sheet.layout, "sheet": sheet.name, "row": row_number,
        }  # fmt: skip


def genuine_books() -> list[Book]:
    old = Book(
        "police-complaints-statistics-england-and-wales-2019-20-data-tables.xlsx",
        [
            Sheet(
                "Table 3",
                ["Force", "Complaint cases recorded", "Allegations recorded",
                 "Allegations recorded per 1,000 employees"],
                [
                    ["Metropolitan", 3610, 7011, 154.2],
                    ["London, City of", 61, 125, 98.4],
                    ["British Transport Police", 402, 820, 160.4],
                    ["England and Wales", 3671, 7136, 152.9],
                ],
                title_rows=[["Table 3: Complaints recorded, by police force, 2019/20"], [None]],
                footnotes=[[None], ["Source: IOPC police complaints statistics"]],
                year="2019/20",
            )
        ],
        extra=[("Contents", [["Table", "Title"], ["Table 3", "Complaints recorded"]])],
    )  # fmt: skip
    wide = Book(
        "police-complaints-statistics-england-and-wales-2020-21-data-tables.xlsx",
        [
            Sheet(
                "Table 6",
                ["Force", "Complaint cases logged", "Allegations logged [note 2]",
                 "Allegations logged: Sexual conduct", "Allegations logged per 1,000 employees"],
                [
                    ["Metropolitan", 9210, 17422, 88, 396.5],
                    ["Devon & Cornwall", 1402, 2611, "*", 545.1],
                    ["British Transport Police", 301, 512, 2, "n/a"],
                    ["England and Wales", 10612, 20033, 90, 410.3],
                ],
                title_rows=[["Table 6: Complaint cases and allegations logged, 2020/21"], [None]],
                year="2020/21",
            )
        ],
        # A national table: no force column, passed over by the loader.
        extra=[("Table 1", [["Table 1: England and Wales"], ["Measure", "2020/21"],
                            ["Complaint cases logged", 10612]])],
    )  # fmt: skip
    long = Book(
        "police-complaints-statistics-england-and-wales-2023-24-data-tables.xlsx",
        [
            Sheet(
                "Force data",
                ["Financial year", "Police force", "Indicator", "Category", "Value"],
                [
                    ["2023/24", "Metropolitan", "Complaint cases logged", None, 10004],
                    ["2023/24", "Metropolitan", "Allegations logged", None, 19120],
                    ["2023/24", "Metropolitan", "Allegations logged",
                     "Delivery of duties and service", 10133],
                    ["2023/24", "Metropolitan", "Allegations logged", "Sexual conduct", 96],
                    ["2023/24", "Metropolitan", "Average days to finalise complaint cases", None,
                     87.5],
                    ["2023/24", "Devon and Cornwall", "Allegations logged", None, 2877],
                    ["2023/24", "Devon and Cornwall", "Allegations logged", "Sexual conduct",
                     "-"],
                    ["2023/24", "London, City of", "Allegations logged per 1,000 employees",
                     None, 221.7],
                ],
                title_rows=[["Police complaints force data, 2023/24"], ["Provisional"]],
                layout="long",
            )
        ],
    )  # fmt: skip
    return [old, wide, long]


def _key(row) -> tuple:
    return tuple("" if v is None else str(v) for v in row)


RAW_COLUMNS = "_source_file, financial_year, force_name, measure, breakdown, value, _layout, "
RAW_COLUMNS += "_sheet, _row_number"


def expected_raw(books: list[Book]) -> list[tuple]:
    rows = [
        (v["file"], v["financial_year"], v["force_name"], v["measure"], v["breakdown"],
         v["value"], v["layout"], v["sheet"], v["row"])
        for b in books for v in b.values()
    ]  # fmt: skip
    return sorted(rows, key=_key)


def raw_rows(con) -> list[tuple]:
    return sorted(
        con.execute(f"select {RAW_COLUMNS} from raw.police_complaints").fetchall(), key=_key
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
        assert outcome.rows == len(book.values())
        shas[book.name] = sha256_of(path)
    return shas


# --------------------------------------------------------------------------------------------
# (a) genuine format
# --------------------------------------------------------------------------------------------


def test_long_and_wide_tables_land_as_published_values(con, landing):
    books = genuine_books()
    land(con, landing, books)
    assert raw_rows(con) == expected_raw(books)
    # The national table, the contents sheet and the footnote row never land.
    assert con.execute(
        "select count(*) from raw.police_complaints where _sheet in ('Table 1', 'Contents', "
        "'Cover') or force_name like 'Source%'"
    ).fetchone() == (0,)
    assert {r[2] for r in load_log(con)} == {dt.datetime.now(dt.UTC).date().isoformat()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("complaints_dbt")
    folder = root / "landing" / SOURCE_ID
    folder.mkdir(parents=True)
    warehouse = root / "warehouse.duckdb"
    books = genuine_books()
    con = connect(warehouse)
    try:
        shas = land(con, folder, books)
        release = dt.date.fromisoformat(load_log(con)[0][2])
    finally:
        con.close()
    run_dbt(
        warehouse,
        "build",
        "--select",
        "+stg_police_complaints__force_year",
        "police_force_areas",
        "--indirect-selection",
        "buildable",
        target_dir=root / "target",
    )
    return warehouse, books, shas, release


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


NOTES = {
    "*": "suppressed (*)",
    "n/a": "not applicable (N/A)",
    "-": "nil or not applicable (-) as published",
}


def _note(value: object) -> str | None:
    return NOTES[value] if isinstance(value, str) else None


def test_staging_rows_exactly_as_expected(built):
    warehouse, books, shas, release = built
    expected = []
    for book in books:
        for v in book.values():
            code, body = FORCES[v["force_name"]]
            measure, breakdown, unit = MEASURES[(v["measure"], v["breakdown"])]
            start = int(v["financial_year"][:4])
            if start < 2020:
                regime, comparable = "2012_regime", False
            elif body == "transport_police" and start == 2020:
                regime, comparable = "2020_regime_part_year", False
            else:
                regime, comparable = "2020_regime", True
            sheet = next(s for s in book.sheets if s.name == v["sheet"])
            published = _cell(sheet, v)
            number = _number(published)
            expected.append(
                (
                    v["financial_year"], v["force_name"], measure, breakdown, code,
                    code is not None, body, v["measure"], v["breakdown"], unit, regime,
                    comparable, v["layout"],
                    dt.date(start, 4, 1), dt.date(start + 1, 3, 31), number,
                    int(number) if unit == "count" and number is not None else None,
                    _note(published), release, book.name, shas[book.name], v["sheet"],
                    int(v["row"]),
                )
            )  # fmt: skip
    with duckdb.connect(str(warehouse), read_only=True) as db:
        got = db.execute(
            "select financial_year, force_name, measure_code, breakdown_code, force_code, "
            "is_force_area, reporting_body_type, measure_label, breakdown_label, unit, "
            "complaints_regime, is_comparable_with_current_regime, table_layout, period_start, "
            "period_end, value, count_value, value_note, release_date, source_file, "
            "file_sha256, source_sheet, source_row_number "
            "from staging.stg_police_complaints__force_year"
        ).fetchall()
    assert sorted(got, key=_key) == sorted(expected, key=_key)


def _cell(sheet: Sheet, v: dict) -> object:
    """The cell the test wrote for a raw record (wide: the row's column under its label)."""
    row = sheet.rows[int(v["row"]) - sheet.first_row()]
    if sheet.layout == "long":
        return row[4]
    return row[sheet.header.index(v["measure"])]


# --------------------------------------------------------------------------------------------
# (b) bad input
# --------------------------------------------------------------------------------------------


def _book(index: int, path: Path) -> Book:
    book = genuine_books()[index]
    book.name = path.name
    return book


def _unmapped_long_header(path: Path) -> None:
    book = _book(2, path)
    sheet = book.sheets[0]
    sheet.header.append("Comment")
    for row in sheet.rows:
        row.append("ok")
    book.write(path.parent)


def _fractional_count(path: Path) -> None:
    book = _book(2, path)
    book.sheets[0].rows[0][4] = 10004.5
    book.write(path.parent)


def _parts_above_total(path: Path) -> None:
    book = _book(2, path)
    book.sheets[0].rows[2][4] = 20000  # delivery of duties > all allegations (19120)
    book.write(path.parent)


def _no_year(path: Path) -> None:
    book = _book(1, path)
    book.sheets[0].title_rows = [["Table 6: Complaint cases and allegations logged"], [None]]
    book.write(path.parent)


def _no_force_table(path: Path) -> None:
    book = _book(1, path)
    book.sheets = []
    book.write(path.parent)


def _ods_named_xlsx(path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    path.write_bytes(buffer.getvalue())


@dataclass(frozen=True)
class BadCase:
    id: str
    make: Callable[[Path], None]
    problem: tuple[str, ...]
    suffix: str = ".xlsx"


BAD_CASES = [
    BadCase(
        "unmapped_header",
        _unmapped_long_header,
        ("sheet 'Force data'", "header row 3", "unmapped column(s) 'Comment'"),
    ),
    BadCase("fractional_count", _fractional_count, ("integer_counts", "10004.5")),
    BadCase("parts_above_total", _parts_above_total, ("parts_not_above_totals",)),
    BadCase("no_year", _no_year, ("sheet 'Table 6'", "no financial year")),
    BadCase("no_force_table", _no_force_table, ("no force table", "Table 1")),
    BadCase("ods_named_xlsx", _ods_named_xlsx, ("zip archive is not an XLSX workbook",)),
    BadCase("wrong_file_type", _ods_named_xlsx, ("unsupported file type", "*.xlsx"), ".ods"),
]


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.id for c in BAD_CASES])
def test_bad_file_rejected_and_raw_untouched(con, landing, case: BadCase):
    """Rejections particular to the IOPC tables: an extra column, fractional counts, parts above
    totals, a wide table with no year, no force table, an ODS under .xlsx, an .ods name; the bad
    files every source rejects alike are in test_bad_files_contract."""
    land(con, landing, genuine_books()[:1])
    before = raw_snapshot(con, "police_complaints")
    log_before = load_log(con)
    bad = landing / f"police-complaints-{case.id.replace('_', '-')}{case.suffix}"
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
    assert raw_snapshot(con, "police_complaints") == before


# --------------------------------------------------------------------------------------------
# (c) the sample writer
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return sample.write_sample(tmp_path_factory.mktemp("complaints_sample"), PROJECT_ROOT)


def test_sample_is_deterministic(sample_files, tmp_path):
    again = sample.write_sample(tmp_path, PROJECT_ROOT)
    assert [p.name for p in again] == [p.name for p in sample_files]
    for first, second in zip(sample_files, again, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_sample_layout_is_genuine(sample_files):
    names = [p.name for p in sample_files]
    assert names == [
        f"police-complaints-statistics-england-and-wales-{y}-{(y + 1) % 100:02d}-data-tables.xlsx"
        for y in range(2019, 2026)
    ]
    for path in sample_files:
        wb = load_workbook(path, read_only=True)
        year = int(path.name.split("-")[-4])
        label = f"{year}/{(year + 1) % 100:02d}"
        if year >= 2022:
            assert wb.sheetnames == ["Cover", "Notes", "Force data"]
            rows = list(wb["Force data"].iter_rows(values_only=True))
            assert rows[2] == ("Financial year", "Force", "Measure", "Breakdown", "Value")
            data = rows[3:]
            assert {r[0] for r in data} == {label}
            forces = {r[1] for r in data}
        else:
            tables = ["Table 3"] if year == 2019 else ["Table 1", "Table 6", "Table 7", "Table 8"]
            assert wb.sheetnames == ["Cover", "Contents", *tables]
            force_tables = [t for t in tables if t != "Table 1"]
            forces = set()
            for table in force_tables:
                rows = list(wb[table].iter_rows(values_only=True))
                assert label in rows[0][0]
                assert rows[2][0] == "Force"
                forces |= {r[0] for r in rows[3:]}
        assert len(forces) == 45, (path.name, len(forces))
        assert {"Metropolitan", "London, City of", "British Transport Police",
                "England and Wales"} <= forces  # fmt: skip
        wb.close()


def test_sample_breakdowns_never_exceed_totals(sample_files):
    wb = load_workbook(sample_files[-1], read_only=True)
    rows = list(wb["Force data"].iter_rows(values_only=True))[3:]
    wb.close()
    totals, parts = {}, {}
    for _, force, measure, breakdown, value in rows:
        if not isinstance(value, int | float):
            continue
        if breakdown is None:
            totals[(force, measure)] = value
        else:
            parts[(force, measure)] = parts.get((force, measure), 0) + value
    for (force, measure), total in parts.items():
        if measure in ("Allegations logged", "Complaint cases logged", "Allegations finalised"):
            assert total <= totals[(force, measure)], (force, measure)


# --------------------------------------------------------------------------------------------
# (d) end to end
# --------------------------------------------------------------------------------------------


def test_end_to_end_staging_matches_sample_files(sample_workspace: Workspace):
    values = 0
    cases_2025 = 0
    for path in sorted((sample_workspace.landing / SOURCE_ID).glob("*.xlsx")):
        wb = load_workbook(path, read_only=True)
        for name in wb.sheetnames:
            rows = list(wb[name].iter_rows(values_only=True))
            if name == "Force data":
                data = rows[3:]
                values += len(data)
                cases_2025 += sum(
                    r[4] for r in data
                    if r[0] == "2025/26" and r[2] == "Complaint cases logged" and r[3] is None
                    and r[1] not in ("British Transport Police", "England and Wales")
                )  # fmt: skip
            elif name.startswith("Table") and len(rows) > 2 and rows[2][0] == "Force":
                values += sum(len(r) - 1 for r in rows[3:])
        wb.close()
    with duckdb.connect(str(sample_workspace.warehouse), read_only=True) as db:
        got = db.execute(
            "select count(*), sum(count_value) filter (where financial_year = '2025/26' "
            "and measure_code = 'complaint_cases' and breakdown_code = 'total' and is_force_area) "
            "from staging.stg_police_complaints__force_year"
        ).fetchone()
    assert got == (values, cases_2025)
