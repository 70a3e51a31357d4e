"""Any subset of sources builds and publishes, and one bad file holds back nothing else.

Four landings a real user has: (a) police recorded crime only, with a rejected 999 file beside
it; (b) a few police.uk street files only; (c) nothing at all; (d) every source but population.
Each refresh publishes. Measures whose source is absent are `source_not_loaded` naming the
source id; measures whose source is present compute exactly as with the full landing (the
session's sample workspace), with rates on the Census 2021 denominators when population is
absent. Expected sets and denominators are read from the seeds and files the tests wrote, not
from the code under test.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.python.conftest import Workspace, seed_csv


def _catalogue() -> dict[str, str]:
    """measure_id -> source_id, from the catalogue seed."""
    with seed_csv("measure_catalogue").open(newline="", encoding="utf-8") as handle:
        return {row["measure_id"]: row["source_id"] for row in csv.DictReader(handle)}


def _declared_not_computable() -> set[str]:
    with seed_csv("measure_not_computable").open(newline="", encoding="utf-8") as handle:
        return {row["measure_id"] for row in csv.DictReader(handle)}


def _census_denominators() -> dict[tuple[str, str], float]:
    """(force_code, unit) -> Census 2021 residents or households, from the forces seed."""
    with seed_csv("police_force_areas").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        **{
            (r["force_code"], "rate_per_1000_population"): float(r["census2021_usual_residents"])
            for r in rows
        },
        **{
            (r["force_code"], "rate_per_1000_households"): float(r["census2021_households"])
            for r in rows
        },
    }


def _query(workspace: Workspace, sql: str) -> list[tuple]:
    con = duckdb.connect(str(workspace.publish_dir / "marts.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _availability(workspace: Workspace) -> dict[str, tuple[str, str | None]]:
    rows = _query(
        workspace, "select measure_id, availability, availability_reason from measure_status"
    )
    return {m: (a, reason) for m, a, reason in rows}


def _assert_only_sources_computed(workspace: Workspace, landed: set[str]) -> None:
    """Measures of landed sources are computed; every other measure says why not, naming the
    source id it waits for."""
    catalogue = _catalogue()
    status = _availability(workspace)
    assert set(status) == set(catalogue)
    declared = _declared_not_computable()
    with_values = {
        m
        for (m,) in _query(
            workspace,
            "select distinct measure_id from fct_measure_national where value is not null "
            "union select distinct measure_id from fct_force_period_measure "
            "where value is not null",
        )
    }
    for measure_id, source_id in catalogue.items():
        availability, reason = status[measure_id]
        if measure_id in declared:
            assert availability == "not_computable", measure_id
        elif source_id in landed:
            # computed means a figure exists; a measure whose every cell is suppressed says so
            # (the sample's HES admissions: no national row, every month has a suppressed cell)
            expected = "computed" if measure_id in with_values else "suppressed"
            assert availability == expected, (measure_id, availability, reason)
        elif source_id == "measure_returns":
            assert availability == "no_public_source", measure_id
        else:
            assert availability == "source_not_loaded", (measure_id, availability)
            assert source_id in reason, (measure_id, reason)


def _numerators_differing(partial: Workspace, full: Workspace, measures: set[str]) -> list:
    """Force-period numerators of `measures` present in one build and not the other."""
    con = duckdb.connect()
    try:
        con.execute(f"attach '{partial.publish_dir / 'marts.duckdb'}' as partial (read_only)")
        con.execute(f"attach '{full.publish_dir / 'marts.duckdb'}' as full_build (read_only)")
        ids = sorted(measures)
        keyed = (
            "select measure_id, breakdown, force_code, period_type, period_end, "
            "round(numerator, 6) as numerator from {db}.fct_force_period_measure "
            "where list_contains($ids, measure_id)"
        )
        return con.execute(
            f"({keyed.format(db='partial')} except {keyed.format(db='full_build')}) union all "
            f"({keyed.format(db='full_build')} except {keyed.format(db='partial')}) limit 5",
            {"ids": ids},
        ).fetchall()
    finally:
        con.close()


def _assert_census_denominators(workspace: Workspace, measures: set[str]) -> None:
    census = _census_denominators()
    rows = _query(
        workspace,
        "select force_code, unit, denominator, denominator_description, numerator, value "
        "from fct_force_period_measure where unit like 'rate_per_1000_%' and "
        f"measure_id in ({', '.join(repr(m) for m in sorted(measures))})",
    )
    rates = [r for r in rows if r[1] in ("rate_per_1000_population", "rate_per_1000_households")]
    assert rates
    for force_code, unit, denominator, description, numerator, value in rates:
        assert denominator == census[(force_code, unit)], (force_code, unit, denominator)
        assert "Census 2021" in description
        if numerator is not None:
            assert value == pytest.approx(numerator / denominator * 1000, rel=1e-12)


def test_bad_file_is_quarantined_and_the_rest_is_published(prc_with_bad_999):
    workspace, info = prc_with_bad_999.workspace, prc_with_bad_999
    result = info.result
    assert result.returncode == 1, result.stderr[-3000:]
    assert "published marts:" in result.stdout
    bad_name = next((workspace.landing / "calls_999").glob("*.csv")).name
    errors = [line for line in result.stderr.splitlines() if line.startswith("ppf refresh: error")]
    assert len(errors) == 1, result.stderr[-3000:]
    error = errors[0]
    assert bad_name in error and "[calls_999]" in error
    assert "total_calls_whole_number" in error and "twelve thousand" in error
    # The first offending cell is located: sheet, row (the third line), force and period.
    assert "row 3" in error
    assert repr(info.force) in error and repr(info.month) in error

    con = duckdb.connect(str(workspace.warehouse), read_only=True)
    try:
        log = con.execute(
            "select source_id, status from raw.load_log order by source_id, file_name"
        ).fetchall()
        raw_tables = {
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'raw'"
            ).fetchall()
        }
    finally:
        con.close()
    prc_files = len(list((workspace.landing / "prc_pfa").glob("*")))
    assert log == [("calls_999", "rejected"), *[("prc_pfa", "loaded")] * prc_files]
    assert "calls_999" not in raw_tables


def test_dagster_shows_the_rejecting_source_check_failed(prc_with_bad_999):
    import dagster as dg

    workspace = prc_with_bad_999.workspace
    instance = dg.DagsterInstance.from_config(str(workspace.root / "dagster_home"))
    try:

        def latest(source_id: str):
            key = dg.AssetCheckKey(dg.AssetKey(["raw", source_id]), "files_accepted")
            records = instance.event_log_storage.get_asset_check_execution_history(key, limit=1)
            return records[0].status.value

        assert latest("calls_999") == "FAILED"
        assert latest("prc_pfa") == "SUCCEEDED"
    finally:
        instance.dispose()


def test_prc_only_computes_its_measures_as_the_full_build(prc_with_bad_999, sample_workspace):
    workspace = prc_with_bad_999.workspace
    _assert_only_sources_computed(workspace, {"prc_pfa"})
    prc_measures = {m for m, s in _catalogue().items() if s == "prc_pfa"}
    assert _numerators_differing(workspace, sample_workspace, prc_measures) == []
    # Without the population tables, rates fall back to the Census 2021 denominators.
    _assert_census_denominators(workspace, prc_measures)


def test_street_files_only(sample_landing: Path, tmp_path: Path):
    """(b) three police.uk street files: nothing in the catalogue is computed from them
    alone, and the build, its tests and the mart suites still pass and publish."""
    workspace = Workspace(tmp_path)
    files = sorted((sample_landing / "street_crime").rglob("*.csv"))[:3]
    for path in files:
        target = (
            workspace.landing / "street_crime" / path.relative_to(sample_landing / "street_crime")
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    workspace.ppf("refresh")
    _assert_only_sources_computed(workspace, {"street_crime"})
    loaded = _query(workspace, "select count(*) from measure_status")[0][0]
    assert loaded == len(_catalogue())


def test_nothing_landed(tmp_path: Path):
    """(c) an empty landing folder still builds and publishes an honest, empty warehouse."""
    workspace = Workspace(tmp_path)
    workspace.landing.mkdir(parents=True)
    workspace.ppf("refresh")
    _assert_only_sources_computed(workspace, set())
    assert _query(workspace, "select count(*) from fct_force_period_measure") == [(0,)]
    assert _query(workspace, "select count(*) from dim_force") == [(43,)]


def test_every_source_but_population(loaded_copy: Workspace):
    """(d) the sample warehouse as it would be had population never been landed (its raw table
    and load_log rows removed, its landing folder gone): every measure is computed from the
    same numerators as the full build, and rates use the Census 2021 denominators."""
    con = duckdb.connect(str(loaded_copy.warehouse))
    con.execute("drop table raw.population")
    con.execute("delete from raw.load_log where source_id = 'population'")
    con.close()
    shutil.rmtree(loaded_copy.landing / "population")
    full = Workspace(loaded_copy.root.parent / "full_reference")
    shutil.copytree(loaded_copy.root / "published", full.publish_dir, symlinks=True)

    loaded_copy.ppf("refresh")
    sources = set(_catalogue().values()) - {"measure_returns"}
    _assert_only_sources_computed(loaded_copy, sources | {"measure_returns"})
    measures = set(_catalogue())
    assert _numerators_differing(loaded_copy, full, measures) == []
    # Rates the warehouse computes (measure returns carry the denominator their senders used).
    catalogue = _catalogue()
    rate_measures = {
        r[0]
        for r in _query(
            loaded_copy,
            "select distinct measure_id from fct_force_period_measure "
            "where unit = 'rate_per_1000_population'",
        )
        if catalogue[r[0]] != "measure_returns"
    }
    _assert_census_denominators(loaded_copy, rate_measures)
