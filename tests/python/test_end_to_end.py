"""End to end: `ppf sample` -> `ppf refresh` -> the published marts, checked against figures
computed here in plain Python from the generated workbook and the seed CSVs."""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections import defaultdict

import duckdb
import pytest
from python_calamine import CalamineWorkbook

from tests.python.conftest import Workspace, seed_csv, tree_digest

FORCES_TO_CHECK = ["E23000001", "E23000034", "W15000002", "E23000008"]
HOMICIDE = {"1", "4.1", "4.2", "4.10"}
TOWN_CENTRE = {"46", "34A", "39", "34B"}
ROBBERY = {"34A", "34B"}
# Neighbourhood crime as docs/methods/offence-categories.md lists it: residential burglary
# (current and legacy codes), robbery of personal property, theft from the person, vehicle crime.
NEIGHBOURHOOD = {"28E", "28F", "28G", "28H", "29A", "28A", "28B", "28C", "28D", "29"} | {
    "34B",
    "39",
    "45",
    "48",
    "37.2",
    "126",
}

CITY_OF_LONDON = "E23000034"


def _label(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).strip()


def _seed(name: str) -> list[dict[str, str]]:
    with seed_csv(name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _quarter_start(financial_year: str, quarter: int) -> dt.date:
    year = int(financial_year[:4]) + (1 if quarter == 4 else 0)
    return dt.date(year, {1: 4, 2: 7, 3: 10, 4: 1}[quarter], 1)


@pytest.fixture(scope="module")
def workbook_groups(workbook_counts) -> dict[str, str]:
    return workbook_counts.groups


class _Counts(dict):
    groups: dict[str, str]


@pytest.fixture(scope="module")
def workbook_counts(sample_workspace: Workspace):
    """(force_code, quarter_start, offence_code) -> count, read straight from the landed ODS;
    `.groups` maps each offence code to its published offence group (lower case)."""
    by_label = {_label(r["force_name"]): r["force_code"] for r in _seed("police_force_areas")}
    files = list((sample_workspace.landing / "prc_pfa").glob("*.ods"))
    assert len(files) == 1
    counts: dict[tuple[str, dt.date, str], int] = defaultdict(int)
    groups: dict[str, str] = {}
    workbook = CalamineWorkbook.from_path(str(files[0]))
    for sheet in workbook.sheet_names:
        rows = workbook.get_sheet_by_name(sheet).to_python()
        header = [str(h) for h in rows[0]]
        col = {name: header.index(name) for name in header}
        count_col = col.get("Number of Offences", col.get("Offence Count"))
        for row in rows[1:]:
            code = by_label.get(_label(str(row[col["Force Name"]])))
            value = row[count_col]
            if code is None or not isinstance(value, float):
                continue  # non-force rows; suppressed cells
            key = (
                code,
                _quarter_start(row[col["Financial Year"]], int(row[col["Financial Quarter"]])),
                str(row[col["Offence Code"]]),
            )
            counts[key] += int(value)
            groups[str(row[col["Offence Code"]])] = str(row[col["Offence Group"]]).lower()
    result = _Counts(counts)
    result.groups = groups
    return result


@pytest.fixture(scope="module")
def published(sample_workspace: Workspace):
    con = duckdb.connect(str(sample_workspace.publish_dir / "marts.duckdb"), read_only=True)
    yield con
    con.close()


def _year_ending_quarters(period_end: dt.date) -> list[dt.date]:
    starts = []
    month, year = period_end.month - 2, period_end.year
    for _ in range(4):
        if month < 1:
            month, year = month + 12, year - 1
        starts.append(dt.date(year, month, 1))
        month -= 3
    return starts


def _sum(counts, force: str, quarters: list[dt.date], codes=None, exclude_fraud=True) -> int:
    return sum(
        v
        for (f, q, c), v in counts.items()
        if f == force and q in quarters and (codes is None or c in codes)
    )


def _population() -> dict[str, tuple[int, int]]:
    return {
        r["force_code"]: (int(r["census2021_usual_residents"]), int(r["census2021_households"]))
        for r in _seed("police_force_areas")
    }


@pytest.fixture(scope="module")
def estimates(sample_workspace: Workspace) -> dict[int, dict[str, tuple[int, int]]]:
    """mid-year -> force_code -> (population, households), read from the landed Table P3
    workbooks: the header names the mid-year (`mid-2024`), else the edition's year ending March
    YYYY carries mid-(YYYY-2), as the ONS editions do."""
    out: dict[int, dict[str, tuple[int, int]]] = {}
    for path in sorted((sample_workspace.landing / "population").glob("*.xlsx")):
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Table P3").to_python()
        header_at = next(i for i, r in enumerate(rows) if str(r[0]).strip() == "Area Code")
        header = str(rows[header_at][2])
        found = re.search(r"mid-(\d{4})", header, re.IGNORECASE)
        year = (
            int(found.group(1))
            if found
            else int(re.search(r"year ending March (\d{4})", str(rows[0][0])).group(1)) - 2
        )
        out[year] = {
            str(r[0]).strip(): (int(r[2]), int(r[3]))
            for r in rows[header_at + 1 :]
            if re.match(r"^(E23|W15)", str(r[0]).strip())
        }
    return out


def _denominator(estimates, force: str, period_start: dt.date, households: bool = False) -> int:
    """The estimate of the financial year the period starts in, else the latest earlier one,
    else Census 2021."""
    year = period_start.year - (1 if period_start.month < 4 else 0)
    held = [y for y in estimates if y <= year and force in estimates[y]]
    if held:
        return estimates[max(held)][force][1 if households else 0]
    return _population()[force][1 if households else 0]


@pytest.mark.parametrize("force", FORCES_TO_CHECK)
def test_total_recorded_crime_rate_matches_workbook(published, workbook_counts, estimates, force):
    period_end = dt.date(2026, 6, 30)
    quarters = _year_ending_quarters(period_end)
    offences = _sum(workbook_counts, force, quarters)
    expected = offences * 1000 / _denominator(estimates, force, min(quarters))
    value, numerator = published.execute(
        "select value, numerator from fct_force_period_measure where measure_id = "
        "'ppf_recorded_crime_rates' and breakdown = 'total' and force_code = ? "
        "and period_type = 'year_ending' and period_end = ?",
        [force, period_end],
    ).fetchone()
    assert numerator == offences
    assert math.isclose(value, expected, rel_tol=1e-12)


@pytest.mark.parametrize("force", FORCES_TO_CHECK)
def test_town_centre_crime_per_financial_year(published, workbook_counts, force):
    quarters = [_quarter_start("2024/25", q) for q in (1, 2, 3, 4)]
    expected = _sum(workbook_counts, force, quarters, TOWN_CENTRE)
    retail = _sum(workbook_counts, force, quarters, {"46", "34A"})
    rows = dict(
        published.execute(
            "select breakdown, value from fct_force_period_measure where measure_id = "
            "'ppf_town_centre_crime' and force_code = ? and period_type = 'financial_year' "
            "and period_start = date '2024-04-01'",
            [force],
        ).fetchall()
    )
    assert rows["total"] == expected
    assert rows["retail_crime"] == retail


@pytest.mark.parametrize("force", FORCES_TO_CHECK)
def test_force_neighbourhood_crime_carries_the_june_2019_baseline(
    published, workbook_counts, estimates, force
):
    """The rate a PCC's NCPM statement reports: recorded neighbourhood crime per 1,000
    residents, each rolling year against the year ending June 2019."""

    def rate(period_end: dt.date) -> float:
        quarters = _year_ending_quarters(period_end)
        offences = _sum(workbook_counts, force, quarters, NEIGHBOURHOOD)
        return offences * 1000 / _denominator(estimates, force, min(quarters))

    value, baseline_value, change = published.execute(
        "select value, baseline_value, change_vs_baseline from fct_force_period_measure "
        "where measure_id = 'ppf_recorded_crime_rates' and breakdown = 'neighbourhood_crime' "
        "and force_code = ? and period_type = 'year_ending' and period_end = date '2025-06-30'",
        [force],
    ).fetchone()
    assert math.isclose(value, rate(dt.date(2025, 6, 30)), rel_tol=1e-12)
    assert math.isclose(baseline_value, rate(dt.date(2019, 6, 30)), rel_tol=1e-12)
    assert math.isclose(change, value - baseline_value, rel_tol=1e-9)
    # Other breakdowns of the measure have no baseline.
    assert published.execute(
        "select count(baseline_value) from fct_force_period_measure where measure_id = "
        "'ppf_recorded_crime_rates' and breakdown = 'total' and force_code = ?",
        [force],
    ).fetchone() == (0,)


def test_national_homicide_and_ncpm_baseline(published, workbook_counts):
    forces = {f for f, _, _ in workbook_counts}
    assert len(forces) == 43

    def national(period_end: dt.date) -> int:
        quarters = _year_ending_quarters(period_end)
        return sum(_sum(workbook_counts, f, quarters, HOMICIDE) for f in forces)

    latest, baseline = national(dt.date(2026, 6, 30)), national(dt.date(2019, 6, 30))
    value, baseline_value = published.execute(
        "select value, baseline_value from fct_measure_national where measure_id = "
        "'ncpm_homicide' and period_type = 'year_ending' and period_end = date '2026-06-30'"
    ).fetchone()
    assert (value, baseline_value) == (latest, baseline)
    # England and Wales only: no force-level homicide figure is invented.
    assert published.execute(
        "select count(*) from fct_force_period_measure where measure_id = 'ncpm_homicide'"
    ).fetchone() == (0,)


def _quantile_cont(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low, high = ordered[math.floor(position)], ordered[math.ceil(position)]
    return low + (high - low) * (position - math.floor(position))


def _peer_groups() -> dict[str, list[str]]:
    """Seven nearest force areas on the standardised Census 2021 context of
    seeds/peer_group_variables (log usual residents, residents per household), recomputed here
    from seeds/reference/police_force_areas.csv (City of London has no group)."""
    features: dict[str, list[float]] = {
        force: [math.log(residents), residents / households]
        for force, (residents, households) in sorted(_population().items())
        if force != CITY_OF_LONDON
    }
    forces = list(features)
    columns = list(zip(*features.values(), strict=True))
    means = [sum(c) / len(c) for c in columns]
    sds = [
        math.sqrt(sum((x - m) ** 2 for x in c) / len(c))
        for c, m in zip(columns, means, strict=True)
    ]
    z = {
        f: [(x - m) / sd for x, m, sd in zip(features[f], means, sds, strict=True)] for f in forces
    }
    nearest = {}
    for force in forces:
        distances = sorted(
            (math.dist(z[force], z[other]), other) for other in forces if other != force
        )
        nearest[force] = [other for _, other in distances[:7]]
    return nearest


def test_peer_groups_and_crs1999_peer_quartile_targets(published, workbook_counts, estimates):
    base_quarters = [_quarter_start("2019/20", q) for q in (1, 2, 3, 4)]
    groups = _peer_groups()
    # Fixed groups: the same members in every financial year the marts lay out.
    by_year: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for year, force, peer in published.execute(
        "select financial_year, force_code, peer_force_code from dim_peer_group "
        "order by financial_year, force_code, peer_rank"
    ).fetchall():
        by_year[year][force].append(peer)
    assert "2019/20" in by_year
    for year, stored in by_year.items():
        assert dict(stored) == groups, year

    population = _population()
    base = {
        f: _sum(workbook_counts, f, base_quarters, ROBBERY)
        * 1000
        / _denominator(estimates, f, base_quarters[0])
        for f in population
    }
    rows = published.execute(
        "select force_code, value, rank, target_value from fct_force_period_measure "
        "where measure_id = 'crs1999_robbery_rate' and period_type = 'financial_year' "
        "and period_end = date '2025-03-31'"
    ).fetchall()
    assert len(rows) == 43
    # The target is the peer group's lower quartile; a force already there, and City of London
    # (no group, never the all-forces quartile), must still improve: its own base less 5%.
    for force, _value, _rank, target in rows:
        if force in groups:
            quartile = _quantile_cont([base[m] for m in [force, *groups[force]]], 0.25)
            expected = quartile if base[force] > quartile else base[force] * 0.95
        else:
            assert force == CITY_OF_LONDON
            expected = base[force] * 0.95
        assert math.isclose(target, expected, rel_tol=1e-9), force
    # City of London (about 8,600 residents) is shown but not ranked on a rate per resident;
    # the other 42 are ranked lowest first, ties sharing a rank.
    values = {force: value for force, value, _, _ in rows if force != CITY_OF_LONDON}
    for force, value, rank, _ in rows:
        if force == CITY_OF_LONDON:
            assert rank is None
        else:
            assert rank == 1 + sum(v < value for v in values.values())


def test_every_catalogue_measure_has_a_status(published):
    catalogue = {r["measure_id"] for r in _seed("measure_catalogue")}
    status = dict(
        published.execute("select measure_id, availability from measure_status").fetchall()
    )
    assert set(status) == catalogue
    documented = {row["measure_id"] for row in _seed("measure_methods")}
    # A documented measure is computed when it has a figure, suppressed when every figure the
    # source gives is suppressed; measure_status never calls a measure computed without one.
    with_values = {
        m
        for (m,) in published.execute(
            "select distinct measure_id from fct_measure_national where value is not null "
            "union select distinct measure_id from fct_force_period_measure "
            "where value is not null"
        ).fetchall()
    }
    assert {m for m, a in status.items() if a in ("computed", "suppressed")} == documented
    assert {m for m, a in status.items() if a == "computed"} == documented & with_values
    # Every source has a sample, so no measure may wait for a source that is not loaded.
    assert "source_not_loaded" not in status.values()
    # A measure the sources cannot produce is declared, with its reason, in the seed.
    declared = {row["measure_id"] for row in _seed("measure_not_computable")}
    assert {m for m, a in status.items() if a == "not_computable"} == declared


def test_second_refresh_changes_nothing(loaded_copy: Workspace):
    before = tree_digest(loaded_copy.publish_dir)
    con = duckdb.connect(str(loaded_copy.warehouse), read_only=True)
    log_before = con.execute("select * from raw.load_log order by all").fetchall()
    raw_before = con.execute("select count(*) from raw.prc_pfa").fetchone()
    con.close()
    loaded_copy.ppf("refresh")
    assert tree_digest(loaded_copy.publish_dir) == before
    con = duckdb.connect(str(loaded_copy.warehouse), read_only=True)
    assert con.execute("select * from raw.load_log order by all").fetchall() == log_before
    assert con.execute("select count(*) from raw.prc_pfa").fetchone() == raw_before
    con.close()
