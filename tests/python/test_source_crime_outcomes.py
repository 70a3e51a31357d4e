"""Source `crime_outcomes` (Home Office crime outcomes open data, one XLSX per financial year).

(a) small genuine-format workbooks written here (summary/chart sheets before the data sheet,
header below title rows, old and new header wordings, N/A markers, negative corrections,
alternate outcome 1a/3a, expired code, the GMP gap) -> raw rows exactly as written, and the
staging rows computed here from the same cells; (b) bad input rejected with a precise error;
(c) the sample writer; (d) end to end over the session sample workspace. Expected values are
always computed in plain Python from what the test wrote (or from the sample files), never from
the code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
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
from orchestration.sources.crime_outcomes import sample as sample
from orchestration.sources.crime_outcomes.loader import SPEC
from orchestration.sources.prc_pfa.sample import recorded_counts
from tests.python.conftest import PROJECT_ROOT, Workspace, run_dbt, seed_csv
from tests.python.raw_state import load_log, raw_snapshot

SOURCE_ID = "crime_outcomes"
CANONICAL = [
    "financial_year", "financial_quarter", "force_name", "offence_code", "offence_description",
    "offence_group", "offence_subgroup", "offence_code_expired", "outcome_type",
    "outcome_description", "outcome_group", "outcomes_for_offences_recorded_in_quarter",
    "outcomes_for_investigations_closed_in_quarter",
]  # fmt: skip
OLD_HEADER = [
    "Financial Year", "Financial Quarter", "Force Name", "Offence Code", "Offence Description",
    "Offence Group", "Offence Subgroup", "Offence Code Expired", "Outcome Type",
    "Outcome Description", "Outcome Group",
    "Number of Outcomes for offences that were recorded in the quarter",
    "Number of Outcomes for investigations that were closed in the quarter",
]  # fmt: skip
# 2024/25 edition: drug-subcode-file wording, no expired flag, no outcome group column.
NEW_HEADER = [
    "Financial Year", "Financial Quarter", "Force Name", "Offence Code", "Offence Description",
    "Offence Group", "Offence Subgroup", "Outcome Type", "Outcome Description",
    "Force outcomes for offences recorded in quarter", "Force outcomes recorded in quarter",
]  # fmt: skip
NEW_TO_CANONICAL = [c for c in CANONICAL if c not in ("offence_code_expired", "outcome_group")]

VAP, WI = "Violence against the person", "Violence with injury"
CHARGED = ("Charged/Summonsed", "Charged/Summonsed")
E16 = ("Evidential difficulties: victim does not support", "Evidential difficulties (victim")
NOT_YET = ("Not yet assigned an outcome", "Not yet assigned an outcome")
INVESTIGATION = ("Investigation complete - no suspect identified", "Investigation complete")


def _row(fy, q, force, code, desc, group, sub, expired, otype, outcome, rec, closed):
    return [fy, q, force, code, desc, group, sub, expired, otype, *outcome, rec, closed]


FY20_ROWS = [
    _row("2019/20", 1, "Kent", "8N", "Assault with injury", VAP, WI, None, 0, NOT_YET, 40, "N/A"),
    _row("2019/20", 1, "Kent", "8N", "Assault with injury", VAP, WI, None, 1, CHARGED, 120, 95),
    _row("2019/20", 1, "Kent", "8N", "Assault with injury", VAP, WI, None, "1a", CHARGED, 12, 10),
    _row("2019/20", 1, "Kent", "8N", "Assault with injury", VAP, WI, None, 16, E16, 610, 587),
    _row("2019/20", 1, "Kent", "8N", "Assault with injury", VAP, WI, None, 17,
         ("Prosecution time limit expired", "Prosecution prevented"), -1, 2),
    _row("2019/20", 1, "Dyfed-Powys", "4.1", "Manslaughter", VAP, "Homicide", None, 1, CHARGED,
         1, 0),
    _row("2019/20", 1, "Dyfed-Powys", "4.10", "Corporate manslaughter", VAP, "Homicide", None, 1,
         CHARGED, 0, 1),
    _row("2019/20", 1, "Greater Manchester", "8N", "Assault with injury", VAP, WI, None, 18,
         INVESTIGATION, 300, 280),
    _row("2019/20", 2, "Greater Manchester", "8N", "Assault with injury", VAP, WI, None, 18,
         INVESTIGATION, 4, 3),
    _row("2019/20", 2, "British Transport Police", "8N", "Assault with injury", VAP, WI, None,
         18, INVESTIGATION, 55, "N/A - data not provided"),
    _row("2019/20", 2, "Kent", "28A", "Burglary in a dwelling(outcome only)", "Theft offences",
         "Domestic burglary", "x", 18, INVESTIGATION, "N/A - Offence code expired", 2),
    _row("2019/20", 4, "Greater Manchester", "19C", "Rape of a female aged 16 and over",
         "Sexual offences", "Rape offences", None, 16, E16, 7, None),
    _row("2019/20", 2, "Greater Manchester", "8N", "Assault with injury", VAP, WI, None, 1,
         CHARGED, 1, 1),
]  # fmt: skip
# An earlier release of the same year's file, with other counts: superseded in staging.
FY20_EARLIER_ROWS = [
    _row("2019/20", 1, "Kent", "8N", "Assault with injury", VAP, WI, None, 1, CHARGED, 101, 90),
    _row("2019/20", 1, "Kent", "8N", "Assault with injury", VAP, WI, None, 16, E16, 500, 470),
]
FY25_ROWS = [
    [r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[8], r[9], r[11], r[12]]
    for r in (
        _row("2024/25", 3, "Kent", "46", "Shoplifting", "Theft offences", "Shoplifting", None,
             "18", INVESTIGATION, 900, 870),
        _row("2024/25", 3, "Kent", "46", "Shoplifting", "Theft offences", "Shoplifting", None,
             "0", NOT_YET, 150, "N/A"),
        _row("2024/25", 3, "London, City of", "34B", "Robbery of personal property", "Robbery",
             "Robbery of personal property", None, "3", ("Caution - adults", "Out-of-court"), 4,
             4),
        _row("2024/25", 3, "London, City of", "34B", "Robbery of personal property", "Robbery",
             "Robbery of personal property", None, "3a", ("Caution - alternate", "Out-of-court"),
             1, 1),
        _row("2024/25", 3, "Greater Manchester", "8N", "Assault with injury", VAP, WI, None,
             "15", ("Evidential difficulties: suspect identified", "Evidential"), 25, 20),
    )
]  # fmt: skip
SUMMARY_SHEETS = [
    ("Summary", [["Crime outcomes, year ending March 2020: summary"], [None],
                 ["Outcome group", "Outcomes for offences recorded in the year"],
                 ["Charged/Summonsed", 120]]),
    ("Chart", [["Charged/Summonsed by quarter"], ["Quarter", "Charged/Summonsed"], ["Q1", 120]]),
]  # fmt: skip
TITLE_ROWS = [["Police recorded crime outcomes open data, year ending March 2020"],
              ["Source: Home Office"], [None]]  # fmt: skip

NOT_PROVIDED = "N/A - data not provided"
FILE_FY20 = "prc-outcomes-open-data-mar2020-tables-240426.xlsx"
FILE_FY20_EARLIER = "prc-outcomes-open-data-mar2020-tables-230126.xlsx"
FILE_FY25 = "prc-outcomes-open-data-mar2025-tables-230726.xlsx"
RELEASES = {FILE_FY20: "2026-04-24", FILE_FY20_EARLIER: "2026-01-23", FILE_FY25: "2026-07-23"}


@dataclass
class DataSheet:
    name: str
    header: list
    rows: list[list]
    canonical: list[str]
    title_rows: list[list] = field(default_factory=list)

    def first_data_row(self) -> int:
        return len(self.title_rows) + 2


@dataclass
class Book:
    file_name: str
    data: DataSheet
    before: list[tuple[str, list[list]]] = field(default_factory=list)


def fy20_book() -> Book:
    sheet = DataSheet("Data", list(OLD_HEADER), [list(r) for r in FY20_ROWS], CANONICAL,
                      [list(r) for r in TITLE_ROWS])  # fmt: skip
    return Book(FILE_FY20, sheet, [(n, [list(r) for r in rows]) for n, rows in SUMMARY_SHEETS])


def fy20_earlier_book() -> Book:
    rows = [list(r) for r in FY20_EARLIER_ROWS]
    return Book(FILE_FY20_EARLIER, DataSheet("Data", list(OLD_HEADER), rows, CANONICAL))


def fy25_book() -> Book:
    rows = [list(r) for r in FY25_ROWS]
    return Book(FILE_FY25, DataSheet("Data", list(NEW_HEADER), rows, NEW_TO_CANONICAL))


def write_book(folder: Path, book: Book, name: str | None = None) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet_name, rows in book.before:
        sheet = workbook.create_sheet(sheet_name)
        for row in rows:
            sheet.append(row)
    sheet = workbook.create_sheet(book.data.name)
    for row in [*book.data.title_rows, book.data.header, *book.data.rows]:
        sheet.append(row)
    path = folder / (name or book.file_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def as_text(value: object) -> str | None:
    if value is None:
        return None
    return str(value)


def expected_raw(book: Book) -> list[tuple]:
    out = []
    for offset, row in enumerate(book.data.rows):
        cells = dict(zip(book.data.canonical, row, strict=True))
        values = tuple(as_text(cells.get(c)) for c in CANONICAL)
        out.append((*values, book.data.name, str(book.data.first_data_row() + offset),
                    RELEASES[book.file_name]))  # fmt: skip
    return out


def raw_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    cols = ", ".join([*CANONICAL, "_sheet", "_row_number", "_release"])
    return con.execute(f"select {cols} from raw.crime_outcomes").fetchall()


def _key(row: tuple) -> tuple:
    return tuple("" if v is None else str(v) for v in row)


def seed(name: str) -> list[dict[str, str]]:
    with seed_csv(name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def label(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).strip()


def quarter_start(financial_year: str, quarter: int) -> dt.date:
    year = int(financial_year[:4]) + (1 if quarter == 4 else 0)
    return dt.date(year, {1: 4, 2: 7, 3: 10, 4: 1}[quarter], 1)


def quarter_end(start: dt.date) -> dt.date:
    month = start.month + 3
    year = start.year + (1 if month > 12 else 0)
    return dt.date(year, (month - 1) % 12 + 1, 1) - dt.timedelta(days=1)


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


# --------------------------------------------------------------------------------------------
# (a) genuine-format files -> raw exactly as written -> staging as computed here
# --------------------------------------------------------------------------------------------


def test_raw_rows_exactly_as_written(con, landing):
    books = [fy20_earlier_book(), fy20_book(), fy25_book()]
    for book in books:
        outcome = ingest_file(con, SPEC, write_book(landing, book))
        assert outcome.status == "loaded", outcome
        assert outcome.rows == len(book.data.rows)
        assert outcome.release == RELEASES[book.file_name]
    expected = [row for book in books for row in expected_raw(book)]
    assert sorted(raw_rows(con), key=_key) == sorted(expected, key=_key)
    # Summary and chart sheets never land; the header was found below the title rows.
    sheets = {
        r[0] for r in con.execute("select distinct _sheet from raw.crime_outcomes").fetchall()
    }
    assert sheets == {"Data"}
    first = con.execute(
        "select min(_row_number::int) from raw.crime_outcomes where _release = ?",
        [RELEASES[FILE_FY20]],
    ).fetchone()[0]
    assert first == len(TITLE_ROWS) + 2


def test_gmp_gap_reported_by_the_all_forces_warning(con, landing):
    # Every force reports 1,000 outcomes each quarter, except Greater Manchester, whose file
    # rows (above) stop after Q1 but for a handful: 4 outcomes in Q2, none in Q3, 7 in Q4.
    book = fy20_book()
    gmp = "Greater Manchester"
    for force in sorted(r["force_name"] for r in seed("police_force_areas")):
        if force == gmp:
            continue
        for quarter in (1, 2, 3, 4):
            book.data.rows.append(
                _row("2019/20", quarter, force, "8N", "Assault with injury", VAP, WI, None, 18,
                     INVESTIGATION, 1000, 990)
            )  # fmt: skip
    outcome = ingest_file(con, SPEC, write_book(landing, book))
    assert outcome.status == "loaded"
    check = next(c for c in outcome.checks if c.rule == "all_forces_present")
    assert check.severity == "warning" and not check.success
    expected = [f"E23000005 Greater Manchester 2019/20 Q{q}" for q in (2, 3, 4)]
    assert check.unexpected_count == 3
    assert json.loads(check.observed) == expected
    gmp_q1 = sum(r[11] for r in FY20_ROWS if r[2] == gmp and r[1] == 1)
    gmp_q2 = sum(r[11] for r in FY20_ROWS if r[2] == gmp and r[1] == 2)
    assert gmp_q2 < 0.25 * gmp_q1  # present, but "largely missing"


def _expected_staging(books: list[Book]) -> list[tuple]:
    forces = {label(r["force_name"]): r["force_code"] for r in seed("police_force_areas")}
    outcome_types = {r["outcome_type"]: r for r in seed("outcome_types")}
    offences = {r["offence_code"]: r for r in seed("offence_classification")}
    gaps = [
        (g["force_code"], dt.date.fromisoformat(g["period_start"]),
         dt.date.fromisoformat(g["period_end"]))
        for g in seed("known_data_gaps") if g["source_id"] == SOURCE_ID
    ]  # fmt: skip
    notes = {
        None: "missing: empty cell",
        "N/A": "not applicable (N/A)",
        "N/A - data not provided": "data not provided by force",
        "N/A - Offence code expired": "offence code expired",
    }
    out = []
    for book in books:
        for offset, row in enumerate(book.data.rows):
            cells = dict(zip(book.data.canonical, row, strict=True))
            otype = str(cells["outcome_type"]).strip().lower()
            code = forces.get(label(cells["force_name"]))
            start = quarter_start(cells["financial_year"], cells["financial_quarter"])
            end = quarter_end(start)
            rec, closed = (
                cells["outcomes_for_offences_recorded_in_quarter"],
                cells["outcomes_for_investigations_closed_in_quarter"],
            )
            seed_type = outcome_types[otype]
            in_gap = any(f == code and start <= e and end >= s for f, s, e in gaps)
            out.append(
                (
                    cells["financial_year"], cells["financial_quarter"], cells["offence_code"],
                    otype, code, cells["force_name"], code is not None,
                    offences[cells["offence_code"]]["offence_group"],
                    cells.get("offence_code_expired") == "x",
                    seed_type["outcome_group"] or None, cells.get("outcome_group"),
                    seed_type["is_alternate_subset"] == "true", seed_type["is_assigned"] == "true",
                    start, end,
                    rec if isinstance(rec, int) else None,
                    None if isinstance(rec, int) else notes[rec],
                    closed if isinstance(closed, int) else None,
                    None if isinstance(closed, int) else notes[closed],
                    any(isinstance(v, int) and v < 0 for v in (rec, closed)), in_gap,
                    dt.date.fromisoformat(RELEASES[book.file_name]), book.file_name,
                    book.data.name, book.data.first_data_row() + offset,
                )
            )  # fmt: skip
    return out


STAGING_COLUMNS = (
    "financial_year, financial_quarter, offence_code, outcome_type, force_code, force_name, "
    "is_force_area, offence_group, is_offence_code_expired, outcome_group, "
    "outcome_group_as_published, is_alternate_subset, is_assigned, period_start, period_end, "
    "outcomes_recorded_in_quarter, recorded_in_quarter_value_note, outcomes_closed_in_quarter, "
    "closed_in_quarter_value_note, is_negative_correction, is_in_known_gap, release_date, "
    "source_file, source_sheet, source_row_number"
)


def test_staging_rows_as_computed(tmp_path, landing):
    db = tmp_path / "warehouse" / "outcomes.duckdb"
    connection = connect(db)
    books = [fy20_earlier_book(), fy20_book(), fy25_book()]
    try:
        for book in books:
            assert ingest_file(connection, SPEC, write_book(landing, book)).status == "loaded"
    finally:
        connection.close()
    run_dbt(
        db, "build", "--select", "+stg_crime_outcomes__outcomes",
        "--indirect-selection", "cautious", target_dir=tmp_path / "target",
    )  # fmt: skip
    with duckdb.connect(str(db), read_only=True) as read:
        got = read.execute(
            f"select {STAGING_COLUMNS} from staging.stg_crime_outcomes__outcomes"
        ).fetchall()
        notes = read.execute(
            "select known_gap_note from staging.stg_crime_outcomes__outcomes where is_in_known_gap"
        ).fetchall()
    # Each financial year from its latest release: the January 2026 file of 2019/20 is
    # superseded by April's although the 2024/25 file (July) is the latest overall.
    expected = _expected_staging([fy20_book(), fy25_book()])
    assert sorted(got, key=_key) == sorted(expected, key=_key)
    gap_note = next(g["note"] for g in seed("known_data_gaps") if g["source_id"] == SOURCE_ID)
    assert notes and all(n == (gap_note,) for n in notes)
    assert len(notes) == sum(1 for row in expected if row[20])


# --------------------------------------------------------------------------------------------
# (b) bad input: IngestError naming file, source and problem; rejected in load_log; raw as before
# --------------------------------------------------------------------------------------------


def _csv_file(folder: Path, name: str) -> Path:
    path = folder / name.replace(".xlsx", ".csv")
    path.write_text(",".join(OLD_HEADER) + "\n", encoding="utf-8")
    return path


def _unknown_outcome_type(folder: Path, name: str) -> Path:
    book = fy20_book()
    book.data.rows[3][8] = 23
    return write_book(folder, book, name)


def _alternate_above_parent(folder: Path, name: str) -> Path:
    book = fy20_book()
    book.data.rows[2][11] = 121  # 1a above outcome 1 (120)
    return write_book(folder, book, name)


def _only_summary_sheets(folder: Path, name: str) -> Path:
    book = fy20_book()
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet_name, rows in book.before:
        sheet = workbook.create_sheet(sheet_name)
        for row in rows:
            sheet.append(row)
    path = folder / name
    workbook.save(path)
    return path


@dataclass(frozen=True)
class BadCase:
    id: str
    make: Callable[[Path, str], Path]
    problem: tuple[str, ...]


BAD_CASES = [
    BadCase("wrong_file_type", _csv_file, ("unsupported file type",)),
    BadCase("unknown_outcome_type", _unknown_outcome_type, ("known_outcome_types", "23")),
    BadCase("alternate_above_parent", _alternate_above_parent, ("alternate_not_above_parent",)),
    BadCase("no_data_sheet", _only_summary_sheets, ("no data sheet", "Summary", "Chart")),
]  # fmt: skip


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.id for c in BAD_CASES])
def test_bad_input_rejected_and_raw_unchanged(con, landing, case: BadCase):
    """Rejections particular to the outcomes workbooks: a .csv name, an outcome type the seed does
    not know, an alternate outcome (1a) above its parent, a workbook of summary sheets only; the bad
    files every source rejects alike are in test_bad_files_contract."""
    assert ingest_file(con, SPEC, write_book(landing, fy25_book())).status == "loaded"
    before, log_before = raw_snapshot(con, "crime_outcomes"), load_log(con)
    bad = case.make(landing, "prc-outcomes-open-data-mar2020-tables-250426.xlsx")
    sha = hashlib.sha256(bad.read_bytes()).hexdigest()

    with pytest.raises(IngestError) as caught:
        ingest_file(con, SPEC, bad)

    exc = caught.value
    assert str(exc) == f"{bad.name} [{SOURCE_ID}]: {exc.problem}"
    assert exc.source_id == SOURCE_ID and exc.path == bad
    for fragment in case.problem:
        assert fragment.lower() in exc.problem.lower(), (fragment, exc.problem)
    assert load_log(con) == [*log_before, (bad.name, sha, None, "rejected", None, exc.problem)]
    assert raw_snapshot(con, "crime_outcomes") == before


# --------------------------------------------------------------------------------------------
# (c) the sample writer
# --------------------------------------------------------------------------------------------


def _sheet_rows(path: Path) -> dict[str, list[list]]:
    workbook = CalamineWorkbook.from_path(str(path))
    return {n: workbook.get_sheet_by_name(n).to_python() for n in workbook.sheet_names}


def _data_rows(path: Path) -> tuple[list, list[list]]:
    """(header, data rows) of a sample file's Data sheet, found by its first cell."""
    rows = _sheet_rows(path)["Data"]
    index = next(i for i, r in enumerate(rows) if r and r[0] == "Financial Year")
    return rows[index], [r for r in rows[index + 1 :] if any(c not in ("", None) for c in r)]


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return sample.write_crime_outcomes(tmp_path_factory.mktemp("landing"), PROJECT_ROOT)


