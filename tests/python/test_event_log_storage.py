"""The instance's event log (orchestration/event_log_storage.py) on a real SQLite Dagster home:
a new run's planned events are all stored, a batch that fails leaves nothing behind, and a
home written by Dagster's default storage keeps its history under the project's settings."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import dagster as dg
import pytest

from orchestration.instance import render_settings


@dg.asset
def counted() -> int:
    return 3


@dg.asset_check(asset=counted)
def counted_is_positive() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


@dg.asset_check(asset=counted)
def counted_is_small() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


@dg.asset(deps=[counted])
def doubled() -> None:
    return None


DEFS = dg.Definitions(
    assets=[counted, doubled],
    asset_checks=[counted_is_positive, counted_is_small],
    jobs=[dg.define_asset_job("both", selection=[counted, doubled])],
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    monkeypatch.delenv("DAGSTER_EVENT_BATCH_SIZE", raising=False)
    return tmp_path


def _use_project_settings(home: Path) -> None:
    (home / "dagster.yaml").write_text(render_settings(home), encoding="utf-8")


def _stored_events(home: Path, run_id: str) -> list[str]:
    """Event types in the run's own SQLite file, read with sqlite3, not through Dagster."""
    with sqlite3.connect(home / "history" / "runs" / f"{run_id}.db") as conn:
        rows = conn.execute("select dagster_event_type from event_logs order by id").fetchall()
    return [row[0] for row in rows if row[0]]


def test_a_new_runs_planned_events_are_stored_in_one_batch(home: Path) -> None:
    _use_project_settings(home)
    with dg.DagsterInstance.get() as instance:
        storage = type(instance.event_log_storage).__name__
        run = instance.create_run_for_job(DEFS.resolve_job_def("both"))
        batch_size = os.environ.get("DAGSTER_EVENT_BATCH_SIZE")
    assert storage == "BatchingSqliteEventLogStorage"
    assert batch_size is not None and int(batch_size) > 2
    events = _stored_events(home, run.run_id)
    # Two assets and two checks in the job: one planned event each.
    assert events.count("ASSET_MATERIALIZATION_PLANNED") == 2
    assert events.count("ASSET_CHECK_EVALUATION_PLANNED") == 2


def test_a_run_executes_and_its_history_is_readable(home: Path) -> None:
    _use_project_settings(home)
    with dg.DagsterInstance.get() as instance:
        result = DEFS.resolve_job_def("both").execute_in_process(instance=instance)
        assert result.success
        materialized = instance.get_latest_materialization_event(dg.AssetKey("doubled"))
        check = instance.event_log_storage.get_latest_asset_check_execution_by_key(
            [dg.AssetCheckKey(dg.AssetKey("counted"), "counted_is_small")]
        )
    assert materialized is not None and materialized.run_id == result.run_id
    assert next(iter(check.values())).run_id == result.run_id
    # Dagster stores run events under their old names (PIPELINE_*).
    assert "PIPELINE_SUCCESS" in _stored_events(home, result.run_id)


def test_a_failing_batch_leaves_nothing_behind(home: Path) -> None:
    _use_project_settings(home)
    with dg.DagsterInstance.get() as instance:
        run = instance.create_run_for_job(DEFS.resolve_job_def("both"))
        before = _stored_events(home, run.run_id)
        good = instance.all_logs(run.run_id)[-1]
        storage = instance.event_log_storage
        broken = good._replace(dagster_event="not an event")  # ty: ignore[invalid-argument-type]
        with pytest.raises(Exception):  # noqa: B017 - whatever the insert raises
            storage.store_event_batch([good, good, broken])
        after = _stored_events(home, run.run_id)
    assert after == before


def test_a_home_written_by_the_default_storage_keeps_its_history(home: Path) -> None:
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    with dg.DagsterInstance.get() as instance:
        first = DEFS.resolve_job_def("both").execute_in_process(instance=instance)
        assert type(instance.event_log_storage).__name__ == "SqliteEventLogStorage"
    _use_project_settings(home)
    with dg.DagsterInstance.get() as instance:
        assert type(instance.event_log_storage).__name__ == "BatchingSqliteEventLogStorage"
        assert instance.get_run_by_id(first.run_id) is not None
        history = [e.dagster_event_type for e in instance.all_logs(first.run_id) if e.dagster_event]
        latest = instance.get_latest_materialization_event(dg.AssetKey("counted"))
    assert dg.DagsterEventType.RUN_SUCCESS in history
    assert latest is not None and latest.run_id == first.run_id
