"""End-to-end tests of the PRC force-area loader (orchestration.ingest, source `prc_pfa`).

Every test writes its own small genuine-shaped workbook with the standalone ODS writer and lands
it into its own DuckDB file. Expected values are always computed here from the rows the test
wrote, never read back from the loader.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.errors import IngestError
from orchestration.ingest.runner import ingest_file, ingest_source
from orchestration.ingest.warehouse import connect
from orchestration.reference import force_resolver
from orchestration.sample.ods_writer import write_ods
from orchestration.sources import SOURCES
from tests.python.conftest import PROJECT_ROOT
from tests.python.raw_state import load_log, raw_snapshot

SPEC = SOURCES["prc_pfa"]
SOURCE_ID = "prc_pfa"
FILE_NAME = "prc-pfa-mar2013-onwards-tables-230426.ods"
RELEASE = "2026-04-23"
LATER_FILE_NAME = "prc-pfa-mar2013-onwards-tables-230726.ods"
LATER_RELEASE = "2026-07-23"

CANONICAL = [
    "financial_year", "financial_quarter", "force_name", "offence_description",
    "offence_group", "offence_subgroup", "offence_code", "number_of_offences",
]  # fmt: skip
HEADER = [
    "Financial Year", "Financial Quarter", "Force Name", "Offence Description",
    "Offence Group", "Offence Subgroup", "Offence Code", "Number of Offences",
]  # fmt: skip
# Older editions: the CSP-style force and count headers.
OLD_HEADER = [
    "Financial Year", "Financial Quarter", "Police Force", "Offence Description",
    "Offence Group", "Offence Subgroup", "Offence Code", "Offence Count",
]  # fmt: skip
TITLE_ROWS: list[list] = [
    ["Police recorded crime by police force area, year ending March 2020"],
    ["Source: Home Office"],
    [None],
]
FORCES = ["Avon and Somerset", "Kent", "Dyfed-Powys"]
OFFENCES = [  # description, group, subgroup, code (codes are text cells)
    ("Manslaughter", "Violence against the person", "Homicide", "4.1"),
    ("Corporate manslaughter", "Violence against the person", "Homicide", "4.10"),
    ("Assault with injury", "Violence against the person", "Violence with injury", "8N"),
    ("Public fear, alarm or distress", "Public order offences", "Public order offences", "9A"),
    ("Shoplifting", "Theft offences", "Shoplifting", "46"),
]
NON_FORCE_ROWS = [  # force, description, group, subgroup, code
    ("British Transport Police", "Assault with injury", "Violence against the person",
     "Violence with injury", "8N"),
    ("Action Fraud", "Fraud offences recorded by Action Fraud", "Fraud offences",
     "Fraud: Action Fraud", "AF"),
    ("CIFAS", "Fraud offences recorded by CIFAS", "Fraud offences", "Fraud: CIFAS", "CIFAS"),
    ("UK Finance", "Fraud offences recorded by UK Finance", "Fraud offences",
     "Fraud: UK Finance", "UK Finance"),
]  # fmt: skip
SHEET_NAMES = ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024_25"]
FY, Q, FORCE, DESC, GROUP, SUBGROUP, CODE, COUNT = range(8)


@dataclass
class SheetSpec:
    name: str
    header: list[str]
    rows: list[list]
    title_rows: list[list] = field(default_factory=list)

    def cells(self) -> list[list]:
        return [*self.title_rows, self.header, *self.rows]

    def first_data_row(self) -> int:
        """Spreadsheet (1-based) row number of the first data row."""
        return len(self.title_rows) + 2


def financial_year(sheet_name: str) -> str:
    return f"{sheet_name[:4]}/{sheet_name[5:7]}"


def year_rows(sheet_index: int, fy: str) -> list[list]:
    """A few rows for one year: 3 forces x 2 quarters x 5 codes, then BTP and the fraud bodies."""
    rows: list[list] = []
    for quarter in (1, 2):
        for f, force in enumerate(FORCES):
            for o, (desc, group, subgroup, code) in enumerate(OFFENCES):
                count = 1000 * (sheet_index + 1) + 100 * f + 10 * o + quarter
                rows.append([fy, quarter, force, desc, group, subgroup, code, count])
        for force, desc, group, subgroup, code in NON_FORCE_ROWS:
            rows.append([fy, quarter, force, desc, group, subgroup, code, 500 + quarter])
    return rows


def genuine_sheets() -> list[SheetSpec]:
    """Six year sheets carrying the quirks of the genuine file.

    * `2019-20`: older headers (`Police Force`, `Offence Count`) under title rows;
    * hyphen sheet names up to `2023-24`, then `2024_25`;
    * `Theft Offences` casing in 2021-22, a negative correction and a `[x]` marker in 2024_25.
    """
    sheets = []
    for index, name in enumerate(SHEET_NAMES):
        rows = year_rows(index, financial_year(name))
        if name == "2019-20":
            sheets.append(SheetSpec(name, list(OLD_HEADER), rows, [list(r) for r in TITLE_ROWS]))
            continue
        if name == "2021-22":
            for row in rows:
                if row[GROUP] == "Theft offences":
                    row[GROUP] = "Theft Offences"
        if name == "2024_25":
            rows[0][COUNT] = -2
            rows[1][COUNT] = "[x]"
        sheets.append(SheetSpec(name, list(HEADER), rows))
    return sheets


def write_workbook(path: Path, sheets: list[SheetSpec]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_ods(path, [(s.name, s.cells()) for s in sheets])
    return path


def as_published(value: object) -> str | None:
    """The text a cell the test wrote should land as (ints without `.0`, text untouched)."""
    if value is None:
        return None
    if isinstance(value, int):
        return str(value)
    assert isinstance(value, str)
    return value


def expected_raw(sheets: list[SheetSpec]) -> list[tuple]:
    """(canonical columns..., _sheet, _row_number) for every data row the test wrote."""
    out = []
    for sheet in sheets:
        for offset, row in enumerate(sheet.rows):
            values = tuple(as_published(v) for v in row)
            out.append((*values, sheet.name, str(sheet.first_data_row() + offset)))
    return sorted(out, key=_sort_key)


def _sort_key(row: tuple) -> tuple:
    return tuple("" if v is None else v for v in row)


def raw_rows(con: duckdb.DuckDBPyConnection, release: str | None = None) -> list[tuple]:
    cols = ", ".join([*CANONICAL, "_sheet", "_row_number"])
    sql = f"select {cols} from raw.prc_pfa"
    params: list = []
    if release is not None:
        sql += " where _release = ?"
        params.append(release)
    return sorted(con.execute(sql, params).fetchall(), key=_sort_key)


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


@pytest.fixture
def sheets() -> list[SheetSpec]:
    return genuine_sheets()


@pytest.fixture
def good_file(landing: Path, sheets: list[SheetSpec]) -> Path:
    return write_workbook(landing / FILE_NAME, sheets)


@pytest.fixture
def loaded(con, good_file: Path):
    outcome = ingest_file(con, SPEC, good_file)
    assert outcome.status == "loaded", outcome
    return outcome


# --------------------------------------------------------------------------------------------
# Genuine-format quirks
# --------------------------------------------------------------------------------------------


def test_every_row_lands_exactly_as_published(con, loaded, sheets):
    assert raw_rows(con) == expected_raw(sheets)
    assert loaded.rows == sum(len(s.rows) for s in sheets)


def test_hyphen_and_underscore_year_sheets_both_read(con, loaded, sheets):
    got = dict(con.execute("select _sheet, count(*) from raw.prc_pfa group by 1").fetchall())
    assert got == {s.name: len(s.rows) for s in sheets}
    assert "2019-20" in got and "2024_25" in got
    years = dict(
        con.execute(
            "select _sheet, any_value(financial_year) from raw.prc_pfa group by 1"
        ).fetchall()
    )
    assert years["2019-20"] == "2019/20"
    assert years["2024_25"] == "2024/25"


def test_header_synonyms_map_to_canonical_columns(con, loaded, sheets):
    old = next(s for s in sheets if s.header == OLD_HEADER)
    new = next(s for s in sheets if s.name == "2024_25")
    assert new.header == HEADER
    for sheet in (old, new):
        got = con.execute(
            "select force_name, number_of_offences from raw.prc_pfa where _sheet = ? "
            "order by _row_number::int",
            [sheet.name],
        ).fetchall()
        assert got == [(r[FORCE], as_published(r[COUNT])) for r in sheet.rows]


def test_header_below_title_rows_and_row_numbers_are_spreadsheet_rows(con, loaded, sheets):
    old = next(s for s in sheets if s.title_rows)
    header_row = len(old.title_rows) + 1
    got = con.execute(
        "select _row_number, offence_code, number_of_offences from raw.prc_pfa "
        "where _sheet = ? order by _row_number::int",
        [old.name],
    ).fetchall()
    expected = [
        (str(header_row + 1 + i), r[CODE], as_published(r[COUNT])) for i, r in enumerate(old.rows)
    ]
    assert got == expected
    # The title text never lands as data.
    titles = [t[0] for t in old.title_rows if t[0]]
    assert con.execute(
        "select count(*) from raw.prc_pfa where financial_year in (select unnest(?))", [titles]
    ).fetchone() == (0,)


def test_label_casing_kept_as_published(con, loaded, sheets):
    got = con.execute(
        "select _sheet, offence_group from raw.prc_pfa where offence_code = '46' "
        "group by all order by all"
    ).fetchall()
    expected = sorted({(s.name, r[GROUP]) for s in sheets for r in s.rows if r[CODE] == "46"})
    assert got == expected
    assert ("2021-22", "Theft Offences") in got
    assert ("2022-23", "Theft offences") in got


def test_negative_correction_and_suppression_marker_kept(con, loaded, sheets):
    sheet = next(s for s in sheets if s.name == "2024_25")
    for row, published in ((sheet.rows[0], "-2"), (sheet.rows[1], "[x]")):
        got = con.execute(
            "select number_of_offences from raw.prc_pfa where _sheet = ? and financial_quarter = ?"
            " and force_name = ? and offence_code = ?",
            [sheet.name, str(row[Q]), row[FORCE], row[CODE]],
        ).fetchall()
        assert got == [(published,)]


def test_non_force_rows_kept_in_raw(con, loaded, sheets):
    bodies = {"British Transport Police", "Action Fraud", "CIFAS", "UK Finance"}
    got = dict(
        con.execute(
            "select force_name, count(*) from raw.prc_pfa where force_name in "
            "(select unnest(?)) group by 1",
            [sorted(bodies)],
        ).fetchall()
    )
    expected: dict[str, int] = {}
    for sheet in sheets:
        for row in sheet.rows:
            if row[FORCE] in bodies:
                expected[row[FORCE]] = expected.get(row[FORCE], 0) + 1
    assert got == expected
    assert set(got) == bodies


def test_offence_codes_are_text(con, loaded, sheets):
    got = dict(
        con.execute(
            "select offence_code, count(*) from raw.prc_pfa group by 1 order by 1"
        ).fetchall()
    )
    expected: dict[str, int] = {}
    for sheet in sheets:
        for row in sheet.rows:
            expected[row[CODE]] = expected.get(row[CODE], 0) + 1
    assert got == expected
    assert got["4.1"] == got["4.10"]  # distinct codes, neither read as a number
    assert "9A" in got
    assert con.execute(
        "select data_type from information_schema.columns where table_schema = 'raw' "
        "and table_name = 'prc_pfa' and column_name = 'offence_code'"
    ).fetchone() == ("VARCHAR",)


def test_integral_numbers_land_without_decimal_point(con, loaded, sheets):
    assert con.execute(
        "select count(*) from raw.prc_pfa where number_of_offences like '%.%' "
        "or financial_quarter like '%.%'"
    ).fetchone() == (0,)
    quarters = {
        r[0] for r in con.execute("select distinct financial_quarter from raw.prc_pfa").fetchall()
    }
    assert quarters == {str(r[Q]) for s in sheets for r in s.rows}
    first = sheets[0].rows[0]
    assert con.execute(
        "select number_of_offences from raw.prc_pfa where _sheet = ? and _row_number = ?",
        [sheets[0].name, str(sheets[0].first_data_row())],
    ).fetchone() == (str(first[COUNT]),)


def test_lineage_columns_filled(con, loaded, good_file, sheets):
    sha = sha256_of(good_file)
    got = con.execute(
        "select _source_file, _file_sha256, _release, count(*), count(_loaded_at), "
        "count(_sheet), count(_row_number) from raw.prc_pfa group by all"
    ).fetchall()
    n = sum(len(s.rows) for s in sheets)
    assert got == [(FILE_NAME, sha, RELEASE, n, n, n, n)]
    assert loaded.release == RELEASE


def test_load_log_records_the_load(con, loaded, good_file, sheets):
    n = sum(len(s.rows) for s in sheets)
    assert load_log(con) == [(FILE_NAME, sha256_of(good_file), RELEASE, "loaded", n, None)]
    assert con.execute("select source_id from raw.load_log").fetchall() == [(SOURCE_ID,)]


# --------------------------------------------------------------------------------------------
# Idempotency and releases
# --------------------------------------------------------------------------------------------


def test_same_file_twice_is_skipped(con, loaded, good_file):
    before = raw_snapshot(con, "prc_pfa")
    outcome = ingest_file(con, SPEC, good_file)
    assert outcome.status == "skipped"
    assert raw_snapshot(con, "prc_pfa") == before
    assert [r[3] for r in load_log(con)] == ["loaded"]


def test_same_bytes_under_another_name_logged_once_as_duplicate(con, loaded, good_file, landing):
    before = raw_snapshot(con, "prc_pfa")
    copy = landing / "prc-pfa-mar2013-onwards-tables-230426-copy.ods"
    shutil.copyfile(good_file, copy)
    assert ingest_file(con, SPEC, copy).status == "duplicate"
    assert ingest_file(con, SPEC, copy).status == "duplicate"
    assert raw_snapshot(con, "prc_pfa") == before
    log = load_log(con)
    assert [(r[0], r[3]) for r in log] == [(FILE_NAME, "loaded"), (copy.name, "duplicate")]
    assert log[1][1] == sha256_of(good_file)


def test_later_release_kept_beside_earlier(con, loaded, landing, sheets):
    later = genuine_sheets()
    changed = later[-1].rows[5]
    original_count = changed[COUNT]
    changed[COUNT] = original_count + 7
    later_file = write_workbook(landing / LATER_FILE_NAME, later)

    outcome = ingest_file(con, SPEC, later_file)
    assert outcome.status == "loaded"
    assert outcome.release == LATER_RELEASE
    releases = dict(con.execute("select _release, count(*) from raw.prc_pfa group by 1").fetchall())
    assert releases == {
        RELEASE: sum(len(s.rows) for s in sheets),
        LATER_RELEASE: sum(len(s.rows) for s in later),
    }
    assert raw_rows(con, RELEASE) == expected_raw(sheets)
    assert raw_rows(con, LATER_RELEASE) == expected_raw(later)
    got = con.execute(
        "select _release, number_of_offences from raw.prc_pfa where _sheet = ? "
        "and financial_quarter = ? and force_name = ? and offence_code = ? order by 1",
        [later[-1].name, str(changed[Q]), changed[FORCE], changed[CODE]],
    ).fetchall()
    assert got == [(RELEASE, str(original_count)), (LATER_RELEASE, str(original_count + 7))]
    assert [(r[0], r[2], r[3]) for r in load_log(con)] == [
        (FILE_NAME, RELEASE, "loaded"),
        (LATER_FILE_NAME, LATER_RELEASE, "loaded"),
    ]


# --------------------------------------------------------------------------------------------
# Bad input: rejected with a precise message, logged, raw untouched
# --------------------------------------------------------------------------------------------


def _sheet(sheets: list[SheetSpec], name: str) -> SheetSpec:
    return next(s for s in sheets if s.name == name)


def _unknown_force(path: Path) -> None:
    sheets = genuine_sheets()
    _sheet(sheets, "2022-23").rows[3][FORCE] = "Gotham City"
    write_workbook(path, sheets)


def _text_count(path: Path) -> None:
    sheets = genuine_sheets()
    _sheet(sheets, "2020-21").rows[4][COUNT] = "abc"
    write_workbook(path, sheets)


def _year_disagrees_with_sheet(path: Path) -> None:
    sheets = genuine_sheets()
    sheet = _sheet(sheets, "2021-22")
    # A quarter the builder never writes, so the row is not also a duplicate key.
    extra = [*sheet.rows[0][:Q], 3, *sheet.rows[0][Q + 1 :]]
    extra[FY] = "2020/21"
    sheet.rows.append(extra)
    write_workbook(path, sheets)


def _missing_year_sheet(path: Path) -> None:
    sheets = [s for s in genuine_sheets() if s.name != "2020-21"]
    assert [s.name for s in sheets][:2] == ["2019-20", "2021-22"]
    write_workbook(path, sheets)


def _unnamed_data_column(path: Path) -> None:
    sheets = genuine_sheets()
    sheet = _sheet(sheets, "2024_25")
    sheet.header.append(None)
    for row in sheet.rows:
        row.append(999999)
    write_workbook(path, sheets)


@dataclass(frozen=True)
class BadCase:
    id: str
    make: Callable[[Path], None]
    problem: tuple[str, ...]  # fragments the problem text must contain
    absent: tuple[str, ...] = ()  # rules that must not fire


BAD_CASES = [
    BadCase(
        "year_disagrees_with_sheet",
        _year_disagrees_with_sheet,
        ("year_matches_sheet",),
        ("no_duplicate_keys", "expected_year_sheets"),
    ),
    BadCase(
        "unnamed_data_column",
        _unnamed_data_column,
        ("sheet '2024_25'", "data in column(s) I with no header"),
    ),
    BadCase(
        "missing_year_sheet",
        _missing_year_sheet,
        ("expected_year_sheets",),
        ("year_matches_sheet", "no_duplicate_keys"),
    ),
]


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.id for c in BAD_CASES])
def test_bad_file_rejected_and_raw_untouched(con, loaded, landing, case: BadCase):
    """Rejections particular to the year sheets: a row's year not its sheet's, data under no header,
    a missing year sheet; the bad files every source rejects alike are in
    test_bad_files_contract."""
    before = raw_snapshot(con, "prc_pfa")
    log_before = load_log(con)
    bad = landing / f"prc-pfa-mar2013-onwards-tables-{case.id}-240426.ods"
    case.make(bad)
    sha = sha256_of(bad)

    with pytest.raises(IngestError) as caught:
        ingest_file(con, SPEC, bad)

    exc = caught.value
    message = str(exc)
    assert message.startswith(f"{bad.name} [{SOURCE_ID}]: ")
    assert exc.source_id == SOURCE_ID
    assert message == f"{bad.name} [{SOURCE_ID}]: {exc.problem}"
    for fragment in case.problem:
        assert fragment.lower() in message.lower(), (fragment, message)
    for rule in case.absent:
        assert rule not in message, (rule, message)

    assert load_log(con) == [*log_before, (bad.name, sha, None, "rejected", None, exc.problem)]
    assert raw_snapshot(con, "prc_pfa") == before


def test_rejected_file_seen_again_is_not_logged_again(con, loaded, landing):
    bad = landing / "prc-pfa-mar2013-onwards-tables-240426.ods"
    _unknown_force(bad)
    with pytest.raises(IngestError):
        ingest_file(con, SPEC, bad)
    log_before = load_log(con)
    raw_before = raw_snapshot(con, "prc_pfa")

    assert ingest_file(con, SPEC, bad).status == "previously_rejected"
    renamed = landing / "prc-pfa-mar2013-onwards-tables-250426.ods"
    shutil.copyfile(bad, renamed)
    assert ingest_file(con, SPEC, renamed).status == "previously_rejected"

    assert load_log(con) == log_before
    assert [r[3] for r in log_before] == ["loaded", "rejected"]
    assert raw_snapshot(con, "prc_pfa") == raw_before


def test_ingest_source_quarantines_the_rejection_and_loads_the_rest(con, landing, sheets):
    good = write_workbook(landing / FILE_NAME, sheets)
    bad = landing / "prc-pfa-mar2013-onwards-tables-240426.ods"
    _text_count(bad)
    outcomes = {o.path.name: o for o in ingest_source(con, SPEC, landing.parent)}
    assert outcomes[good.name].status == "loaded"
    assert outcomes[bad.name].status == "rejected"
    assert outcomes[bad.name].error.startswith(f"{bad.name} [{SOURCE_ID}]: ")
    assert raw_rows(con) == expected_raw(sheets)
    statuses = {r[0]: r[3] for r in load_log(con)}
    assert statuses == {good.name: "loaded", bad.name: "rejected"}


def test_rejected_file_retried_after_the_seed_learns_the_force(
    con, loaded, landing, tmp_path, monkeypatch
):
    """Rejection is keyed on the bytes: only a retry judges them again, against the seeds as
    they are now. 'Gotham City' is unknown until the variants seed maps it to a force."""
    bad = landing / "prc-pfa-mar2013-onwards-tables-240426.ods"
    _unknown_force(bad)
    with pytest.raises(IngestError):
        ingest_file(con, SPEC, bad)
    assert ingest_file(con, SPEC, bad).status == "previously_rejected"
    with pytest.raises(IngestError, match="Gotham City"):
        ingest_file(con, SPEC, bad, retry_rejected=True)

    project = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT / "seeds", project / "seeds")
    shutil.copytree(PROJECT_ROOT / "expectations", project / "expectations")
    # Map the name to the force whose row it replaced, so the file is otherwise genuine.
    replaced = _sheet(genuine_sheets(), "2022-23").rows[3][FORCE]
    code = force_resolver(PROJECT_ROOT / "seeds").force_code(replaced)
    path = project / "seeds" / "reference" / "force_name_variants.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"{code},Gotham City,gotham city,test\n")
    monkeypatch.setenv("PPF_PROJECT_ROOT", str(project))
    outcome = ingest_file(con, SPEC, bad, retry_rejected=True)
    assert outcome.status == "loaded"
    assert [r[3] for r in load_log(con)] == ["loaded", "rejected", "rejected", "loaded"]
    assert ingest_file(con, SPEC, bad, retry_rejected=True).status == "skipped"


def test_sheet_spec_helper_is_self_consistent():
    # Guards the builder the tests rely on: unique keys per sheet, one force label per row.
    for sheet in genuine_sheets():
        keys = [(r[FY], r[Q], r[FORCE], r[CODE]) for r in sheet.rows]
        assert len(keys) == len(set(keys)), sheet.name
        assert {r[FY] for r in sheet.rows} == {financial_year(sheet.name)}
    assert replace(genuine_sheets()[0], rows=[]).first_data_row() == len(TITLE_ROWS) + 2


def test_missing_year_sheet_message_names_the_missing_year(con, landing):
    bad = landing / "prc-pfa-mar2013-onwards-tables-240426.ods"
    _missing_year_sheet(bad)
    with pytest.raises(IngestError) as caught:
        ingest_file(con, SPEC, bad)
    assert "2020/21" in str(caught.value)
    assert "null" not in str(caught.value)
