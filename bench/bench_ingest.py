"""Benchmark: ingest at national scale, against DuckDB's own load of the same files.

Run with `make bench` (or `python bench/bench_ingest.py [--months N]`). Prints figures and
ratios measured side by side in one run; asserts nothing.

What it writes, in a temporary folder (never bundled):
- police.uk street files in the genuine layout (docs/sources/street_crime.md) for N months
  (default 2): one `YYYY-MM-<slug>-street.csv` per territorial force and British Transport
  Police, about 528,000 rows a month in all (a national month, July 2025 scale), each force's
  share of the rows following its Census 2021 residents;
- the sample's police recorded crime workbook (ODS, every year sheet since 2019/20).

What it measures, each in a fresh subprocess so peak RSS is that step's alone:
- `ppf ingest --source street_crime` of month 1 into an empty warehouse, then of month 2
  (the files of month 1 already loaded: month 2 should cost what month 1 did);
- DuckDB's plain load of the same month: `read_csv(..., all_varchar = true)` into a table;
- `ppf ingest --source prc_pfa` of the workbook, and python-calamine reading every sheet of it.
Targets (issue 10): ingest <= 3x DuckDB and <= 1 GB peak RSS; a workbook <= 2x calamine.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS_PER_MONTH = 528_000
CRIME_TYPES = {  # crime type -> share of rows (police.uk national mix, rounded)
    "Anti-social behaviour": 0.17,
    "Violence and sexual offences": 0.33,
    "Shoplifting": 0.08,
    "Criminal damage and arson": 0.08,
    "Other theft": 0.06,
    "Public order": 0.07,
    "Vehicle crime": 0.05,
    "Burglary": 0.04,
    "Drugs": 0.03,
    "Other crime": 0.02,
    "Theft from the person": 0.02,
    "Bicycle theft": 0.015,
    "Possession of weapons": 0.01,
    "Robbery": 0.015,
}
OUTCOMES = ["Under investigation", "Investigation complete; no suspect identified", None]
HEADER = [
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
]  # fmt: skip


def _forces() -> list[tuple[str, str, int]]:
    """(police.uk slug, full name, residents) of the 43 force areas and BTP."""
    with (ROOT / "seeds" / "reference" / "police_force_areas.csv").open(newline="") as handle:
        rows = [
            (r["police_uk_slug"], r["force_full_name"], int(r["census2021_usual_residents"]))
            for r in csv.DictReader(handle)
        ]
    return [*rows, ("btp", "British Transport Police", 1_000_000)]


def write_street_month(folder: Path, month: str) -> list[Path]:
    """One national month of street files; returns their paths."""
    forces = _forces()
    people = sum(r for _, _, r in forces)
    rng = random.Random(f"bench|{month}")
    types, weights = list(CRIME_TYPES), list(CRIME_TYPES.values())
    paths = []
    for slug, name, residents in forces:
        path = folder / month / f"{month}-{slug}-street.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(HEADER)
            for n in range(round(ROWS_PER_MONTH * residents / people)):
                crime_type = rng.choices(types, weights)[0]
                asb = crime_type == "Anti-social behaviour"
                crime_id = "" if asb else hashlib.sha256(f"{month}{slug}{n}".encode()).hexdigest()
                lsoa = f"E0100{rng.randrange(10_000):04d}"
                out.writerow([
                    crime_id, month, name, name,
                    f"{rng.uniform(-3.0, 0.5):.6f}", f"{rng.uniform(50.5, 54.5):.6f}",
                    "On or near High Street", lsoa, f"Area {lsoa[-4:]}A", crime_type,
                    "" if asb else rng.choice(OUTCOMES[:2]), "",
                ])  # fmt: skip
        paths.append(path)
    return paths


def _run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one subprocess (os.wait4 gives that child's own usage)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(args[:4])} failed")
    return elapsed, usage.ru_maxrss / 1024


DUCKDB_LOAD = """
import duckdb, sys
con = duckdb.connect(sys.argv[1])
con.execute("create table street as select * from read_csv(?, all_varchar = true, "
            "union_by_name = true, filename = true)", [sys.argv[2:]])
"""
CALAMINE_READ = """
import sys
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
rows = sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--months", type=int, default=2)
    months = [f"2025-{m:02d}" for m in range(1, parser.parse_args().months + 1)]
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="ppf-bench-ingest-") as tmp:
        work = Path(tmp)
        env = dict(os.environ)
        env.update(
            PPF_LANDING_DIR=str(work / "landing"),
            PPF_WAREHOUSE=str(work / "ppf.duckdb"),
            PPF_PUBLISH_DIR=str(work / "published"),
            DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        )
        staging = work / "written"
        print(f"{'step':44} {'seconds':>8} {'peak RSS MB':>12} {'ratio':>7}")
        for i, month in enumerate(months):
            files = write_street_month(staging, month)
            rows = sum(1 for f in files for _ in f.open()) - len(files)
            size = sum(f.stat().st_size for f in files) / 2**20
            target = work / "landing" / "street_crime" / month
            target.parent.mkdir(parents=True, exist_ok=True)
            (staging / month).rename(target)
            plain, plain_rss = _run(
                [python, "-c", DUCKDB_LOAD, str(work / f"plain-{month}.duckdb"),
                 *map(str, sorted(target.iterdir()))],
                env,
            )  # fmt: skip
            ours, rss = _run(
                [python, "-m", "orchestration.cli", "ingest", "--source", "street_crime"], env
            )
            label = f"month {i + 1} ({len(files)} files, {rows:,} rows, {size:.0f} MB)"
            print(f"{'DuckDB read_csv, ' + label:44} {plain:8.2f} {plain_rss:12.0f}")
            print(f"{'ppf ingest, ' + label:44} {ours:8.2f} {rss:12.0f} {ours / plain:6.1f}x")
        from orchestration.sources.prc_pfa.sample import write_prc_pfa

        workbook = write_prc_pfa(work / "landing", ROOT)
        size = workbook.stat().st_size / 2**20
        read, read_rss = _run([python, "-c", CALAMINE_READ, str(workbook)], env)
        ours, rss = _run([python, "-m", "orchestration.cli", "ingest", "--source", "prc_pfa"], env)
        print(f"{f'calamine read, PRC workbook ({size:.0f} MB)':44} {read:8.2f} {read_rss:12.0f}")
        print(f"{'ppf ingest, PRC workbook':44} {ours:8.2f} {rss:12.0f} {ours / read:6.1f}x")
        print(
            "ppf ingest includes starting Python and importing GX (about 10 s on 2 cores); "
            "targets: street <= 3x DuckDB, <= 1,024 MB; workbook <= 2x calamine"
        )


if __name__ == "__main__":
    main()