def test_sample_files_named_and_shaped_as_published(sample_files):
    assert [p.name for p in sample_files] == [
        f"prc-outcomes-open-data-mar{y}-tables-221026.xlsx" for y in range(2020, 2028)
    ]
    for path in sample_files:
        end = int(re.search(r"mar(\d{4})", path.name).group(1))
        with zipfile.ZipFile(path) as archive:
            assert "xl/workbook.xml" in archive.namelist()
        sheets = _sheet_rows(path)
        if end <= 2022:
            assert list(sheets) == ["Summary", "Chart", "Data"]
            assert sheets["Data"][3][0] == "Financial Year"  # header in row 4, below titles
        else:
            assert list(sheets) == ["Data"]
            assert sheets["Data"][0][0] == "Financial Year"
        header, rows = _data_rows(path)
        if end <= 2021:
            assert header[7] == "Offence Code Expired"
            assert header[11].startswith("Number of Outcomes for offences")
        elif end <= 2024:
            assert header[11] == "Outcomes for offences that were recorded in the quarter"
        else:
            assert header[11:] == [
                "Force outcomes for offences recorded in quarter",
                "Force outcomes recorded in quarter",
            ]
        years = {r[0] for r in rows}
        assert years == {f"{end - 1}/{end % 100:02d}"}
        quarters = {int(r[1]) for r in rows}
        assert quarters == ({1} if end == 2027 else {1, 2, 3, 4})
        # Only outcome types with a count are written.
        assert all(r[11] != 0 or r[12] not in (0, 0.0) for r in rows)
    total = sum(len(_data_rows(p)[1]) for p in sample_files)
    assert 150_000 < total < 250_000


