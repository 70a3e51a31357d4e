"""Benchmark: how long the Dagster code location takes to load, against Dagster alone.

Run with `make bench`. Each figure is the median wall time of five fresh interpreters importing
the module (what `dagster dev` and every run worker do first). The baseline, `import dagster`
and `import dagster_dbt`, is measured in the same run on the same machine; the target is a code
location that loads in at most 5 s on 2 cores. Prints figures; asserts nothing.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
TARGET_SECONDS = 5.0


def import_seconds(module: str) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    baseline = import_seconds("dagster")
    with_dbt = import_seconds("dagster_dbt")
    location = import_seconds("orchestration.defs.definitions")
    print(f"import dagster (baseline)          {baseline:6.2f} s")
    print(f"import dagster_dbt (baseline)      {with_dbt:6.2f} s")
    print(f"import orchestration.defs.definitions   {location:6.2f} s")
    print(f"code location / dagster            {location / baseline:6.2f}x")
    print(f"code location / dagster_dbt        {location / with_dbt:6.2f}x")
    verdict = "met" if location <= TARGET_SECONDS else "NOT met"
    print(f"target <= {TARGET_SECONDS:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
