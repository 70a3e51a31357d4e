"""The Dagster code location loads, wires sources to dbt, and an ingest asset materialises in
process with its GX rules as asset checks."""

from __future__ import annotations

import json
import os
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.config import get_settings
from tests.python.conftest import write_prc_workbook


@pytest.fixture(scope="module")
def defs():
    from orchestration.dbt_project import ensure_manifest

    assert ensure_manifest().exists()
    from orchestration.defs.definitions import defs

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


def test_every_asset_in_a_named_group_and_fetch_upstream_of_ingest(defs):
    specs = {s.key: s for s in defs.resolve_all_asset_specs()}
    assert [k for k, s in specs.items() if s.group_name == "default"] == []
    assert specs[dg.AssetKey(["raw", "load_log"])].group_name == "raw"
    graph = defs.resolve_asset_graph()
    raw = dg.AssetKey(["raw", "calls_999"])
    assert dg.AssetKey(["fetch", "calls_999"]) in graph.get(raw).parent_keys
    # measure_returns has no public file: no fetch asset.
    assert dg.AssetKey(["fetch", "measure_returns"]) not in specs
    monthly = defs.resolve_job_def("refresh_monthly").asset_layer.selected_asset_keys
    assert {dg.AssetKey(["fetch", "calls_999"]), raw} <= set(monthly)
    assert dg.AssetKey(["fetch", "prc_pfa"]) not in set(monthly)
    # Scheduled runs fetch; the default run config does not.
    for schedule in defs.schedules:
        context = dg.build_schedule_context(scheduled_execution_time=None)
        request = schedule.evaluate_tick(context).run_requests[0]
        config = request.run_config["resources"]["refresh_options"]["config"]
        assert config == {"fetch": True}, schedule.name


def test_raw_rule_checks_state_their_severity(defs):
    checks = {
        key.name: spec
        for key, spec in defs.resolve_assets_def(
            dg.AssetKey(["raw", "calls_999"])
        ).check_specs_by_output_name.items()
        for key in [spec.key]
    }
    assert checks["known_forces"].description.startswith("[blocking")
    assert checks["bands_account_for_total"].description.startswith("[warning")


def test_ingest_asset_tagged_with_cadence_and_publisher(defs):
    spec = defs.resolve_assets_def(dg.AssetKey(["raw", "prc_pfa"])).specs_by_key[
        dg.AssetKey(["raw", "prc_pfa"])
    ]
    assert spec.tags["cadence"] == "quarterly"
    assert spec.tags["publisher"] == "home_office"


def test_ingest_asset_materialises_with_checks(defs, tmp_path: Path, monkeypatch):
    from orchestration.defs.assets.ingest import build_ingest_asset
    from orchestration.defs.resources import RefreshOptions
    from orchestration.sources import SOURCES

    monkeypatch.setenv("PPF_LANDING_DIR", str(tmp_path / "landing"))
    monkeypatch.setenv("PPF_WAREHOUSE", str(tmp_path / "ppf.duckdb"))
    rows = [
        ["2024/25", q, force, "Shoplifting", "Theft offences", "Shoplifting", "46", 100 + q]
        for q in (1, 2)
        for force in ("Kent", "Surrey")
    ]
    write_prc_workbook(
        tmp_path / "landing" / "prc_pfa" / "prc-pfa-mar2013-onwards-tables-230725.ods", rows
    )
    asset = build_ingest_asset(SOURCES["prc_pfa"])
    resources = {"refresh_options": RefreshOptions()}
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize([asset], instance=instance, resources=resources)
    assert result.success
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert checks["known_forces"].passed and checks["integer_counts"].passed
    assert checks["files_accepted"].passed
    # Two of 43 forces: the warning rule fails, the load goes on.
    assert not checks["all_forces_present"].passed
    assert checks["all_forces_present"].severity == dg.AssetCheckSeverity.WARN
    con = duckdb.connect(os.environ["PPF_WAREHOUSE"], read_only=True)
    assert con.execute("select count(*) from raw.prc_pfa").fetchone() == (len(rows),)
    con.close()

    # A rejected file: the step still succeeds (the file is quarantined), and the source's
    # files_accepted check fails with ERROR severity, naming the file and the problem.
    bad = tmp_path / "landing" / "prc_pfa" / "prc-pfa-mar2013-onwards-tables-231025.ods"
    rows[0][2] = "Gotham City"
    write_prc_workbook(bad, rows)
    result = dg.materialize([asset], instance=instance, resources=resources)
    assert result.success
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    accepted = checks["files_accepted"]
    assert not accepted.passed
    assert accepted.severity == dg.AssetCheckSeverity.ERROR
    assert bad.name in accepted.metadata["rejected"].value
    assert "Gotham City" in accepted.metadata["rejected"].value
    assert not checks["known_forces"].passed
    con = duckdb.connect(os.environ["PPF_WAREHOUSE"], read_only=True)
    assert con.execute("select count(*) from raw.prc_pfa").fetchone() == (len(rows),)
    con.close()


def test_sensor_first_tick_records_then_requests_one_run_per_changed_source(
    defs, tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("PPF_LANDING_DIR", str(tmp_path))
    for source_id in ("prc_pfa", "calls_999"):
        (tmp_path / source_id).mkdir()
    (tmp_path / "prc_pfa" / "loaded.ods").write_bytes(b"PK")
    (tmp_path / "calls_999" / "loaded.csv").write_text("Force,Month\n")
    sensor = defs.resolve_sensor_def("new_landed_file_sensor")

    # First tick: what make run already loaded is recorded, no run is requested.
    first = dg.build_sensor_context(cursor=None)
    assert not sensor.evaluate_tick(first).run_requests
    assert set(json.loads(first.cursor)) == {"prc_pfa", "calls_999"}

    # A new file for one source: one run of that source's cadence job.
    (tmp_path / "prc_pfa" / "new.ods").write_bytes(b"PK new")
    second = dg.build_sensor_context(cursor=first.cursor)
    requests = list(sensor.evaluate_tick(second).run_requests)
    assert [(r.job_name, r.tags["source_id"]) for r in requests] == [
        ("refresh_quarterly", "prc_pfa")
    ]
    # The same tick repeated (same cursor) requests the same run key: Dagster runs it once.
    repeat = list(sensor.evaluate_tick(dg.build_sensor_context(cursor=first.cursor)).run_requests)
    assert [r.run_key for r in repeat] == [r.run_key for r in requests]
    # Nothing changed since: nothing requested.
    assert not sensor.evaluate_tick(dg.build_sensor_context(cursor=second.cursor)).run_requests


def test_every_source_cadence_has_its_job_and_schedule(defs):
    from orchestration.sources import SOURCES

    cadences = {spec.cadence for spec in SOURCES.values()}
    assert cadences <= {"monthly", "quarterly", "bi_annual", "annual"}
    jobs = {job.name for job in defs.jobs}
    schedules = {schedule.job_name for schedule in defs.schedules}
    assert {f"refresh_{c}" for c in cadences} <= jobs & schedules
