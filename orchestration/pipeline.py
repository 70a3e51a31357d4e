"""The refresh steps, as plain functions shared by the `ppf` CLI and the Dagster assets.

Each step opens the build database only for as long as it writes, so the next step (dbt runs in
its own process) can take the single writer lock.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb

from orchestration.build_state import current_inputs, record_build, record_published
from orchestration.config import Settings, get_settings
from orchestration.ingest.runner import FileOutcome, ingest_source
from orchestration.ingest.warehouse import connect, utc_now
from orchestration.publish import PublishResult, publish
from orchestration.quality.gx_runner import (
    RESULTS_DDL,
    CheckResult,
    new_run_id,
    record_results,
    run_suite,
)
from orchestration.reference import force_resolver, read_seed
from orchestration.sources import SOURCES

Progress = Callable[[str], None]

# Marts with a GX suite in expectations/ (marts_<table>.json); all must pass before publishing.
MART_SUITES = tuple(
    sorted(
        p.stem.removeprefix("marts_") for p in get_settings().expectations_dir.glob("marts_*.json")
    )
)


class BlockingQualityError(RuntimeError):
    """A blocking expectation failed on a mart: the last published marts stay as they were."""


def ingest(
    source_ids: Iterable[str] | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
    retry_rejected: bool = False,
) -> dict[str, list[FileOutcome]]:
    """Land new files of each source; rejected files are quarantined in their outcomes."""
    settings = settings or get_settings()
    run_id = new_run_id()
    outcomes: dict[str, list[FileOutcome]] = {}
    con = connect(settings.warehouse_path)
    try:
        for source_id in source_ids or SOURCES:
            outcomes[source_id] = ingest_source(
                con, SOURCES[source_id], settings.landing_dir, progress, run_id, retry_rejected
            )
    finally:
        con.close()
    return outcomes


def record_dbt_results(run_results_path: Path, settings: Settings | None = None) -> int:
    """Copy dbt test results from run_results.json into quality.validation_results."""
    settings = settings or get_settings()
    if not run_results_path.exists():
        return 0
    payload = json.loads(run_results_path.read_text())
    run_id = payload.get("metadata", {}).get("invocation_id", new_run_id())
    rows = []
    for result in payload.get("results", []):
        unique_id = result.get("unique_id", "")
        if not unique_id.startswith(("test.", "unit_test.")):
            continue
        status = result.get("status")
        kind, _, *name = unique_id.split(".")
        rows.append(
            [
                run_id,
                utc_now(),
                "dbt",
                f"dbt_{kind}",
                name[0] if kind == "test" else ".".join(name),
                "warning" if status == "warn" else "blocking",
                status in ("pass", "warn"),
                result.get("message"),
                result.get("failures"),
            ]
        )
    con = connect(settings.warehouse_path)
    try:
        con.execute(RESULTS_DDL)
        con.executemany(
            "insert into quality.validation_results values (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
    finally:
        con.close()
    return len(rows)


def build(settings: Settings | None = None) -> None:
    """`dbt build`: seeds, models and every data test; test results land in quality."""
    from orchestration.dbt_project import REFRESH_BUILD_ARGS, ensure_manifest, run_dbt

    settings = settings or get_settings()
    ensure_manifest()
    inputs = current_inputs(settings)
    try:
        run_dbt(*REFRESH_BUILD_ARGS, "--quiet")
    finally:
        record_dbt_results(settings.dbt_target_dir / "run_results.json", settings)
    record_build(settings, inputs)


def read_mart(settings: Settings, table: str):
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        return con.execute(f'select * from marts."{table}"').df()
    finally:
        con.close()


def mart_parameters(settings: Settings) -> dict[str, object]:
    """Suite parameters for the mart suites, from the project's seeds."""
    return {
        "force_codes": sorted(force_resolver(settings.seeds_dir).force_codes),
        "catalogue_count": len(read_seed("measure_catalogue", settings.seeds_dir)),
    }


def validate_mart(table: str, settings: Settings | None = None) -> list[CheckResult]:
    settings = settings or get_settings()
    results = run_suite(
        f"marts_{table}", {"rows": read_mart(settings, table)}, mart_parameters(settings)
    )
    con = connect(settings.warehouse_path)
    try:
        record_results(con, f"marts/{table}", results, new_run_id())
    finally:
        con.close()
    return results


def validate(settings: Settings | None = None, progress: Progress | None = None):
    """GX suites on every mart that has one; raise if a blocking expectation fails."""
    settings = settings or get_settings()
    results: dict[str, list[CheckResult]] = {}
    for table in MART_SUITES:
        if progress:
            progress(f"validating marts.{table}")
        results[table] = validate_mart(table, settings)
    failures = [f"marts.{t}: {r.summary()}" for t, rs in results.items() for r in rs if r.blocks]
    if failures:
        raise BlockingQualityError("blocking data quality failures: " + "; ".join(failures))
    return results


def publish_marts(settings: Settings | None = None, force: bool = False) -> PublishResult:
    settings = settings or get_settings()
    result = publish(settings.warehouse_path, settings.publish_dir, force=force)
    record_published(settings)
    return result
