"""The Dagster code location: `dagster dev` from the project root loads this module."""

import dagster as dg

from orchestration.assets.dbt import dbt_models, dbt_resource
from orchestration.assets.fetch import FETCH_ASSETS
from orchestration.assets.ingest import INGEST_ASSETS
from orchestration.assets.publish import published_marts
from orchestration.checks import MART_CHECKS
from orchestration.jobs import CADENCE_JOBS, refresh_all
from orchestration.resources import FetchSettings, RefreshOptions
from orchestration.schedules import SCHEDULES
from orchestration.sensors import new_landed_file_sensor

defs = dg.Definitions(
    assets=[*FETCH_ASSETS, *INGEST_ASSETS, dbt_models, published_marts],
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