def test_sample_quirks(sample_files):
    by_year = {int(re.search(r"mar(\d{4})", p.name).group(1)) - 1: p for p in sample_files}
    _, fy19 = _data_rows(by_year[2019])
    gmp = [r for r in fy19 if r[2] == "Greater Manchester"]
    assert {r[3] for r in gmp if int(r[1]) >= 2} <= {"1", "4.1", "4.2", "4.10"}
    assert len({r[3] for r in gmp if int(r[1]) == 1}) > 10
    assert {r[12] for r in fy19 if r[2] == "British Transport Police"} == {
        "N/A - data not provided"
    }
    expired = [r for r in fy19 if r[3] == "28A"]
    assert expired and {(r[7], r[11]) for r in expired} == {("x", "N/A - Offence code expired")}
    for fy, path in by_year.items():
        _, rows = _data_rows(path)
        negatives = [r for r in rows if isinstance(r[11], float) and r[11] < 0]
        assert len(negatives) == (0 if fy == 2026 else 3), fy
        alternates = {str(r[8]) for r in rows} & {"1a", "3a"}
        assert alternates == ({"1a", "3a"} if fy >= 2025 else set())
        unassigned_closed = {r[12] for r in rows if str(r[8]).strip() in ("0", "0.0")}
        assert unassigned_closed == ({"N/A", NOT_PROVIDED} if fy == 2019 else {"N/A"})
        numeric_types = any(isinstance(r[8], float) for r in rows)
        assert numeric_types == (fy < 2024)
        assert all(isinstance(r[3], str) for r in rows)


