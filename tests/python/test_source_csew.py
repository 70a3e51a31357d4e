"""Source `csew`: ONS Crime Survey for England and Wales tables (XLSX), loader to staging.

Every test writes its own small workbook in the genuine layout (title rows above the header,
period labels with glued footnote digits, a merged "compared with:" heading over a second header
row, section headings, unweighted base rows, notes below) and computes what raw and staging must
hold from the cells it wrote, never from the loader.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_ROOT, Workspace, run_dbt
from python_calamine import CalamineWorkbook

from orchestration.ingest.errors import IngestError
from orchestration.ingest.runner import ingest_file
from orchestration.ingest.warehouse import connect
from orchestration.sample.xlsx_writer import write_xlsx
from orchestration.sources import SOURCES
from orchestration.sources.csew.sample import FILE_NAME, write_sample
from tests.python.raw_state import load_log, raw_snapshot

SOURCE_ID = "csew"
SPEC = SOURCES[SOURCE_ID]
WORKBOOK = "annualsupplementarytablesyearendingmarch2026.xlsx"
RELEASE = "2026-10-29"
RAW_COLUMNS = [
    "table_title", "coverage", "unit_label", "label_header", "row_group", "row_label",
    "column_label", "cell_column", "value", "_sheet", "_row_number",
]  # fmt: skip


def letter(position: int) -> str:
    """0-based column position -> spreadsheet letter (tables here are narrower than 26)."""
    return chr(65 + position)


@dataclass
class Row:
    label: str
    values: list  # one per period
    markers: list = field(default_factory=list)  # one per comparison column
    group: str | None = None
    base: bool = False


@dataclass
class Table:
    sheet: str
    titles: list[str]  # title, coverage rows..., unit
    periods: list[tuple[int, str]]  # (year ending March, label as published)
    rows: list[Row]
    comparison_heading: str | None = None
    comparison_subs: list[str] = field(default_factory=list)  # empty: heading names both
    comparison_years: list[int] = field(default_factory=list)  # years apart per column
    notes: list[str] = field(default_factory=list)
    blank_before_header: bool = False

    @property
    def n(self) -> int:
        return len(self.periods)

    def comparison_positions(self) -> list[int]:
        if not self.comparison_heading:
            return []
        count = max(1, len(self.comparison_subs))
        return [self.n + 2 + i for i in range(count)]  # a blank column separates them

    def comparison_labels(self) -> list[str]:
        if not self.comparison_subs:
            return [self.comparison_heading] if self.comparison_heading else []
        return [f"{self.comparison_heading} {s}" for s in self.comparison_subs]

    def grid(self) -> tuple[list[list], list[str], dict[int, int]]:
        """Cells, merged ranges, and spreadsheet row number of each body row (by index)."""
        cells: list[list] = [[t] for t in self.titles]
        if self.blank_before_header:
            cells.append([None])
        header: list = [None, *(label for _, label in self.periods)]
        merges: list[str] = []
        positions = self.comparison_positions()
        if positions:
            header += [None, self.comparison_heading] + [None] * (len(positions) - 1)
        cells.append(header)
        if self.comparison_subs:
            cells.append([None] * (self.n + 2) + list(self.comparison_subs))
            header_row = len(cells) - 1
            merges.append(f"{letter(positions[0])}{header_row}:{letter(positions[-1])}{header_row}")
        numbers: dict[int, int] = {}
        group: str | None = None
        for index, row in enumerate(self.rows):
            if row.group != group and row.group is not None:
                cells.append([row.group])
                group = row.group
            line = [row.label, *row.values]
            if positions:
                line += [None, *(row.markers or [None] * len(positions))]
            cells.append(line)
            numbers[index] = len(cells)
        cells.append([None])
        cells.extend([n] for n in self.notes)
        return cells, merges, numbers


def genuine_tables() -> list[Table]:
    s1 = Table(
        sheet="Table S1",
        titles=[
            "Table S1: Ratings of the local police, year ending March 2022 to year ending "
            "March 2024",
            "England and Wales",
            "Adults aged 16 and over",
            "Percentages",
        ],
        periods=[
            (2022, "Apr '21 to Mar '22"),
            (2023, "Apr \u201922 to Mar \u201923"),
            (2024, "Apr '23 to Mar '241"),
        ],
        comparison_heading="Apr '23 to Mar '24 compared with:",
        comparison_subs=["Apr '22 to Mar '23", "Apr '13 to Mar '14"],
        comparison_years=[1, 10],
        rows=[
            Row("Police do a good or excellent job", [51, 49, 47], ["*", None]),
            Row("Unweighted base - number of adults", [31000, 30500, 29800], base=True),
            Row("Police can be trusted", [70, "[x]", 68.5], [None, "*"], group="Agree that:"),
            Row("Police would treat you fairly2", [60, 61, 59], ["Yes", "No"], group="Agree that:"),
            Row(
                "Unweighted base - number of adults asked",
                [8000, "[x]", 7900],
                base=True,
                group="Agree that:",
            ),
        ],
        notes=[
            "Source: Crime Survey for England and Wales, Office for National Statistics",
            "1. Telephone survey year.",
            "* indicates a statistically significant change.",
        ],
        blank_before_header=True,
    )
    s2 = Table(
        sheet="Table S2",
        titles=[
            "Table S2: Number of incidents of neighbourhood crime",
            "England and Wales",
            "Numbers (thousands)",
        ],
        periods=[(2023, "April 2022 to March 2023"), (2024, "April 2023 to March 20242")],
        comparison_heading="April 2023 to March 2024 compared with one year earlier",
        comparison_years=[1],
        rows=[
            Row("Neighbourhood crime", [1260, 1211], ["*"]),
            Row("Robbery", [92, 89], [None]),
        ],
        notes=["Source: Crime Survey for England and Wales", "2. Provisional."],
    )
    return [s1, s2]


def write_workbook(path: Path, tables: list[Table], cover: bool = True) -> Path:
    sheets = []
    if cover:
        sheets.append(("Cover sheet", [["CSEW tables"], ["Release date:", "29 October 2026"]], []))
        sheets.append(("Contents", [["Table number", "Table title"], ["Table S1", "Ratings"]], []))
    for table in tables:
        cells, merges, _ = table.grid()
        sheets.append((table.sheet, cells, merges))
    return write_xlsx(path, sheets)


def published(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def expected_raw(tables: list[Table]) -> list[tuple]:
    out = []
    for table in tables:
        _, _, numbers = table.grid()
        coverage = "; ".join(table.titles[1:-1])
        labels = [label for _, label in table.periods]
        comparison = list(zip(table.comparison_positions(), table.comparison_labels(), strict=True))
        for index, row in enumerate(table.rows):
            common = (table.titles[0], coverage, table.titles[-1], None, row.group, row.label)
            for position, (label, value) in enumerate(zip(labels, row.values, strict=True), 1):
                out.append((*common, label, letter(position), published(value), table.sheet,
                            str(numbers[index])))  # fmt: skip
            markers = row.markers or [None] * len(comparison)
            for (position, label), marker in zip(comparison, markers, strict=True):
                out.append((*common, label, letter(position), marker, table.sheet,
                            str(numbers[index])))  # fmt: skip
    return sorted(out, key=lambda r: tuple("" if v is None else v for v in r))


def significance(marker: str | None) -> bool | None:
    if marker is None:
        return False
    return {"*": True, "Yes": True, "No": False}[marker]


def expected_staging(tables: list[Table], sha: str, file_name: str) -> list[tuple]:
    out = []
    for table in tables:
        _, _, numbers = table.grid()
        table_id = table.titles[0].split(":")[0].removeprefix("Table ")
        unit = {"Percentages": "percentage", "Numbers (thousands)": "thousands"}[table.titles[-1]]
        for index, row in enumerate(table.rows):
            if row.base:
                continue
            later_bases = [i for i in range(index + 1, len(table.rows)) if table.rows[i].base]
            base_row = table.rows[later_bases[0]] if later_bases else None
            for position, ((year, label), value) in enumerate(
                zip(table.periods, row.values, strict=True), 1
            ):
                marks = dict(zip(table.comparison_years, row.markers, strict=False))
                latest = year == table.periods[-1][0]
                base = base_row.values[position - 1] if base_row else None
                number = value if isinstance(value, int | float) else None
                out.append(
                    (
                        table_id, row.group, row.label, label,
                        re.sub(r"(?<=[A-Za-z)])\d+$", "", row.label),
                        f"year ending March {year}", dt.date(year - 1, 4, 1), dt.date(year, 3, 31),
                        float(number) if number is not None else None,
                        None if number is not None else "not available [x]",
                        unit,
                        base if isinstance(base, int) else None,
                        base_row.label if base_row else None,
                        significance(marks[1]) if latest and 1 in marks else None,
                        marks.get(1) if latest else None,
                        significance(marks[10]) if latest and 10 in marks else None,
                        "England and Wales", "national_total", False, None,
                        dt.date(2026, 10, 29), file_name, sha, table.sheet, numbers[index],
                        letter(position),
                    )
                )  # fmt: skip
    return sorted(out, key=_key)


def _key(row: tuple) -> tuple:
    return tuple("" if v is None else str(v) for v in row)


STAGING_COLUMNS = (
    "table_id, row_group, row_label, period_label, row_label_clean, year_ending_label, "
    "period_start, period_end, estimate, value_note, unit, unweighted_base, "
    "unweighted_base_label, is_significant_vs_year_earlier, significance_marker_vs_year_earlier, "
    "is_significant_vs_ten_years_earlier, geography_label, reporting_body_type, is_force_area, "
    "force_code, release_date, source_file, file_sha256, source_sheet, source_row_number, "
    "source_column"
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


def raw_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    rows = con.execute(f"select {', '.join(RAW_COLUMNS)} from raw.csew").fetchall()
    return sorted(rows, key=lambda r: tuple("" if v is None else v for v in r))


# --------------------------------------------------------------------------------------------
# (a) genuine layout: raw exactly as written, staging exactly as expected
# --------------------------------------------------------------------------------------------


def test_raw_rows_exactly_as_published(con, landing):
    tables = genuine_tables()
    path = write_workbook(landing / WORKBOOK, tables)
    outcome = ingest_file(con, SPEC, path)
    assert outcome.status == "loaded"
    assert outcome.release == RELEASE  # from the cover sheet: ONS names carry no date
    assert raw_rows(con) == expected_raw(tables)
    assert outcome.rows == len(expected_raw(tables))
    # Title, cover, contents and note rows never land as data.
    assert con.execute(
        "select count(*) from raw.csew where row_label like 'Source%' or _sheet not like 'Table%'"
    ).fetchone() == (0,)


def test_staging_rows_exactly_as_expected(con, landing, warehouse, tmp_path):
    tables = genuine_tables()
    path = write_workbook(landing / WORKBOOK, tables)
    assert ingest_file(con, SPEC, path).status == "loaded"
    con.close()
    run_dbt(warehouse, "build", "--select", "+stg_csew__estimates", "--indirect-selection",
            "cautious", target_dir=tmp_path / "target")  # fmt: skip
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    with duckdb.connect(str(warehouse), read_only=True) as db:
        got = db.execute(f"select {STAGING_COLUMNS} from staging.stg_csew__estimates").fetchall()
    assert sorted(got, key=_key) == expected_staging(tables, sha, path.name)


# --------------------------------------------------------------------------------------------
# (b) bad input: IngestError naming file, source and problem; rejected in load_log; raw intact
# --------------------------------------------------------------------------------------------


def _percentage_out_of_range(path: Path) -> None:
    tables = genuine_tables()
    tables[0].rows[2].values[0] = 140
    write_workbook(path, tables)


def _no_period_header(path: Path) -> None:
    tables = genuine_tables()
    tables[1].periods = [(2023, "2022"), (2024, "2023")]
    write_workbook(path, tables)


def _data_below_notes(path: Path) -> None:
    tables = genuine_tables()
    cells, merges, _ = tables[1].grid()
    cells.append(["Stray row", 5, 6])
    write_xlsx(path, [(tables[0].sheet, tables[0].grid()[0], tables[0].grid()[1]),
                      (tables[1].sheet, cells, merges)])  # fmt: skip


BAD_CASES = [
    ("percentage_out_of_range", _percentage_out_of_range, ("percentages_in_range",)),
    ("no_period_header", _no_period_header, ("sheet 'Table S2'", "no header row of period")),
    ("data_below_notes", _data_below_notes, ("sheet 'Table S2'", "below the table's notes")),
]  # fmt: skip


@pytest.mark.parametrize(("case", "make", "fragments"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_file_rejected_and_raw_untouched(con, landing, case, make, fragments):
    """Rejections particular to the ONS wide tables: a percentage out of range, a table without a
    header row of period labels, values below the notes; the bad files every source rejects alike
    are in test_bad_files_contract."""
    good = write_workbook(landing / WORKBOOK, genuine_tables())
    assert ingest_file(con, SPEC, good).status == "loaded"
    before, log_before = raw_snapshot(con, "csew"), load_log(con)
    bad = landing / f"annualsupplementarytables{case}.xlsx"
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
    assert raw_snapshot(con, "csew") == before


def test_wrong_extension_rejected_by_name(con, landing):
    bad = landing / "annualsupplementarytables.pdf"
    bad.write_bytes(b"%PDF-1.4 not a table")
    with pytest.raises(IngestError) as caught:
        ingest_file(con, SPEC, bad)
    assert "unsupported file type" in caught.value.problem
    assert con.execute("select status from raw.load_log").fetchall() == [("rejected",)]


# --------------------------------------------------------------------------------------------
# (c) the sample writer
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample(tmp_path_factory.mktemp("landing"), PROJECT_ROOT)


def test_sample_is_deterministic(sample_path, tmp_path):
    again = write_sample(tmp_path, PROJECT_ROOT)
    assert again.read_bytes() == sample_path.read_bytes()
    assert sample_path.parent.name == SOURCE_ID and sample_path.name == FILE_NAME
    with zipfile.ZipFile(sample_path) as archive:
        assert "xl/workbook.xml" in archive.namelist()
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml")
    assert b">2000-01-01T00:00:00Z</dcterms:modified>" in core  # not the time of writing


def test_sample_has_the_genuine_layout(sample_path):
    book = CalamineWorkbook.from_path(str(sample_path))
    names = book.sheet_names
    assert names[:3] == ["Cover sheet", "Contents", "Notes"]
    tables = [n for n in names if n.startswith("Table S")]
    assert tables == [f"Table S{i}" for i in range(1, 13)]
    cover = book.get_sheet_by_name("Cover sheet").to_python()
    assert ["Release date:", "29 October 2026"] in [r[:2] for r in cover]
    s1 = book.get_sheet_by_name("Table S1").to_python()
    assert str(s1[0][0]).startswith("Table S1: ")
    assert [s1[1][0], s1[2][0], s1[3][0]] == ["England and Wales", "Adults aged 16 and over",
                                              "Percentages"]  # fmt: skip
    header = s1[4]
    assert header[1] == "Apr '18 to Mar '19" and header[8] == "Apr '25 to Mar '26"
    assert "Apr '20 to Mar '211" in header  # footnote digit glued on
    assert header[10] == "Apr '25 to Mar '26 compared with:" and header[11] == ""
    assert s1[5][10:12] == ["Apr '24 to Mar '25", "Apr '15 to Mar '16"]
    labels = [r[0] for r in s1]
    assert "Unweighted base - number of adults" in labels
    assert any(str(label).startswith("Source:") for label in labels)
    bases = next(r for r in s1 if r[0] == "Unweighted base - number of adults")[1:9]
    assert all(25000 <= b <= 40000 for b in bases if isinstance(b, float) and b != 11282)
    markers = {c for r in s1[6:] for c in r[10:12]}
    assert markers <= {"*", ""} and "*" in markers
    s7 = book.get_sheet_by_name("Table S7").to_python()
    vawg = next(r for r in s7 if str(r[0]).startswith("Domestic abuse, sexual assault"))
    assert vawg[6:8] == [11.3, 10.6]  # YE March 2024 and 2025 (docs/methods/measure-definitions.md)
    assert "Stalking3" in [r[0] for r in s7]
    assert "[x]" in vawg


# --------------------------------------------------------------------------------------------
# (d) end to end over the session sample workspace
# --------------------------------------------------------------------------------------------


def _sample_estimates(path: Path) -> list[tuple[str, str, float | None]]:
    """(sheet, row label, value) of every estimate cell, read with plain Python."""
    book = CalamineWorkbook.from_path(str(path))
    cells = []
    for name in book.sheet_names:
        if not name.startswith("Table S"):
            continue
        rows = book.get_sheet_by_name(name).to_python()
        header_index = next(i for i, r in enumerate(rows) if str(r[1]).startswith("Apr '"))
        periods = [i for i, c in enumerate(rows[header_index]) if str(c).startswith("Apr '")
                   and "compared" not in str(c)]  # fmt: skip
        body = rows[header_index + 1 :]
        if body and body[0][0] == "":
            body = body[1:]  # the comparison sub-header row
        for row in body:
            if row[0] == "" and all(c == "" for c in row):
                break
            if all(row[i] == "" for i in periods) or str(row[0]).startswith("Unweighted base"):
                continue  # a section heading or a base row
            for i in periods:
                value = row[i]
                cells.append((name, row[0], value if isinstance(value, float) else None))
    return cells


def test_end_to_end_sample_counts_and_totals(sample_workspace: Workspace):
    files = sorted((sample_workspace.landing / SOURCE_ID).glob("*.xlsx"))
    assert [f.name for f in files] == [FILE_NAME]
    expected = _sample_estimates(files[0])
    with duckdb.connect(str(sample_workspace.warehouse), read_only=True) as db:
        count, total, numbers = db.execute(
            "select count(*), sum(estimate), count(estimate) from staging.stg_csew__estimates"
        ).fetchone()
        unmatched = db.execute(
            """
            select map.measure_id, map.breakdown
            from reference.csew_measure_map as map
            where not exists (
                select 1 from staging.stg_csew__estimates as s
                where (map.table_id is null or s.table_id = map.table_id)
                    and (map.table_title_pattern is null
                        or s.table_title ilike map.table_title_pattern)
                    and lower(s.row_label_clean) = lower(map.row_label)
                    and (map.row_group is null or lower(s.row_group) = lower(map.row_group))
                    and s.estimate is not null
            )
            """
        ).fetchall()
    assert count == len(expected)
    assert numbers == sum(1 for _, _, v in expected if v is not None)
    assert total == pytest.approx(sum(v for _, _, v in expected if v is not None))
    assert unmatched == []  # every measure mapping finds published estimates
