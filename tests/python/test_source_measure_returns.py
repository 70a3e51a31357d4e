"""The measure returns source (`measure_returns`, docs/measure-returns.md): loader, gate against
the measure catalogue, staging and the sample.

Return files are written here as CSV with the template's quirks (byte order mark, Windows line
ends, title-case headers, force names in several spellings and as ONS codes, England & Wales,
GSS markers). Expected raw and staging rows are computed here from what the test wrote.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import re
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.errors import IngestError
from orchestration.ingest.runner import ingest_file
from orchestration.ingest.warehouse import connect
from orchestration.sources import SOURCES
from orchestration.sources.measure_returns.sample import write_measure_returns
from orchestration.sources.prc_pfa.sample import recorded_counts
from tests.python.conftest import PROJECT_ROOT, Workspace, run_dbt, seed_csv
from tests.python.raw_state import load_log, raw_snapshot

SOURCE_ID = "measure_returns"
SPEC = SOURCES[SOURCE_ID]
HEADER = [
    "period_start", "period_end", "force", "measure_id", "breakdown", "value", "numerator",
    "denominator", "unit", "source_note",
]  # fmt: skip
TITLE_HEADER = [
    "Period start", "Period end", "Force", "Measure ID", "Breakdown", "Value", "Numerator",
    "Denominator", "Unit", "Source note",
]  # fmt: skip
# The force codes of the spellings this test writes (from the ONS list of force areas).
CODES = {
    "Avon & Somerset Constabulary": "E23000036",
    "E23000036": "E23000036",
    "E23000032": "E23000032",
    "Kent": "E23000032",
    "Dyfed Powys": "W15000004",
    "London, City of": "E23000034",
    "Metropolitan Police Service": "E23000001",
}
NATIONAL = {"England and Wales", "England & Wales"}
G1 = "ppf_grade_1_incidents_attended_within_target"
ASB = "ppf_asb_powers_use_rate"

ROWS = [
    # grade 1 by code and by a police.uk name, with the urban/rural split of the extra seed
    ["2026-09-01", "2026-09-30", "E23000036", G1, "total", "0.846", "1761", "2082", "proportion",
     "command and control"],
    ["2026-09-01", "2026-09-30", "Avon & Somerset Constabulary", G1, "urban", "0.861", "1487",
     "1727", "proportion", "command and control"],
    ["2026-09-01", "2026-09-30", "E23000036", G1, "rural", "0.772", "274", "355", "proportion",
     "command and control"],
    # a rate per 1,000 and a marker
    ["2026-04-01", "2026-06-30", "Kent", ASB, "community_protection_notices", "0.1234", "229",
     "1855900", "rate_per_1000_population", "ASB return, quarter"],
    ["2026-04-01", "2026-06-30", "Kent", ASB, "respect_orders", "[x]", None, None,
     "rate_per_1000_population", "not yet available"],
    # a count by dimension member, a Welsh variant spelling, pounds with pence
    ["2025-04-01", "2026-03-31", "Dyfed Powys", "ppf_soc_lead_disruptions", "threat:drugs", "14",
     None, None, "count", "NCA, financial year"],
    ["2025-04-01", "2026-03-31", "London, City of", "ppf_soc_proceeds_of_crime_receipted",
     "forfeiture_orders", "125000.50", None, None, "pounds_sterling", "JARD, with a comma"],
    # national rows: England & Wales, a year ending December, a percentage with no parts
    ["2025-01-01", "2025-12-31", "England & Wales", "ncpm_business_cyber_breaches", "total", "43",
     None, None, "percentage", "Cyber Security Breaches Survey 2025"],
    ["2026-07-01", "2026-09-30", "England and Wales", "ncpm_police_referrals_into_drug_treatment",
     "total", "3912", None, None, "count", None],
    # a force-level measure may also carry a national figure
    ["2026-10-01", "2026-10-31", "England and Wales", "ppf_101_calls_median_wait", "total", "95",
     None, None, "seconds", "national median"],
    ["2026-10-01", "2026-10-31", "Metropolitan Police Service", "ppf_101_calls_median_wait",
     "total", "180", None, None, "seconds", "telephony"],
]  # fmt: skip
FILE_NAME = "mixed-returns-201126.csv"
RELEASE = dt.date(2026, 11, 20)


def csv_bytes(
    rows: list[list[str | None]],
    header: list[str] = TITLE_HEADER,
    line_end: str = "\r\n",
    bom: bool = True,
    titles: list[list[str]] | None = None,
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)
    writer.writerows(titles or [])
    writer.writerow(header)
    writer.writerows([["" if c is None else c for c in row] for row in rows])
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def write_return(path: Path, rows: list[list[str | None]], **kwargs) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_bytes(rows, **kwargs))
    return path


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sort_key(row: tuple) -> tuple:
    return tuple("" if v is None else str(v) for v in row)


def raw_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    cols = ", ".join([*HEADER, "_sheet", "_row_number", "_release"])
    return sorted(con.execute(f"select {cols} from raw.measure_returns").fetchall(), key=_sort_key)


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
    return tmp_path / "landing" / SOURCE_ID


# --------------------------------------------------------------------------------------------
# (a) genuine format: raw exactly as written, staging exactly as expected
# --------------------------------------------------------------------------------------------


def test_raw_rows_exactly_as_written(con, landing):
    titles = [["Measure return: mixed families"], []]
    path = write_return(landing / FILE_NAME, ROWS, titles=titles)
    outcome = ingest_file(con, SPEC, path)
    assert outcome.status == "loaded", outcome
    assert outcome.release == RELEASE.isoformat()
    first = len(titles) + 2
    expected = [
        (*row, FILE_NAME, str(first + i), RELEASE.isoformat()) for i, row in enumerate(ROWS)
    ]
    assert raw_rows(con) == sorted(expected, key=_sort_key)
    failed = {c.rule: c.severity for c in outcome.checks if not c.success}
    assert failed == {"source_note_present": "warning"}


def period_type_and_label(start: dt.date, end: dt.date) -> tuple[str, str]:
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    fy = start.year if start.month >= 4 else start.year - 1
    fy_label = f"{fy}/{(fy + 1) % 100:02d}"
    if months == 1:
        return "month", f"{start:%Y-%m}"
    if months == 3:
        return "quarter", f"{fy_label} Q{(start.month - 4) % 12 // 3 + 1}"
    if start.month == 4:
        return "financial_year", fy_label
    return "year_ending", f"year ending {end:%B %Y}"


def expected_staging(rows_by_file: list[tuple[str, dt.date, str, list[list]]]) -> list[tuple]:
    """Per key, the row of the latest release (files are given in load order)."""
    chosen: dict[tuple, tuple] = {}
    for file_name, release, sha, rows in rows_by_file:
        for index, row in enumerate(rows):
            start, end, force, measure, breakdown, value, num, den, unit, note = row
            national = force in NATIONAL
            code = None if national else CODES[force]
            level = "england_and_wales" if national else "police_force_area"
            key = (measure, breakdown, level, code, start, end)
            start_date, end_date = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
            period_type, label = period_type_and_label(start_date, end_date)
            is_marker = value.startswith("[")
            values = (
                measure, breakdown, level, code, start_date, end_date, period_type, label,
                force, "national_total" if national else None, not national,
                None if is_marker else float(value),
                "not available [x]" if is_marker else None,
                None if num is None else float(num), None if den is None else float(den),
                unit, note, release, file_name, sha, file_name, index + 2,
            )  # fmt: skip
            if key not in chosen or chosen[key][-5] <= release:
                chosen[key] = values
    return sorted(chosen.values(), key=_sort_key)


STAGING_COLUMNS = (
    "measure_id, breakdown, geography_level, force_code, period_start, period_end, period_type, "
    "period_label, force_name, reporting_body_type, is_force_area, value, value_note, numerator, "
    "denominator, unit, source_note, release_date, source_file, file_sha256, source_sheet, "
    "source_row_number"
)


def test_staging_keeps_the_latest_release_per_key(warehouse, landing, tmp_path):
    first = write_return(landing / FILE_NAME, ROWS)
    # A later return revises Kent's CPN rate, withdraws the Met's 101 figure with a marker and
    # adds a month; every other key keeps its value from the first file.
    later_rows = [
        ["2026-04-01", "2026-06-30", "E23000032", ASB, "community_protection_notices", "0.1250",
         "232", "1855900", "rate_per_1000_population", "ASB return, revised"],
        ["2026-10-01", "2026-10-31", "Metropolitan Police Service", "ppf_101_calls_median_wait",
         "total", "[x]", None, None, "seconds", "telephony outage"],
        ["2026-11-01", "2026-11-30", "Kent", "ppf_101_calls_median_wait", "total", "201", None,
         None, "seconds", "telephony"],
    ]  # fmt: skip
    later = write_return(
        landing / "mixed-returns-301226.csv", later_rows, header=HEADER, line_end="\n", bom=False
    )
    con = connect(warehouse)
    for path in (first, later):
        assert ingest_file(con, SPEC, path).status == "loaded"
    con.close()
    run_dbt(
        warehouse,
        "build",
        "--select",
        "+stg_measure_returns__values",
        "--indirect-selection",
        "cautious",
        target_dir=tmp_path / "target",
    )
    with duckdb.connect(str(warehouse), read_only=True) as db:
        got = db.execute(
            f"select {STAGING_COLUMNS} from staging.stg_measure_returns__values"
        ).fetchall()
    expected = expected_staging(
        [
            (first.name, RELEASE, sha256_of(first), ROWS),
            (later.name, dt.date(2026, 12, 30), sha256_of(later), later_rows),
        ]
    )
    assert sorted(got, key=_sort_key) == expected
    assert len(got) == len(ROWS) + 1
    revised = [r for r in got if r[0] == ASB and r[1] == "community_protection_notices"]
    assert [(r[11], r[18]) for r in revised] == [(0.125, later.name)]


# --------------------------------------------------------------------------------------------
# (b) bad input: IngestError naming file, source and problem; rejected row; raw unchanged
# --------------------------------------------------------------------------------------------


def _with(index: int, column: str, value: str | None) -> list[list[str | None]]:
    rows = [list(r) for r in ROWS]
    rows[index][HEADER.index(column)] = value
    return rows


def _xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


BAD_CASES = [
    # id, file name, bytes, fragments the error must contain
    ("unmapped_header", FILE_NAME,
     csv_bytes([[*r, "x"] for r in ROWS], header=[*TITLE_HEADER, "Comment"]),
     ("unmapped column(s) 'Comment'",)),
    ("non_force_body", FILE_NAME, csv_bytes(_with(3, "force", "British Transport Police")),
     ("known_forces", "British Transport Police")),
    ("thousands_separator", FILE_NAME, csv_bytes(_with(9, "value", "1,095")),
     ("value_numeric", "1,095")),
    ("negative_value", FILE_NAME, csv_bytes(_with(5, "value", "-3")), ("value_numeric", "-3")),
    ("text_in_numerator", FILE_NAME, csv_bytes(_with(0, "numerator", "n/a")),
     ("numerator_numeric", "n/a")),
    ("xlsx_named_csv", FILE_NAME, _xlsx_bytes(), ("not a CSV text file",)),
    ("wrong_extension", "mixed-returns-201126.xlsx", csv_bytes(ROWS),
     ("unsupported file type", "*.csv")),
    ("wrong_unit", FILE_NAME, csv_bytes(_with(9, "unit", "minutes")),
     ("unit_matches_catalogue", "unit 'minutes', catalogue unit 'seconds'")),
    ("unknown_breakdown", FILE_NAME, csv_bytes(_with(1, "breakdown", "suburban")),
     ("breakdown_in_catalogue", "breakdown 'suburban'")),
    ("member_of_unlisted_dimension", FILE_NAME, csv_bytes(_with(5, "breakdown", "region:north")),
     ("breakdown_in_catalogue", "region:north")),
    ("national_measure_by_force", FILE_NAME, csv_bytes(_with(7, "force", "Kent")),
     ("geography_matches_catalogue", "ncpm_business_cyber_breaches is national only")),
    ("value_not_the_ratio", FILE_NAME, csv_bytes(_with(0, "value", "0.900")),
     ("value_equals_ratio", "value 0.9 but numerator / denominator gives 0.845821")),
    ("proportion_above_one", FILE_NAME, csv_bytes(_with(2, "value", "1.2")),
     ("proportions_in_0_1",)),
    ("percentage_above_100", FILE_NAME, csv_bytes(_with(7, "value", "143")),
     ("percentages_in_0_100", "143")),
    ("part_above_whole", FILE_NAME,
     csv_bytes([r if i != 2 else [*r[:5], "1.000", "355", "274", *r[8:]]
                for i, r in enumerate(ROWS)]),
     ("numerator_not_above_denominator", "355 > 274")),
    ("numerator_without_denominator", FILE_NAME, csv_bytes(_with(0, "denominator", None)),
     ("ratio_parts_paired", "numerator and denominator must be given together")),
    ("parts_for_a_count", FILE_NAME,
     csv_bytes([r if i != 5 else [*r[:6], "14", "20", *r[8:]] for i, r in enumerate(ROWS)]),
     ("ratio_parts_paired", "given for a count measure")),
    ("zero_denominator", FILE_NAME,
     csv_bytes([r if i != 3 else [*r[:5], "0", "0", "0", *r[8:]] for i, r in enumerate(ROWS)]),
     ("denominator_positive",)),
    ("not_a_whole_month", FILE_NAME, csv_bytes(_with(0, "period_end", "2026-09-29")),
     ("valid_periods", "from the 1st to a month's last day")),
    ("two_months", FILE_NAME, csv_bytes(_with(9, "period_end", "2026-11-30")),
     ("valid_periods", "covers 2 months")),
    ("unaligned_quarter", FILE_NAME,
     csv_bytes([r if i != 3 else ["2026-05-01", "2026-07-31", *r[2:]]
                for i, r in enumerate(ROWS)]),
     ("valid_periods", "a quarter starts in January, April, July or October")),
    ("not_iso_date", FILE_NAME, csv_bytes(_with(9, "period_start", "01/10/2026")),
     ("valid_periods", "dates must be ISO")),
    ("same_force_by_name_and_code", FILE_NAME,
     csv_bytes([*ROWS, ["2026-04-01", "2026-06-30", "E23000032", ASB,
                        "community_protection_notices", "0.1234", "229", "1855900",
                        "rate_per_1000_population", "again"]]),
     ("no_duplicate_keys",)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "name", "data", "fragments"), BAD_CASES, ids=[c[0] for c in BAD_CASES]
)
def test_bad_file_rejected_and_raw_unchanged(con, landing, tmp_path, case, name, data, fragments):
    """Rejections particular to the returns template: its catalogue rules (unit, breakdown,
    geography, ratios, period shapes), British Transport Police, an extra column, a zip or a
    workbook in place of the CSV, one force given by name and by code; the bad files every source
    rejects alike are in test_bad_files_contract."""
    good = write_return(landing / "good-returns-011126.csv", ROWS[:3])
    assert ingest_file(con, SPEC, good).status == "loaded"
    before, log_before = raw_snapshot(con, "measure_returns"), load_log(con)

    bad = tmp_path / "bad" / SOURCE_ID / name
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_bytes(data)
    with pytest.raises(IngestError) as caught:
        ingest_file(con, SPEC, bad)

    error = caught.value
    assert error.source_id == SOURCE_ID
    assert str(error) == f"{bad.name} [{SOURCE_ID}]: {error.problem}"
    for fragment in fragments:
        assert fragment.lower() in str(error).lower(), (fragment, str(error))
    assert load_log(con) == [
        *log_before,
        (bad.name, sha256_of(bad), None, "rejected", None, error.problem),
    ]
    assert raw_snapshot(con, "measure_returns") == before


def test_the_documented_example_loads(con, landing):
    """The example in docs/measure-returns.md is a valid return."""
    text = (PROJECT_ROOT / "docs" / "measure-returns.md").read_text(encoding="utf-8")
    example = re.search(r"```csv\n(.*?)```", text, re.DOTALL).group(1)
    path = landing / "documented-example-231126.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(example, encoding="utf-8")
    outcome = ingest_file(con, SPEC, path)
    assert outcome.status == "loaded"
    assert outcome.rows == len(example.strip().splitlines()) - 1
    assert [c.rule for c in outcome.checks if not c.success] == []


def _catalogue() -> list[dict[str, str]]:
    with seed_csv("measure_catalogue").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_documented_measures_are_the_catalogue_returnable_measures():
    text = (PROJECT_ROOT / "docs" / "measure-returns.md").read_text(encoding="utf-8")
    table = text.split("### Which measures accept returns")[1].split("\n## ")[0]
    documented = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`"):
            documented[cells[0].strip("`")] = cells[2].strip("`")
    expected = {r["measure_id"]: r["unit"] for r in _catalogue() if r["source_id"] == SOURCE_ID}
    assert documented == expected


# --------------------------------------------------------------------------------------------
# (c) the sample writer
# --------------------------------------------------------------------------------------------

FAMILIES = [
    "101-calls-median-wait", "grade-1-attendance", "hotspot-patrol-hours", "asb-powers",
    "vawg-protection-orders", "npp-training", "county-lines", "cps-referrals-and-charges",
    "soc-disruptions-and-proceeds", "drug-treatment-referrals", "cyber-trackers",
]  # fmt: skip
SCALE = {"proportion": 1, "percentage": 100, "rate_per_1000_population": 1000}


def read_return(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a return, keyed by the template's column names."""
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    canonical = [re.sub(r"[^a-z0-9]+", "_", h.lower()).strip("_") for h in rows[0]]
    canonical = ["force" if c == "force_code" else c for c in canonical]
    return rows[0], [dict(zip(canonical, r, strict=True)) for r in rows[1:]]


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory) -> list[Path]:
    return write_measure_returns(tmp_path_factory.mktemp("landing"), PROJECT_ROOT)


