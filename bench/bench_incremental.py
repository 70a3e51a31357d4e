"""Benchmark: an incremental refresh against a full one, on the bundled sample.

Run with `make bench`. In a temporary workspace: `ppf sample`, then three refreshes, each
timed as a whole (wall clock of `ppf refresh`, which is what a user waits for):
  1. full: everything ingested and built;
  2. nothing new: no file and no part of the dbt project changed (the build is skipped);
  3. one new monthly file: a later 999 release with one force-month changed (only what depends
     on the 999 source, the load log and the marts is rebuilt).
Prints each time and its ratio to the full refresh (targets: nothing new in seconds; one new
monthly file at most 10% of a full build). Asserts nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ppf(env: dict[str, str], *args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "orchestration.cli", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def new_999_release(landing: Path) -> None:
    """The sample 999 CSV re-issued a day later with one force-month's total changed."""
    source = sorted((landing / "calls_999").glob("*.csv"))[0]
    lines = source.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[5].split(",")
    cells[2] = str(int(cells[2]) + 1000)
    lines[5] = ",".join(cells)
    target = source.with_name(source.name.replace("191126", "201126"))
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="ppf-bench-incremental-") as tmp:
        work = Path(tmp)
        env = dict(
            os.environ,
            PPF_LANDING_DIR=str(work / "landing"),
            PPF_WAREHOUSE=str(work / "warehouse" / "ppf.duckdb"),
            PPF_PUBLISH_DIR=str(work / "published"),
            DAGSTER_HOME=str(work / "dagster_home"),
            DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        )
        ppf(env, "sample")
        full = ppf(env, "refresh")
        idle = ppf(env, "refresh")
        new_999_release(work / "landing")
        one_file = ppf(env, "refresh")
    print(f"full refresh                      {full:8.1f} s")
    print(f"nothing new                       {idle:8.1f} s  ({idle / full:6.1%} of full)")
    print(f"one new monthly file (999)        {one_file:8.1f} s  ({one_file / full:6.1%} of full)")
    print("target: one new monthly file <= 10% of full")


if __name__ == "__main__":
    main()
