"""Dagster assets: one ingest asset per source, the dbt project, and the publish step."""
