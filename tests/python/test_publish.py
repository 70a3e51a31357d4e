"""Publishing: readers querying the published marts while a publish swaps them see no error,
and an unchanged publish rewrites nothing."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.python.conftest import Workspace, tree_digest

READER = textwrap.dedent(
    """
    import sys, time, duckdb
    path, seconds = sys.argv[1], float(sys.argv[2])
    reads = errors = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            con = duckdb.connect(path, read_only=True)
            rows = con.execute("select count(*) from fct_force_period_measure").fetchone()[0]
            con.execute("select count(*) from marts.dim_force").fetchone()
            con.close()
            assert rows > 0
            reads += 1
        except Exception as exc:
            errors += 1
            print("reader error:", exc, file=sys.stderr)
    print(reads, errors)
    """
)


def test_reader_during_publish_sees_no_error(loaded_copy: Workspace):
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(loaded_copy.publish_dir / "marts.duckdb"), "12"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(3):
        loaded_copy.ppf("publish", "--force")
    out, err = reader.communicate(timeout=60)
    reads, errors = (int(x) for x in out.split())
    assert errors == 0, err
    assert reads > 0


def test_unchanged_publish_rewrites_nothing(loaded_copy: Workspace):
    before = tree_digest(loaded_copy.publish_dir)
    result = loaded_copy.ppf("publish")
    assert "unchanged" in result.stdout
    assert tree_digest(loaded_copy.publish_dir) == before


def test_forced_publish_keeps_content(loaded_copy: Workspace):
    import duckdb

    def snapshot() -> dict[str, list]:
        con = duckdb.connect(str(loaded_copy.publish_dir / "marts.duckdb"), read_only=True)
        try:
            return {
                t: con.execute(f"select * from {t} order by all").fetchall()
                for t in ("dim_force", "measure_status", "fct_measure_national")
            }
        finally:
            con.close()

    before = snapshot()
    loaded_copy.ppf("publish", "--force")
    assert snapshot() == before
    parquet = sorted(p.name for p in (loaded_copy.publish_dir / "parquet").iterdir())
    assert "fct_force_period_measure.parquet" in parquet
    assert not [p for p in loaded_copy.publish_dir.rglob("*.partial")]
