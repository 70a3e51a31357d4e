"""Source `drug_seizures`: Home Office "Seizures of drugs in England and Wales" data tables (ODS).

Every test writes its own small workbook in the assumed genuine layout (title and note rows above
the header, a numbers table with `2023/24` years and a quantities table under `Financial year
ending`, forces with British Transport Police, Border Force and England and Wales rows, total and
class rows beside drug rows, multi-drug seizures so that breakdowns exceed totals, `[x]` markers)
and computes what raw and staging must hold from the cells it wrote.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
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
from orchestration.sample.ods_writer import write_ods
from orchestration.sources import SOURCES
from orchestration.sources.drug_seizures.sample import FILE_NAME, write_sample
from orchestration.sources.prc_pfa.sample import recorded_counts
from tests.python.raw_state import load_log, raw_snapshot

SOURCE_ID = "drug_seizures"
SPEC = SOURCES[SOURCE_ID]
WORKBOOK = "seizures-drugs-mar2025-tables-041225.ods"
RELEASE = dt.date(2025, 12, 4)
NUMBER_HEADER = ["Financial year", "Authority", "Police force area", "Drug class", "Drug type",
                 "Number of seizures"]  # fmt: skip
QUANTITY_HEADER = ["Financial year ending", "Authority", "Force name", "Drug class", "Drug type",
                   "Quantity", "Unit"]  # fmt: skip
TITLES = [["Table 1: Number of seizures"], ["A seizure of several drugs counts once per drug."]]
BODIES = [  # (name as published, authority, force code, reporting body type)
    ("England and Wales", "All authorities", None, "national_total"),
    ("Kent", "Police", "E23000032", None),
    ("Dyfed-Powys", "Police", "W15000004", None),
    ("British Transport Police", "Police", None, "transport_police"),
    ("Border Force", "Border Force", None, "border_force"),
]
# (drug class, drug type, level, class key)
LINES = [
    ("All classes", "All drugs", "total", None),
    ("Class A", "All Class A", "class", "class_a"),
    ("Class A", "Cocaine", "drug", "class_a"),
    ("Class A", "Heroin", "drug", "class_a"),
    ("Class B", "All Class B", "class", "class_b"),
    ("Class B", "Herbal cannabis", "drug", "class_b"),
    ("Class B", "Cannabis plants", "drug", "class_b"),
]
DRUG_UNITS = {"Cocaine": "kg", "Heroin": "kg", "Herbal cannabis": "kg", "Cannabis plants": "plants"}


@dataclass
class Workbook:
    numbers: list[list]  # data rows of Table_1
    quantities: list[list]  # data rows of Table_2
    number_header: list[str]
    quantity_header: list[str]

    def sheets(self) -> list[tuple[str, list[list]]]:
        return [
            ("Cover_sheet", [["Seizures of drugs in England and Wales: data tables"]]),
            ("Table_1", [*TITLES, self.number_header, *self.numbers]),
            ("Table_2", [["Table 2: Quantity seized"], ["Units differ by drug."],
                         self.quantity_header, *self.quantities]),
        ]  # fmt: skip


def genuine_workbook() -> Workbook:
    numbers, quantities = [], []
    for y, year in enumerate(("2023/24", "2024/25")):
        for b, (body, authority, _, _) in enumerate(BODIES):
            # total 100; classes 60 + 45 = 105 (multi-drug seizures); drugs of a class add up to
            # a little more than the class.
            scale = 10 if body == "England and Wales" else 1 + b + y
            counts = [100, 60, 40, 22, 45, 40, 6]
            for (drug_class, drug_type, _, _), count in zip(LINES, counts, strict=True):
                value: object = count * scale
                if body == "Dyfed-Powys" and year == "2023/24":
                    value = "[x]"
                numbers.append([year, authority, body, drug_class, drug_type, value])
            for drug, unit in DRUG_UNITS.items():
                drug_class = "Class A" if drug in ("Cocaine", "Heroin") else "Class B"
                amount: object = round(1.125 * scale * (len(drug) + 1), 3)
                if unit == "plants":
                    amount = 30 * scale
                if body == "Dyfed-Powys" and year == "2023/24":
                    amount = "[x]"
                fye = int(year[:4]) + 1
                quantities.append([fye, authority, body, drug_class, drug, amount, unit])
    return Workbook(numbers, quantities, list(NUMBER_HEADER), list(QUANTITY_HEADER))


def write_workbook(path: Path, book: Workbook) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_ods(path, book.sheets())
    return path


def published(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


RAW_COLUMNS = [
    "financial_year", "financial_year_ending", "authority", "force_name", "drug_class",
    "drug_type", "number_of_seizures", "quantity_seized", "quantity_unit", "_sheet", "_row_number",
]  # fmt: skip


def expected_raw(book: Workbook) -> list[tuple]:
    out = []
    first = len(TITLES) + 2  # spreadsheet row of the first data row
    for offset, (fy, authority, body, cls, kind, value) in enumerate(book.numbers):
        out.append((fy, None, authority, body, cls, kind, published(value), None, None,
                    "Table_1", str(first + offset)))  # fmt: skip
    for offset, (fye, authority, body, cls, kind, amount, unit) in enumerate(book.quantities):
        out.append((None, str(fye), authority, body, cls, kind, None, published(amount), unit,
                    "Table_2", str(first + offset)))  # fmt: skip
    return sorted(out, key=_key)


def _key(row: tuple) -> tuple:
    return tuple("" if v is None else str(v) for v in row)


def expected_staging(book: Workbook, sha: str, file_name: str) -> list[tuple]:
    bodies = {name: (code, body_type) for name, _, code, body_type in BODIES}
    lines = {(cls, kind): (level, key) for cls, kind, level, key in LINES}
    first = len(TITLES) + 2
    out = []
    for sheet, rows in (("Table_1", book.numbers), ("Table_2", book.quantities)):
        for offset, row in enumerate(rows):
            if sheet == "Table_1":
                fy, authority, body, cls, kind, value = row
                year_end, label = int(fy[:4]) + 1, fy
                measure, unit = "number_of_seizures", "seizures"
            else:
                fye, authority, body, cls, kind, value, unit = row
                year_end, label, measure = fye, str(fye), "quantity_seized"
            level, key = lines[(cls, kind)]
            number = None if isinstance(value, str) else float(value)
            code, body_type = bodies[body]
            out.append(
                (
                    f"{year_end - 1}/{year_end % 100:02d}", body, cls, kind, measure, code,
                    authority, body_type, code is not None, level, key, label, year_end,
                    dt.date(year_end - 1, 4, 1), dt.date(year_end, 3, 31), unit, number,
                    int(number) if number is not None and measure == "number_of_seizures" else None,
                    "not available [x]" if number is None else None,
                    RELEASE, file_name, sha, sheet, first + offset,
                )
            )  # fmt: skip
    return sorted(out, key=_key)


STAGING_COLUMNS = (
    "financial_year, force_name, drug_class, drug_type, measure, force_code, authority, "
    "reporting_body_type, is_force_area, aggregation_level, drug_class_key, period_label, "
    "financial_year_ending, period_start, period_end, unit, value, seizure_count, value_note, "
    "release_date, source_file, file_sha256, source_sheet, source_row_number"
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
    book = genuine_workbook()
    path = write_workbook(landing / WORKBOOK, book)
    outcome = ingest_file(con, SPEC, path)
    assert outcome.status == "loaded"
    assert outcome.release == RELEASE.isoformat()
    got = con.execute(f"select {', '.join(RAW_COLUMNS)} from raw.drug_seizures").fetchall()
    assert sorted(got, key=_key) == expected_raw(book)


def test_staging_rows_exactly_as_expected(con, landing, warehouse, tmp_path):
    book = genuine_workbook()
    path = write_workbook(landing / WORKBOOK, book)
    assert ingest_file(con, SPEC, path).status == "loaded"
    con.close()
    run_dbt(warehouse, "build", "--select", "+stg_drug_seizures__seizures",
            "--indirect-selection", "cautious", target_dir=tmp_path / "target")  # fmt: skip
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    with duckdb.connect(str(warehouse), read_only=True) as db:
        got = db.execute(
            f"select {STAGING_COLUMNS} from staging.stg_drug_seizures__seizures"
        ).fetchall()
    assert sorted(got, key=_key) == expected_staging(book, sha, path.name)


# --------------------------------------------------------------------------------------------
# (b) bad input
# --------------------------------------------------------------------------------------------


def _changed(change: Callable[[Workbook], None]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        book = genuine_workbook()
        change(book)
        write_workbook(path, book)

    return make


def _total_above_classes(book: Workbook) -> None:
    book.numbers[7][5] = 999  # Kent's 2023/24 all-drugs total


BAD_CASES = [
    ("total_above_classes", _changed(_total_above_classes), ("total_not_above_sum_of_classes",)),
]  # fmt: skip


@pytest.mark.parametrize(("case", "make", "fragments"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_file_rejected_and_raw_untouched(con, landing, case, make, fragments):
    """Rejections particular to the seizures tables: a total below the sum of its classes (the
    counting rule); the bad files every source rejects alike are in test_bad_files_contract."""
    good = write_workbook(landing / WORKBOOK, genuine_workbook())
    assert ingest_file(con, SPEC, good).status == "loaded"
    before, log_before = raw_snapshot(con, "drug_seizures"), load_log(con)
    bad = landing / f"seizures-drugs-{case}-051225.ods"
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
    assert raw_snapshot(con, "drug_seizures") == before


def test_genuine_helper_keeps_the_counting_rule():
    # Guards the builder: totals below the sum of classes, classes below the sum of their drugs.
    rows = genuine_workbook().numbers
    for start in range(0, len(rows), len(LINES)):
        block = [r[5] for r in rows[start : start + len(LINES)]]
        if "[x]" in block:
            continue
        total, class_a, cocaine, heroin, class_b, herbal, plants = block
        assert total < class_a + class_b
        assert class_a <= cocaine + heroin and class_b <= herbal + plants


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
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"


def test_sample_has_the_genuine_layout(sample_sheets):
    assert list(sample_sheets) == ["Cover_sheet", "Notes", "Table_1", "Table_2"]
    t1, t2 = sample_sheets["Table_1"], sample_sheets["Table_2"]
    assert t1[2] == NUMBER_HEADER
    assert t2[2] == QUANTITY_HEADER
    years = sorted({r[0] for r in t1[3:]})
    assert years == ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]
    assert sorted({r[0] for r in t2[3:]}) == [2020.0, 2021.0, 2022.0, 2023.0, 2024.0, 2025.0]
    bodies = {r[2] for r in t1[3:]}
    assert {"British Transport Police", "Border Force", "England and Wales"} <= bodies
    assert len(bodies) == 46
    assert {r[6] for r in t2[3:]} == {"kg", "doses", "plants"}
    gmp = [r[5] for r in t1[3:] if r[2] == "Greater Manchester" and r[0] == "2020/21"]
    assert gmp and set(gmp) == {"[x]"}
    # Counting rule: per body and year the classes add up to more than the total.
    blocks: dict[tuple, dict] = {}
    for year, _, body, cls, kind, value in t1[3:]:
        blocks.setdefault((year, body), {})[(cls, kind)] = value
    over = 0
    for (year, body), block in blocks.items():
        if block[("All classes", "All drugs")] == "[x]":
            continue
        classes = [block[(c, f"All {c}")] for c in ("Class A", "Class B", "Class C")]
        assert block[("All classes", "All drugs")] <= sum(classes), (year, body)
        over += block[("All classes", "All drugs")] < sum(classes)
    assert over > len(blocks) / 2
    national = [b[("All classes", "All drugs")] for (y, body), b in blocks.items()
                if body == "England and Wales"]  # fmt: skip
    assert all(150_000 <= n <= 260_000 for n in national)


def test_sample_force_totals_follow_the_prc_drug_offences(sample_sheets):
    with seed_csv("offence_classification").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    codes = {r["offence_code"] for r in rows if r["offence_group"] == "Drug offences"}
    offences: dict[str, int] = {}
    for (force, code), series in recorded_counts(PROJECT_ROOT).items():
        if code in codes:
            offences[force] = offences.get(force, 0) + sum(
                n for (fy, _q), n in series.items() if fy == 2023
            )
    totals = {
        r[2]: r[5]
        for r in sample_sheets["Table_1"][3:]
        if r[0] == "2023/24" and r[4] == "All drugs" and r[2] in offences
    }
    assert set(totals) == set(offences)
    for force, total in totals.items():
        assert 0.9 * offences[force] <= total <= 1.35 * offences[force], force


# --------------------------------------------------------------------------------------------
# (d) end to end over the session sample workspace
# --------------------------------------------------------------------------------------------


def test_end_to_end_sample_counts_and_totals(sample_workspace: Workspace):
    files = sorted((sample_workspace.landing / SOURCE_ID).glob("*.ods"))
    assert [f.name for f in files] == [FILE_NAME]
    book = CalamineWorkbook.from_path(str(files[0]))
    numbers = book.get_sheet_by_name("Table_1").to_python()[3:]
    quantities = book.get_sheet_by_name("Table_2").to_python()[3:]
    total_seizures = sum(
        r[5] for r in numbers if r[4] == "All drugs" and r[2] != "England and Wales"
        and isinstance(r[5], float)
    )  # fmt: skip
    cocaine_kg = sum(
        r[5] for r in quantities if r[4] == "Cocaine" and r[2] != "England and Wales"
        and isinstance(r[5], float)
    )  # fmt: skip
    with duckdb.connect(str(sample_workspace.warehouse), read_only=True) as db:
        count = db.execute("select count(*) from staging.stg_drug_seizures__seizures").fetchone()
        seizures = db.execute(
            "select sum(seizure_count) from staging.stg_drug_seizures__seizures "
            "where aggregation_level = 'total' and force_name <> 'England and Wales'"
        ).fetchone()
        cocaine = db.execute(
            "select sum(value) from staging.stg_drug_seizures__seizures "
            "where measure = 'quantity_seized' and drug_type = 'Cocaine' "
            "and force_name <> 'England and Wales'"
        ).fetchone()
    assert count == (len(numbers) + len(quantities),)
    assert seizures == (total_seizures,)
    assert cocaine[0] == pytest.approx(cocaine_kg)