def test_sample_outcomes_never_exceed_recorded_offences(sample_files):
    recorded = recorded_counts(PROJECT_ROOT)
    for path in sample_files:
        _, rows = _data_rows(path)
        totals: dict[tuple, float] = defaultdict(float)
        unassigned: dict[tuple, float] = defaultdict(float)
        for r in rows:
            if str(r[8]) in ("1a", "2a", "3a") or not isinstance(r[11], float):
                continue
            key = (r[2], r[3], int(r[0][:4]), int(r[1]))
            totals[key] += r[11]
            if str(r[8]).strip() in ("0", "0.0"):
                unassigned[key] += r[11]
        for (force, code, fy, quarter), total in totals.items():
            assert total <= recorded.get((force, code), {}).get((fy, quarter), 0), (force, code)
    # The latest quarter has many offences still without an outcome; 2019/20 almost none.
    _, latest = _data_rows(sample_files[-1])
    share = sum(r[11] for r in latest if str(r[8]) == "0" and isinstance(r[11], float)) / sum(
        r[11] for r in latest if str(r[8]) not in ("1a", "3a") and isinstance(r[11], float)
    )
    assert share > 0.2


def test_sample_bytes_are_deterministic(tmp_path):
    first = sample.write_crime_outcomes(tmp_path / "one", PROJECT_ROOT, years=(2019, 2026))
    second = sample.write_crime_outcomes(tmp_path / "two", PROJECT_ROOT, years=(2019, 2026))
    assert (
        [p.name for p in first]
        == [p.name for p in second]
        == [
            "prc-outcomes-open-data-mar2020-tables-221026.xlsx",
            "prc-outcomes-open-data-mar2027-tables-221026.xlsx",
        ]
    )
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
        with zipfile.ZipFile(a) as archive:
            assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in archive.infolist())


