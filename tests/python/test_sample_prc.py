"""Tests for the sample PRC force-area workbook (orchestration.sources.prc_pfa.sample).

The workbook is read back with python-calamine and checked with plain Python; nothing from
orchestration.ingest is used.
"""

from __future__ import annotations

import csv
import hashlib
import re
import zipfile
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from orchestration.sources.prc_pfa.sample import EXPECTED_LAYOUT, write_prc_pfa
from tests.python.conftest import seed_csv

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SHEETS = [
    "2018-19", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24",
    "2024_25", "2025_26", "2026_27",
]  # fmt: skip
HEADER = [
    "Financial Year", "Financial Quarter", "Force Name", "Offence Description",
    "Offence Group", "Offence Subgroup", "Offence Code", "Number of Offences",
]  # fmt: skip
FRAUD_BODIES = {"Action Fraud": "AF", "CIFAS": "CIFAS", "UK Finance": "UK Finance"}
BTP = "British Transport Police"
FY, Q, FORCE, DESC, GROUP, SUBGROUP, CODE, COUNT = range(8)


def _seed(name: str) -> list[dict[str, str]]:
    with seed_csv(Path(name).stem).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def workbook_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_prc_pfa(tmp_path_factory.mktemp("landing"), PROJECT_ROOT)


@pytest.fixture(scope="module")
def sheets(workbook_path: Path) -> dict[str, list[list]]:
    wb = CalamineWorkbook.from_path(str(workbook_path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


@pytest.fixture(scope="module")
def ho_force_names() -> set[str]:
    # Home Office spelling of the 43 territorial forces.
    return {r["force_name"].replace(" & ", " and ") for r in _seed("police_force_areas.csv")}


def _data(sheets: dict[str, list[list]]):
    for name, rows in sheets.items():
        for row in rows[1:]:
            yield name, row


def test_file_name_and_ods_package(workbook_path: Path) -> None:
    assert workbook_path.parent.name == "prc_pfa"
    assert workbook_path.name == "prc-pfa-mar2013-onwards-tables-221026.ods"
    with zipfile.ZipFile(workbook_path) as zf:
        infos = zf.infolist()
        assert infos[0].filename == "mimetype"
        assert infos[0].compress_type == zipfile.ZIP_STORED
        assert zf.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        names = [i.filename for i in infos]
        assert names[:3] == ["mimetype", "META-INF/manifest.xml", "content.xml"]
        assert "styles.xml" in names
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
    assert not list(workbook_path.parent.glob("*.partial"))


def test_sheet_names(sheets: dict[str, list[list]]) -> None:
    assert list(sheets) == SHEETS
    assert all(re.fullmatch(r"^\d{4}[-_]\d{2}$", name) for name in sheets)
    assert [s.sheet_name for s in EXPECTED_LAYOUT] == SHEETS


def test_headers(sheets: dict[str, list[list]]) -> None:
    for name, rows in sheets.items():
        expected = list(HEADER)
        if name == "2019-20":
            expected[COUNT] = "Offence Count"
        assert rows[0] == expected, name


def test_periods_and_cell_types(sheets: dict[str, list[list]]) -> None:
    for name, rows in sheets.items():
        fy_text = name[:4] + "/" + name[5:]
        quarters = set()
        for row in rows[1:]:
            assert len(row) == 8
            assert row[FY] == fy_text
            assert isinstance(row[Q], float) and row[Q] in (1, 2, 3, 4)
            quarters.add(int(row[Q]))
            assert all(isinstance(row[i], str) and row[i] for i in (FORCE, DESC, GROUP, SUBGROUP))
            assert isinstance(row[CODE], str) and row[CODE]
            count = row[COUNT]
            assert count == "[x]" or (isinstance(count, float) and count.is_integer()), row
        expected = {1} if name == "2026_27" else {1, 2, 3, 4}
        assert quarters == expected, name
        layout = {s.sheet_name: set(s.quarters) for s in EXPECTED_LAYOUT}
        assert layout[name] == expected


def test_forces_present_every_quarter(sheets: dict[str, list[list]], ho_force_names) -> None:
    assert len(ho_force_names) == 43
    assert "Devon and Cornwall" in ho_force_names
    assert "Avon and Somerset" in ho_force_names
    assert "London, City of" in ho_force_names
    expected = ho_force_names | {BTP} | set(FRAUD_BODIES)
    assert len(expected) == 47
    by_period: dict[tuple[str, float], set[str]] = defaultdict(set)
    for name, row in _data(sheets):
        by_period[(name, row[Q])].add(row[FORCE])
    assert len(by_period) == 8 * 4 + 1
    for period, forces in by_period.items():
        assert forces == expected, period


def test_fraud_rows(sheets: dict[str, list[list]]) -> None:
    for rows in sheets.values():
        fraud = [r for r in rows[1:] if r[FORCE] in FRAUD_BODIES]
        n_quarters = len({r[Q] for r in rows[1:]})
        assert Counter(r[FORCE] for r in fraud) == {b: n_quarters for b in FRAUD_BODIES}
        for r in fraud:
            assert r[CODE] == FRAUD_BODIES[r[FORCE]]
            assert r[GROUP] == "Fraud offences"
            assert r[SUBGROUP] == "Fraud: " + r[FORCE]
        af = [r[COUNT] for r in fraud if r[FORCE] == "Action Fraud"]
        assert all(80_000 <= c <= 120_000 for c in af), af
    # No fraud offences attributed to police forces.
    assert not [r for _, r in _data(sheets) if r[GROUP] == "Fraud offences" and r[CODE] == "AF"
                and r[FORCE] not in FRAUD_BODIES]  # fmt: skip


def test_every_force_has_every_current_code(sheets: dict[str, list[list]]) -> None:
    current = {
        r["offence_code"]
        for r in _seed("offence_classification.csv")
        if r["is_current"] == "true" and r["offence_group"] != "Fraud offences"
    }
    for name, rows in sheets.items():
        codes_by_force: dict[tuple[float, str], list[str]] = defaultdict(list)
        for r in rows[1:]:
            if r[FORCE] not in FRAUD_BODIES:
                codes_by_force[(r[Q], r[FORCE])].append(r[CODE])
        for key, codes in codes_by_force.items():
            assert len(codes) == len(set(codes)), (name, key)
            assert current <= set(codes), (name, key)


def test_magnitudes(sheets: dict[str, list[list]]) -> None:
    residents = {
        r["force_name"].replace(" & ", " and "): int(r["census2021_usual_residents"])
        for r in _seed("police_force_areas.csv")
    }
    for name in ("2018-19", "2025_26"):
        totals: Counter[str] = Counter()
        for r in sheets[name][1:]:
            if r[FORCE] not in FRAUD_BODIES and r[COUNT] != "[x]":
                totals[r[FORCE]] += r[COUNT]
        for force, pop in residents.items():
            if force == "London, City of":
                assert 5_000 <= totals[force] <= 9_000
            else:
                assert 60 <= totals[force] / pop * 1000 <= 120, (name, force)
        assert 40_000 <= totals[BTP] <= 90_000


def test_deterministic(tmp_path: Path, workbook_path: Path) -> None:
    # Second, independent run through the registry's PRC writer: byte-identical output.
    from orchestration.sample.generate import SAMPLE_WRITERS

    path = SAMPLE_WRITERS["prc_pfa"](tmp_path, PROJECT_ROOT)
    assert path.relative_to(tmp_path).as_posix() == (
        "prc_pfa/prc-pfa-mar2013-onwards-tables-221026.ods"
    )
    assert _sha256(path) == _sha256(workbook_path)


def test_other_release_layout(tmp_path: Path) -> None:
    # October 2019 release: covers to June 2019, so 2018-19 in full and 2019-20 quarter 1 only.
    path = write_prc_pfa(tmp_path, PROJECT_ROOT, release=date(2019, 10, 24))
    assert path.name == "prc-pfa-mar2013-onwards-tables-241019.ods"
    wb = CalamineWorkbook.from_path(str(path))
    assert wb.sheet_names == ["2018-19", "2019-20"]
    last = wb.get_sheet_by_name("2019-20").to_python()
    assert last[0][COUNT] == "Offence Count"
    assert {r[Q] for r in last[1:]} == {1}


def test_quirk_casing_drift(sheets: dict[str, list[list]]) -> None:
    for name, rows in sheets.items():
        groups = {r[GROUP] for r in rows[1:]}
        if name in ("2018-19", "2019-20"):
            assert {"Theft Offences", "Miscellaneous Crimes Against Society"} <= groups
            assert not {"Theft offences", "Miscellaneous crimes against society"} & groups
        else:
            assert {"Theft offences", "Miscellaneous crimes against society"} <= groups
            assert not {"Theft Offences", "Miscellaneous Crimes Against Society"} & groups


def test_quirk_negative_corrections(sheets: dict[str, list[list]]) -> None:
    for name, rows in sheets.items():
        negatives = [r for r in rows[1:] if isinstance(r[COUNT], float) and r[COUNT] < 0]
        assert len(negatives) == 3, name
        assert all(r[COUNT] in (-1, -2) for r in negatives)
        assert not [r for r in negatives if r[FORCE] in FRAUD_BODIES or r[FORCE] == BTP]


def test_quirk_suppression_markers(sheets: dict[str, list[list]]) -> None:
    for name, rows in sheets.items():
        marked = [r for r in rows[1:] if isinstance(r[COUNT], str)]
        assert len(marked) == 2, name
        assert all(r[COUNT] == "[x]" and r[FORCE] == BTP for r in marked)


def test_quirk_unknown_code(sheets: dict[str, list[list]]) -> None:
    seed_codes = {r["offence_code"] for r in _seed("offence_classification.csv")}
    assert "8U" not in seed_codes
    for name, rows in sheets.items():
        rows_8u = [r for r in rows[1:] if r[CODE] == "8U"]
        if name >= "2024":  # 2024_25 and later
            n_quarters = len({r[Q] for r in rows[1:]})
            assert len(rows_8u) == 44 * n_quarters, name
            assert {r[SUBGROUP] for r in rows_8u} == {"Stalking and harassment"}
            assert {r[GROUP] for r in rows_8u} == {"Violence against the person"}
            assert max(r[COUNT] for r in rows_8u if r[COUNT] != "[x]") < 500
        else:
            assert not rows_8u, name
    unknown = {r[CODE] for _, r in _data(sheets)} - seed_codes
    assert unknown == {"8U"}


def test_quirk_legacy_codes(sheets: dict[str, list[list]]) -> None:
    legacy = {"28A", "28B", "28C", "28D", "29"}
    for name, rows in sheets.items():
        rows_legacy = [r for r in rows[1:] if r[CODE] in legacy]
        if name == "2018-19":
            assert {r[CODE] for r in rows_legacy} == legacy
            assert all(r[COUNT] == 0 for r in rows_legacy)
            assert {r[SUBGROUP] for r in rows_legacy} == {"Domestic burglary"}
        else:
            assert not rows_legacy, name


def test_codes_kept_as_text(sheets: dict[str, list[list]]) -> None:
    seed_codes = {r["offence_code"] for r in _seed("offence_classification.csv")}
    codes = {r[CODE] for _, r in _data(sheets)}
    assert all(isinstance(c, str) for c in codes)
    for code in ("1", "9A", "4.1", "4.10", "4.2", "37.1", "105A"):
        if code in seed_codes:
            assert code in codes, code
    assert {"4.1", "4.10"} <= codes
    descriptions = {r[CODE]: r[DESC] for _, r in _data(sheets)}
    assert descriptions["4.1"] != descriptions["4.10"]
