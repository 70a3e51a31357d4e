"""HES admissions for assault by sharp object, source `nhs_sharp_admissions`: loader, gate,
staging, sample writer.

CSV files are written here in the layout the loader assumes (a title row, code and name
columns or names only, age band wording variants, `*` suppression, counts rounded to 5, a
thousands separator, month labels in several formats). Expected raw and staging rows are
computed here from what the test wrote: each test row carries the month, force code and age band
it means beside the cells written to the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.cells import normalise_label
from orchestration.ingest.runner import ingest_file
from orchestration.ingest.warehouse import connect
from orchestration.sources import SOURCES
from orchestration.sources.nhs_sharp_admissions.loader import COLUMNS
from orchestration.sources.nhs_sharp_admissions.sample import write_nhs_sharp_admissions
from tests.python.conftest import PROJECT_ROOT, Workspace, run_dbt, seed_csv
from tests.python.raw_state import assert_rejected, raw_snapshot

SOURCE_ID = "nhs_sharp_admissions"
SPEC = SOURCES[SOURCE_ID]
RAW_COLUMNS = [
    "month", "pfa_code", "pfa_name", "age_band", "admissions", "suppressed_flag", "cause_code",
    "_sheet", "_row_number",
]  # fmt: skip


def seed_rows(name: str) -> list[dict[str, str]]:
    with seed_csv(name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


FORCES = {r["force_code"]: r for r in seed_rows("police_force_areas")}
ENGLISH = sorted(code for code, r in FORCES.items() if r["country"] == "England")


@dataclass
class Row:
    cells: dict[str, str]
    month: dt.date
    force_code: str
    age_band: str


@dataclass
class HesFile:
    name: str
    release: str
    header: dict[str, str]
    rows: list[Row]
    title_rows: list[list[str]] = field(default_factory=list)

    def cells(self) -> list[list[str]]:
        columns = list(self.header)
        body = [[row.cells.get(c, "") for c in columns] for row in self.rows]
        return [*self.title_rows, [self.header[c] for c in columns], *body]

    def first_data_line(self) -> int:
        return len(self.title_rows) + 2


def row(month, label, code, name, band_label, count, force_code, band, **extra) -> Row:
    cells = {"month": label, "pfa_code": code, "pfa_name": name, "age_band": band_label}
    cells["admissions"] = count
    cells.update(extra)
    return Row(cells, month, force_code, band)


def october_release() -> HesFile:
    """Codes and names, label variants, `*`, a thousands separator, cause code, several months."""
    m = dt.date
    met, cum, wmp, dc, col = "E23000001", "E23000002", "E23000014", "E23000035", "E23000034"
    rows = [
        row(m(2024, 3, 1), "2024-03", met, "Metropolitan Police", "Under 25", "45", met,
            "under_25", cause_code="X99"),
        row(m(2024, 3, 1), "2024-03", met, "Metropolitan Police", "25 and over", "60", met,
            "25_and_over", cause_code="X99"),
        row(m(2024, 3, 1), "Mar-24", cum, "Cumbria", "Under 25s", "*", cum, "under_25",
            cause_code="X99", suppressed_flag="Y"),
        row(m(2024, 3, 1), "March 2024", cum, "Cumbria", "Aged 25 and over", "0", cum,
            "25_and_over", cause_code="X99"),
        row(m(2024, 2, 1), "01/02/2024", wmp, "West Midlands", "25+", "1,005", wmp,
            "25_and_over", cause_code="X99"),
        row(m(2024, 2, 1), "202402", dc, "Devon & Cornwall", "Under 25", "10", dc, "under_25",
            cause_code="X99 Assault by sharp object"),
        row(m(2024, 2, 1), "Feb 2024", col, "London, City of", "Under 25", "0", col, "under_25",
            cause_code="X99"),
    ]  # fmt: skip
    return HesFile(
        name="hes-assault-by-sharp-object-admissions-by-pfa-2026-10-15.csv",
        release="2026-10-15",
        title_rows=[["Admissions for assault by sharp object (X99), provisional"]],
        header={
            "month": "Admission month",
            "pfa_code": "PFA code",
            "pfa_name": "Police force area of residence",
            "age_band": "Age group",
            "admissions": "Finished admission episodes",
            "suppressed_flag": "Suppressed",
            "cause_code": "Cause code",
        },
        rows=rows,
    )


def november_release() -> HesFile:
    """Names only (DDMMYY release suffix): revises the Metropolitan Police under 25s for March
    2024 and adds April 2024."""
    m = dt.date
    met, cum = "E23000001", "E23000002"
    rows = [
        row(m(2024, 3, 1), "2024-03", "", "Metropolitan Police Service", "Under 25", "50", met,
            "under_25"),
        row(m(2024, 4, 1), "2024-04", "", "Metropolitan Police Service", "under 25", "40", met,
            "under_25"),
        row(m(2024, 4, 1), "2024-04", "", "Cumbria Constabulary", "25  and over", "*", cum,
            "25_and_over"),
    ]  # fmt: skip
    return HesFile(
        name="hes-sharp-object-admissions-121126.csv",
        release="2026-11-12",
        header={
            "month": "Month",
            "pfa_name": "Police force area",
            "age_band": "Age band",
            "admissions": "Admissions",
        },
        rows=rows,
    )


def write_csv(path: Path, table: HesFile | list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO(newline="")
    cells = table.cells() if isinstance(table, HesFile) else table
    csv.writer(buffer, lineterminator="\r\n").writerows(cells)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _key(values: tuple) -> tuple:
    return tuple("" if v is None else v for v in values)


def expected_raw(table: HesFile) -> list[tuple]:
    out = []
    for offset, data in enumerate(table.rows):
        values = [data.cells.get(c) if c in table.header else None for c in RAW_COLUMNS[:-2]]
        values = [v if v not in ("", None) else None for v in values]
        out.append((*values, "csv", str(table.first_data_line() + offset)))
    return sorted(out, key=_key)


def raw_rows(con, file_name: str) -> list[tuple]:
    got = con.execute(
        f"select {', '.join(RAW_COLUMNS)} from raw.{SOURCE_ID} where _source_file = ?",
        [file_name],
    ).fetchall()
    return sorted(got, key=_key)


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    folder = tmp_path / "landing" / SOURCE_ID
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return tmp_path / "warehouse" / "test.duckdb"


# --------------------------------------------------------------------------------------------
# (a) genuine-format files: raw exactly as written, staging exactly as expected
# --------------------------------------------------------------------------------------------


def test_header_wordings_are_not_shared_between_columns():
    seen: dict[str, str] = {}
    for column in COLUMNS:
        for label in {normalise_label(s) for s in (column.name, *column.synonyms)}:
            assert seen.setdefault(label, column.name) == column.name, label


def test_raw_rows_exactly_as_written(warehouse, landing):
    con = connect(warehouse)
    for table in (october_release(), november_release()):
        path = write_csv(landing / table.name, table)
        outcome = ingest_file(con, SPEC, path)
        assert outcome.status == "loaded"
        assert outcome.release == table.release
        assert outcome.rows == len(table.rows)
        assert raw_rows(con, table.name) == expected_raw(table)
        assert [c.rule for c in outcome.checks if c.blocks] == []
    con.close()


STAGING_COLUMNS = (
    "month_label, period_start, period_end, force_code, age_band, pfa_code, pfa_name, "
    "force_country, is_force_area, reporting_body_type, age_band_label, admissions, value_note, "
    "is_suppressed, release_date, source_file, file_sha256, source_sheet, source_row_number"
)


def expected_staging(tables: list[HesFile], shas: dict[str, str]) -> dict[tuple, tuple]:
    out: dict[tuple, tuple] = {}
    for table in sorted(tables, key=lambda t: t.release):
        for offset, data in enumerate(table.rows):
            c = data.cells
            count = c["admissions"]
            digits = count.replace(",", "")
            next_month = (data.month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            out[(data.month, data.force_code, data.age_band)] = (
                c["month"],
                data.month,
                next_month - dt.timedelta(days=1),
                data.force_code,
                data.age_band,
                c.get("pfa_code") or None,
                c.get("pfa_name") or None,
                FORCES[data.force_code]["country"],
                True,
                None,
                c["age_band"],
                int(digits) if digits.isdigit() else None,
                None if digits.isdigit() else {"*": "suppressed (*)"}[count],
                count == "*",
                dt.date.fromisoformat(table.release),
                table.name,
                shas[table.name],
                "csv",
                table.first_data_line() + offset,
            )
    return out


def test_staging_rows_exactly_as_expected(warehouse, landing, tmp_path):
    tables = [october_release(), november_release()]
    con = connect(warehouse)
    shas = {}
    for table in tables:
        path = write_csv(landing / table.name, table)
        shas[table.name] = sha256_of(path)
        assert ingest_file(con, SPEC, path).status == "loaded"
    con.close()
    run_dbt(
        warehouse,
        "build",
        "--select",
        "+stg_nhs_sharp_admissions__monthly_admissions",
        "--indirect-selection",
        "cautious",
        target_dir=tmp_path / "target",
    )
    with duckdb.connect(str(warehouse), read_only=True) as db:
        got = db.execute(
            f"select {STAGING_COLUMNS} from staging.stg_nhs_sharp_admissions__monthly_admissions"
        ).fetchall()
    expected = expected_staging(tables, shas)
    by_key = {(r[1], r[3], r[4]): r for r in got}
    assert by_key == expected
    assert len(got) == len(expected) == 9  # the revised Met under 25s row appears once
    revised = by_key[(dt.date(2024, 3, 1), "E23000001", "under_25")]
    assert revised[11] == 50 and revised[15] == "hes-sharp-object-admissions-121126.csv"


# --------------------------------------------------------------------------------------------
# (b) bad input: IngestError naming file, source and problem; a rejected row; raw unchanged
# --------------------------------------------------------------------------------------------


def _with_cell(column: str, value: str, row_index: int = 0):
    def make(table: HesFile) -> HesFile:
        table.rows[row_index].cells[column] = value
        return table

    return make


def _extra_header(table: HesFile) -> HesFile:
    table.header["ethnicity"] = "Ethnicity"
    table.rows[0].cells["ethnicity"] = "Not stated"
    return table


def _no_force_columns(table: HesFile) -> HesFile:
    del table.header["pfa_code"], table.header["pfa_name"]
    return table


def _duplicate(table: HesFile) -> HesFile:
    first = table.rows[0]
    cells = dict(first.cells, pfa_name="Metropolitan Police Service")
    table.rows.append(Row(cells, first.month, first.force_code, first.age_band))
    return table


BAD_TABLES = {
    "unmapped_header": (_extra_header, r"unmapped column\(s\) 'Ethnicity'"),
    "no_force_area_columns": (_no_force_columns, "missing column|no police force area"),
    "unknown_force_code": (_with_cell("pfa_code", "E23000099"), "known_force_codes"),
    "code_name_disagree": (_with_cell("pfa_name", "Kent"), "code_matches_name"),
    "negative_count": (_with_cell("admissions", "-5"), "admissions_whole_number"),
    "unparseable_month": (_with_cell("month", "Spring 2024"), "valid_months"),
    "other_cause": (_with_cell("cause_code", "W26"), "cause_is_x99"),
    "duplicate_key": (_duplicate, "no_duplicate_keys"),
}


@pytest.mark.parametrize("case", sorted(BAD_TABLES))
def test_bad_table_is_rejected_and_raw_unchanged(case, warehouse, landing):
    """Rejections particular to the HES file: an extra column, no force area column, an unknown PFA
    code or one that disagrees with the name, negative counts, unreadable months, a cause other than
    X99, one area given by two name spellings; the bad files every source rejects alike are in
    test_bad_files_contract."""
    con = connect(warehouse)
    good = write_csv(landing / november_release().name, november_release())
    assert ingest_file(con, SPEC, good).status == "loaded"
    before = raw_snapshot(con, SOURCE_ID)
    make, pattern = BAD_TABLES[case]
    bad_name = "hes-sharp-object-admissions-2026-12-10.csv"
    bad = write_csv(landing / bad_name, make(october_release()))
    assert_rejected(con, SPEC, bad, pattern, before)
    con.close()


def test_wrong_file_types_are_rejected(warehouse, landing):
    """A good CSV under an .ods name, and a zip under a .csv name (empty and other broken
    files: test_bad_files_contract)."""
    con = connect(warehouse)
    good = write_csv(landing / november_release().name, november_release())
    assert ingest_file(con, SPEC, good).status == "loaded"
    before = raw_snapshot(con, SOURCE_ID)
    ods_named = landing / "hes-sharp-object-admissions-101226.ods"
    ods_named.write_bytes(good.read_bytes() + b"\r\n")
    assert_rejected(con, SPEC, ods_named, r"unsupported file type \(expected \*\.csv\)", before)
    zipped = landing / "hes-sharp-object-admissions-111226.csv"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("hes.csv", good.read_text(encoding="utf-8"))
    assert_rejected(con, SPEC, zipped, "not a CSV text file", before)
    con.close()


# --------------------------------------------------------------------------------------------
# (c) the sample writer
# --------------------------------------------------------------------------------------------

SAMPLE_HEADER = [
    "Admission month", "PFA code", "Police force area of residence", "Age group",
    "Finished admission episodes",
]  # fmt: skip


def sample_months() -> list[str]:
    labels, year, month = [], 2019, 4
    while (year, month) <= (2026, 9):
        labels.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return labels


def read_sample(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_nhs_sharp_admissions(tmp_path_factory.mktemp("landing"), PROJECT_ROOT)


def test_sample_is_deterministic(sample_file, tmp_path):
    again = write_nhs_sharp_admissions(tmp_path, PROJECT_ROOT)
    assert again.name == sample_file.name
    assert again.name == "hes-assault-by-sharp-object-admissions-by-pfa-2026-11-12.csv"
    assert again.read_bytes() == sample_file.read_bytes()


def test_sample_layout_and_values(sample_file):
    rows = read_sample(sample_file)
    assert rows[0] == SAMPLE_HEADER
    data = rows[1:]
    months = sample_months()
    assert len(months) == 90 and len(data) == 90 * 39 * 2
    assert [r[0] for r in data] == [m for m in months for _ in range(39 * 2)]
    assert sorted({r[1] for r in data}) == ENGLISH
    for r in data:
        assert r[2] == FORCES[r[1]]["force_name"]
        old = r[0] < "2021-04"
        bands = ("Under 25s", "Aged 25 and over") if old else ("Under 25", "25 and over")
        assert r[3] in bands
        assert r[4] == "*" or (r[4].isdigit() and int(r[4]) % 5 == 0)
    suppressed = sum(r[4] == "*" for r in data)
    assert 0.3 * len(data) < suppressed < 0.95 * len(data)
    met = [int(r[4]) for r in data if r[1] == "E23000001" and r[4] != "*"]
    assert len(met) > 150 and sum(met) / len(met) > 20
    cumbria = [r[4] for r in data if r[1] == "E23000002"]
    assert sum(v == "*" for v in cumbria) > len(cumbria) / 2


def test_sample_passes_the_gate(sample_file, warehouse):
    con = connect(warehouse)
    outcome = ingest_file(con, SPEC, sample_file)
    con.close()
    assert outcome.status == "loaded"
    # April 2020 (lockdown) trips the month-on-month warning, as real admissions did
    assert [c.rule for c in outcome.checks if not c.success] == ["month_swing_within_bound"]


# --------------------------------------------------------------------------------------------
# (d) end to end through `ppf sample` and `ppf refresh`
# --------------------------------------------------------------------------------------------


def test_end_to_end_staging_matches_sample_files(sample_workspace: Workspace):
    files = sorted((sample_workspace.landing / SOURCE_ID).glob("*.csv"))
    assert len(files) == 1
    data = read_sample(files[0])[1:]
    published = sum(int(r[4]) for r in data if r[4] != "*")
    under_25 = sum(int(r[4]) for r in data if r[4] != "*" and r[3].startswith("Under 25"))
    with duckdb.connect(str(sample_workspace.warehouse), read_only=True) as db:
        count, total, young, suppressed = db.execute(
            "select count(*), sum(admissions), "
            "sum(admissions) filter (where age_band = 'under_25'), "
            "count(*) filter (where is_suppressed) "
            "from staging.stg_nhs_sharp_admissions__monthly_admissions"
        ).fetchone()
    assert count == len(data) == 7020
    assert total == published
    assert young == under_25
    assert suppressed == sum(r[4] == "*" for r in data)
