"""The code location as a data engineer starts it: `.venv/bin/dagster dev` from a plain shell,
the venv not activated (its bin not on PATH), on an instance `make` prepared.

One test imports the definitions the way a `dagster dev` code server does (DAGSTER_IS_DEV_CLI
set, so the dbt project is prepared); the other starts `dagster dev` on a free port and asks
its GraphQL endpoint for the assets, checks, jobs, schedules and sensor.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.python.conftest import PROJECT_ROOT

VENV_BIN = Path(sys.executable).parent
PLAIN_PATH = "/usr/local/bin:/usr/bin:/bin"


def _plain_env(tmp_path: Path) -> dict[str, str]:
    """A shell with nothing of the venv: only system directories on PATH."""
    env = {
        "PATH": PLAIN_PATH,
        "HOME": str(tmp_path),
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
        "PPF_LANDING_DIR": str(tmp_path / "landing"),
        "PPF_WAREHOUSE": str(tmp_path / "warehouse" / "ppf.duckdb"),
        "PPF_PUBLISH_DIR": str(tmp_path / "published"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    assert str(VENV_BIN) not in env["PATH"]
    return env


def test_definitions_load_under_dagster_dev_without_the_venv_on_path(tmp_path: Path):
    env = _plain_env(tmp_path) | {"DAGSTER_IS_DEV_CLI": "1"}
    result = subprocess.run(
        [
            str(VENV_BIN / "python"),
            "-c",
            "import orchestration.defs.definitions as d; "
            "print(len(list(d.defs.resolve_all_asset_specs())))",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert int(result.stdout.split()[-1]) > 100


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        payload = json.loads(response.read())
    assert "errors" not in payload, payload
    return payload["data"]


REPOSITORY = """
{ repositoriesOrError { ... on RepositoryConnection { nodes {
    jobs { name } schedules { name } sensors { name }
    assetNodes { assetKey { path } groupName
        assetChecksOrError { ... on AssetChecks { checks { name } } } }
} } } }
"""


def _wait_for_location(port: int, process: subprocess.Popen, log: Path) -> dict:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()[-3000:]
        try:
            nodes = _graphql(port, REPOSITORY)["repositoriesOrError"]["nodes"]
        except (OSError, KeyError, AssertionError):
            time.sleep(1)
            continue
        if nodes and nodes[0]["assetNodes"]:
            return nodes[0]
        time.sleep(1)
    raise AssertionError("dagster dev never served the code location:\n" + log.read_text()[-3000:])


def test_dagster_dev_serves_the_code_location_from_a_plain_shell(tmp_path: Path):
    env = _plain_env(tmp_path)
    # What `make dev` does before starting Dagster: the project's instance settings.
    subprocess.run(
        [str(VENV_BIN / "python"), "-m", "orchestration.instance"],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    port = _free_port()
    log = tmp_path / "dagster-dev.log"
    process = subprocess.Popen(
        [
            str(VENV_BIN / "dagster"),
            "dev",
            "-m",
            "orchestration.defs.definitions",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        repository = _wait_for_location(port, process, log)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)

    jobs = {j["name"] for j in repository["jobs"]}
    assert {
        "refresh_all",
        "refresh_monthly",
        "refresh_quarterly",
        "refresh_bi_annual",
        "refresh_annual",
    } <= jobs
    assert {s["name"] for s in repository["schedules"]} == {
        f"{c}_refresh_schedule" for c in ("monthly", "quarterly", "bi_annual", "annual")
    }
    assert [s["name"] for s in repository["sensors"]] == ["new_landed_file_sensor"]
    assets = {"/".join(a["assetKey"]["path"]): a for a in repository["assetNodes"]}
    for key in ("fetch/prc_pfa", "raw/prc_pfa", "raw/load_log", "published/marts"):
        assert key in assets, key
    assert "marts/fct_force_period_measure" in assets
    assert all(a["groupName"] != "default" for a in assets.values())
    checks = {c["name"] for c in assets["raw/prc_pfa"]["assetChecksOrError"]["checks"]}
    assert {"files_accepted", "known_forces", "integer_counts"} <= checks
    mart_checks = assets["marts/fct_force_period_measure"]["assetChecksOrError"]["checks"]
    assert any(c["name"].startswith("gx_") for c in mart_checks)
    # The instance settings keep the console quiet: no telemetry banner.
    assert "Welcome to Dagster" not in log.read_text(errors="replace")
