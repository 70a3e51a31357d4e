"""The dbt project as Dagster assets; dbt tests become asset checks.

The translator maps dbt sources to the ingest assets (`raw/<source_id>`) so lineage is one
graph, and names asset groups after the dbt folder, the same rule as generate_schema_name.
"""

import contextlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, dbt_assets

from orchestration.build_state import (
    BuildInputs,
    current_inputs,
    last_published,
    record_build,
)
from orchestration.dbt_project import REFRESH_BUILD_ARGS, load_manifest
from orchestration.dbt_selection import unaffected_nodes
from orchestration.defs.assets.keys import WRITER_POOL
from orchestration.defs.resources import RefreshOptions, dbt_resource, settings
from orchestration.pipeline import record_dbt_results


class WarehouseTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey(["raw", dbt_resource_props["name"]])
        schema = dbt_resource_props.get("config", {}).get("schema") or "reference"
        return dg.AssetKey([schema, dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props.get("config", {}).get("schema") or "reference"


translator = WarehouseTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


@dbt_assets(
    manifest=load_manifest(),
    dagster_dbt_translator=translator,
    pool=WRITER_POOL,
)
def dbt_models(
    context: dg.AssetExecutionContext,
    dbt: dg.ResourceParam[Any],
    refresh_options: RefreshOptions,
):
    """`dbt build`, skipped when the files loaded and the dbt project are those of the last
    published build (then the mart checks and the publish are skipped too). dbt's own log goes
    to a file beside the warehouse, not the console (a full build writes thousands of lines);
    a failure names the failing nodes and the log's path."""
    inputs = current_inputs(settings)
    previous = None if refresh_options.rebuild else last_published(settings)
    if previous == inputs:
        context.log.info(
            "nothing new since the last published build (same files loaded, same dbt project): "
            "dbt build, mart checks and publish skipped"
        )
        return
    excludes = build_excludes(inputs, previous)
    if excludes:
        context.log.info(
            f"changed sources {', '.join(inputs.changed_sources(previous))}: building what "
            f"depends on them and the marts ({len(excludes)} models and seeds left as they are)"
        )
    log_path = dbt_log_path(context.run_id)
    args = [*REFRESH_BUILD_ARGS, *(["--exclude", " ".join(excludes)] if excludes else [])]
    invocation = dbt.cli(args, context=context, raise_on_error=False)
    try:
        with log_path.open("w", encoding="utf-8") as log, contextlib.redirect_stdout(log):
            yield from invocation.stream()
    finally:
        record_dbt_results(invocation.target_path / "run_results.json", settings)
    if not invocation.is_successful():
        failures = failed_nodes(invocation.target_path / "run_results.json") or log_errors(log_path)
        raise dg.Failure(
            description=f"dbt build failed: {'; '.join(failures[:3]) or 'see the log'} "
            f"(full dbt log: {log_path})",
            metadata={"dbt_log": str(log_path), "failed_nodes": len(failures)},
        )
    record_build(settings, inputs)
    context.log.info(f"dbt build log: {log_path}")


def build_excludes(inputs: BuildInputs, previous: BuildInputs | None) -> list[str]:
    """Models and seeds a build can leave alone, or [] for a full build: any change to the dbt
    project, or no published build to start from, builds everything."""
    if previous is None or previous.project_hash != inputs.project_hash:
        return []
    return unaffected_nodes(load_manifest(), inputs.changed_sources(previous))


def log_errors(log_path: Path) -> list[str]:
    """dbt's own error lines, for a failure before any node ran (a bad argument, a parse
    error)."""
    if not log_path.exists():
        return []
    lines = log_path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [" ".join(line.split())[:300] for line in lines if "Error" in line][:3]


def dbt_log_path(run_id: str) -> Path:
    folder = settings.warehouse_path.parent / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"dbt-build-{run_id[:8]}.log"


def failed_nodes(run_results: Path) -> list[str]:
    """`node: message` for every model, seed or test that errored or failed."""
    if not run_results.exists():
        return []
    results = json.loads(run_results.read_text()).get("results", [])
    return [
        f"{r['unique_id']}: {' '.join(str(r.get('message') or r['status']).split())[:300]}"
        for r in results
        if r.get("status") in ("error", "fail", "runtime error")
    ]


__all__ = ["dbt_models", "dbt_resource", "translator"]
