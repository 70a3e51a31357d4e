"""Publish the marts to the read-only DuckDB file and Parquet files BI tools read."""

import dagster as dg

from orchestration.dbt_project import load_manifest
from orchestration.defs.assets.keys import WRITER_POOL
from orchestration.defs.checks import mart_asset_key
from orchestration.pipeline import publish_marts

PUBLISHED_KEY = dg.AssetKey(["published", "marts"])


def _mart_models() -> list[str]:
    """Every dbt model in the marts schema (publish copies them all), from the manifest."""
    manifest = load_manifest()
    return sorted(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"].get("schema") == "marts"
    )


PUBLISHED_TABLES = _mart_models()


@dg.asset(
    key=PUBLISHED_KEY,
    group_name="published",
    deps=[mart_asset_key(t) for t in PUBLISHED_TABLES],
    kinds={"duckdb", "parquet"},
    description="marts.duckdb and parquet/<table>.parquet under PPF_PUBLISH_DIR, swapped in "
    "atomically; unchanged marts are not rewritten.",
    pool=WRITER_POOL,
)
def published_marts(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    result = publish_marts()
    context.log.info(
        "published" if result.published else "marts unchanged since the last publish; kept"
    )
    return dg.MaterializeResult(
        metadata={
            "published": result.published,
            "fingerprint": result.fingerprint,
            "publish_dir": str(result.publish_dir),
            **{f"rows_{table}": count for table, count in result.tables.items()},
        }
    )