@pytest.fixture(scope="module")
def sample_rows(sample_files) -> list[dict[str, str]]:
    return [row for path in sample_files for row in read_return(path)[1]]


def test_sample_files_and_determinism(sample_files, tmp_path):
    assert [p.name for p in sample_files] == [f"{f}-201126.csv" for f in FAMILIES]
    again = write_measure_returns(tmp_path, PROJECT_ROOT)
    assert [sha256_of(p) for p in again] == [sha256_of(p) for p in sample_files]
    assert not list(sample_files[0].parent.glob("*.partial"))


def test_sample_headers_and_encodings(sample_files):
    by_name = {p.name.rsplit("-", 1)[0]: p for p in sample_files}
    for family, path in by_name.items():
        data = path.read_bytes()
        header, _ = read_return(path)
        if family == "hotspot-patrol-hours":
            assert header == TITLE_HEADER
        elif family == "grade-1-attendance":
            assert header == ["period_start", "period_end", "force_code", *HEADER[3:]]
        else:
            assert header == HEADER
        assert data.startswith(b"\xef\xbb\xbf") == (family == "cps-referrals-and-charges")
        assert (b"\r\n" in data) == (family == "101-calls-median-wait")


def test_sample_covers_every_returnable_measure_with_catalogue_units(sample_rows):
    catalogue = {r["measure_id"]: r for r in _catalogue() if r["source_id"] == SOURCE_ID}
    assert {r["measure_id"] for r in sample_rows} == set(catalogue)
    for row in sample_rows:
        assert row["unit"] == catalogue[row["measure_id"]]["unit"], row


