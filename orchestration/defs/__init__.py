"""Dagster definitions: assets (fetch, ingest, dbt, publish), mart checks, jobs, schedules,
sensors and resources. The code location is `orchestration.defs.definitions`."""
