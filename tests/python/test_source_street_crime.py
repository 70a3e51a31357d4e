"""police.uk street-level crime CSVs, source `street_crime`: loader, gate, staging, sample writer.

Files are written here as the archive unpacks them (`YYYY-MM/YYYY-MM-<slug>-street.csv`) with
the genuine quirks: anti-social behaviour rows without Crime ID or outcome, records with no
location, 2011 LSOAs before June 2023, British Transport Police beside the forces, a crime type
in other casing, and a force-month re-issued by a later archive. Expected raw and staging rows
are computed here from what the test wrote.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import time
import zipfile
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.runner import ingest_file, ingest_source
from orchestration.ingest.warehouse import connect
from orchestration.sources import SOURCES
from orchestration.sources.prc_pfa.sample import recorded_counts
from orchestration.sources.street_crime.sample import write_street_crime
from tests.python.conftest import PROJECT_ROOT, Workspace, run_dbt, seed_csv
from tests.python.raw_state import assert_rejected, raw_snapshot

SOURCE_ID = "street_crime"
SPEC = SOURCES[SOURCE_ID]
HEADER = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
]  # fmt: skip
RAW_COLUMNS = [
    "crime_id", "month", "reported_by", "falls_within", "longitude", "latitude", "location",
    "lsoa_code", "lsoa_name", "crime_type", "last_outcome_category", "context",
    "_sheet", "_row_number",
]  # fmt: skip
# The 14 police.uk crime types and their API ids, written out here (docs/sources/street_crime.md).
CRIME_TYPES = {
    "Anti-social behaviour": "anti-social-behaviour", "Bicycle theft": "bicycle-theft",
    "Burglary": "burglary", "Criminal damage and arson": "criminal-damage-arson",
    "Drugs": "drugs", "Other theft": "other-theft",
    "Possession of weapons": "possession-of-weapons", "Public order": "public-order",
    "Robbery": "robbery", "Shoplifting": "shoplifting",
    "Theft from the person": "theft-from-the-person", "Vehicle crime": "vehicle-crime",
    "Violence and sexual offences": "violent-crime", "Other crime": "other-crime",
}  # fmt: skip
AVON, WY, DP = "Avon and Somerset Constabulary", "West Yorkshire Police", "Dyfed-Powys Police"
BTP = "British Transport Police"
FORCE_CODES = {AVON: "E23000036", WY: "E23000010", DP: "W15000004"}


def crime_id(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def record(cid, month, force, lon, lat, where, lsoa, lsoa_name, kind, outcome, context=""):
    return [cid, month, force, force, lon, lat, where, lsoa, lsoa_name, kind, outcome, context]


def avon_may_2023(version: int = 1) -> list[list[str]]:
    """A 2011-LSOA month; version 2 (a later archive) revises one outcome and adds a record."""
    rows = [
        record(crime_id("a1"), "2023-05", AVON, "-2.593012", "51.454870",
               "On or near Park Street", "E01014540", "Bristol 032A", "Burglary",
               "Investigation complete; no suspect identified"),
        record("", "2023-05", AVON, "-2.581233", "51.459910", "On or near Supermarket",
               "E01014485", "Bristol 001A", "Anti-social behaviour", ""),
        record(crime_id("a3"), "2023-05", AVON, "", "", "No location", "", "",
               "violence and sexual offences", "Unable to prosecute suspect"),
        record(crime_id("a4"), "2023-05", AVON, "-2.360100", "51.381000",
               "On or near High Street", "E01014370", "Bath and North East Somerset 007C",
               "Shoplifting", "Awaiting court outcome", "Reported by the store"),
    ]  # fmt: skip
    if version == 2:
        rows[3][10] = "Offender given penalty notice"
        rows.append(
            record(
                crime_id("a5"),
                "2023-05",
                AVON,
                "-2.590000",
                "51.450000",
                "On or near Nightclub",
                "E01014541",
                "Bristol 032B",
                "Public order",
                "Under investigation",
            )
        )
    return rows


def btp_march_2024() -> list[list[str]]:
    return [
        record(crime_id("b1"), "2024-03", BTP, "-0.124000", "51.531000",
               "On or near Station", "E01000914", "Camden 022D", "Theft from the person",
               "Status update unavailable"),
        record("", "2024-03", BTP, "-1.548000", "53.795000", "On or near Station",
               "E01033010", "Leeds 111F", "Anti-social behaviour", ""),
    ]  # fmt: skip


def dyfed_march_2024() -> list[list[str]]:
    return [
        record(crime_id("d1"), "2024-03", DP, "-4.080000", "52.414000",
               "On or near Pier Street", "W01000510", "Ceredigion 004B", "Drugs",
               "Offender given a drugs possession warning"),
        record(crime_id("d2"), "2024-03", DP, "-3.378000", "52.650000",
               "On or near Broad Street", "W01000700", "Powys 009A", "Vehicle crime",
               "Investigation complete; no suspect identified"),
    ]  # fmt: skip


def write_street(landing: Path, name: str, rows: list[list[str]], header=HEADER) -> Path:
    path = landing / name[:7] / name
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def _key(values: tuple) -> tuple:
    return tuple("" if v is None else v for v in values)


def expected_raw(path: Path, rows: list[list[str]]) -> list[tuple]:
    return [
        (*(v if v != "" else None for v in row), path.parent.name, str(offset + 2))
        for offset, row in enumerate(rows)
    ]


def raw_rows(con, file_sha: str) -> list[tuple]:
    got = con.execute(
        f"select {', '.join(RAW_COLUMNS)} from raw.street_crime where _file_sha256 = ?",
        [file_sha],
    ).fetchall()
    return sorted(got, key=_key)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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

FILES = {
    "2023-05-avon-and-somerset-street.csv": avon_may_2023,
    "2024-03-btp-street.csv": btp_march_2024,
    "2024-03-dyfed-powys-street.csv": dyfed_march_2024,
}


def test_raw_rows_exactly_as_written(warehouse, landing):
    con = connect(warehouse)
    written = {name: write_street(landing, name, make()) for name, make in FILES.items()}
    outcomes = ingest_source(con, SPEC, landing.parent)
    assert [o.status for o in outcomes] == ["loaded"] * 3
    for outcome in outcomes:
        assert [c.rule for c in outcome.checks if not c.success] == []
    for name, path in written.items():
        assert raw_rows(con, sha256_of(path)) == sorted(expected_raw(path, FILES[name]()), key=_key)
    con.close()


STAGING_COLUMNS = (
    "crime_id, month_label, period_start, period_end, force_code, lsoa_code, falls_within, "
    "reported_by, reporting_body_type, is_force_area, crime_type, crime_type_slug, "
    "is_anti_social_behaviour, lsoa_name, lsoa_vintage, longitude, latitude, "
    "location_description, has_location, last_outcome_category, context, release_date, "
    "source_file, file_sha256, source_sheet, source_row_number"
)


def expected_staging(path: Path, rows: list[list[str]], release: dt.date) -> list[tuple]:
    out = []
    for offset, r in enumerate(rows):
        month = dt.date(int(r[1][:4]), int(r[1][5:7]), 1)
        next_month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        kind = next(t for t in CRIME_TYPES if t.lower() == r[9].lower())
        lsoa = r[7] or None
        vintage = None
        if lsoa is not None:
            vintage = "LSOA 2011" if month < dt.date(2023, 6, 1) else "LSOA 2021"
        out.append(
            (
                r[0] or None,
                r[1],
                month,
                next_month - dt.timedelta(days=1),
                FORCE_CODES.get(r[3]),
                lsoa,
                r[3],
                r[2],
                "transport_police" if r[3] == BTP else None,
                r[3] != BTP,
                kind,
                CRIME_TYPES[kind],
                kind == "Anti-social behaviour",
                r[8] or None,
                vintage,
                float(r[4]) if r[4] else None,
                float(r[5]) if r[5] else None,
                r[6],
                bool(r[4]),
                r[10] or None,
                r[11] or None,
                release,
                path.name,
                sha256_of(path),
                path.parent.name,
                offset + 2,
            )
        )
    return out


def test_files_validated_together_get_their_own_verdicts(warehouse, landing):
    """One ingest validates its new files in one GX run; each file's verdict is its own. A
    bad row rejects only its file (named, with its row). Crime IDs repeated by another file
    (a force-month re-issued in a later archive) are no duplicates; IDs repeated within one
    file are (a warning: the file still lands)."""
    good = write_street(landing, "2024-03-dyfed-powys-street.csv", dyfed_march_2024())
    may = write_street(landing, "2023-05-avon-and-somerset-street.csv", avon_may_2023())
    unknown = avon_may_2023()
    for row in unknown:
        row[1] = "2023-06"
    unknown[0][3] = "Narnia Constabulary"
    unknown_path = write_street(landing, "2023-06-avon-and-somerset-street.csv", unknown)
    reissued = avon_may_2023(version=2)
    for row in reissued:
        row[1] = "2023-07"
    reissued_path = write_street(landing, "2023-07-avon-and-somerset-street.csv", reissued)
    doubled = btp_march_2024()
    doubled.append(list(doubled[0]))
    doubled_path = write_street(landing, "2024-03-btp-street.csv", doubled)

    con = connect(warehouse)
    try:
        outcomes = {o.path.name: o for o in ingest_source(con, SPEC, landing.parent)}
        landed = dict(
            con.execute("select _source_file, count(*) from raw.street_crime group by 1").fetchall()
        )
    finally:
        con.close()

    def unique_ids(name: str) -> bool:
        return next(c for c in outcomes[name].checks if c.rule == "crime_id_unique").success

    assert {name: o.status for name, o in outcomes.items()} == {
        good.name: "loaded",
        may.name: "loaded",
        unknown_path.name: "rejected",
        reissued_path.name: "loaded",
        doubled_path.name: "loaded",
    }
    error = outcomes[unknown_path.name].error
    assert "known_forces" in error and "first at sheet '2023-06' row 2" in error
    assert unique_ids(may.name) and unique_ids(reissued_path.name)
    assert not unique_ids(doubled_path.name)
    assert landed == {good.name: 2, may.name: 4, reissued_path.name: 5, doubled_path.name: 3}


def test_staging_rows_exactly_as_expected(warehouse, landing, tmp_path):
    con = connect(warehouse)
    paths = {name: write_street(landing, name, make()) for name, make in FILES.items()}
    for path in paths.values():
        assert ingest_file(con, SPEC, path).status == "loaded"
    # A later archive re-issues the Avon and Somerset May 2023 file with revised rows.
    time.sleep(1.1)  # load times are kept to the second
    later = tmp_path / "later_archive"
    revised = write_street(later, "2023-05-avon-and-somerset-street.csv", avon_may_2023(2))
    assert ingest_file(con, SPEC, revised).status == "loaded"
    con.close()
    run_dbt(
        warehouse,
        "build",
        "--select",
        "+int_street_crime__counted",
        "--indirect-selection",
        "cautious",
        target_dir=tmp_path / "target",
    )
    today = dt.datetime.now(dt.UTC).date()
    expected = [
        *expected_staging(revised, avon_may_2023(2), today),
        *expected_staging(paths["2024-03-btp-street.csv"], btp_march_2024(), today),
        *expected_staging(paths["2024-03-dyfed-powys-street.csv"], dyfed_march_2024(), today),
    ]
    with duckdb.connect(str(warehouse), read_only=True) as db:
        got = db.execute(
            f"select {STAGING_COLUMNS} from staging.stg_street_crime__crimes"
        ).fetchall()
        counted = db.execute(
            "select force_code, reporting_body_type, period_start, crime_type, record_count "
            "from intermediate.int_street_crime__counted"
        ).fetchall()
    assert sorted(got, key=_key) == sorted(expected, key=_key)
    tally = Counter((e[4], e[8], e[2], e[10]) for e in expected)
    assert sorted(counted, key=_key) == sorted(((*k, n) for k, n in tally.items()), key=_key)


# --------------------------------------------------------------------------------------------
# (b) bad input: IngestError naming file, source and problem; a rejected row; raw unchanged
# --------------------------------------------------------------------------------------------


def _set(column: int, value: str):
    def make(rows: list[list[str]]) -> list[list[str]]:
        rows[0][column] = value
        return rows

    return make


BAD_FILES = {
    "force_differs_from_file_name": ("2024-03-west-yorkshire-street.csv", lambda rows: rows,
                                     "force_matches_file_name"),
    "unknown_slug": ("2024-03-gotham-street.csv", lambda rows: rows, "known_file_force"),
    "missing_month": ("2024-03-dyfed-powys-street.csv", _set(1, ""), "month_matches_file_name"),
}  # fmt: skip


@pytest.fixture
def loaded(warehouse, landing):
    con = connect(warehouse)
    good = write_street(landing, "2023-05-avon-and-somerset-street.csv", avon_may_2023())
    assert ingest_file(con, SPEC, good).status == "loaded"
    yield con
    con.close()


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_is_rejected_and_raw_unchanged(case, loaded, tmp_path):
    """Rejections particular to police.uk file names: a force or slug the name does not match, a
    missing month; the bad files every source rejects alike are in test_bad_files_contract."""
    before = raw_snapshot(loaded, "street_crime")
    name, make, pattern = BAD_FILES[case]
    bad = write_street(tmp_path / "bad", name, make(dyfed_march_2024()))
    assert_rejected(loaded, SPEC, bad, pattern, before)


def test_unmapped_header_is_rejected(loaded, tmp_path):
    before = raw_snapshot(loaded, "street_crime")
    rows = [[*r, "312345"] for r in dyfed_march_2024()]
    bad = write_street(tmp_path, "2024-03-dyfed-powys-street.csv", rows, [*HEADER, "Easting"])
    assert_rejected(loaded, SPEC, bad, r"unmapped column\(s\) 'Easting'", before)


def test_wrong_files_are_rejected(loaded, tmp_path):
    """Other police.uk files, a name police.uk never writes, a zip under a street-file name
    (empty, header-only and other broken files: test_bad_files_contract)."""
    before = raw_snapshot(loaded, "street_crime")
    outcomes = write_street(tmp_path, "2024-03-dyfed-powys-outcomes.csv", dyfed_march_2024())
    assert_rejected(
        loaded, SPEC, outcomes, r"unsupported file type \(expected \*-street\.csv\)", before
    )
    badly_named = write_street(tmp_path, "2024-03-street.csv", btp_march_2024())
    assert_rejected(
        loaded, SPEC, badly_named, "file name is not YYYY-MM-<force-slug>-street.csv", before
    )
    zipped = tmp_path / "2024-04" / "2024-04-dyfed-powys-street.csv"
    zipped.parent.mkdir(parents=True)
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("street.csv", "Crime ID,Month\n")
    assert_rejected(loaded, SPEC, zipped, "not a CSV text file", before)


# --------------------------------------------------------------------------------------------
# (c) the sample writer
# --------------------------------------------------------------------------------------------

SAMPLE_SLUGS = ["avon-and-somerset", "city-of-london", "dyfed-powys", "west-yorkshire"]
SAMPLE_NAMES = {
    "avon-and-somerset": AVON, "city-of-london": "City of London Police",
    "dyfed-powys": DP, "west-yorkshire": WY,
}  # fmt: skip


def sample_months() -> list[str]:
    labels, year, month = [], 2023, 10
    while (year, month) <= (2026, 9):
        labels.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return labels


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("landing")
    write_street_crime(root, PROJECT_ROOT)
    return root / SOURCE_ID


def digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_sample_is_deterministic(sample_root, tmp_path):
    paths = write_street_crime(tmp_path, PROJECT_ROOT)
    assert len(paths) == 144
    assert digests(tmp_path / SOURCE_ID) == digests(sample_root)


def test_sample_layout_and_values(sample_root):
    months = sample_months()
    expected = {f"{m}/{m}-{slug}-street.csv" for m in months for slug in SAMPLE_SLUGS}
    assert set(digests(sample_root)) == expected and len(months) == 36
    per_force = Counter()
    for month in months:
        for slug in SAMPLE_SLUGS:
            rows = read_rows(sample_root / month / f"{month}-{slug}-street.csv")
            assert rows[0] == HEADER
            assert 8 <= len(rows) - 1 <= 900
            per_force[slug] += len(rows) - 1
            for r in rows[1:]:
                assert r[1] == month and r[2] == r[3] == SAMPLE_NAMES[slug]
                assert r[9] in CRIME_TYPES and r[11] == ""
                if r[9] == "Anti-social behaviour":
                    assert r[0] == "" and r[10] == ""
                else:
                    assert re.fullmatch(r"[0-9a-f]{64}", r[0]) and r[10] != ""
                if r[6] == "No location":
                    assert r[4] == r[5] == r[7] == r[8] == ""
                else:
                    prefix = "W01" if slug == "dyfed-powys" else "E01"
                    assert re.fullmatch(prefix + r"\d{6}", r[7]) and r[6].startswith("On or near ")
                    assert -5.5 < float(r[4]) < 0.5 and 50.5 < float(r[5]) < 54.5
            ids = [r[0] for r in rows[1:] if r[0]]
            assert len(ids) == len(set(ids))
    # a few dozen to a few hundred rows a month; West Yorkshire the largest, City the smallest
    assert per_force["west-yorkshire"] > per_force["avon-and-somerset"] > per_force["dyfed-powys"]
    assert per_force["dyfed-powys"] > per_force["city-of-london"] > 36 * 10


def test_sample_consistent_with_recorded_crime(sample_root):
    """West Yorkshire's crimes (not ASB) in financial year 2024/25 are about 1/40 of the
    offences the recorded-crime sample gives it that year (fraud excluded; Poisson noise)."""
    with seed_csv("offence_classification").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fraud = {r["offence_code"] for r in rows if r["offence_group"] == "Fraud offences"}
    recorded = sum(
        n
        for (name, code), series in recorded_counts(PROJECT_ROOT).items()
        if name == "West Yorkshire" and code not in fraud
        for (fy, _q), n in series.items()
        if fy == 2024
    )
    fy_months = [f"2024-{m:02d}" for m in range(4, 13)] + [f"2025-{m:02d}" for m in range(1, 4)]
    crimes = 0
    for month in fy_months:
        rows = read_rows(sample_root / month / f"{month}-west-yorkshire-street.csv")[1:]
        crimes += sum(r[9] != "Anti-social behaviour" for r in rows)
    assert crimes == pytest.approx(recorded / 40, rel=0.05)


def test_sample_passes_the_gate(sample_root, warehouse):
    con = connect(warehouse)
    paths = [sample_root / "2026-09" / f"2026-09-{slug}-street.csv" for slug in SAMPLE_SLUGS]
    for path in paths:
        outcome = ingest_file(con, SPEC, path)
        assert outcome.status == "loaded"
        assert [c.rule for c in outcome.checks if not c.success] == []
    con.close()


# --------------------------------------------------------------------------------------------
# (d) end to end through `ppf sample` and `ppf refresh`
# --------------------------------------------------------------------------------------------


def test_end_to_end_staging_matches_sample_files(sample_workspace: Workspace):
    files = sorted((sample_workspace.landing / SOURCE_ID).rglob("*.csv"))
    assert len(files) == 144
    rows = [r for f in files for r in read_rows(f)[1:]]
    asb = sum(r[9] == "Anti-social behaviour" for r in rows)
    wy_burglary_2026_09 = sum(
        r[9] == "Burglary" for r in read_rows(
            sample_workspace.landing / SOURCE_ID / "2026-09" / "2026-09-west-yorkshire-street.csv"
        )[1:]
    )  # fmt: skip
    with duckdb.connect(str(sample_workspace.warehouse), read_only=True) as db:
        count, anti_social, forces = db.execute(
            "select count(*), count(*) filter (where is_anti_social_behaviour), "
            "count(distinct force_code) from staging.stg_street_crime__crimes"
        ).fetchone()
        counted = db.execute(
            "select record_count from intermediate.int_street_crime__counted "
            "where force_code = 'E23000010' and period_start = date '2026-09-01' "
            "and crime_type = 'Burglary'"
        ).fetchone()
    assert count == len(rows)
    assert anti_social == asb
    assert forces == 4
    assert counted == (wy_burglary_2026_09,)
