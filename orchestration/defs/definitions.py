"""The Dagster code location: `dagster dev` from the project root loads this module."""

import dagster as dg

from orchestration.defs.assets.dbt import dbt_models, dbt_resource
from orchestration.defs.assets.fetch import FETCH_ASSETS
from orchestration.defs.assets.ingest import INGEST_ASSETS
from orchestration.defs.assets.publish import published_marts
from orchestration.defs.checks import MART_CHECKS
from orchestration.defs.jobs import CADENCE_JOBS, refresh_all
from orchestration.defs.resources import FetchSettings, RefreshOptions
from orchestration.defs.schedules import SCHEDULES
from orchestration.defs.sensors import new_landed_file_sensor

# The ingestion layer's own table: every file seen, with its status. dbt reads it (as the source
# raw.load_log), so it is declared here, in the raw group, rather than left as a stray key.
LOAD_LOG = dg.AssetSpec(
    key=dg.AssetKey(["raw", "load_log"]),
    group_name="raw",
    description="One row per landed file seen by ingestion: loaded, rejected or duplicate, with "
    "the rows appended and the reason for a rejection. Written by every ingest asset.",
    kinds={"duckdb"},
)

defs = dg.Definitions(
    assets=[LOAD_LOG, *FETCH_ASSETS, *INGEST_ASSETS, dbt_models, published_marts],
    asset_checks=MART_CHECKS,
    jobs=[refresh_all, *CADENCE_JOBS.values()],
    schedules=SCHEDULES,
    sensors=[new_landed_file_sensor],
    resources={
        "dbt": dbt_resource,
        "refresh_options": RefreshOptions(),
        "fetch_settings": FetchSettings(),
    },
)
