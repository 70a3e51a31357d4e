"""kill -9 loses nothing: `ppf refresh` killed (SIGKILL to its process group) while it ingests
a large file, while dbt builds and while it publishes; then a refresh that completes.

After each kill the published marts open read-only and are byte-identical to before; raw holds
all of a file or none of it, with a load_log row to match; no lock or temporary file blocks the
next run. The last refresh publishes the new release while a reader in a separate process (as a
BI tool would) queries the published file throughout without an error.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.python.conftest import PROJECT_ROOT, Workspace

BIG_ROWS = 300_000
BIG_MONTH = "2024-01"

# A BI tool's loop: open the published file read-only, query, close; until told to stop.
READER = """
import pathlib, sys, time, duckdb
path, stop = sys.argv[1], pathlib.Path(sys.argv[2])
reads = errors = 0
deadline = time.monotonic() + 900
while not stop.exists() and time.monotonic() < deadline:
    try:
        con = duckdb.connect(path, read_only=True)
        con.execute("select count(*) from fct_force_period_measure").fetchone()
        con.execute("select count(*) from marts.measure_status").fetchone()
        con.close()
        reads += 1
    except Exception as exc:
        errors += 1
        print("reader error:", exc, file=sys.stderr)
    # 20 reads a second: a busy BI reader, which leaves the refresh a core of the two.
    time.sleep(0.05)
