"""One writer across runs: two runs started at the same moment on one Dagster instance both
succeed, their steps that write the build database taking turns (the project's dagster.yaml
limits the `warehouse_writer` pool to one step at a time). Without the limit both would open
DuckDB for writing at once and one would fail on its lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import dagster as dg

from tests.python.conftest import PROJECT_ROOT, Workspace, write_prc_workbook

RUN = textwrap.dedent(
    """
    import dagster as dg
    from orchestration.defs.definitions import defs
    from orchestration.instance import ensure_instance_settings

    ensure_instance_settings()
    keys = [dg.AssetKey(["raw", "prc_pfa"]), dg.AssetKey(["raw", "calls_999"])]
    with dg.DagsterInstance.get() as instance:
        result = defs.resolve_job_def("refresh_all").execute_in_process(
            instance=instance, asset_selection=keys, raise_on_error=False
        )
    print(result.run_id, result.success)
    """
)


def _land(workspace: Workspace) -> None:
    rows = [
        ["2024/25", q, force, "Shoplifting", "Theft offences", "Shoplifting", "46", 100 + q]
        for q in (1, 2, 3, 4)
        for force in ("Kent", "Surrey", "Essex")
    ]
    write_prc_workbook(
        workspace.landing / "prc_pfa" / "prc-pfa-mar2013-onwards-tables-230725.ods", rows
    )
    (workspace.landing / "calls_999").mkdir()
    (workspace.landing / "calls_999" / "police-uk-999-call-answering-data-191126.csv").write_text(
        "Force,Month,Total calls,Calls answered in under 10 seconds,"
        "Calls answered in 10 to under 60 seconds,Calls answered in 60 seconds or more,"
        "Average time to answer (seconds)\n"
        "Kent Police,Nov-24,20000,18000,1500,500,5.1\n"
        "Surrey Police,Nov-24,10000,9100,700,200,4.2\n",
        encoding="utf-8",
    )


def _writer_intervals(instance: dg.DagsterInstance, run_id: str) -> list[tuple[float, float]]:
    """(start, end) of each step of the run, from its event log."""
    starts, ends = {}, {}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None:
            continue
        if event.event_type == dg.DagsterEventType.STEP_START:
            starts[event.step_key] = entry.timestamp
        elif event.event_type in (
            dg.DagsterEventType.STEP_SUCCESS,
            dg.DagsterEventType.STEP_FAILURE,
        ):
            ends[event.step_key] = entry.timestamp
    assert set(starts) == set(ends) == {"raw__prc_pfa", "raw__calls_999"}
    return [(starts[k], ends[k]) for k in starts]


def test_two_runs_at_once_take_turns_and_both_succeed(tmp_path: Path):
    workspace = Workspace(tmp_path)
    _land(workspace)
    # What `make` does before `dagster dev`: the project's instance settings and storage.
    subprocess.run(
        [sys.executable, "-m", "orchestration.instance"],
        cwd=PROJECT_ROOT,
        env=workspace.env,
        check=True,
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", RUN],
            cwd=PROJECT_ROOT,
            env=workspace.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=600) for run in runs]
    results = [out.split()[-2:] for out, _ in outputs]
    assert [success for _, success in results] == ["True", "True"], [e for _, e in outputs]

    instance = dg.DagsterInstance.from_config(str(tmp_path / "dagster_home"))
    try:
        first, second = (_writer_intervals(instance, run_id) for run_id, _ in results)
    finally:
        instance.dispose()
    for start_a, end_a in first:
        for start_b, end_b in second:
            assert end_a <= start_b or end_b <= start_a, "two writer steps overlapped"