def test_sample_periods(sample_rows):
    ends: dict[str, dt.date] = {}
    starts: dict[str, dt.date] = {}
    for row in sample_rows:
        start = dt.date.fromisoformat(row["period_start"])
        end = dt.date.fromisoformat(row["period_end"])
        assert start.day == 1 and (end + dt.timedelta(days=1)).day == 1
        measure = row["measure_id"]
        ends[measure] = max(ends.get(measure, end), end)
        starts[measure] = min(starts.get(measure, start), start)
    assert ends["ppf_101_calls_median_wait"] == dt.date(2026, 10, 31)
    assert ends["ppf_asb_powers_use_rate"] == dt.date(2026, 9, 30)
    assert ends["ppf_vawg_protection_orders"] == dt.date(2026, 3, 31)
    assert starts["ppf_101_calls_median_wait"] == dt.date(2019, 4, 1)
    assert starts[G1] == dt.date(2025, 4, 1)
    assert starts["ppf_npp_training_completion"] == dt.date(2025, 4, 1)
    assert all(d <= dt.date(2026, 11, 20) for d in ends.values())


def test_sample_ratios_and_ranges(sample_rows):
    for row in sample_rows:
        if row["numerator"]:
            expected = float(row["numerator"]) / float(row["denominator"]) * SCALE[row["unit"]]
            assert math.isclose(float(row["value"]), expected, abs_tol=0.0005), row
            if row["unit"] == "proportion":
                assert 0 <= float(row["value"]) <= 1
    cyber = {
        r["period_end"][:4]: r["value"]
        for r in sample_rows
        if r["measure_id"] == "ncpm_business_cyber_breaches"
    }
    assert cyber == {"2020": "46", "2023": "32", "2024": "50", "2025": "43"}