print(reads, errors)
"""


def _write_big_street_file(sample_landing: Path, landing: Path) -> tuple[Path, int]:
    """A national-size month of one force in the genuine police.uk layout: the sample's rows
    for West Yorkshire repeated with fresh crime ids up to BIG_ROWS rows."""
    source = sorted((sample_landing / "street_crime").rglob("*west-yorkshire-street.csv"))[0]
    with source.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    target = landing / "street_crime" / BIG_MONTH / f"{BIG_MONTH}-west-yorkshire-street.csv"
    target.parent.mkdir(parents=True)
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for n in range(BIG_ROWS):
            row = list(rows[n % len(rows)])
            if row[0]:
                row[0] = hashlib.sha256(f"big-{n}".encode()).hexdigest()
            row[1] = BIG_MONTH
            writer.writerow(row)
    return target, BIG_ROWS


def _published_digest(publish_dir: Path) -> dict[str, str]:
    """What a reader sees: marts.duckdb and every Parquet file, through the published links."""
    files = [publish_dir / "marts.duckdb", *sorted((publish_dir / "parquet").glob("*.parquet"))]
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _start_refresh(workspace: Workspace, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "orchestration.cli", "refresh"],
        cwd=PROJECT_ROOT,
        env=workspace.env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        start_new_session=True,  # its own process group: dbt and every child die with it
    )


def _logged(log: Path, marker: str):
    return lambda: marker in log.read_text(errors="replace")


def _kill_when(process: subprocess.Popen[bytes], log: Path, *conditions) -> None:
    """Wait until each condition holds in turn (polling every 5 ms), then SIGKILL the whole
    process group of the refresh."""
    deadline = time.monotonic() + 600
    for condition in conditions:
        while not condition():
            tail = log.read_text(errors="replace")[-3000:]
            assert process.poll() is None, f"refresh ended before the kill:\n{tail}"
            assert time.monotonic() < deadline, tail
            time.sleep(0.005)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL


def _raw_state(workspace: Workspace, source_id: str) -> tuple[int, list[tuple]]:
    """Rows in raw.<source_id> (0 when absent) and the source's load_log rows. Opening the
    build database read-write also proves no stale lock is held."""
    con = duckdb.connect(str(workspace.warehouse))
    try:
        exists = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'raw' and table_name = ?",
            [source_id],
        ).fetchone()[0]
        rows = con.execute(f"select count(*) from raw.{source_id}").fetchone()[0] if exists else 0
        log = con.execute(
            "select file_name, status, rows from raw.load_log where source_id = ? order by all",
            [source_id],
        ).fetchall()
    finally:
        con.close()
    return rows, log


def _assert_all_or_nothing(workspace: Workspace, source_id: str, name: str, size: int) -> int:
    rows, log = _raw_state(workspace, source_id)
    if rows == 0:
        assert log == [], log
    else:
        assert (rows, log) == (size, [(name, "loaded", size)])
    return rows


def test_refresh_killed_at_each_stage_loses_nothing(prc_with_bad_999, sample_landing, tmp_path):
    workspace = prc_with_bad_999.workspace.copy_to(tmp_path / "killed")
    published = _published_digest(workspace.publish_dir)
    # The new release: the sample's 999 file replaces the rejected one, and a large street file.
    for path in (workspace.landing / "calls_999").iterdir():
        path.unlink()
    calls = sorted((sample_landing / "calls_999").glob("*.csv"))[0]
    (workspace.landing / "calls_999" / calls.name).write_bytes(calls.read_bytes())
    big, big_rows = _write_big_street_file(sample_landing, workspace.landing)

    log = tmp_path / "refresh.log"

    # 1. Killed while the large street file is being ingested.
    _kill_when(_start_refresh(workspace, log), log, _logged(log, "raw__street_crime: step start"))
    assert _published_digest(workspace.publish_dir) == published
    _assert_all_or_nothing(workspace, "street_crime", big.name, big_rows)
    # The 999 file, ingested before the kill, is wholly loaded (the base's rejected file of the
    # same name, other bytes, keeps its row).
    calls_rows, calls_log = _raw_state(workspace, "calls_999")
    assert calls_rows > 0
    assert set(calls_log) == {(calls.name, "loaded", calls_rows), (calls.name, "rejected", None)}

    # 2. Killed while dbt builds (a few seconds in: models are being written).
    started = _logged(log, "dbt_models: step start")
    _kill_when(_start_refresh(workspace, log), log, started, _after(seconds=8))
    assert _published_digest(workspace.publish_dir) == published
    assert _assert_all_or_nothing(workspace, "street_crime", big.name, big_rows) == big_rows

    # 3. Killed while publishing: as soon as the new version is being written.
    versions = workspace.publish_dir / "versions"
    _kill_when(
        _start_refresh(workspace, log),
        log,
        lambda: versions.exists() and any(p.name.endswith(".partial") for p in versions.iterdir()),
    )
    after = _published_digest(workspace.publish_dir)
    if after != published:
        # The kill landed in the instant after the one atomic switch (the new version was
        # complete): readers must then see the whole new set, never a mix.
        _assert_complete_version(workspace.publish_dir)

    # 4. The next refresh completes and publishes the new release; a reader never fails.
    stop = tmp_path / "stop-reading"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(workspace.publish_dir / "marts.duckdb"), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        workspace.ppf("refresh")
    finally:
        stop.touch()
    out, err = reader.communicate(timeout=60)
    reads, errors = (int(x) for x in out.split())
    assert errors == 0, err
    assert reads > 0
    assert _published_digest(workspace.publish_dir) != published
    assert not [p for p in workspace.publish_dir.rglob("*.partial")]
    _assert_published_999_figure(workspace, calls)


def _assert_complete_version(publish_dir: Path) -> None:
    """The published links resolve into one version holding every table in its manifest."""
    version = (publish_dir / "current").resolve()
    assert (publish_dir / "marts.duckdb").resolve().parent == version
    tables = json.loads((publish_dir / "_publish_manifest.json").read_text())["tables"]
    con = duckdb.connect(str(publish_dir / "marts.duckdb"), read_only=True)
    try:
        for table, rows in tables.items():
            assert con.execute(f"select count(*) from {table}").fetchone()[0] == rows
            assert (version / "parquet" / f"{table}.parquet").exists()
    finally:
        con.close()


def _after(seconds: float):
    """Holds `seconds` after the first time it is asked (conditions are asked in turn, so
    this starts counting once the one before it held)."""
    start: list[float] = []

    def check() -> bool:
        if not start:
            start.append(time.monotonic())
        return time.monotonic() - start[0] >= seconds

    return check


def _assert_published_999_figure(workspace: Workspace, calls: Path) -> None:
    """The new release is what readers now see: Kent's share of calls answered within 10
    seconds in the file's first month, computed here from the CSV's own counts."""
    with calls.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    kent = next(r for r in rows if r["Force"].startswith("Kent"))
    expected = int(kent["Calls answered in under 10 seconds"]) / int(kent["Total calls"])
    con = duckdb.connect(str(workspace.publish_dir / "marts.duckdb"), read_only=True)
    try:
        values = con.execute(
            "select value from fct_force_period_measure "
            "where measure_id = 'ppf_999_calls_answered_within_10s' and breakdown = 'total' "
            "and force_code = 'E23000032' and period_type = 'month' "
            "and strftime(period_start, '%b-%y') = ?",
            [kent["Month"]],
        ).fetchall()
    finally:
        con.close()
    assert values == [(pytest.approx(expected, rel=1e-12),)]
