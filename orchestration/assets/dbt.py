"""The dbt project as Dagster assets; dbt tests become asset checks.

The translator maps dbt sources to the ingest assets (`raw/<source_id>`) so lineage is one
graph, and names asset groups after the dbt folder, the same rule as generate_schema_name.
"""

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, dbt_assets

from orchestration.assets.ingest import WRITER_POOL
from orchestration.pipeline import record_dbt_results
from orchestration.resources import dbt_project, dbt_resource, settings


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
    manifest=dbt_project.manifest_path,
    dagster_dbt_translator=translator,
    pool=WRITER_POOL,
)
def dbt_models(context: dg.AssetExecutionContext, dbt: dg.ResourceParam[Any]):
    invocation = dbt.cli(["build"], context=context)
    try:
        yield from invocation.stream()
    finally:
        record_dbt_results(invocation.target_path / "run_results.json", settings)


__all__ = ["dbt_models", "dbt_resource", "translator"]