def test_sample_county_lines_forces(sample_rows):
    forces = {r["force"] for r in sample_rows if "county_line" in r["measure_id"]}
    assert len(forces) == 10
    assert {"E23000028", "E23000032", "Metropolitan Police Service"} <= forces


def test_sample_cps_consistent_with_recorded_crime(sample_rows):
    counts = recorded_counts(PROJECT_ROOT)
    with seed_csv("offence_classification").open(encoding="utf-8") as fh:
        rape_codes = {r["offence_code"] for r in csv.DictReader(fh) if r["offence_subgroup"] ==
                      "Rape offences"}  # fmt: skip
    referrals: dict[tuple, dict[str, int]] = defaultdict(dict)
    charges: dict[tuple, dict[str, int]] = defaultdict(dict)
    for row in sample_rows:
        key = (row["force"], row["period_start"])
        target = {
            "ppf_cps_charging_decision_referrals_vawg": referrals,
            "ppf_cps_charges_domestic_abuse_rape_sexual_offences": charges,
        }.get(row["measure_id"])
        if target is not None and row["value"] != "[c]":
            target[key][row["breakdown"]] = int(row["value"])
        if row["measure_id"] == "ppf_cps_charging_decision_referrals":
            referrals[key]["all"] = int(row["value"])
    assert len(referrals) == 43 * 30
    for key, strands in referrals.items():
        assert strands["total"] <= strands["all"], key
        for strand, count in charges[key].items():
            assert count <= strands.get(strand, 0) or strand not in strands, (key, strand)
        start = dt.date.fromisoformat(key[1])
        fy, quarter = (start.year - (start.month < 4), (start.month - 4) % 12 // 3 + 1)
        recorded = sum(
            s.get((fy, quarter), s.get((fy - 1, quarter), 0))
            for (force, code), s in counts.items()
            if force == key[0] and code in rape_codes
        )
        if "rape" in strands:
            assert strands["rape"] <= recorded, key


def test_sample_loads_clean(sample_files, tmp_path):
    con = connect(tmp_path / "wh.duckdb")
    try:
        for path in sample_files:
            outcome = ingest_file(con, SPEC, path)
            assert outcome.status == "loaded"
            assert [c.rule for c in outcome.checks if not c.success] == [], path.name
    finally:
        con.close()


# --------------------------------------------------------------------------------------------
# (d) end to end on the session sample workspace
# --------------------------------------------------------------------------------------------


def test_end_to_end_staging_matches_sample_files(sample_workspace: Workspace):
    rows = [
        row
        for path in sorted((sample_workspace.landing / SOURCE_ID).glob("*.csv"))
        for row in read_return(path)[1]
    ]
    numeric = [r for r in rows if not r["value"].startswith("[")]
    by_measure = Counter(r["measure_id"] for r in rows)
    count_total = sum(int(r["value"]) for r in numeric if r["unit"] == "count")
    pounds = sum(float(r["value"]) for r in numeric if r["unit"] == "pounds_sterling")
    with duckdb.connect(str(sample_workspace.warehouse), read_only=True) as db:
        got = db.execute(
            "select count(*), count(value), sum(value) filter (where unit = 'count'), "
            "sum(value) filter (where unit = 'pounds_sterling'), "
            "count(*) filter (where not is_force_area) from staging.stg_measure_returns__values"
        ).fetchone()
        got_by_measure = dict(
            db.execute(
                "select measure_id, count(*) from staging.stg_measure_returns__values group by 1"
            ).fetchall()
        )
    national = sum(1 for r in rows if r["force"] in NATIONAL)
    assert got[:3] == (len(rows), len(numeric), count_total)
    assert got[3] == pytest.approx(pounds)
    assert got[4] == national
    assert got_by_measure == dict(by_measure)


@pytest.mark.parametrize("source_id", ["measure_returns", "population"])
def test_spec_is_a_valid_dagster_asset(source_id):
    """The ingest asset tags the publisher (lower case, spaces as '_'): a valid Dagster tag."""
    spec = SOURCES[source_id]
    tag = spec.publisher.lower().replace(" ", "_")
    assert re.fullmatch(r"[A-Za-z0-9_.-]{1,63}", tag), tag
    assert spec.cadence in {"monthly", "annual"}
    assert (PROJECT_ROOT / "expectations" / f"{spec.suite_name}.json").is_file()
