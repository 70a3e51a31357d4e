"""The ONS police force area tables (Table P3) source `population`: loader, gate, staging, sample.

Workbooks are written here with openpyxl in the genuine layout (other sheets, title rows above an
`Area Code` header, period words in the headers, England and Wales and region rows, footnotes
under the table). Expected raw and staging rows are computed here from what the test wrote.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from orchestration.ingest.errors import IngestError
from orchestration.ingest.runner import ingest_file
from orchestration.ingest.warehouse import connect
from orchestration.sources import SOURCES
from orchestration.sources.population.sample import write_population
from orchestration.sources.prc_pfa.sample import recorded_counts
from tests.python.conftest import PROJECT_ROOT, Workspace, run_dbt, seed_csv
from tests.python.raw_state import load_log, raw_snapshot

SOURCE_ID = "population"
SPEC = SOURCES[SOURCE_ID]
RAW_COLUMNS = [
    "area_code", "area_name", "population", "households", "recorded_crime_rate",
    "population_header", "households_header", "population_year", "edition",
    "_sheet", "_row_number",
]  # fmt: skip


@dataclass
class Table:
    """One Table P3 as the test writes it, with what the loader should read from it."""

    file_name: str
    edition: str  # what the test's own file name or title says
    population_year: str  # what the test's own header or title says
    header: list[str | None]
    rows: list[list[object]]
    title_rows: list[list[object]] = field(default_factory=list)
    footnotes: list[list[object]] = field(default_factory=list)
    sheet_name: str = "Table P3"
    other_sheets: bool = True

    def cells(self) -> list[list[object]]:
        gap: list[list[object]] = [[]] if self.footnotes else []
        return [*self.title_rows, self.header, *self.rows, *gap, *self.footnotes]

    def first_data_row(self) -> int:
        return len(self.title_rows) + 2


def ye_sep25() -> Table:
    """Edition year ending September 2025 (named only in the file name), mid-2024 estimates."""
    return Table(
        file_name="policeforceareatablesyesep25.xlsx",
        edition="year ending September 2025",
        population_year="2024",
        title_rows=[
            ["Table P3: Population and households by police force area"],
            ["This worksheet contains one table."],
        ],
        header=[
            "Area Code",
            "Area Name",
            "Mid-2024 population estimate [note 2]",
            "Number of households",
            "Recorded crime rate per 1,000 population (year ending September 2025)",
        ],
        rows=[
            ["K04000001", "England and Wales", 61_812_345, 25_512_345, 88.4],
            ["E92000001", "England", 58_612_345, 24_212_345, 89.1],
            ["E12000009", "South West", 5_812_345, 2_580_000, 71.2],
            ["E23000035", "Devon & Cornwall", 1_812_004, 790_112, 62.35],
            ["E23000036", "Avon and Somerset", 1_769_120, 741_901, 80],
            ["E23000034", "London, City of", 8_712, 5_002, "[x]"],
            ["W92000004", "Wales", 3_190_123, 1_390_456, 90.5],
            ["W15000004", "Dyfed Powys", 521_400, 231_010, 52.7],
        ],
        footnotes=[["Source: Office for National Statistics"], ["1. Rates use mid-2024."]],
    )


def ye_mar26() -> Table:
    """Edition year ending March 2026: mid-2024 again (revised), edition in name and title."""
    return Table(
        file_name="pfatablesyemarch2026.xlsx",
        edition="year ending March 2026",
        population_year="2024",
        title_rows=[["Table P3: Police force area populations, year ending March 2026"], [None]],
        header=[
            "Area Code",
            "Area Name",
            "Population (mid-2024)",
            "Households [note 3]",
            "Police recorded crime rate per 1,000 population",
        ],
        rows=[
            ["K04000001", "England and Wales", 61_820_000, 25_520_000, 87.9],
            ["E23000035", "Devon and Cornwall", 1_812_500, 790_300, 61.9],
            ["E23000036", "Avon & Somerset", 1_769_900, 742_000, 79.4],
            ["W15000004", "Dyfed-Powys", 521_700, 231_100, 52.1],
        ],
    )


def ye_mar24_no_rate() -> Table:
    """An edition without the crime-rate column; the mid-year only in a title row."""
    return Table(
        file_name="pfatablesyemar24.xlsx",
        edition="year ending March 2024",
        population_year="2022",
        title_rows=[["Police force area data tables"], ["Population: mid-2022 estimates"]],
        header=["Area code", "Area name", "Population", "Household estimates"],
        rows=[
            ["E23000035", "Devon & Cornwall", 1_790_001, 783_003],
            ["E23000036", "Avon and Somerset", 1_751_234, 736_500],
        ],
    )


def write_workbook(path: Path, table: Table) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    if table.other_sheets:
        contents = workbook.create_sheet("Contents")
        contents.append(["Contents"])
        contents.append(["Table P1", "Police recorded crime"])
        p1 = workbook.create_sheet("Table P1")
        p1.append(["Table P1: Police recorded crime"])
        p1.append(["Area Code", "Area Name", "Recorded crime"])
        p1.append(["E23000036", "Avon and Somerset", 120_000])
    sheet = workbook.create_sheet(table.sheet_name)
    for row in table.cells():
        sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def expected_raw(table: Table) -> list[tuple]:
    header = table.header
    out = []
    for offset, row in enumerate(table.rows):
        cells = [as_text(v) for v in row] + [None] * (5 - len(row))
        out.append(
            (
                *cells,
                header[2],
                header[3],
                table.population_year,
                table.edition,
                table.sheet_name,
                str(table.first_data_row() + offset),
            )
        )
    return sorted(out, key=_sort_key)


def _sort_key(row: tuple) -> tuple:
    return tuple("" if v is None else v for v in row)


def raw_rows(con: duckdb.DuckDBPyConnection, source_file: str | None = None) -> list[tuple]:
    sql = f"select {', '.join(RAW_COLUMNS)} from raw.population"
    params = []
    if source_file:
        sql += " where _source_file = ?"
        params.append(source_file)
    return sorted(con.execute(sql, params).fetchall(), key=_sort_key)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return tmp_path / "warehouse" / "test.duckdb"


@pytest.fixture
def con(warehouse: Path):
    connection = connect(warehouse)
    yield connection
    connection.close()


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    return tmp_path / "landing" / SOURCE_ID


# --------------------------------------------------------------------------------------------
# (a) genuine format: raw exactly as written, staging exactly as expected
# --------------------------------------------------------------------------------------------


def test_raw_rows_exactly_as_written(con, landing):
    tables = [ye_sep25(), ye_mar26(), ye_mar24_no_rate()]
    for table in tables:
        path = write_workbook(landing / table.file_name, table)
        outcome = ingest_file(con, SPEC, path)
        assert outcome.status == "loaded", outcome
        assert outcome.rows == len(table.rows)
        # No DDMMYY suffix: the release is the day of the load.
        assert outcome.release == dt.datetime.now(dt.UTC).date().isoformat()
    for table in tables:
        assert raw_rows(con, table.file_name) == expected_raw(table), table.file_name
    # England and Wales, England, the region and Wales stay in raw; the footnotes do not.
    codes = {r[0] for r in con.execute("select area_code from raw.population").fetchall()}
    assert {"K04000001", "E92000001", "E12000009", "W92000004"} <= codes
    notes = con.execute(
        "select count(*) from raw.population where area_code like 'Source%' or area_code like '1.%'"
    ).fetchone()
    assert notes == (0,)


def _edition_end(edition: str) -> dt.date:
    month_name, year = edition.removeprefix("year ending ").split()
    month = dt.datetime.strptime(month_name, "%B").month
    following = dt.date(int(year) + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def expected_staging(tables: list[Table], shas: dict[str, str]) -> list[tuple]:
    """Force-area rows; per (code, mid-year) the row of the edition ending latest."""
    chosen: dict[tuple[str, int], tuple[dt.date, tuple]] = {}
    for table in tables:
        for offset, row in enumerate(table.rows):
            code = row[0]
            if not re.match(r"^(E23|W15)", code):
                continue
            year = int(table.population_year)
            rate = row[4] if len(row) > 4 else None
            numeric_rate = isinstance(rate, int | float)
            mid_year = dt.date(year, 6, 30)
            values = (
                code, year, row[1], True, table.edition, _edition_end(table.edition),
                mid_year, mid_year, f"mid-{year}",
                row[2], None, row[3], None,
                float(rate) if numeric_rate else None,
                None if numeric_rate else ("missing: empty cell" if rate is None
                                           else "not available [x]"),
                table.header[2], table.header[3],
                table.file_name, shas[table.file_name], table.sheet_name,
                table.first_data_row() + offset,
            )  # fmt: skip
            end = _edition_end(table.edition)
            if (code, year) not in chosen or chosen[(code, year)][0] < end:
                chosen[(code, year)] = (end, values)
    return sorted(v for _, v in chosen.values())


STAGING_COLUMNS = (
    "force_code, population_year, area_name, is_force_area, edition, edition_end_date, "
    "period_start, period_end, period_label, population, population_note, households, "
    "households_note, recorded_crime_rate, recorded_crime_rate_note, population_header, "
    "households_header, source_file, file_sha256, source_sheet, source_row_number"
)


def test_staging_rows_exactly_as_expected(warehouse, landing, tmp_path):
    tables = [ye_sep25(), ye_mar26(), ye_mar24_no_rate()]
    con = connect(warehouse)
    shas = {}
    for table in tables:
        path = write_workbook(landing / table.file_name, table)
        shas[table.file_name] = sha256_of(path)
        assert ingest_file(con, SPEC, path).status == "loaded"
    con.close()
    run_dbt(
        warehouse,
        "build",
        "--select",
        "+stg_population__force_areas",
        "--indirect-selection",
        "cautious",
        target_dir=tmp_path / "target",
    )
    with duckdb.connect(str(warehouse), read_only=True) as db:
        got = db.execute(
            f"select {STAGING_COLUMNS} from staging.stg_population__force_areas order by all"
        ).fetchall()
        release = db.execute(
            "select distinct release_date from staging.stg_population__force_areas"
        ).fetchall()
    assert got == expected_staging(tables, shas)
    # mid-2024 came in two editions: the year ending March 2026 one wins for every force it has.
    assert ("E23000036", 2024) in {(r[0], r[1]) for r in got}
    assert {r[4] for r in got if r[1] == 2024 and r[0] != "E23000034"} == {"year ending March 2026"}
    assert release == [(dt.datetime.now(dt.UTC).date(),)]


# --------------------------------------------------------------------------------------------
# (b) bad input: IngestError naming file, source and problem; rejected row; raw unchanged
# --------------------------------------------------------------------------------------------


def _unmapped_header(path: Path) -> None:
    table = ye_mar26()
    table.header = [*table.header, "Police officers"]
    for row in table.rows:
        row.append(3000)
    write_workbook(path, table)


def _unknown_force_code(path: Path) -> None:
    table = ye_mar26()
    table.rows.append(["E23000099", "Gotham City", 100_000, 40_000, 50.0])
    write_workbook(path, table)


def _csv_named_xlsx(path: Path) -> None:
    table = ye_mar26()
    lines = [",".join(str(c) for c in table.header)]
    lines += [",".join(str(c) for c in row) for row in table.rows]
    path.write_text("\n".join(lines), encoding="utf-8")


def _no_table_p3(path: Path) -> None:
    write_workbook(path, replace(ye_mar26(), sheet_name="Table P4"))


def _no_population_year(path: Path) -> None:
    table = ye_mar26()
    table.header[2] = "Population"
    write_workbook(path, table)


def _households_above_population(path: Path) -> None:
    table = ye_mar26()
    table.rows[3][3] = 600_000
    table.rows[3][2] = 500_000
    write_workbook(path, table)


BAD_CASES = [
    ("unmapped_header", "pfatablesyemarch2026.xlsx", _unmapped_header,
     ("sheet 'Table P3'", "unmapped column(s) 'Police officers'")),
    ("unknown_force_code", "pfatablesyemarch2026.xlsx", _unknown_force_code,
     ("known_force_codes", "E23000099")),
    ("wrong_extension", "pfatablesyemarch2026.csv", _csv_named_xlsx,
     ("unsupported file type", "*.xlsx")),
    ("no_table_p3", "pfatablesyemarch2026.xlsx", _no_table_p3,
     ("expected one sheet named 'Table P3'", "Table P4")),
    ("no_population_year", "pfatablesyemarch2026.xlsx", _no_population_year,
     ("no population year", "'Population'")),
    ("no_edition", "populationtables.xlsx", lambda p: write_workbook(p, ye_mar24_no_rate()),
     ("no edition",)),
    ("households_above_population", "pfatablesyemarch2026.xlsx", _households_above_population,
     ("households_not_above_population", "W15000004")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "name", "make", "fragments"), BAD_CASES, ids=[c[0] for c in BAD_CASES]
)
def test_bad_file_rejected_and_raw_unchanged(con, landing, tmp_path, case, name, make, fragments):
    """Rejections particular to Table P3: an extra column, an unknown force-area code, a .csv name,
    no Table P3, no population year, no edition, households above population; the bad files every
    source rejects alike are in test_bad_files_contract."""
    good = write_workbook(landing / ye_sep25().file_name, ye_sep25())
    assert ingest_file(con, SPEC, good).status == "loaded"
    before, log_before = raw_snapshot(con, "population"), load_log(con)

    bad = tmp_path / "bad" / SOURCE_ID / name
    bad.parent.mkdir(parents=True, exist_ok=True)
    make(bad)
    with pytest.raises(IngestError) as caught:
        ingest_file(con, SPEC, bad)

    error = caught.value
    assert error.source_id == SOURCE_ID
    assert str(error) == f"{bad.name} [{SOURCE_ID}]: {error.problem}"
    for fragment in fragments:
        assert fragment.lower() in str(error).lower(), (fragment, str(error))
    assert load_log(con) == [
        *log_before,
        (bad.name, sha256_of(bad), None, "rejected", None, error.problem),
    ]
    assert raw_snapshot(con, "population") == before


def test_warnings_do_not_block(con, landing):
    """Few forces (all_forces_present) and an E&W row that is not their sum are warnings."""
    table = ye_mar26()
    outcome = ingest_file(con, SPEC, write_workbook(landing / table.file_name, table))
    assert outcome.status == "loaded"
    failed = {c.rule: c.severity for c in outcome.checks if not c.success}
    assert failed == {
        "all_forces_present": "warning",
        "force_areas_sum_to_england_and_wales": "warning",
    }


# --------------------------------------------------------------------------------------------
# (c) the sample writer
# --------------------------------------------------------------------------------------------

SAMPLE_EDITIONS = {  # file -> (year ending March, mid-year)
    "pfatablesyemar20.xlsx": (2020, 2018),
    "policeforceareatablesyemarch21.xlsx": (2021, 2019),
    "pfatablesyemarch2022.xlsx": (2022, 2020),
    "policeforceareatablesyemar23.xlsx": (2023, 2021),
    "pfatablesyemarch2024.xlsx": (2024, 2022),
    "policeforceareatablesyemarch2025.xlsx": (2025, 2023),
    "pfatablesyemarch2026.xlsx": (2026, 2024),
}


def _seed(name: str) -> list[dict[str, str]]:
    with seed_csv(name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_p3(path: Path) -> tuple[list[str], list[list], list[list]]:
    """(header, data rows, title rows) of Table P3, read with calamine and plain Python."""
    workbook = CalamineWorkbook.from_path(str(path))
    rows = workbook.get_sheet_by_name("Table P3").to_python()
    index = next(i for i, r in enumerate(rows) if r and r[0] == "Area Code")
    data = []
    for row in rows[index + 1 :]:
        if isinstance(row[0], str) and re.fullmatch(r"[EKW]\d{8}", row[0]):
            data.append(row)
    return [str(c) for c in rows[index]], data, rows[:index]


def mid_year_of(header: list[str], titles: list[list]) -> int:
    for text in [header[2], *(str(c) for r in titles for c in r)]:
        found = re.search(r"mid-(\d{4})", text, re.IGNORECASE)
        if found:
            return int(found.group(1))
    raise AssertionError(f"no mid-year in {header[2]!r} or the titles")


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory) -> list[Path]:
    return write_population(tmp_path_factory.mktemp("landing"), PROJECT_ROOT)


def test_sample_files_and_determinism(sample_files, tmp_path):
    assert [p.name for p in sample_files] == list(SAMPLE_EDITIONS)
    assert all(p.parent.name == SOURCE_ID for p in sample_files)
    again = write_population(tmp_path, PROJECT_ROOT)
    assert [sha256_of(p) for p in again] == [sha256_of(p) for p in sample_files]
    for path in sample_files:
        with zipfile.ZipFile(path) as archive:
            assert "xl/workbook.xml" in archive.namelist()
            assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in archive.infolist())
    assert not list(sample_files[0].parent.glob("*.partial"))


def test_sample_layout(sample_files):
    forces = {r["force_code"]: r for r in _seed("police_force_areas")}
    for path in sample_files:
        ye_march, mid_year = SAMPLE_EDITIONS[path.name]
        sheets = CalamineWorkbook.from_path(str(path)).sheet_names
        assert sheets[-1] == "Table P3" and {"Contents", "Table P1", "Table P2"} <= set(sheets)
        header, data, titles = read_p3(path)
        assert header[:2] == ["Area Code", "Area Name"]
        assert str(ye_march) in header[4]
        assert mid_year_of(header, titles) == mid_year
        codes = [r[0] for r in data]
        assert len(codes) == len(set(codes)) == 55
        force_rows = {r[0]: r for r in data if r[0][:3] in ("E23", "W15")}
        assert set(force_rows) == set(forces)
        by_code = {r[0]: r for r in data}
        assert by_code["K04000001"][2] == sum(r[2] for r in force_rows.values())
        assert by_code["W92000004"][3] == sum(
            r[3] for c, r in force_rows.items() if c.startswith("W15")
        )
        for region in {f["region_code"] for f in forces.values() if f["country"] == "England"}:
            members = [c for c, f in forces.items() if f["region_code"] == region]
            assert by_code[region][2] == sum(force_rows[c][2] for c in members)


def test_sample_populations_grow_from_census(sample_files):
    census = {
        r["force_code"]: int(r["census2021_usual_residents"]) for r in _seed("police_force_areas")
    }
    series: dict[str, dict[int, float]] = defaultdict(dict)
    for path in sample_files:
        _, data, _ = read_p3(path)
        for row in data:
            if row[0] in census:
                series[row[0]][SAMPLE_EDITIONS[path.name][1]] = row[2]
                assert 0 < row[3] < row[2]
    for code, years in series.items():
        assert abs(years[2021] / census[code] - 1) < 0.0025, code
        for year in range(2019, 2025):
            growth = years[year] / years[year - 1] - 1
            assert 0.003 <= growth <= 0.010, (code, year, growth)


def test_sample_crime_rates_match_the_prc_sample(sample_files):
    counts = recorded_counts(PROJECT_ROOT)
    name_of = {
        r["force_code"]: r["force_name"].replace("&", "and") for r in _seed("police_force_areas")
    }
    for path in (sample_files[0], sample_files[-1]):
        ye_march, _ = SAMPLE_EDITIONS[path.name]
        fy = ye_march - 1
        _, data, _ = read_p3(path)
        for row in data:
            if row[0] not in ("E23000001", "W15000002", "E23000034"):
                continue
            offences = sum(
                n
                for (force, code), series in counts.items()
                if force == " ".join(name_of[row[0]].split()) and (code != "8U" or fy >= 2024)
                for (year, _q), n in series.items()
                if year == fy
            )
            assert row[4] == pytest.approx(round(offences / row[2] * 1000, 1)), (path.name, row)


def test_sample_loads_clean(sample_files, tmp_path):
    con = connect(tmp_path / "wh.duckdb")
    try:
        for path in sample_files:
            outcome = ingest_file(con, SPEC, path)
            assert outcome.status == "loaded"
            assert [c.rule for c in outcome.checks if not c.success] == []
    finally:
        con.close()


# --------------------------------------------------------------------------------------------
# (d) end to end on the session sample workspace
# --------------------------------------------------------------------------------------------


def test_end_to_end_staging_matches_sample_files(sample_workspace: Workspace):
    latest: dict[tuple[str, int], tuple[int, int, int]] = {}
    for path in sorted((sample_workspace.landing / SOURCE_ID).glob("*.xlsx")):
        header, data, titles = read_p3(path)
        year = mid_year_of(header, titles)
        edition = int(re.search(r"(\d{2,4})\.xlsx$", path.name).group(1)) % 100
        for row in data:
            if row[0][:3] in ("E23", "W15"):
                key = (row[0], year)
                if key not in latest or latest[key][0] < edition:
                    latest[key] = (edition, int(row[2]), int(row[3]))
    with duckdb.connect(str(sample_workspace.warehouse), read_only=True) as db:
        got = db.execute(
            "select count(*), sum(population), sum(households), count(distinct force_code) "
            "from staging.stg_population__force_areas"
        ).fetchone()
        by_year = dict(
            db.execute(
                "select population_year, sum(population) from staging.stg_population__force_areas "
                "group by 1"
            ).fetchall()
        )
    assert got == (
        len(latest),
        sum(v[1] for v in latest.values()),
        sum(v[2] for v in latest.values()),
        43,
    )
    expected_by_year: dict[int, int] = defaultdict(int)
    for (_, year), values in latest.items():
        expected_by_year[year] += values[1]
    assert by_year == dict(expected_by_year)
    assert sorted(by_year) == list(range(2018, 2025))
