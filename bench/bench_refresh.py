"""Benchmark: time and peak memory of each refresh step on the bundled sample extracts.

Run with `make bench`. Prints figures; asserts nothing (speed targets live here, not in tests).
Each step runs in a fresh temporary workspace, in this process, so peak RSS covers them all.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="ppf-bench-") as tmp:
        work = Path(tmp)
        os.environ.update(
            PPF_LANDING_DIR=str(work / "landing"),
            PPF_WAREHOUSE=str(work / "ppf.duckdb"),
            PPF_PUBLISH_DIR=str(work / "published"),
            DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        )
        from orchestration import pipeline
        from orchestration.sample.generate import write_samples

        steps = [
            ("sample extracts", lambda: write_samples(work / "landing", ROOT)),
            ("ingest + GX gate", pipeline.ingest),
            ("dbt build", pipeline.build),
            ("GX on marts", pipeline.validate),
            ("publish", pipeline.publish_marts),
            ("ingest again (no-op)", pipeline.ingest),
            ("publish again (unchanged)", pipeline.publish_marts),
        ]
        print(f"{'step':28} {'seconds':>8} {'peak RSS MB':>12}")
        total = 0.0
        for name, step in steps:
            start = time.perf_counter()
            step()
            elapsed = time.perf_counter() - start
            total += elapsed
            print(f"{name:28} {elapsed:8.2f} {peak_rss_mb():12.0f}")
        size = (work / "ppf.duckdb").stat().st_size / 2**20
        published = sum(p.stat().st_size for p in (work / "published").rglob("*")) / 2**20
        print(f"{'total':28} {total:8.2f}")
        print(f"build database {size:.1f} MB; published files {published:.1f} MB")


if __name__ == "__main__":
    main()
