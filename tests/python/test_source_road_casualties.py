"""Tests of the DfT STATS19 road casualties source (`road_casualties`).

Each test writes its own small CSVs in the genuine STATS19 layouts (three header vintages,
`-1` codes, `NULL` coordinates, dd/mm/yyyy dates) and lands them into its own DuckDB file.
Expected values are computed here from the rows the test wrote, never read back from the loader.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.errors import IngestError
from orchestration.ingest.runner import ingest_file
from orchestration.ingest.warehouse import connect
from orchestration.sources import SOURCES
from orchestration.sources.road_casualties import sample as sample
from tests.python.conftest import PROJECT_ROOT, Workspace, run_dbt
from tests.python.raw_state import load_log, raw_snapshot

SOURCE_ID = "road_casualties"
SPEC = SOURCES[SOURCE_ID]
# DfT police force code -> ONS force code, for the codes these tests use (DfT data guide).
FORCE_CODES = {1: "E23000001", 48: "E23000034", 62: "W15000003", 97: None, 4: "E23000003"}

OLD_COLLISION = [
    "Accident_Index", "Location_Easting_OSGR", "Location_Northing_OSGR", "Longitude", "Latitude",
    "Police_Force", "Accident_Severity", "Number_of_Vehicles", "Number_of_Casualties", "Date",
    "Day_of_Week", "Time", "Local_Authority_(District)", "1st_Road_Class", "Speed_limit",
    "LSOA_of_Accident_Location",
]  # fmt: skip
OLD_CASUALTY = [
    "Accident_Index", "Vehicle_Reference", "Casualty_Reference", "Casualty_Class",
    "Sex_of_Casualty", "Age_of_Casualty", "Casualty_Severity", "Casualty_IMD_Decile",
]  # fmt: skip
SNAKE_COLLISION = [
    "accident_index", "accident_year", "accident_reference", "longitude", "latitude",
    "police_force", "accident_severity", "number_of_vehicles", "number_of_casualties", "date",
    "time", "first_road_class", "speed_limit", "trunk_road_flag",
]  # fmt: skip
SNAKE_CASUALTY = [
    "accident_index", "accident_year", "accident_reference", "vehicle_reference",
    "casualty_reference", "casualty_class", "age_of_casualty", "casualty_severity",
    "lsoa_of_casualty",
]  # fmt: skip
NEW_COLLISION = [
    "collision_index", "collision_year", "collision_ref_no", "longitude", "latitude",
    "police_force", "collision_severity", "number_of_vehicles", "number_of_casualties", "date",
    "time", "speed_limit", "enhanced_severity_collision", "collision_injury_based",
    "collision_adjusted_severity_serious", "collision_adjusted_severity_slight",
]  # fmt: skip
NEW_CASUALTY = [
    "collision_index", "collision_year", "collision_ref_no", "vehicle_reference",
    "casualty_reference", "casualty_class", "age_of_casualty", "casualty_severity",
    "casualty_adjusted_severity_serious", "casualty_adjusted_severity_slight",
]  # fmt: skip

# Canonical raw column for each published header used above.
CANONICAL = {
    "accident_index": "collision_index", "collision_index": "collision_index",
    "accident_year": "collision_year", "collision_year": "collision_year",
    "accident_reference": "collision_reference", "collision_ref_no": "collision_reference",
    "location_easting_osgr": "location_easting_osgr",
    "location_northing_osgr": "location_northing_osgr",
    "accident_severity": "collision_severity", "collision_severity": "collision_severity",
    "local_authority_(district)": "local_authority_district",
    "1st_road_class": "first_road_class",
}  # fmt: skip


def canonical(header: str) -> str:
    return CANONICAL.get(header.lower(), header.lower())


@dataclass
class CsvFile:
    name: str
    header: list[str]
    rows: list[list[str]]
    table: str

    def write(self, folder: Path) -> Path:
        path = folder / self.name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(self.header)
            writer.writerows(self.rows)
        return path

    def records(self) -> list[dict[str, str | None]]:
        """Each data row as {canonical column: published text or None}, with its CSV line."""
        out = []
        for line, row in enumerate(self.rows, start=2):
            record = {
                canonical(h): (v if v != "" else None)
                for h, v in zip(self.header, row, strict=True)
            }
            record["_row_number"] = str(line)
            out.append(record)
        return out


def genuine_files() -> list[CsvFile]:
    """2020 capitalised, 2022 snake case and 2024/2025 collision_* files with the quirks."""
    # fmt: off
    return [
        CsvFile(
            "dft-road-casualty-statistics-accident-2020.csv",
            OLD_COLLISION,
            [
                [
                    "2020010000001",
                    "529000",
                    "181000",
                    "-0.141",
                    "51.515",
                    "1",
                    "3",
                    "2",
                    "2",
                    "04/01/2020",
                    "7",
                    "08:15",
                    "1",
                    "3",
                    "30",
                    "E01004763",
                ],
                [
                    "2020480000002",
                    "NULL",
                    "NULL",
                    "NULL",
                    "NULL",
                    "48",
                    "2",
                    "1",
                    "1",
                    "31/12/2020",
                    "5",
                    "23:59",
                    "570",
                    "6",
                    "-1",
                    "E01000005",
                ],
            ],
            "collision",
        ),
        CsvFile(
            "dft-road-casualty-statistics-casualty-2020.csv",
            OLD_CASUALTY,
            [
                ["2020010000001", "1", "1", "1", "1", "34", "3", "5"],
                ["2020010000001", "2", "2", "3", "-1", "-1", "2", "-1"],
                ["2020480000002", "1", "1", "1", "2", "61", "2", "9"],
            ],
            "casualty",
        ),
        CsvFile(
            "dft-road-casualty-statistics-accident-2022.csv",
            SNAKE_COLLISION,
            [
                [
                    "2022620000003",
                    "2022",
                    "620000003",
                    "-3.18",
                    "51.48",
                    "62",
                    "1",
                    "2",
                    "1",
                    "15/06/2022",
                    "18:40",
                    "1",
                    "60",
                    "2",
                ],
            ],
            "collision",
        ),
        CsvFile(
            "dft-road-casualty-statistics-casualty-2022.csv",
            SNAKE_CASUALTY,
            [["2022620000003", "2022", "620000003", "1", "1", "1", "47", "1", "W01001234"]],
            "casualty",
        ),
        CsvFile(
            "dft-road-casualty-statistics-collision-2024.csv",
            NEW_COLLISION,
            [
                [
                    "2024010000004",
                    "2024",
                    "010000004",
                    "-0.1",
                    "51.5",
                    "1",
                    "1",
                    "1",
                    "1",
                    "01/02/2024",
                    "07:05",
                    "20",
                    "-1",
                    "1",
                    "",
                    "",
                ],
                [
                    "2024970000005",
                    "2024",
                    "970000005",
                    "-4.25",
                    "55.86",
                    "97",
                    "3",
                    "2",
                    "2",
                    "29/02/2024",
                    "12:00",
                    "30",
                    "-1",
                    "0",
                    "0.184",
                    "0.816",
                ],
            ],
            "collision",
        ),
        CsvFile(
            "dft-road-casualty-statistics-casualty-2024.csv",
            NEW_CASUALTY,
            [
                ["2024010000004", "2024", "010000004", "1", "1", "3", "19", "1", "", ""],
                ["2024970000005", "2024", "970000005", "1", "1", "1", "40", "3", "0.184", "0.816"],
                ["2024970000005", "2024", "970000005", "2", "1", "2", "-1", "3", "0.05", "0.95"],
                # A casualty whose collision is not in the collision file: the force is read
                # from the index (DfT code 04, Lancashire).
                ["2024040000099", "2024", "040000099", "1", "1", "1", "22", "2", "1", "0"],
            ],
            "casualty",
        ),
        CsvFile(
            "dft-road-casualty-statistics-collision-provisional-2025.csv",
            NEW_COLLISION,
            [
                [
                    "2025010000006",
                    "2025",
                    "010000006",
                    "-0.12",
                    "51.5",
                    "1",
                    "3",
                    "1",
                    "1",
                    "03/03/2025",
                    "09:30",
                    "30",
                    "-1",
                    "1",
                    "0.1",
                    "0.9",
                ],
                [
                    "2025010000007",
                    "2025",
                    "010000007",
                    "-0.13",
                    "51.5",
                    "1",
                    "2",
                    "1",
                    "1",
                    "04/03/2025",
                    "10:30",
                    "30",
                    "-1",
                    "1",
                    "1",
                    "0",
                ],
            ],
            "collision",
        ),
        # The final 2025 file, landed beside the provisional one: staging keeps only the final.
        CsvFile(
            "dft-road-casualty-statistics-collision-2025.csv",
            NEW_COLLISION,
            [
                [
                    "2025010000006",
                    "2025",
                    "010000006",
                    "-0.12",
                    "51.5",
                    "1",
                    "2",
                    "1",
                    "1",
                    "03/03/2025",
                    "09:30",
                    "30",
                    "-1",
                    "1",
                    "1",
                    "0",
                ],
            ],
            "collision",
        ),
    ]
    # fmt: on


RAW_COMPARED = [
    "collision_index", "collision_year", "collision_reference", "police_force",
    "collision_severity", "date", "time", "longitude", "latitude", "speed_limit",
    "vehicle_reference", "casualty_reference", "casualty_severity", "age_of_casualty",
    "casualty_adjusted_severity_serious", "collision_adjusted_severity_serious",
]  # fmt: skip


def expected_raw(files: list[CsvFile]) -> list[tuple]:
    out = []
    for f in files:
        for record in f.records():
            values = [record.get(c) for c in RAW_COMPARED]
            out.append((f.name, f.table, f.table, record["_row_number"], *values))
    return sorted(out, key=_key)


def _key(row: tuple) -> tuple:
    return tuple("" if v is None else str(v) for v in row)


def raw_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    cols = ", ".join(c if _has(con, c) else f"null as {c}" for c in RAW_COMPARED)
    rows = con.execute(
        f"select _source_file, _table, _sheet, _row_number, {cols} from raw.road_casualties"
    ).fetchall()
    return sorted(rows, key=_key)


def _has(con: duckdb.DuckDBPyConnection, column: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.columns where table_schema = 'raw' "
            "and table_name = 'road_casualties' and column_name = ?",
            [column],
        ).fetchone()[0]
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


def land(con: duckdb.DuckDBPyConnection, folder: Path, files: list[CsvFile]) -> dict[str, str]:
    shas = {}
    for f in files:
        path = f.write(folder)
        outcome = ingest_file(con, SPEC, path)
        assert outcome.status == "loaded", outcome
        assert outcome.rows == len(f.rows)
        shas[f.name] = sha256_of(path)
    return shas


# --------------------------------------------------------------------------------------------
# (a) genuine formats: raw rows exactly as written, staging rows exactly as expected
# --------------------------------------------------------------------------------------------


def test_three_vintages_land_exactly_as_written(con, landing):
    files = genuine_files()
    land(con, landing, files)
    assert raw_rows(con) == expected_raw(files)
    # `-1` and `NULL` stay as published text, never converted.
    assert con.execute(
        "select count(*) from raw.road_casualties where longitude = 'NULL'"
    ).fetchone() == (sum(1 for f in files for r in f.records() if r.get("longitude") == "NULL"),)
    tables = dict(
        con.execute("select _table, count(*) from raw.road_casualties group by 1").fetchall()
    )
    assert tables == {
        "collision": sum(len(f.rows) for f in files if f.table == "collision"),
        "casualty": sum(len(f.rows) for f in files if f.table == "casualty"),
    }
    # Undated files take the day of the load as their release.
    releases = {r[2] for r in load_log(con)}
    assert releases == {dt.datetime.now(dt.UTC).date().isoformat()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """The genuine files landed and staged with dbt, once for the module."""
    root = tmp_path_factory.mktemp("road_casualties_dbt")
    folder = root / "landing" / SOURCE_ID
    folder.mkdir(parents=True)
    warehouse = root / "warehouse.duckdb"
    files = genuine_files()
    con = connect(warehouse)
    try:
        shas = land(con, folder, files)
        release = load_log(con)[0][2]
    finally:
        con.close()
    run_dbt(
        warehouse,
        "build",
        "--select",
        "+stg_road_casualties__collisions",
        "+stg_road_casualties__casualties",
        "police_force_areas",
        "--indirect-selection",
        "buildable",
        target_dir=root / "target",
    )
    return warehouse, files, shas, release


def _number(text: str | None) -> float | None:
    if text is None or text == "NULL":
        return None
    return float(text)


def _code(text: str | None) -> int | None:
    return None if text is None or text == "-1" else int(text)


def _year(record: dict[str, str | None]) -> int:
    return int(record.get("collision_year") or record["collision_index"][:4])


def _final_collision_files(files: list[CsvFile]) -> list[CsvFile]:
    """Per year the file staging keeps: a final file before a provisional one."""
    chosen: dict[int, CsvFile] = {}
    for f in files:
        if f.table != "collision":
            continue
        year = _year(f.records()[0])
        if year not in chosen or "provisional" in chosen[year].name:
            chosen[year] = f
    return list(chosen.values())


def test_staging_collisions_exactly_as_expected(built):
    warehouse, files, shas, release = built
    expected = []
    for f in _final_collision_files(files):
        for r in f.records():
            force = int(r["police_force"])
            severity = int(r["collision_severity"])
            serious = r.get("collision_adjusted_severity_serious")
            if "collision_adjusted_severity_serious" not in [canonical(h) for h in f.header]:
                note = (
                    "not published in this file (adjustment columns arrive with the 2024 vintage)"
                )
            elif serious is None and severity == 1:
                note = "fatal: no adjustment applies"
            else:
                note = None
            expected.append(
                (
                    r["collision_index"], _year(r), force, FORCE_CODES[force],
                    r.get("collision_reference") or r["collision_index"][4:],
                    FORCE_CODES[force] is not None,
                    None if FORCE_CODES[force] else "scotland_force",
                    severity, {1: "fatal", 2: "serious", 3: "slight"}[severity],
                    dt.datetime.strptime(r["date"], "%d/%m/%Y").date(),
                    _number(r["longitude"]), _number(r["latitude"]),
                    "missing (NULL)" if r["longitude"] == "NULL" else None,
                    _code(r.get("speed_limit")), _number(serious), note,
                    "provisional" in f.name, dt.date(_year(r), 1, 1), dt.date(_year(r), 12, 31),
                    dt.date.fromisoformat(release), f.name, shas[f.name], "collision",
                    int(r["_row_number"]),
                )
            )  # fmt: skip
    with duckdb.connect(str(warehouse), read_only=True) as db:
        got = db.execute(
            "select collision_index, collision_year, police_force_code, force_code, "
            "collision_reference, is_force_area, reporting_body_type, collision_severity, "
            "collision_severity_label, collision_date, longitude, latitude, coordinates_note, "
            "speed_limit, collision_adjusted_severity_serious, adjusted_severity_note, "
            "is_provisional, period_start, period_end, release_date, source_file, file_sha256, "
            "source_sheet, source_row_number from staging.stg_road_casualties__collisions"
        ).fetchall()
    assert sorted(got, key=_key) == sorted(expected, key=_key)
    # The provisional 2025 file is superseded: its rows are not in staging.
    assert not any("provisional" in row[20] for row in got)


def test_staging_casualties_exactly_as_expected(built):
    warehouse, files, shas, _release = built
    forces = {
        r["collision_index"]: int(r["police_force"])
        for f in _final_collision_files(files)
        for r in f.records()
    }
    expected = []
    for f in files:
        if f.table != "casualty":
            continue
        has_adjustment = "casualty_adjusted_severity_serious" in f.header
        for r in f.records():
            index = r["collision_index"]
            force = forces.get(index, int(index[4:6]))
            severity = int(r["casualty_severity"])
            serious = r.get("casualty_adjusted_severity_serious")
            if not has_adjustment:
                note = (
                    "not published in this file (adjustment columns arrive with the 2024 vintage)"
                )
            elif serious is None and severity == 1:
                note = "killed: no adjustment applies"
            else:
                note = None
            expected.append(
                (
                    index, int(r["vehicle_reference"]), int(r["casualty_reference"]), _year(r),
                    force, FORCE_CODES[force],
                    "collision_record" if index in forces else "collision_index",
                    index in forces, severity, severity == 1, severity in (1, 2),
                    _code(r.get("age_of_casualty")), _number(serious),
                    _number(r.get("casualty_adjusted_severity_slight")), note,
                    dt.date(_year(r), 1, 1), f.name, shas[f.name], int(r["_row_number"]),
                )
            )  # fmt: skip
    with duckdb.connect(str(warehouse), read_only=True) as db:
        got = db.execute(
            "select collision_index, vehicle_reference, casualty_reference, collision_year, "
            "police_force_code, force_code, police_force_source, has_collision_record, "
            "casualty_severity, is_killed, is_killed_or_seriously_injured, age_of_casualty, "
            "casualty_adjusted_severity_serious, casualty_adjusted_severity_slight, "
            "adjusted_severity_note, period_start, source_file, file_sha256, source_row_number "
            "from staging.stg_road_casualties__casualties"
        ).fetchall()
    assert sorted(got, key=_key) == sorted(expected, key=_key)


# --------------------------------------------------------------------------------------------
# (b) bad input: IngestError naming file, source and problem; rejected log row; raw unchanged
# --------------------------------------------------------------------------------------------


def _base() -> list[CsvFile]:
    return genuine_files()[4:6]  # the 2024 collision and casualty files


def _write_variant(path: Path, header: list[str], rows: list[list[str]]) -> None:
    CsvFile(path.name, header, rows, "").write(path.parent)


def _unmapped_header(path: Path) -> None:
    f = _base()[0]
    _write_variant(path, [*f.header, "weather_mood"], [[*r, "calm"] for r in f.rows])


def _text_in_number(path: Path) -> None:
    f = _base()[1]
    rows = [list(r) for r in f.rows]
    rows[1][f.header.index("age_of_casualty")] = "forty"
    _write_variant(path, f.header, rows)


def _bad_severity(path: Path) -> None:
    f = _base()[1]
    rows = [list(r) for r in f.rows]
    rows[0][f.header.index("casualty_severity")] = "4"
    _write_variant(path, f.header, rows)


def _date_outside_year(path: Path) -> None:
    f = _base()[0]
    rows = [list(r) for r in f.rows]
    rows[1][f.header.index("date")] = "02/01/2023"
    _write_variant(path, f.header, rows)


def _vehicle_file(path: Path) -> None:
    _write_variant(
        path,
        ["collision_index", "collision_year", "vehicle_reference", "vehicle_type"],
        [["2024010000004", "2024", "1", "9"]],
    )


def _zip_named_csv(path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("inner.csv", "collision_index\n1\n")
    path.write_bytes(buffer.getvalue())


@dataclass(frozen=True)
class BadCase:
    id: str
    make: Callable[[Path], None]
    problem: tuple[str, ...]
    suffix: str = ".csv"


BAD_CASES = [
    BadCase(
        "unmapped_header",
        _unmapped_header,
        ("collision file", "header row 1", "unmapped column(s) 'weather_mood'"),
    ),
    BadCase("text_in_number", _text_in_number, ("age_of_casualty_integer_code", "forty")),
    BadCase("bad_severity", _bad_severity, ("casualty_severity_valid",)),
    BadCase("date_outside_year", _date_outside_year, ("date_in_collision_year",)),
    BadCase("vehicle_file", _vehicle_file, ("vehicle file", "collision and casualty files only")),
    BadCase("zip_named_csv", _zip_named_csv, ("not a CSV text file",)),
    BadCase("wrong_file_type", _zip_named_csv, ("unsupported file type", "*.csv"), ".xlsx"),
]


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.id for c in BAD_CASES])
def test_bad_file_rejected_and_raw_untouched(con, landing, case: BadCase):
    """Rejections particular to STATS19: an extra column, the casualty table's code rules (text in a
    code, a severity out of range), a date outside the collision year, a vehicle file, a zip, an
    .xlsx name; the bad files every source rejects alike are in test_bad_files_contract."""
    land(con, landing, genuine_files()[:2])
    before = raw_snapshot(con, "road_casualties")
    log_before = load_log(con)
    bad = landing / f"dft-road-casualty-statistics-{case.id.replace('_', '-')}-2024{case.suffix}"
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
    assert raw_snapshot(con, "road_casualties") == before


# --------------------------------------------------------------------------------------------
# (c) the sample writer: deterministic bytes, genuine layout
# --------------------------------------------------------------------------------------------


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return sample.write_sample(tmp_path_factory.mktemp("road_sample") / "landing", PROJECT_ROOT)


def test_sample_is_deterministic(sample_files, tmp_path):
    again = sample.write_sample(tmp_path / "landing", PROJECT_ROOT)
    assert [p.name for p in again] == [p.name for p in sample_files]
    for first, second in zip(sample_files, again, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_sample_layout_is_genuine(sample_files):
    names = [p.name for p in sample_files]
    expected_names = []
    for year in range(2019, 2026):
        kind = "collision" if year >= 2024 else "accident"
        provisional = "provisional-" if year == 2025 else ""
        expected_names += [
            f"dft-road-casualty-statistics-{kind}-{provisional}{year}.csv",
            f"dft-road-casualty-statistics-casualty-{provisional}{year}.csv",
        ]
    assert names == expected_names
    first_columns = {}
    total_rows = 0
    for path in sample_files:
        header, rows = _read(path)
        total_rows += len(rows)
        first_columns[path.name] = header[0]
        year = int(path.stem[-4:])
        assert rows, path.name
        for row in rows:
            assert row[header[0]].startswith(str(year))
    for name, first in first_columns.items():
        year = int(name[-8:-4])
        expected = "Accident_Index" if year <= 2020 else (
            "accident_index" if year <= 2023 else "collision_index"
        )  # fmt: skip
        assert first == expected, name
    assert total_rows < 100_000


def test_sample_casualties_match_their_collisions(sample_files):
    by_year: dict[int, dict[str, list[Path]]] = {}
    for path in sample_files:
        year = int(path.stem[-4:])
        kind = "casualty" if "statistics-casualty-" in path.name else "collision"
        by_year.setdefault(year, {}).setdefault(kind, []).append(path)
    minus_one = nulls = 0
    for year, kinds in by_year.items():
        col_header, collisions = _read(kinds["collision"][0])
        cas_header, casualties = _read(kinds["casualty"][0])
        index_col, cas_index = col_header[0], cas_header[0]
        severity_col = next(h for h in col_header if h.lower().endswith("_severity"))
        per_collision = Counter(r[cas_index] for r in casualties)
        count_col = next(h for h in col_header if h.lower() == "number_of_casualties")
        declared = {r[index_col]: int(r[count_col]) for r in collisions}
        assert per_collision == Counter(declared), year
        cas_severity = next(h for h in cas_header if h.lower() == "casualty_severity")
        worst = {}
        for r in casualties:
            worst[r[cas_index]] = min(worst.get(r[cas_index], 9), int(r[cas_severity]))
        assert all(worst[r[index_col]] == int(r[severity_col]) for r in collisions), year
        assert 1500 <= len(casualties) <= 4000, (year, len(casualties))
        minus_one += sum(1 for r in casualties for v in r.values() if v == "-1")
        nulls += sum(1 for r in collisions if "NULL" in r.values())
    assert minus_one > 0 and nulls > 0


# --------------------------------------------------------------------------------------------
# (d) end to end through `ppf sample` and `ppf refresh`
# --------------------------------------------------------------------------------------------


def test_end_to_end_staging_matches_sample_files(sample_workspace: Workspace):
    folder = sample_workspace.landing / SOURCE_ID
    casualties = collisions = ksi = declared = 0
    for path in sorted(folder.glob("*.csv")):
        header, rows = _read(path)
        if "statistics-casualty-" in path.name:
            casualties += len(rows)
            column = next(h for h in header if h.lower() == "casualty_severity")
            ksi += sum(1 for r in rows if r[column] in ("1", "2"))
        else:
            collisions += len(rows)
            column = next(h for h in header if h.lower() == "number_of_casualties")
            declared += sum(int(r[column]) for r in rows)
    with duckdb.connect(str(sample_workspace.warehouse), read_only=True) as db:
        got_casualties, got_ksi = db.execute(
            "select count(*), count(*) filter (where is_killed_or_seriously_injured) "
            "from staging.stg_road_casualties__casualties"
        ).fetchone()
        got_collisions, got_declared = db.execute(
            "select count(*), sum(number_of_casualties) "
            "from staging.stg_road_casualties__collisions"
        ).fetchone()
    assert (got_casualties, got_ksi) == (casualties, ksi)
    assert (got_collisions, got_declared) == (collisions, declared)