# --------------------------------------------------------------------------------------------
# (d) end to end: `ppf sample` + `ppf refresh`, staging against the sample files
# --------------------------------------------------------------------------------------------


def test_end_to_end_staging_matches_the_sample_files(sample_workspace: Workspace):
    files = sorted((sample_workspace.landing / SOURCE_ID).glob("*.xlsx"))
    assert len(files) == 8
    rows = [r for path in files for r in _data_rows(path)[1]]
    recorded_total = sum(int(r[11]) for r in rows if isinstance(r[11], float))
    closed_total = sum(int(r[12]) for r in rows if isinstance(r[12], float))
    charged_vawg_rape = sum(
        int(r[11])
        for r in rows
        if str(r[8]).removesuffix(".0") == "1"
        and r[3].startswith("19")
        and isinstance(r[11], float)
    )
    gmp_gap_rows = sum(
        1 for r in rows if r[2] == "Greater Manchester" and r[0] == "2019/20" and int(r[1]) >= 2
    )
    with duckdb.connect(str(sample_workspace.warehouse), read_only=True) as read:
        got = read.execute(
            "select count(*), sum(outcomes_recorded_in_quarter), sum(outcomes_closed_in_quarter), "
            "sum(outcomes_recorded_in_quarter) filter (where outcome_type = '1' "
            "and offence_code like '19%'), count(*) filter (where is_in_known_gap) "
            "from staging.stg_crime_outcomes__outcomes"
        ).fetchone()
    assert got == (len(rows), recorded_total, closed_total, charged_vawg_rape, gmp_gap_rows)
