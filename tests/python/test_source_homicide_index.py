"""Source `homicide_index`: ONS homicide appendix tables (Home Office Homicide Index), XLSX.

Every test writes its own small workbook in the assumed genuine layout (cover sheet stating the
release and extraction dates, wide tables with title rows, periods as columns with glued
footnote digits, section headings, Total rows, a force table with older spellings, `[x]` and
`-` markers, notes below) and computes what raw and staging must hold from the cells it wrote.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_ROOT, Workspace, run_dbt, seed_csv
from python_calamine import CalamineWorkbook

from orchestration.ingest.errors import IngestError
from orchestration.ingest.runner import ingest_file
from orchestration.ingest.warehouse import connect
from orchestration.sample.xlsx_writer import write_xlsx
from orchestration.sources import SOURCES
from orchestration.sources.homicide_index.sample import FILE_NAME, write_sample
from orchestration.sources.prc_pfa.sample import recorded_counts
from tests.python.raw_state import load_log, raw_snapshot

SOURCE_ID = "homicide_index"
SPEC = SOURCES[SOURCE_ID]
WORKBOOK = "appendixtableshomicideyearendingmarch2025.xlsx"
PERIODS = [(2023, "Year ending March 2023"), (2024, "Year ending March 20241"),
           (2025, "Apr '24 to Mar '25")]  # fmt: skip
RAW_COLUMNS = [
    "table_title", "coverage", "unit_label", "label_header", "row_group", "row_label",
    "column_label", "cell_column", "value", "extraction_date", "_sheet", "_row_number",
]  # fmt: skip
# Force codes of the spellings used below (seeds/reference/police_force_areas.csv,
# force_name_variants.csv).
FORCE_CODES = {
    "Dyfed Powys": "W15000004",
    "Gwent": "W15000002",
    "London: City of London": "E23000034",
    "Metropolitan": "E23000001",
}
BODIES = {"England and Wales": "national_total", "British Transport Police": "transport_police"}


@dataclass
class Table:
    sheet: str
    title: str
    header: str
    rows: list[tuple[str | None, str, list]]  # (section heading, label, values per period)

    def grid(self) -> tuple[list[list], dict[int, int]]:
        cells: list[list] = [[self.title], ["England and Wales"], ["Numbers"]]
        cells.append([self.header, *(label for _, label in PERIODS)])
        numbers: dict[int, int] = {}
        group = None
        for index, (heading, label, values) in enumerate(self.rows):
            if heading != group and heading is not None:
                cells.append([heading])
                group = heading
            cells.append([label, *values])
            numbers[index] = len(cells)
        cells += [[None], ["Source: Homicide Index, Home Office"], ["1. Lockdown year."]]
        return cells, numbers


def genuine_tables() -> list[Table]:
    return [
        Table("Table 1", "Table 1: Homicide victims by sex", "Sex of victim", [
            (None, "Male", [420, 410, 400]),
            (None, "Female", [150, "[x]", 140]),
            (None, "Total", [570, 560, 540]),
        ]),
        Table("Table 2", "Table 2: Homicide victims by method of killing and sex",
              "Method of killing", [
            ("Male victims", "Sharp instrument2", [170, 180, 160]),
            ("Male victims", "Other methods", [250, 230, 240]),
            ("Male victims", "Total", [420, 410, 400]),
            ("Female victims", "Sharp instrument2", [40, 45, 38]),
            ("Female victims", "Other methods", [110, 105, 102]),
            ("Female victims", "Total", [150, 150, 140]),
        ]),
        Table("Table 3", "Table 3: Homicide offences", "Offences and victims", [
            (None, "Homicide offences", [566, 559, 538]),
        ]),
        Table("Table 4", "Table 4: Homicide victims by police force area", "Police force area", [
            (None, "England and Wales", [570, 560, 540]),
            ("Wales", "Dyfed Powys", [3, "-", 2]),
            ("Wales", "Gwent", [4, 5, 3]),
            ("London", "London: City of London", ["-", 1, "-"]),
            ("London", "Metropolitan", [100, 98, 95]),
            ("Other police forces", "British Transport Police", ["[x]", 1, 2]),
        ]),
    ]  # fmt: skip


COVER = [
    ["Homicide in England and Wales: appendix tables"],
    ["Release date:", "12 February 2026"],
    ["Data were extracted from the Home Office Homicide Index on 5 December 2025."],
]


def write_workbook(path: Path, tables: list[Table]) -> Path:
    sheets = [("Cover sheet", COVER, []), ("Contents", [["Table", "Title"], ["Table 1", "x"]], [])]
    sheets += [(t.sheet, t.grid()[0], []) for t in tables]
    return write_xlsx(path, sheets)


def published(value) -> str | None:
    return None if value is None else str(value)


def expected_raw(tables: list[Table]) -> list[tuple]:
    out = []
    for table in tables:
        _, numbers = table.grid()
        for index, (heading, label, values) in enumerate(table.rows):
            for position, ((_, period), value) in enumerate(zip(PERIODS, values, strict=True), 1):
                out.append((table.title, "England and Wales", "Numbers", table.header, heading,
                            label, period, chr(65 + position), published(value), "2025-12-05",
                            table.sheet, str(numbers[index])))  # fmt: skip
    return sorted(out, key=_key)


def _key(row: tuple) -> tuple:
    return tuple("" if v is None else str(v) for v in row)


def snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def expected_staging(tables: list[Table], sha: str, file_name: str) -> list[tuple]:
    markers = {"[x]": "not available [x]", "-": "nil or not applicable (-) as published"}
    out = []
    for table in tables:
        _, numbers = table.grid()
        force_table = table.header == "Police force area"
        for index, (heading, label, values) in enumerate(table.rows):
            clean = re.sub(r"(?<=[A-Za-z)])\d+$", "", label)
            geography = clean if force_table else "England and Wales"
            sex = "all"
            if (heading and "Female" in heading) or label == "Female":
                sex = "female"
            elif (heading and "Male" in heading) or label == "Male":
                sex = "male"
            for position, ((year, period), value) in enumerate(
                zip(PERIODS, values, strict=True), 1
            ):
                out.append(
                    (
                        table.sheet.removeprefix("Table "), heading, label, period,
                        FORCE_CODES.get(geography), clean,
                        "police_force_area" if force_table else snake(table.header),
                        snake(clean), sex, clean in ("Total", "England and Wales"),
                        "offences" if "offences" in clean else "victims", geography,
                        BODIES.get(geography), geography in FORCE_CODES,
                        dt.date(year, 3, 31), value if isinstance(value, int) else None,
                        markers.get(value) if isinstance(value, str) else None,
                        dt.date(2025, 12, 5), dt.date(2026, 2, 12), file_name, sha, table.sheet,
                        numbers[index], chr(65 + position),
                    )
                )  # fmt: skip
    return sorted(out, key=_key)


STAGING_COLUMNS = (
    "table_id, row_group, category_label, period_label, force_code, category_label_clean, "
    "breakdown_dimension, breakdown_value, victim_sex, is_total, counting_unit, geography_label, "
    "reporting_body_type, is_force_area, period_end, homicide_count, value_note, extraction_date, "
    "release_date, source_file, file_sha256, source_sheet, source_row_number, source_column"
)


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
    folder = tmp_path / "landing" / SOURCE_ID
    folder.mkdir(parents=True)
    return folder


# --------------------------------------------------------------------------------------------
# (a) genuine layout
# --------------------------------------------------------------------------------------------


def test_raw_rows_exactly_as_published(con, landing):
    tables = genuine_tables()
    path = write_workbook(landing / WORKBOOK, tables)
    outcome = ingest_file(con, SPEC, path)
    assert outcome.status == "loaded"
    assert outcome.release == "2026-02-12"  # the cover sheet's release date
    got = con.execute(f"select {', '.join(RAW_COLUMNS)} from raw.homicide_index").fetchall()
    assert sorted(got, key=_key) == expected_raw(tables)


def test_staging_rows_exactly_as_expected(con, landing, warehouse, tmp_path):
    tables = genuine_tables()
    path = write_workbook(landing / WORKBOOK, tables)
    assert ingest_file(con, SPEC, path).status == "loaded"
    con.close()
    run_dbt(warehouse, "build", "--select", "+stg_homicide_index__victims",
            "--indirect-selection", "cautious", target_dir=tmp_path / "target")  # fmt: skip
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    with duckdb.connect(str(warehouse), read_only=True) as db:
        got = db.execute(
            f"select {STAGING_COLUMNS} from staging.stg_homicide_index__victims"
        ).fetchall()
    assert sorted(got, key=_key) == expected_staging(tables, sha, path.name)


# --------------------------------------------------------------------------------------------
# (b) bad input
# --------------------------------------------------------------------------------------------


def _with(change: Callable[[list[Table]], None]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        tables = genuine_tables()
        change(tables)
        write_workbook(path, tables)

    return make


def _set_value(tables, table, row, column, value):
    tables[table].rows[row][2][column] = value


BAD_CASES = [
    ("part_above_total", _with(lambda t: _set_value(t, 0, 0, 0, 600)),
     ("parts_not_above_total",)),
]  # fmt: skip


def _unmapped(path: Path) -> None:
    tables = genuine_tables()
    sheets = [("Cover sheet", COVER, [])]
    for table in tables:
        cells, _ = table.grid()
        if table.sheet == "Table 1":
            cells[3] = [*cells[3], "Change 2024 to 2025"]
            for row in cells[4:7]:
                row.append(5)
        sheets.append((table.sheet, cells, []))
    write_xlsx(path, sheets)


BAD_CASES.insert(
    0, ("unmapped_header", _unmapped, ("sheet 'Table 1'", "unmapped column header 'Change 2024"))
)


@pytest.mark.parametrize(("case", "make", "fragments"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_file_rejected_and_raw_untouched(con, landing, case, make, fragments):
    """Rejections particular to the homicide tables: an extra column that is neither a period nor a
    '... compared with:' column, a part above its total; the bad files every source rejects alike
    are in test_bad_files_contract."""
    good = write_workbook(landing / WORKBOOK, genuine_tables())
    assert ingest_file(con, SPEC, good).status == "loaded"
    before, log_before = raw_snapshot(con, "homicide_index"), load_log(con)
    bad = landing / f"appendixtableshomicide{case}.xlsx"
    make(bad)
    sha = hashlib.sha256(bad.read_bytes()).hexdigest()
    with pytest.raises(IngestError) as caught:
        ingest_file(con, SPEC, bad)
    exc = caught.value
    assert exc.source_id == SOURCE_ID
    assert str(exc) == f"{bad.name} [{SOURCE_ID}]: {exc.problem}"
    for fragment in fragments:
        assert fragment.lower() in str(exc).lower(), (fragment, str(exc))
    assert load_log(con) == [*log_before, (bad.name, sha, None, "rejected", None, exc.problem)]
    assert raw_snapshot(con, "homicide_index") == before


# --------------------------------------------------------------------------------------------
# (c) the sample writer
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample(tmp_path_factory.mktemp("landing"), PROJECT_ROOT)


@pytest.fixture(scope="module")
def sample_sheets(sample_path: Path) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_path(str(sample_path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_sample_is_deterministic(sample_path, tmp_path):
    assert write_sample(tmp_path, PROJECT_ROOT).read_bytes() == sample_path.read_bytes()
    assert sample_path.parent.name == SOURCE_ID and sample_path.name == FILE_NAME
    with zipfile.ZipFile(sample_path) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml")
    assert b">2000-01-01T00:00:00Z</dcterms:modified>" in core  # not the time of writing


def _row(sheet: list[list], label: str, group: str | None = None) -> list:
    current = None
    for row in sheet:
        if row[0] and all(c == "" for c in row[1:]):
            current = row[0]
        elif row[0] == label and (group is None or current == group):
            return row
    raise KeyError(label)


def test_sample_has_the_genuine_layout(sample_sheets):
    assert list(sample_sheets)[:3] == ["Cover sheet", "Contents", "Notes"]
    assert [n for n in sample_sheets if n.startswith("Table")] == [
        f"Table {i}" for i in range(1, 6)
    ]
    cover = [" ".join(str(c) for c in r) for r in sample_sheets["Cover sheet"]]
    assert any("Release date: 12 February 2026" in line for line in cover)
    assert any("Homicide Index on 5 December 2025" in line for line in cover)
    t2 = sample_sheets["Table 2"]
    assert t2[3][0] == "Sex of victim"
    assert t2[3][1:] == [
        f"Year ending March {y}{'1' if y == 2021 else ''}" for y in range(2019, 2026)
    ]
    totals = _row(t2, "Total")[1:]
    female = _row(t2, "Female")[1:]
    assert all(550 <= t <= 800 for t in totals)
    assert 0.18 <= sum(female) / sum(totals) <= 0.32
    t3 = sample_sheets["Table 3"]
    sharp = _row(t3, "Sharp instrument2", "All victims")[1:]
    assert 0.33 <= sum(sharp) / sum(totals) <= 0.47
    assert _row(t3, "Total", "All victims")[1:] == totals
    t4 = sample_sheets["Table 4"]
    drug = _row(t4, "Drug-related")[1:]
    assert 0.4 <= sum(drug) / sum(totals) <= 0.6
    t5 = sample_sheets["Table 5"]
    labels = [r[0] for r in t5]
    for spelling in ("Dyfed Powys", "London: City of London", "Metropolitan",
                     "British Transport Police", "England and Wales"):  # fmt: skip
        assert spelling in labels
    assert _row(t5, "England and Wales")[1:] == totals
    assert "[x]" in _row(t5, "British Transport Police")
    assert "-" in _row(t5, "London: City of London")


def test_sample_victims_match_the_prc_sample_homicides(sample_sheets):
    with seed_csv("offence_classification").open(encoding="utf-8") as fh:
        codes = {
            r["offence_code"] for r in csv.DictReader(fh) if r["offence_subgroup"] == "Homicide"
        }
    prc = recorded_counts(PROJECT_ROOT)
    for year, column in ((2022, 4), (2025, 7)):  # BTP is published from 2021
        expected = sum(
            count
            for (_force, code), series in prc.items()
            if code in codes
            for (fy, _q), count in series.items()
            if fy == year - 1
        )
        assert _row(sample_sheets["Table 2"], "Total")[column] == expected


# --------------------------------------------------------------------------------------------
# (d) end to end over the session sample workspace
# --------------------------------------------------------------------------------------------


def test_end_to_end_sample_counts_and_totals(sample_workspace: Workspace):
    files = sorted((sample_workspace.landing / SOURCE_ID).glob("*.xlsx"))
    assert [f.name for f in files] == [FILE_NAME]
    book = CalamineWorkbook.from_path(str(files[0]))
    cells, numbers, female_2025 = 0, 0.0, None
    for name in book.sheet_names:
        if not name.startswith("Table"):
            continue
        rows = book.get_sheet_by_name(name).to_python()
        periods = [i for i, c in enumerate(rows[3]) if str(c).startswith("Year ending March")]
        for row in rows[4:]:
            if all(c == "" for c in row):
                break  # the notes follow
            if all(row[i] == "" for i in periods):
                continue  # a section heading
            cells += len(periods)
            numbers += sum(row[i] for i in periods if isinstance(row[i], float))
            if name == "Table 2" and row[0] == "Female":
                female_2025 = row[periods[-1]]
    with duckdb.connect(str(sample_workspace.warehouse), read_only=True) as db:
        count, total = db.execute(
            "select count(*), sum(homicide_count) from staging.stg_homicide_index__victims"
        ).fetchone()
        female = db.execute(
            "select homicide_count from staging.stg_homicide_index__victims where table_id = '2' "
            "and victim_sex = 'female' and period_end = date '2025-03-31'"
        ).fetchone()
        forces = db.execute(
            "select count(distinct force_code) from staging.stg_homicide_index__victims"
        ).fetchone()
    assert count == cells
    assert total == numbers
    assert female == (female_2025,)
    assert forces == (43,)
