"""The Dagster code location loads, wires sources to dbt, and an ingest asset materialises in
process with its GX rules as asset checks."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.config import get_settings


@pytest.fixture(scope="module")
def defs():
    from orchestration.dbt_project import ensure_manifest

    assert ensure_manifest().exists()
    from orchestration.definitions import defs

    return defs


def test_manifest_built_outside_import(defs):
    assert get_settings().manifest_path.exists()


def test_jobs_schedules_and_sensor(defs):
    for name in (
        "refresh_all",
        "refresh_monthly",
        "refresh_quarterly",
        "refresh_bi_annual",
        "refresh_annual",
    ):
        assert defs.resolve_job_def(name) is not None
    schedules = {s.name: s.cron_schedule for s in defs.schedules}
    assert set(schedules) == {
        f"{c}_refresh_schedule" for c in ("monthly", "quarterly", "bi_annual", "annual")
    }
    assert defs.resolve_sensor_def("new_landed_file_sensor") is not None


def test_dbt_sources_wired_to_ingest_assets(defs):
    graph = defs.resolve_asset_graph()
    staging = dg.AssetKey(["staging", "stg_prc__recorded_crime"])
    assert dg.AssetKey(["raw", "prc_pfa"]) in graph.get(staging).parent_keys
    quarterly = defs.resolve_job_def("refresh_quarterly")
    selected = {key for key in quarterly.asset_layer.asset_graph.get_all_asset_keys()}
    assert dg.AssetKey(["published", "marts"]) in selected


def test_ingest_asset_tagged_with_cadence_and_publisher(defs):
    spec = defs.resolve_assets_def(dg.AssetKey(["raw", "prc_pfa"])).specs_by_key[
        dg.AssetKey(["raw", "prc_pfa"])
    ]
    assert spec.tags["cadence"] == "quarterly"
    assert spec.tags["publisher"] == "home_office"


def test_ingest_asset_materialises_with_checks(defs, tmp_path: Path, monkeypatch):
    from orchestration.assets.ingest import build_ingest_asset
    from orchestration.ingest.sources import SOURCES
    from orchestration.sample.ods_writer import write_ods

    monkeypatch.setenv("PPF_LANDING_DIR", str(tmp_path / "landing"))
    monkeypatch.setenv("PPF_WAREHOUSE", str(tmp_path / "ppf.duckdb"))
    header = [
        "Financial Year",
        "Financial Quarter",
        "Force Name",
        "Offence Description",
        "Offence Group",
        "Offence Subgroup",
        "Offence Code",
        "Number of Offences",
    ]
    rows = [
        ["2024/25", q, force, "Shoplifting", "Theft offences", "Shoplifting", "46", 100 + q]
        for q in (1, 2)
        for force in ("Kent", "Surrey")
    ]
    (tmp_path / "landing" / "prc_pfa").mkdir(parents=True)
    write_ods(
        tmp_path / "landing" / "prc_pfa" / "prc-pfa-mar2013-onwards-tables-230725.ods",
        [("2024_25", [header, *rows])],
    )
    asset = build_ingest_asset(SOURCES["prc_pfa"])
    result = dg.materialize([asset], instance=dg.DagsterInstance.ephemeral())
    assert result.success
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert checks["known_forces"].passed and checks["integer_counts"].passed
    # Two of 43 forces: the warning rule fails, the load goes on.
    assert not checks["all_forces_present"].passed
    assert checks["all_forces_present"].severity == dg.AssetCheckSeverity.WARN
    con = duckdb.connect(os.environ["PPF_WAREHOUSE"], read_only=True)
    assert con.execute("select count(*) from raw.prc_pfa").fetchone() == (len(rows),)
    con.close()


def test_sensor_requests_the_cadence_job_for_new_files(defs, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PPF_LANDING_DIR", str(tmp_path))
    (tmp_path / "prc_pfa").mkdir()
    (tmp_path / "prc_pfa" / "new.ods").write_bytes(b"PK")
    sensor = defs.resolve_sensor_def("new_landed_file_sensor")
    context = dg.build_sensor_context(cursor=None)
    requests = list(sensor.evaluate_tick(context).run_requests)
    assert [r.job_name for r in requests] == ["refresh_quarterly"]
    again = sensor.evaluate_tick(dg.build_sensor_context(cursor=context.cursor))
    assert not again.run_requests
