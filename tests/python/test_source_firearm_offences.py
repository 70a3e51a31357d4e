"""Source `firearm_offences` (Home Office offences involving the use of firearms, ODS).

The long layout is assumed (docs/sources/firearm_offences.md, U); the historic wide tables (year
columns `Apr '10 to Mar '11`, footnote digits on row labels) are genuine. The tests write both
in one workbook, with cover sheet, title rows, an unlabelled row-label column, a force-by-use
wide table, markers and non-force rows, and check raw (the wide tables unpivoted, labels as
published) and staging (footnotes stripped, periods derived, firearm use categorised, each
layout from its latest release) against values computed here; bad input; the sample writer;
end to end.
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
import pytest
from python_calamine import CalamineWorkbook

from orchestration.ingest.errors import IngestError
from orchestration.ingest.runner import ingest_file
from orchestration.ingest.warehouse import connect
from orchestration.sample.ods_writer import write_ods
from orchestration.sources.firearm_offences import sample as sample
from orchestration.sources.firearm_offences.loader import SPEC
from orchestration.sources.prc_pfa.sample import recorded_counts
from tests.python.conftest import PROJECT_ROOT, Workspace, run_dbt, seed_csv
from tests.python.raw_state import load_log, raw_snapshot

SOURCE_ID = "firearm_offences"
CANONICAL = [
    "financial_year", "financial_quarter", "period_label", "force_name", "offence_type",
    "firearm_type", "firearm_use", "number_of_offences",
]  # fmt: skip
LONG_HEADER = [
    "Financial Year", "Financial Quarter", "Force Name", "Offence Type", "Firearm Type",
    "Firearm Use", "Number of Offences",
]  # fmt: skip
LONG_CANONICAL = [
    "financial_year", "financial_quarter", "force_name", "offence_type", "firearm_type",
    "firearm_use", "number_of_offences",
]  # fmt: skip
AM = "Attempted murder and GBH with intent offences4"
LONG_ROWS = [
    ["2019/20", 1, "Kent", "Homicide3", "Handgun", "Fired", 1],
    ["2019/20", 1, "Kent", "Robbery", "Shotgun", "Threat", 2],
    ["2019/20", 1, "Kent", "Other offences", "Handgun", "Blunt instrument", 0],
    ["2019/20", 2, "Greater Manchester", AM, "Handgun", "Fired", 3],
    ["2019/20", 2, "England and Wales", "Robbery", "Shotgun", "Threat", 40],
    ["2019/20", 2, "British Transport Police", "Robbery", "Handgun", "Used as a threat", "[x]"],
    ["2019/20", 2, "Merseyside", "Other violence against the person", "Handgun", "Discharged", 5],
    ["2019/20", 2, "Merseyside", "Other violence against the person", "Handgun", "Not known", 1],
]
# Historic national table: the row-label column has no header.
WIDE_HEADER = [None, "Apr '10 to Mar '11", "Apr '11 to Mar '12", "April 2012 to March 2013"]
WIDE_ROWS = [
    ["Homicide3", 42, 39, 30],
    [AM, 250, "..", 201],
    ["Robbery", 1800, 1650, None],  # no 2012/13 figure for this label: nothing lands
    [None],
    ["Source: Home Office, firearm data return", None, None, None],  # footnote row
]
FORCE_WIDE_HEADER = [
    "Force Name",
    "Firearm Use",
    "Year ending March 2011",
    "Year ending March 2012",
]
FORCE_WIDE_ROWS = [["Kent", "Fired", 10, 12], ["Kent", "Threat", 5, "[x]"]]
LATER_HEADER = [
    "Financial Year", "Financial Quarter", "Force Name", "Offence Type", "Firearm Use",
    "Number of Offences",
]  # fmt: skip
LATER_CANONICAL = [
    "financial_year", "financial_quarter", "force_name", "offence_type", "firearm_use",
    "number_of_offences",
]  # fmt: skip
LATER_ROWS = [
    ["2026/27", 1, "Kent", "Robbery", "Threat", 3],
    ["2026/27", 1, "Kent", "Robbery", "Fired", 1],
]
TITLES = [["Offences involving the use of firearms"], ["Source: Home Office"], [None]]
COVER = [["Offences involving the use of firearms, open data"], ["Notes: [x] not available"]]
FILE = "prc-firearms-open-data-apr2019-to-mar2026-tables-230726.ods"
LATER_FILE = "prc-firearms-open-data-apr2019-to-jun2026-tables-221026.ods"
RELEASES = {FILE: "2026-07-23", LATER_FILE: "2026-10-22"}
USE_CATEGORY = {
    "Fired": "fired", "Discharged": "fired", "Threat": "threat", "Used as a threat": "threat",
    "Blunt instrument": "blunt_instrument", "Not known": "other",
}  # fmt: skip
NOTES = {"[x]": "not available [x]", "..": "not available (..)"}


@dataclass
class Sheet:
    name: str
    header: list
    rows: list[list]
    title_rows: list[list] = field(default_factory=list)

    def cells(self) -> list[list]:
        return [*self.title_rows, self.header, *self.rows]

    def first_data_row(self) -> int:
        return len(self.title_rows) + 2


def long_sheet() -> Sheet:
    return Sheet("Data", list(LONG_HEADER), [list(r) for r in LONG_ROWS], [list(r) for r in TITLES])


def wide_sheet() -> Sheet:
    return Sheet("Table_2", list(WIDE_HEADER), [list(r) for r in WIDE_ROWS], [list(TITLES[0])])


def force_wide_sheet() -> Sheet:
    return Sheet("Table_3", list(FORCE_WIDE_HEADER), [list(r) for r in FORCE_WIDE_ROWS])


def later_sheet() -> Sheet:
    return Sheet("Data", list(LATER_HEADER), [list(r) for r in LATER_ROWS])


def write_book(path: Path, sheets: list[Sheet], cover: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    front = [("Cover_sheet", COVER)] if cover else []
    write_ods(path, [*front, *((s.name, s.cells()) for s in sheets)])
    return path


def as_text(value: object) -> str | None:
    return None if value is None else str(value)


def landed_cells(sheet: Sheet) -> list[dict]:
    """The rows the loader should land for a sheet, computed from what the test wrote."""
    out = []
    header = sheet.header
    periods = [i for i, h in enumerate(header) if h and re.search(r"\d{2}", h)]
    for offset, row in enumerate(sheet.rows):
        number = str(sheet.first_data_row() + offset)
        if not periods:  # long
            canonical = LONG_CANONICAL if "Firearm Type" in header else LATER_CANONICAL
            cells = dict(zip(canonical, row, strict=True))
            out.append({**cells, "_sheet": sheet.name, "_row_number": number})
            continue
        labels: dict[str, object] = {}
        for position, title in enumerate(header):
            if position in periods:
                continue
            name = {None: "offence_type", "Force Name": "force_name"}.get(
                title, "firearm_use" if title == "Firearm Use" else None
            )
            labels[name] = row[position] if position < len(row) else None
        for position in periods:
            value = row[position] if position < len(row) else None
            if value is None:
                continue
            out.append({**labels, "period_label": header[position],
                        "number_of_offences": value, "_sheet": sheet.name,
                        "_row_number": number})  # fmt: skip
    return out


def expected_raw(sheets: list[Sheet], file_name: str) -> list[tuple]:
    return [
        (*(as_text(c.get(n)) for n in CANONICAL), c["_sheet"], c["_row_number"],
         RELEASES[file_name])
        for s in sheets for c in landed_cells(s)
    ]  # fmt: skip


def _key(row: tuple) -> tuple:
    return tuple("" if v is None else str(v) for v in row)


def raw_rows(con) -> list[tuple]:
    cols = ", ".join([*CANONICAL, "_sheet", "_row_number", "_release"])
    return con.execute(f"select {cols} from raw.firearm_offences").fetchall()


def seed(name: str) -> list[dict[str, str]]:
    with seed_csv(name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def label(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).strip()


@pytest.fixture
def con(tmp_path: Path):
    connection = connect(tmp_path / "warehouse" / "firearms.duckdb")
    yield connection
    connection.close()


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    folder = tmp_path / "landing" / SOURCE_ID
    folder.mkdir(parents=True)
    return folder


# --------------------------------------------------------------------------------------------
# (a) genuine-format file -> raw exactly as written (wide unpivoted) -> staging as computed
# --------------------------------------------------------------------------------------------


def test_raw_rows_exactly_as_written_with_wide_tables_unpivoted(con, landing):
    sheets = [long_sheet(), wide_sheet(), force_wide_sheet()]
    outcome = ingest_file(con, SPEC, write_book(landing / FILE, sheets))
    assert outcome.status == "loaded", outcome
    expected = expected_raw(sheets, FILE)
    assert sorted(raw_rows(con), key=_key) == sorted(expected, key=_key)
    # 8 long rows; national table 3 + 3 + 2 cells ('..' lands as published; the empty cell, the
    # blank and the footnote rows land nothing); force table 4 cells.
    assert outcome.rows == len(expected) == 8 + 8 + 4
    labels = {r[0] for r in con.execute("select offence_type from raw.firearm_offences").fetchall()}
    assert {"Homicide3", AM} <= labels  # footnote digits kept in raw


def _period(row: dict) -> tuple[str, int | None, str, dt.date, dt.date]:
    label_text = row.get("period_label")
    if label_text is None:
        fy, quarter = row["financial_year"], row["financial_quarter"]
        year = int(fy[:4]) + (1 if quarter == 4 else 0)
        month = {1: 4, 2: 7, 3: 10, 4: 1}[quarter]
        start = dt.date(year, month, 1)
        end = dt.date(year + (month == 10), (month + 2) % 12 + 1, 1) - dt.timedelta(days=1)
        return fy, quarter, "quarter", start, end
    digits = re.search(r"\d{2,4}", label_text).group(0)
    first = int(digits) if len(digits) == 4 else 2000 + int(digits)
    if label_text.startswith("Year ending"):
        first -= 1
    fy = f"{first}/{(first + 1) % 100:02d}"
    return fy, None, "financial_year", dt.date(first, 4, 1), dt.date(first + 1, 3, 31)


def _expected_staging(sheets_by_file: dict[str, list[Sheet]]) -> list[tuple]:
    forces = {label(r["force_name"]): r["force_code"] for r in seed("police_force_areas")}
    bodies = {label(r["body_name"]): r["body_type"] for r in seed("reporting_bodies")}
    out = []
    for file_name, sheets in sheets_by_file.items():
        for sheet in sheets:
            for row in landed_cells(sheet):
                fy, quarter, period_type, start, end = _period(row)
                force = row.get("force_name")
                code = forces.get(label(force)) if force else None
                body = bodies.get(label(force)) if force else "national_total"
                offence, use = row.get("offence_type"), row.get("firearm_use")
                count = row["number_of_offences"]
                category = USE_CATEGORY[use] if use else None
                out.append(
                    (
                        fy, quarter, row.get("period_label"), offence, row.get("firearm_type"),
                        use, code, force, body, code is not None, period_type,
                        re.sub(r"(?<=[A-Za-z)])\d+$", "", offence) if offence else None,
                        category, category == "fired", start, end,
                        count if isinstance(count, int) else None,
                        None if isinstance(count, int) else NOTES[count],
                        dt.date.fromisoformat(RELEASES[file_name]), row["_sheet"],
                        int(row["_row_number"]),
                    )
                )  # fmt: skip
    return out


def test_staging_rows_as_computed(tmp_path, landing):
    db = tmp_path / "warehouse" / "firearms.duckdb"
    connection = connect(db)
    try:
        first = write_book(landing / FILE, [long_sheet(), wide_sheet(), force_wide_sheet()])
        later = write_book(landing / LATER_FILE, [later_sheet()], cover=False)
        for path in (first, later):
            assert ingest_file(connection, SPEC, path).status == "loaded"
    finally:
        connection.close()
    run_dbt(
        db, "build", "--select", "+stg_firearm_offences__offences",
        "--indirect-selection", "cautious", target_dir=tmp_path / "target",
    )  # fmt: skip
    with duckdb.connect(str(db), read_only=True) as read:
        got = read.execute(
            "select financial_year, financial_quarter, period_label, offence_type_as_published, "
            "firearm_type_as_published, firearm_use_as_published, force_code, force_name, "
            "reporting_body_type, is_force_area, period_type, offence_type, "
            "firearm_use_category, is_firearm_discharged, period_start, period_end, "
            "offence_count, value_note, release_date, source_sheet, source_row_number "
            "from staging.stg_firearm_offences__offences"
        ).fetchall()
    # Long rows from the latest release of the long tables (October), wide rows from the
    # latest release holding wide tables (July): each layout is its own series.
    expected = _expected_staging(
        {LATER_FILE: [later_sheet()], FILE: [wide_sheet(), force_wide_sheet()]}
    )
    assert sorted(got, key=_key) == sorted(expected, key=_key)


# --------------------------------------------------------------------------------------------
# (b) bad input
# --------------------------------------------------------------------------------------------


def _book(path: Path, change: Callable[[list[Sheet]], None]) -> Path:
    sheets = [long_sheet(), wide_sheet(), force_wide_sheet()]
    change(sheets)
    return write_book(path, sheets)


def _set(sheet: int, row: int, column: int, value: object) -> Callable[[list[Sheet]], None]:
    def change(sheets: list[Sheet]) -> None:
        sheets[sheet].rows[row][column] = value

    return change


def _unmapped_wide_label(path: Path) -> Path:
    return _book(path, lambda s: s[2].header.__setitem__(1, "Type of weapon"))


def _csv_file(path: Path) -> Path:
    target = path.with_suffix(".csv")
    target.write_text(",".join(LONG_HEADER) + "\n", encoding="utf-8")
    return target


def _only_cover(path: Path) -> Path:
    return write_book(path, [])


@dataclass(frozen=True)
class BadCase:
    id: str
    make: Callable[[Path], Path]
    problem: tuple[str, ...]


BAD_CASES = [
    BadCase("unmapped_wide_label", _unmapped_wide_label,
            ("sheet 'Table_3'", "unmapped column(s) 'Type of weapon'")),
    BadCase("missing_period", lambda p: _book(p, _set(0, 2, 0, None)), ("period_identified",)),
    BadCase("wrong_file_type", _csv_file, ("unsupported file type",)),
    BadCase("no_data_sheet", _only_cover, ("no data sheet", "Cover_sheet")),
]  # fmt: skip


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.id for c in BAD_CASES])
def test_bad_input_rejected_and_raw_unchanged(con, landing, case: BadCase):
    """Rejections particular to the firearm tables: an unmapped label column of a wide table, a row
    without a period, a .csv name, a workbook with no data sheet; the bad files every source rejects
    alike are in test_bad_files_contract."""
    good = write_book(landing / LATER_FILE, [later_sheet()])
    assert ingest_file(con, SPEC, good).status == "loaded"
    before, log_before = raw_snapshot(con, "firearm_offences"), load_log(con)
    bad = case.make(landing / "prc-firearms-open-data-apr2019-to-jun2026-tables-231026.ods")
    sha = hashlib.sha256(bad.read_bytes()).hexdigest()

    with pytest.raises(IngestError) as caught:
        ingest_file(con, SPEC, bad)

    exc = caught.value
    assert str(exc) == f"{bad.name} [{SOURCE_ID}]: {exc.problem}"
    assert exc.source_id == SOURCE_ID and exc.path == bad
    for fragment in case.problem:
        assert fragment.lower() in exc.problem.lower(), (fragment, exc.problem)
    assert load_log(con) == [*log_before, (bad.name, sha, None, "rejected", None, exc.problem)]
    assert raw_snapshot(con, "firearm_offences") == before


# --------------------------------------------------------------------------------------------
# (c) the sample writer
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample.write_firearm_offences(tmp_path_factory.mktemp("landing"), PROJECT_ROOT)


def _data(path: Path) -> tuple[list[list], list, list[list]]:
    workbook = CalamineWorkbook.from_path(str(path))
    assert workbook.sheet_names == ["Cover_sheet", "Data"]
    rows = workbook.get_sheet_by_name("Data").to_python()
    return rows[:3], rows[3], rows[4:]


def test_sample_file_named_and_shaped_as_assumed(sample_file):
    assert sample_file.parent.name == SOURCE_ID
    assert sample_file.name == "prc-firearms-open-data-apr2019-to-jun2026-tables-221026.ods"
    with zipfile.ZipFile(sample_file) as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    titles, header, rows = _data(sample_file)
    assert titles[0][0].startswith("Offences involving the use of firearms")
    assert header == [
        "Financial Year", "Financial Quarter", "Force Name", "Offence Type", "Firearm Use",
        "Number of Offences",
    ]  # fmt: skip
    forces = {r["force_name"].replace(" & ", " and ") for r in seed("police_force_areas")}
    assert {r[2] for r in rows} == forces | {"British Transport Police", "England and Wales"}
    quarters = {(r[0], int(r[1])) for r in rows}
    assert (
        len(quarters) == 29
        and min(quarters) == ("2019/20", 1)
        and max(quarters)
        == (
            "2026/27",
            1,
        )
    )
    assert len(rows) == 29 * (len(forces) + 2) * 5 * 3
    assert {r[4] for r in rows} == {"Fired", "Threat", "Blunt instrument"}
    old = {r[3] for r in rows if r[0] in ("2019/20", "2020/21")}
    new = {r[3] for r in rows if r[0] not in ("2019/20", "2020/21")}
    assert "Homicide3" in old and "Homicide" not in old
    assert "Homicide" in new and not any(re.search(r"\d$", t) for t in new)
    btp = {r[5] for r in rows if r[2] == "British Transport Police" and r[0] == "2019/20"}
    assert btp == {"[x]"}


def test_sample_counts_small_consistent_and_totalled(sample_file):
    _, _, rows = _data(sample_file)
    recorded = recorded_counts(PROJECT_ROOT)
    cells = [r for r in rows if r[2] not in ("England and Wales", "British Transport Police")]
    values = [r[5] for r in cells]
    assert all(isinstance(v, float) and v >= 0 for v in values)
    assert sum(1 for v in values if v == 0) > len(values) / 3  # many zeros
    # England and Wales rows are the sum of the 43 forces.
    national: dict[tuple, float] = defaultdict(float)
    for r in cells:
        national[(r[0], r[1], r[3], r[4])] += r[5]
    for r in rows:
        if r[2] == "England and Wales":
            assert r[5] == national[(r[0], r[1], r[3], r[4])]
    # Firearm homicides, attempted murders and robberies stay within recorded crime.
    bounds = {"Homicide": ("1", "4.1", "4.2", "4.10"), "Attempted": ("2", "5D"),
              "Robbery": ("34A", "34B")}  # fmt: skip
    per_offence: dict[tuple, float] = defaultdict(float)
    for r in rows:
        if r[2] in ("England and Wales",) or not isinstance(r[5], float):
            continue
        for prefix in bounds:
            if r[3].startswith(prefix):
                per_offence[(r[2], prefix, int(r[0][:4]), int(r[1]))] += r[5]
    for (force, prefix, fy, quarter), total in per_offence.items():
        limit = sum(recorded[(force, code)][(fy, quarter)] for code in bounds[prefix])
        assert total <= limit, (force, prefix, fy, quarter)
    fired = sum(r[5] for r in cells if r[4] == "Fired")
    assert 0.4 < fired / sum(values) < 0.6


def test_sample_bytes_are_deterministic(tmp_path):
    first = sample.write_firearm_offences(tmp_path / "one", PROJECT_ROOT)
    second = sample.write_firearm_offences(tmp_path / "two", PROJECT_ROOT)
    assert first.read_bytes() == second.read_bytes()


# --------------------------------------------------------------------------------------------
# (d) end to end
# --------------------------------------------------------------------------------------------


def test_end_to_end_staging_matches_the_sample_file(sample_workspace: Workspace):
    files = list((sample_workspace.landing / SOURCE_ID).glob("*.ods"))
    assert len(files) == 1
    _, _, rows = _data(files[0])
    forces = {label(r["force_name"]) for r in seed("police_force_areas")}
    total = sum(int(r[5]) for r in rows if isinstance(r[5], float))
    fired_in_forces = sum(
        int(r[5])
        for r in rows
        if r[4] == "Fired" and isinstance(r[5], float) and label(r[2]) in forces
    )
    markers = sum(1 for r in rows if r[5] == "[x]")
    with duckdb.connect(str(sample_workspace.warehouse), read_only=True) as read:
        got = read.execute(
            "select count(*), sum(offence_count), "
            "sum(offence_count) filter (where is_firearm_discharged and is_force_area), "
            "count(*) filter (where value_note = 'not available [x]') "
            "from staging.stg_firearm_offences__offences"
        ).fetchone()
    assert got == (len(rows), total, fired_in_forces, markers)
