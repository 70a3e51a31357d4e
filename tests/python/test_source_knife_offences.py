"""Source `knife_offences` (Home Office offences involving a knife or sharp instrument, ODS).

The layout is assumed (docs/sources/knife_offences.md, U): the tests write workbooks in that
assumed shape with the quirks the loader must tolerate (cover and notes sheets, title rows, a
sheet identified by knife-enabled offence type labels with footnote digits, another by offence
code, header synonyms, markers, a negative correction, British Transport Police) and check raw
and staging against values computed here; bad input; the sample writer; end to end.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
import zipfile
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
from orchestration.sources.knife_offences import sample as sample
from orchestration.sources.knife_offences.loader import SPEC
from orchestration.sources.prc_pfa.sample import recorded_counts
from tests.python.conftest import PROJECT_ROOT, Workspace, run_dbt, seed_csv
from tests.python.raw_state import load_log, raw_snapshot

SOURCE_ID = "knife_offences"
CANONICAL = [
    "financial_year", "financial_quarter", "force_name", "offence_code", "offence_description",
    "offence_group", "offence_subgroup", "knife_offence_type", "number_of_offences",
]  # fmt: skip
TYPE_HEADER = [
    "Financial Year", "Financial Quarter", "Police Force", "Knife Enabled Offence Type",
    "Knife or sharp instrument offences",
]  # fmt: skip
TYPE_CANONICAL = [
    "financial_year", "financial_quarter", "force_name", "knife_offence_type", "number_of_offences"
]  # fmt: skip
CODE_HEADER = [
    "Financial Year", "Financial Quarter", "Force Name", "Offence Description", "Offence Group",
    "Offence Subgroup", "Offence Code", "Number of Offences",
]  # fmt: skip
CODE_CANONICAL = [
    "financial_year", "financial_quarter", "force_name", "offence_description", "offence_group",
    "offence_subgroup", "offence_code", "number_of_offences",
]  # fmt: skip
VAP = "Violence against the person"
TYPE_ROWS = [
    ["2019/20", 1, "Kent", "Homicide3", 2],
    ["2019/20", 1, "Kent", "Attempted murder", 4],
    ["2019/20", 1, "Kent", "Robbery", 80],
    ["2019/20", 1, "Kent", "Rape", 3],
    ["2019/20", 1, "Kent", "Sexual assault", 1],
    ["2019/20", 2, "Greater Manchester",
     "Assault with injury and assault with intent to cause serious harm", "[x]"],
    ["2019/20", 2, "British Transport Police", "Threats to kill", 1],
    ["2019/20", 2, "Greater Manchester", "Robbery", 6],
]  # fmt: skip
CODE_ROWS = [
    ["2024/25", 3, "Kent", "Assault with injury", VAP, "Violence with injury", "8N", 120],
    ["2024/25", 3, "Kent", "Assault with intent to cause serious harm", VAP,
     "Violence with injury", "5D", 40],
    ["2024/25", 3, "Dyfed-Powys", "Manslaughter", VAP, "Homicide", "4.1", 1],
    ["2024/25", 3, "Dyfed-Powys", "Corporate manslaughter", VAP, "Homicide", "4.10", 0],
    ["2024/25", 3, "Devon and Cornwall", "Robbery of personal property", "Robbery",
     "Robbery of personal property", "34B", 15],
    ["2024/25", 3, "Greater Manchester", "Threats to kill", VAP, "Violence without injury",
     "3B", -1],
    ["2024/25", 3, "British Transport Police", "Robbery of personal property", "Robbery",
     "Robbery of personal property", "34B", "[x]"],
    ["2024/25", 3, "Kent", "Possession of article with blade or point",
     "Possession of weapons offences", "Possession of weapons offences", "10D", 5],
]  # fmt: skip
COVER = [["Offences involving a knife or sharp instrument"], ["Source: Home Office"]]
NOTES = [["Note number", "Note text"], ["Note 1", "[x] = not available"]]
TITLES = [["Knife or sharp instrument offences, year ending March 2020"], [None]]
FILE = "prc-knives_or_sharps-open-data-apr2019-to-jun2026-tables-221026.ods"
EARLIER_FILE = "prc-knives_or_sharps-open-data-apr2019-to-mar2026-tables-230726.ods"
RELEASES = {FILE: "2026-10-22", EARLIER_FILE: "2026-07-23"}
# The published series' seven types, as the test reads a published label (independent of the
# staging SQL): label prefix -> knife_enabled_type.
TYPE_LABELS = {
    "homicide": "homicide",
    "attempted murder": "attempted_murder",
    "threats to kill": "threats_to_kill",
    "assault with injury": "assault_with_injury_or_intent",
    "robbery": "robbery",
    "rape": "rape",
    "sexual assault": "sexual_assault",
}


@dataclass
class DataSheet:
    name: str
    header: list
    canonical: list[str]
    rows: list[list]
    title_rows: list[list] = field(default_factory=list)

    def first_data_row(self) -> int:
        return len(self.title_rows) + 2


def genuine_sheets() -> list[DataSheet]:
    return [
        DataSheet("2019_20", list(TYPE_HEADER), TYPE_CANONICAL, [list(r) for r in TYPE_ROWS],
                  [list(r) for r in TITLES]),
        DataSheet("2024_25", list(CODE_HEADER), CODE_CANONICAL, [list(r) for r in CODE_ROWS]),
    ]  # fmt: skip


def earlier_sheets() -> list[DataSheet]:
    rows = [[*CODE_ROWS[0][:7], 99], [*CODE_ROWS[4][:7], 11]]
    return [DataSheet("2024_25", list(CODE_HEADER), CODE_CANONICAL, rows)]


def write_book(path: Path, sheets: list[DataSheet], extra: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    front = [("Cover_sheet", COVER), ("Notes", NOTES)] if extra else []
    write_ods(path, [*front, *((s.name, [*s.title_rows, s.header, *s.rows]) for s in sheets)])
    return path


def as_text(value: object) -> str | None:
    return None if value is None else str(value)


def expected_raw(sheets: list[DataSheet], file_name: str) -> list[tuple]:
    out = []
    for sheet in sheets:
        for offset, row in enumerate(sheet.rows):
            cells = dict(zip(sheet.canonical, row, strict=True))
            out.append(
                (*(as_text(cells.get(c)) for c in CANONICAL), sheet.name,
                 str(sheet.first_data_row() + offset), RELEASES[file_name])
            )  # fmt: skip
    return out


def _key(row: tuple) -> tuple:
    return tuple("" if v is None else str(v) for v in row)


def raw_rows(con) -> list[tuple]:
    cols = ", ".join([*CANONICAL, "_sheet", "_row_number", "_release"])
    return con.execute(f"select {cols} from raw.knife_offences").fetchall()


def seed(name: str) -> list[dict[str, str]]:
    with seed_csv(name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def label(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).strip()


def quarter_bounds(financial_year: str, quarter: int) -> tuple[dt.date, dt.date]:
    year = int(financial_year[:4]) + (1 if quarter == 4 else 0)
    month = {1: 4, 2: 7, 3: 10, 4: 1}[quarter]
    start = dt.date(year, month, 1)
    nxt = dt.date(year + (month + 3 > 12), (month + 2) % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


@pytest.fixture
def con(tmp_path: Path):
    connection = connect(tmp_path / "warehouse" / "knife.duckdb")
    yield connection
    connection.close()


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    folder = tmp_path / "landing" / SOURCE_ID
    folder.mkdir(parents=True)
    return folder


# --------------------------------------------------------------------------------------------
# (a) genuine-format file -> raw exactly as written -> staging as computed here
# --------------------------------------------------------------------------------------------


def test_raw_rows_exactly_as_written(con, landing):
    sheets = genuine_sheets()
    outcome = ingest_file(con, SPEC, write_book(landing / FILE, sheets))
    assert outcome.status == "loaded", outcome
    assert outcome.rows == len(TYPE_ROWS) + len(CODE_ROWS)
    assert sorted(raw_rows(con), key=_key) == sorted(expected_raw(sheets, FILE), key=_key)
    # Cover and notes sheets never land.
    assert con.execute("select distinct _sheet from raw.knife_offences order by 1").fetchall() == [
        ("2019_20",),
        ("2024_25",),
    ]
    # Codes are text: 4.1 and 4.10 both kept.
    codes = {r[0] for r in con.execute("select offence_code from raw.knife_offences").fetchall()}
    assert {"4.1", "4.10"} <= codes


def _expected_staging(sheets: list[DataSheet]) -> list[tuple]:
    forces = {label(r["force_name"]): r["force_code"] for r in seed("police_force_areas")}
    forces |= {label(r["variant"]): r["force_code"] for r in seed("force_name_variants")}
    knife_types = {
        r["offence_code"]: r["knife_enabled_type"] for r in seed("offence_classification")
    }
    gaps = [
        (g["force_code"], dt.date.fromisoformat(g["period_start"]),
         dt.date.fromisoformat(g["period_end"]))
        for g in seed("known_data_gaps") if g["source_id"] == SOURCE_ID
    ]  # fmt: skip
    out = []
    for sheet in sheets:
        for offset, row in enumerate(sheet.rows):
            cells = dict(zip(sheet.canonical, row, strict=True))
            code = forces.get(label(cells["force_name"]))
            start, end = quarter_bounds(cells["financial_year"], cells["financial_quarter"])
            offence_code = cells.get("offence_code")
            published = cells.get("knife_offence_type")
            if offence_code is not None:
                knife_type = knife_types.get(offence_code) or None
            else:
                stripped = label(re.sub(r"\d+$", "", published))
                knife_type = next(t for p, t in TYPE_LABELS.items() if stripped.startswith(p))
            count = cells["number_of_offences"]
            out.append(
                (
                    cells["financial_year"], cells["financial_quarter"], offence_code, published,
                    code, cells["force_name"], code is not None, knife_type, start, end,
                    count if isinstance(count, int) else None,
                    None if isinstance(count, int) else "not available [x]",
                    isinstance(count, int) and count < 0,
                    any(f == code and start <= e and end >= s for f, s, e in gaps),
                    sheet.name, sheet.first_data_row() + offset,
                )
            )  # fmt: skip
    return out


def test_staging_rows_as_computed(tmp_path, landing):
    db = tmp_path / "warehouse" / "knife.duckdb"
    connection = connect(db)
    try:
        earlier = write_book(landing / EARLIER_FILE, earlier_sheets(), extra=False)
        assert ingest_file(connection, SPEC, earlier).status == "loaded"
        current = write_book(landing / FILE, genuine_sheets())
        assert ingest_file(connection, SPEC, current).status == "loaded"
    finally:
        connection.close()
    run_dbt(
        db, "build", "--select", "+stg_knife_offences__offences",
        "--indirect-selection", "cautious", target_dir=tmp_path / "target",
    )  # fmt: skip
    with duckdb.connect(str(db), read_only=True) as read:
        got = read.execute(
            "select financial_year, financial_quarter, offence_code, "
            "knife_offence_type_as_published, force_code, force_name, is_force_area, "
            "knife_enabled_type, period_start, period_end, offence_count, value_note, "
            "is_negative_correction, is_in_known_gap, source_sheet, source_row_number "
            "from staging.stg_knife_offences__offences"
        ).fetchall()
        releases = read.execute(
            "select distinct release_date, source_file from staging.stg_knife_offences__offences"
        ).fetchall()
        notes = read.execute(
            "select known_gap_note from staging.stg_knife_offences__offences where is_in_known_gap"
        ).fetchall()
    assert sorted(got, key=_key) == sorted(_expected_staging(genuine_sheets()), key=_key)
    assert releases == [(dt.date(2026, 10, 22), FILE)]  # the earlier release is superseded
    gap_note = next(g["note"] for g in seed("known_data_gaps") if g["source_id"] == SOURCE_ID)
    assert len(notes) == 2 and set(notes) == {(gap_note,)}  # one note per row, never repeated


# --------------------------------------------------------------------------------------------
# (b) bad input
# --------------------------------------------------------------------------------------------


def _csv_file(path: Path) -> Path:
    target = path.with_suffix(".csv")
    target.write_text(",".join(CODE_HEADER) + "\n", encoding="utf-8")
    return target


def _no_offence_column(path: Path) -> Path:
    sheet = DataSheet(
        "2024_25",
        ["Financial Year", "Financial Quarter", "Force Name", "Number of Offences"],
        ["financial_year", "financial_quarter", "force_name", "number_of_offences"],
        [["2024/25", 1, "Kent", 10]],
    )
    return write_book(path, [sheet])


def _only_cover_sheets(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_ods(path, [("Cover_sheet", COVER), ("Notes", NOTES)])
    return path


@dataclass(frozen=True)
class BadCase:
    id: str
    make: Callable[[Path], Path]
    problem: tuple[str, ...]


BAD_CASES = [
    BadCase("wrong_file_type", _csv_file, ("unsupported file type",)),
    BadCase("no_offence_column", _no_offence_column, ("sheet '2024_25'", "no offence column")),
    BadCase("no_data_sheet", _only_cover_sheets, ("no data sheet", "Cover_sheet", "Notes")),
]  # fmt: skip


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.id for c in BAD_CASES])
def test_bad_input_rejected_and_raw_unchanged(con, landing, case: BadCase):
    """Rejections particular to the knife tables: a .csv name, a data sheet with neither an offence
    code nor a knife-enabled offence type, a workbook with no data sheet; the bad files every source
    rejects alike are in test_bad_files_contract."""
    good = write_book(landing / EARLIER_FILE, earlier_sheets())
    assert ingest_file(con, SPEC, good).status == "loaded"
    before, log_before = raw_snapshot(con, "knife_offences"), load_log(con)
    bad = case.make(landing / "prc-knives_or_sharps-open-data-apr2019-to-jun2026-tables-231026.ods")
    sha = hashlib.sha256(bad.read_bytes()).hexdigest()

    with pytest.raises(IngestError) as caught:
        ingest_file(con, SPEC, bad)

    exc = caught.value
    assert str(exc) == f"{bad.name} [{SOURCE_ID}]: {exc.problem}"
    assert exc.source_id == SOURCE_ID and exc.path == bad
    for fragment in case.problem:
        assert fragment.lower() in exc.problem.lower(), (fragment, exc.problem)
    assert load_log(con) == [*log_before, (bad.name, sha, None, "rejected", None, exc.problem)]
    assert raw_snapshot(con, "knife_offences") == before


# --------------------------------------------------------------------------------------------
# (c) the sample writer
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample.write_knife_offences(tmp_path_factory.mktemp("landing"), PROJECT_ROOT)


def _sheets(path: Path) -> dict[str, list[list]]:
    workbook = CalamineWorkbook.from_path(str(path))
    return {n: workbook.get_sheet_by_name(n).to_python() for n in workbook.sheet_names}


def _year_sheets(path: Path) -> dict[str, list[list]]:
    return {n: rows for n, rows in _sheets(path).items() if re.fullmatch(r"\d{4}_\d{2}", n)}


def test_sample_file_named_and_shaped_as_assumed(sample_file):
    assert sample_file.parent.name == SOURCE_ID
    assert sample_file.name == "prc-knives_or_sharps-open-data-apr2019-to-jun2026-tables-221026.ods"
    with zipfile.ZipFile(sample_file) as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    sheets = _sheets(sample_file)
    assert list(sheets)[:2] == ["Cover_sheet", "Notes"]
    years = _year_sheets(sample_file)
    assert list(years) == [f"{y}_{(y + 1) % 100:02d}" for y in range(2019, 2027)]
    knife_codes = {
        r["offence_code"] for r in seed("offence_classification") if r["knife_enabled_type"]
    } - {"1/4.1/4.10/4.2", "1-4.1-4.10-4.2"}
    forces = {r["force_name"].replace(" & ", " and ") for r in seed("police_force_areas")}
    for name, rows in years.items():
        header = rows[0]
        if name <= "2021_22":
            assert header[2] == "Police Force" and header[7] == "Knife or sharp instrument offences"
        else:
            assert header[2] == "Force Name" and header[7] == "Number of Offences"
        data = rows[1:]
        quarters = {int(r[1]) for r in data}
        assert quarters == ({1} if name == "2026_27" else {1, 2, 3, 4})
        assert {r[6] for r in data} == knife_codes
        assert {r[2] for r in data} == forces | {"British Transport Police"}
        assert len(data) == len(quarters) * (len(forces) + 1) * len(knife_codes)
        markers = [r for r in data if r[7] == "[x]"]
        btp = [r for r in markers if r[2] == "British Transport Police"]
        assert len(btp) == 2
        gmp = [r for r in markers if r[2] == "Greater Manchester"]
        if name == "2019_20":
            assert {int(r[1]) for r in gmp} == {2, 3, 4} and len(gmp) == 3 * len(knife_codes)
        else:
            assert gmp == []


def test_sample_knife_counts_never_exceed_recorded_offences(sample_file):
    recorded = recorded_counts(PROJECT_ROOT)
    total = 0
    for rows in _year_sheets(sample_file).values():
        for r in rows[1:]:
            if isinstance(r[7], float):
                fy, quarter = int(r[0][:4]), int(r[1])
                assert r[7] <= recorded[(r[2], r[6])][(fy, quarter)], r
                total += r[7]
    assert total > 200_000  # about 38,000 a year over seven and a quarter years


def test_sample_bytes_are_deterministic(tmp_path):
    first = sample.write_knife_offences(tmp_path / "one", PROJECT_ROOT)
    second = sample.write_knife_offences(tmp_path / "two", PROJECT_ROOT)
    assert first.read_bytes() == second.read_bytes()


# --------------------------------------------------------------------------------------------
# (d) end to end
# --------------------------------------------------------------------------------------------


def test_end_to_end_staging_matches_the_sample_file(sample_workspace: Workspace):
    files = list((sample_workspace.landing / SOURCE_ID).glob("*.ods"))
    assert len(files) == 1
    rows = [r for sheet in _year_sheets(files[0]).values() for r in sheet[1:]]
    total = sum(int(r[7]) for r in rows if isinstance(r[7], float))
    markers = sum(1 for r in rows if r[7] == "[x]")
    robbery = sum(int(r[7]) for r in rows if r[6] in ("34A", "34B") and isinstance(r[7], float))
    gap_rows = sum(1 for r in rows if r[2] == "Greater Manchester" and r[0] == "2019/20"
                   and int(r[1]) >= 2)  # fmt: skip
    with duckdb.connect(str(sample_workspace.warehouse), read_only=True) as read:
        got = read.execute(
            "select count(*), sum(offence_count), count(*) filter (where value_note = "
            "'not available [x]'), sum(offence_count) filter (where knife_enabled_type = "
            "'robbery'), count(*) filter (where is_in_known_gap) "
            "from staging.stg_knife_offences__offences"
        ).fetchone()
    assert got == (len(rows), total, markers, robbery, gap_rows)
