"""The police.uk 999 call answering source `calls_999`: loader, gate, staging, sample writer.

CSV files are written here in the layout the loader assumes (title rows above the header, header
synonyms, full force names with British Transport Police, Police Scotland and PSNI, month labels
in every accepted format, thousands separators, `%` signs, proportions, a blank median, a note
under the table). Expected raw and staging rows are computed here from what the test wrote:
each test row carries the month and force code it means beside the cells written to the file.
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
from orchestration.sources.calls_999.loader import COLUMNS
from orchestration.sources.calls_999.sample import write_calls_999
from tests.python.conftest import PROJECT_ROOT, Workspace, run_dbt, seed_csv
from tests.python.raw_state import assert_rejected, raw_snapshot

SOURCE_ID = "calls_999"
SPEC = SOURCES[SOURCE_ID]
RAW_COLUMNS = [
    "force_name", "month", "total_calls", "calls_under_10s", "percent_under_10s",
    "calls_10_to_60s", "percent_10_to_60s", "calls_60s_or_more", "percent_60s_or_more",
    "mean_answer_seconds", "median_answer_seconds", "_sheet", "_row_number",
]  # fmt: skip
NON_FORCE = {
    "British Transport Police": "transport_police",
    "Police Scotland": "scotland_force",
    "Police Service of Northern Ireland": "northern_ireland_force",
}


def seed_rows(name: str) -> list[dict[str, str]]:
    with seed_csv(name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


FULL_NAMES = {r["force_full_name"]: r["force_code"] for r in seed_rows("police_force_areas")}


@dataclass
class Row:
    """One data row: the cells written (by canonical column) and what they mean."""

    cells: dict[str, str]
    month: dt.date  # the month the label denotes, decided here by hand


@dataclass
class CallsFile:
    name: str
    release: str
    header: dict[str, str]  # canonical column -> header text written
    rows: list[Row]
    title_rows: list[list[str]] = field(default_factory=list)
    notes: list[list[str]] = field(default_factory=list)

    def cells(self) -> list[list[str]]:
        columns = list(self.header)
        body = [[row.cells.get(c, "") for c in columns] for row in self.rows]
        return [*self.title_rows, [self.header[c] for c in columns], *body, *self.notes]

    def first_data_line(self) -> int:
        return len(self.title_rows) + 2


def row(force, month, label, total, u10, b10_60, o60, mean, **extra) -> Row:
    cells = {
        "force_name": force,
        "month": label,
        "total_calls": total,
        "calls_under_10s": u10,
        "calls_10_to_60s": b10_60,
        "calls_60s_or_more": o60,
        "mean_answer_seconds": mean,
    }
    cells.update(extra)
    return Row(cells, month)


def march_release() -> CallsFile:
    """Release 15 April 2026 (DDMMYY suffix): percentages with and without %, thousands
    separators, every month label format, the three non-force bodies, a note under the table."""
    m = dt.date
    rows = [
        row("Suffolk Constabulary", m(2024, 3, 1), "Mar-24", "9,870", "9,100", "650", "120",
            "6.2", percent_under_10s="92.2%"),
        row("Greater Manchester Police", m(2024, 3, 1), "March 2024", "41,020", "31,500",
            "8,020", "1,500", "13.4", percent_under_10s="76.8"),
        row("Devon & Cornwall Police", m(2024, 3, 1), "01/03/2024", "15005", "12001", "2504",
            "500", "9.9", percent_under_10s="80.0"),
        row("Avon and Somerset Constabulary", m(2024, 2, 1), "2024-02", "18200", "17000",
            "1000", "200", "5.1", percent_under_10s="93.4"),
        row("Metropolitan Police Service", m(2024, 9, 1), "Sept-24", "160000", "140000",
            "15000", "4000", "N/A", percent_under_10s="87.5"),
        row("Dyfed-Powys Police", m(2024, 4, 1), "April 2024", "4100", "3900", "180", "20",
            "4.4", percent_under_10s="95.1"),
        row("British Transport Police", m(2024, 3, 1), "2024/03", "2600", "2300", "250", "50",
            "7.0", percent_under_10s="88.5"),
        row("Police Scotland", m(2024, 3, 1), "Mar 2024", "60100", "50000", "9000", "1100",
            "9.2", percent_under_10s="83.2"),
        row("Police Service of Northern Ireland", m(2024, 3, 1), "2024-03-01", "27000", "20000",
            "6000", "1000", "11.5", percent_under_10s="74.1"),
        row("City of London Police", m(2023, 12, 1), "202312", "1400", "1300", "90", "", "5.0",
            percent_under_10s="92.9"),
    ]  # fmt: skip
    return CallsFile(
        name="police-uk-999-call-answering-data-150426.csv",
        release="2026-04-15",
        title_rows=[["999 call answering data, all forces"], []],
        header={
            "force_name": "Police force",
            "month": "Month",
            "total_calls": "Total 999 calls",
            "calls_under_10s": "Calls answered within 10 seconds",
            "percent_under_10s": "% answered within 10 seconds",
            "calls_10_to_60s": "Calls answered in 10 to 60 seconds",
            "calls_60s_or_more": "Calls answered in 60 seconds or more",
            "mean_answer_seconds": "Mean time to answer (seconds)",
        },
        rows=rows,
        notes=[["Source: police.uk, Home Office"]],
    )


def may_release() -> CallsFile:
    """Release 14 May 2026 (ISO date in the name): a single month with proportions (0-1) and
    a median; it revises Suffolk and Greater Manchester for March 2024 and adds a new month."""
    m = dt.date
    rows = [
        row("Suffolk Constabulary", m(2024, 3, 1), "2024-03", "9900", "9110", "660", "130",
            "6.3", percent_under_10s="0.920", median_answer_seconds="3.1"),
        row("Greater Manchester", m(2024, 3, 1), "2024-03", "41100", "31600", "8000", "1500",
            "13.3", percent_under_10s="0.769", median_answer_seconds=""),
        row("Suffolk Constabulary", m(2024, 4, 1), "2024-04", "9500", "9000", "400", "100",
            "5.9", percent_under_10s="0.947", median_answer_seconds="2.9"),
    ]  # fmt: skip
    return CallsFile(
        name="police-uk-999-call-answering-data-2026-05-14.csv",
        release="2026-05-14",
        header={
            "force_name": "Force",
            "month": "Month",
            "total_calls": "Total calls",
            "calls_under_10s": "Calls answered in under 10 seconds",
            "percent_under_10s": "Proportion answered in under 10 seconds",
            "calls_10_to_60s": "Calls answered in 10 to under 60 seconds",
            "calls_60s_or_more": "Calls answered in 60 seconds or more",
            "mean_answer_seconds": "Average time to answer (seconds)",
            "median_answer_seconds": "Median time to answer (seconds)",
        },
        rows=rows,
    )


def write_csv(path: Path, table: CallsFile | list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO(newline="")
    cells = table.cells() if isinstance(table, CallsFile) else table
    csv.writer(buffer, lineterminator="\r\n").writerows(cells)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def expected_raw(table: CallsFile) -> list[tuple]:
    out = []
    for offset, data in enumerate(table.rows):
        values = [data.cells.get(c) if c in table.header else None for c in RAW_COLUMNS[:-2]]
        values = [v if v not in ("", None) else None for v in values]
        out.append((*values, "csv", str(table.first_data_line() + offset)))
    return sorted(out, key=lambda r: tuple("" if v is None else v for v in r))


def raw_rows(con, file_name: str) -> list[tuple]:
    cols = ", ".join(RAW_COLUMNS)
    got = con.execute(
        f"select {cols} from raw.calls_999 where _source_file = ?", [file_name]
    ).fetchall()
    return sorted(got, key=lambda r: tuple("" if v is None else v for v in r))


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
    for table in (march_release(), may_release()):
        path = write_csv(landing / table.name, table)
        outcome = ingest_file(con, SPEC, path)
        assert outcome.status == "loaded"
        assert outcome.release == table.release
        assert outcome.rows == len(table.rows)  # the note under the table is not a row
        assert raw_rows(con, table.name) == expected_raw(table)
        blocking = [c.rule for c in outcome.checks if c.blocks]
        assert blocking == []
    con.close()


def _number(text: str | None) -> float | None:
    if text in (None, ""):
        return None
    try:
        return float(text.replace(",", "").replace("%", ""))
    except ValueError:
        return None


def expected_staging(tables: list[CallsFile], shas: dict[str, str]) -> dict[tuple, tuple]:
    """(period_start, force key) -> expected staging values, the latest release winning."""
    out: dict[tuple, tuple] = {}
    for table in sorted(tables, key=lambda t: t.release):
        shares = [_number(r.cells.get("percent_under_10s")) for r in table.rows]
        signed = any("%" in r.cells.get("percent_under_10s", "") for r in table.rows)
        scale = 1.0 if (not signed and max(s for s in shares if s is not None) <= 1) else 100.0
        for offset, data in enumerate(table.rows):
            c = data.cells
            name = c["force_name"]
            code = FULL_NAMES.get(name) or {"Greater Manchester": "E23000005"}.get(name)
            body = NON_FORCE.get(name)
            counts = [_number(c[k]) for k in COLUMN_KEYS]
            total, u10 = counts[0], counts[1]
            last_day = (data.month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            notes = []
            for key, staged in zip(COLUMN_KEYS + SECONDS_KEYS, NOTE_NAMES, strict=True):
                cell = c.get(key, "") if (key in table.header) else ""
                if cell == "":
                    notes.append(f"{staged}: missing: empty cell")
                elif _number(cell) is None:
                    notes.append(f"{staged}: {MARKERS.get(cell, 'unparsed value: ' + cell)}")
            share = _number(c.get("percent_under_10s"))
            out[(data.month, code or body)] = (
                c["month"],
                data.month,
                last_day - dt.timedelta(days=1),
                name,
                code,
                body,
                code is not None,
                *(int(v) if v is not None else None for v in counts),
                u10 / total if total else None,
                share / scale if share is not None else None,
                _number(c.get("mean_answer_seconds")),
                _number(c.get("median_answer_seconds")) if "median_answer_seconds" in c else None,
                "; ".join(notes) or None,
                dt.date.fromisoformat(table.release),
                table.name,
                shas[table.name],
                "csv",
                table.first_data_line() + offset,
            )
    return out


MARKERS = {"N/A": "not applicable (N/A)"}  # the published marker in words (macros/values.sql)
COLUMN_KEYS = ["total_calls", "calls_under_10s", "calls_10_to_60s", "calls_60s_or_more"]
SECONDS_KEYS = ["mean_answer_seconds", "median_answer_seconds"]
NOTE_NAMES = [
    "total_calls", "calls_answered_under_10s", "calls_answered_10_to_60s",
    "calls_answered_60s_or_more", "mean_answer_seconds", "median_answer_seconds",
]  # fmt: skip
STAGING_COLUMNS = (
    "month_label, period_start, period_end, force_name, force_code, reporting_body_type, "
    "is_force_area, total_calls, calls_answered_under_10s, calls_answered_10_to_60s, "
    "calls_answered_60s_or_more, proportion_answered_under_10s, published_proportion_under_10s, "
    "mean_answer_seconds, median_answer_seconds, value_note, release_date, source_file, "
    "file_sha256, source_sheet, source_row_number"
)


def test_staging_rows_exactly_as_expected(warehouse, landing, tmp_path):
    tables = [march_release(), may_release()]
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
        "+stg_calls_999__monthly_calls",
        "--indirect-selection",
        "cautious",
        target_dir=tmp_path / "target",
    )
    with duckdb.connect(str(warehouse), read_only=True) as db:
        got = db.execute(
            f"select {STAGING_COLUMNS} from staging.stg_calls_999__monthly_calls"
        ).fetchall()
    expected = expected_staging(tables, shas)
    assert len(got) == len(expected)
    by_key = {(r[1], r[4] or r[5]): r for r in got}
    assert set(by_key) == set(expected)
    for key, want in expected.items():
        have = by_key[key]
        for index, (h, w) in enumerate(zip(have, want, strict=True)):
            if isinstance(w, float):
                assert h == pytest.approx(w), (key, index)
            else:
                assert h == w, (key, index)
    # the May release revised Suffolk for March 2024; other March rows stay from April
    suffolk = by_key[(dt.date(2024, 3, 1), "E23000025")]
    assert (suffolk[7], suffolk[17]) == (9900, "police-uk-999-call-answering-data-2026-05-14.csv")
    scotland = by_key[(dt.date(2024, 3, 1), "scotland_force")]
    assert scotland[6] is False and scotland[4] is None


# --------------------------------------------------------------------------------------------
# (b) bad input: IngestError naming file, source and problem; a rejected row; raw unchanged
# --------------------------------------------------------------------------------------------


def _with_cell(column: str, value: str, row_index: int = 0):
    def make(table: CallsFile) -> CallsFile:
        table.rows[row_index].cells[column] = value
        return table

    return make


def _extra_header(table: CallsFile) -> CallsFile:
    table.header["abandoned"] = "Abandoned calls"
    table.rows[0].cells["abandoned"] = "12"
    return table


BAD_TABLES = {
    "unmapped_header": (_extra_header, r"unmapped column\(s\) 'Abandoned calls'"),
    "negative_count": (_with_cell("calls_60s_or_more", "-5"), "calls_60s_or_more_whole_number"),
    "bands_above_total": (_with_cell("total_calls", "100"), "bands_not_above_total"),
    "unparseable_month": (_with_cell("month", "Q1 2024"), "valid_months"),
    "month_before_series": (_with_cell("month", "2021-10"), "months_in_series"),
    "percent_over_100": (_with_cell("percent_under_10s", "120"), "percent_under_10s_in_range"),
}


@pytest.mark.parametrize("case", sorted(BAD_TABLES))
def test_bad_table_is_rejected_and_raw_unchanged(case, warehouse, landing):
    """Rejections particular to the 999 file: an undeclared extra column (the wide synonym lists
    must not swallow it), negative counts, bands above the total, month labels outside the formats
    or before the series, shares over 100%; the bad files every source rejects alike are in
    test_bad_files_contract."""
    con = connect(warehouse)
    good = write_csv(landing / march_release().name, march_release())
    assert ingest_file(con, SPEC, good).status == "loaded"
    before = raw_snapshot(con, "calls_999")
    make, pattern = BAD_TABLES[case]
    bad = write_csv(
        landing / "police-uk-999-call-answering-data-2026-06-11.csv", make(may_release())
    )
    assert_rejected(con, SPEC, bad, pattern, before)
    con.close()


def test_wrong_file_types_are_rejected(warehouse, landing):
    """A good CSV under an .xlsx name, and a zip under a .csv name (empty, header-only and
    other broken files: test_bad_files_contract)."""
    con = connect(warehouse)
    good = write_csv(landing / march_release().name, march_release())
    assert ingest_file(con, SPEC, good).status == "loaded"
    before = raw_snapshot(con, "calls_999")
    xlsx_named = landing / "police-uk-999-call-answering-data-110626.xlsx"
    xlsx_named.write_bytes(good.read_bytes() + b"\r\n")
    assert_rejected(con, SPEC, xlsx_named, r"unsupported file type \(expected \*\.csv\)", before)
    zipped = landing / "police-uk-999-call-answering-data-120626.csv"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("999.csv", good.read_text(encoding="utf-8"))
    assert_rejected(con, SPEC, zipped, "not a CSV text file", before)
    con.close()


# --------------------------------------------------------------------------------------------
# (c) the sample writer
# --------------------------------------------------------------------------------------------

SAMPLE_HEADER = [
    "Force", "Month", "Total calls", "Calls answered in under 10 seconds",
    "% answered in under 10 seconds", "Calls answered in 10 to under 60 seconds",
    "% answered in 10 to under 60 seconds", "Calls answered in 60 seconds or more",
    "% answered in 60 seconds or more", "Average time to answer (seconds)",
    "Median time to answer (seconds)",
]  # fmt: skip
ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def sample_months() -> list[str]:
    labels, year, month = [], 2021, 11
    while (year, month) <= (2026, 10):
        labels.append(f"{ABBREVIATIONS[month - 1]}-{year % 100:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return labels


def read_sample(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # byte-order mark, as spreadsheet exports write
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_calls_999(tmp_path_factory.mktemp("landing"), PROJECT_ROOT)


def test_sample_is_deterministic(sample_file, tmp_path):
    again = write_calls_999(tmp_path, PROJECT_ROOT)
    assert again.name == sample_file.name == "police-uk-999-call-answering-data-191126.csv"
    assert again.read_bytes() == sample_file.read_bytes()


def test_sample_layout_and_values(sample_file):
    rows = read_sample(sample_file)
    assert rows[0] == SAMPLE_HEADER
    data = rows[1:]
    names = set(FULL_NAMES) | set(NON_FORCE)
    months = sample_months()
    assert len(months) == 60 and months[0] == "Nov-21" and months[-1] == "Oct-26"
    assert [r[1] for r in data] == [m for m in months for _ in range(46)]
    for label in months:
        assert sorted(r[0] for r in data if r[1] == label) == sorted(names)
    latest_share = {}
    for r in data:
        total, u10, mid, slow = (int(r[i]) for i in (2, 3, 5, 7))
        assert u10 + mid + slow == total and min(u10, mid, slow) >= 0
        share = u10 / total
        assert 0.595 <= share <= 0.955  # 60-95 %, rounding aside
        assert float(r[4]) == pytest.approx(100 * share, abs=0.0501)
        assert float(r[6]) == pytest.approx(100 * mid / total, abs=0.0501)
        month_number = ABBREVIATIONS.index(r[1][:3]) + 1
        year = 2000 + int(r[1][4:])
        assert (r[10] == "") == ((year, month_number) < (2024, 4))
        assert 1.0 <= float(r[9]) <= 60.0
        if r[1] == "Oct-26":
            latest_share[r[0]] = share
    assert sum(share > 0.9 for share in latest_share.values()) >= 3
    met = next(
        int(r[2]) for r in data if r[0] == "Metropolitan Police Service" and r[1] == "Oct-26"
    )
    assert 100_000 < met < 250_000


def test_sample_passes_the_gate(sample_file, warehouse):
    con = connect(warehouse)
    outcome = ingest_file(con, SPEC, sample_file)
    con.close()
    assert outcome.status == "loaded"
    assert [c.rule for c in outcome.checks if not c.success] == []


# --------------------------------------------------------------------------------------------
# (d) end to end through `ppf sample` and `ppf refresh`
# --------------------------------------------------------------------------------------------


def test_end_to_end_staging_matches_sample_files(sample_workspace: Workspace):
    files = sorted((sample_workspace.landing / SOURCE_ID).glob("*.csv"))
    assert [f.name for f in files] == ["police-uk-999-call-answering-data-191126.csv"]
    data = read_sample(files[0])[1:]
    force_rows = [r for r in data if r[0] in FULL_NAMES]
    total_force_calls = sum(int(r[2]) for r in force_rows)
    answered_force = sum(int(r[3]) for r in force_rows)
    oct_suffolk = next(r for r in data if r[0] == "Suffolk Constabulary" and r[1] == "Oct-26")
    with duckdb.connect(str(sample_workspace.warehouse), read_only=True) as db:
        count, forces, calls, answered = db.execute(
            "select count(*), count(*) filter (where is_force_area), "
            "sum(total_calls) filter (where is_force_area), "
            "sum(calls_answered_under_10s) filter (where is_force_area) "
            "from staging.stg_calls_999__monthly_calls"
        ).fetchone()
        suffolk = db.execute(
            "select proportion_answered_under_10s, median_answer_seconds "
            "from staging.stg_calls_999__monthly_calls "
            "where force_code = 'E23000025' and period_start = date '2026-10-01'"
        ).fetchone()
    assert count == len(data) == 2760
    assert forces == len(force_rows) == 43 * 60
    assert calls == total_force_calls
    assert answered == answered_force
    assert suffolk[0] == pytest.approx(int(oct_suffolk[3]) / int(oct_suffolk[2]))
    assert suffolk[1] == pytest.approx(float(oct_suffolk[10]))
