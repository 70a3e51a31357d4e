"""Names shared by the asset modules: asset keys, the writer pool and tag values."""

from __future__ import annotations

import re

import dagster as dg

# Every step that writes the build database (or landing) is in this pool. The instance settings
# that `make` writes (dagster.yaml: concurrency.pools.default_limit 1) let one such step run at
# a time across all runs, so a second run waits for the DuckDB writer lock instead of failing.
WRITER_POOL = "warehouse_writer"


def tag_value(text: str) -> str:
    """A publisher name as a Dagster tag value (letters, digits, `_`, `-` and `.` only)."""
    return re.sub(r"[^a-z0-9_.-]+", "_", text.lower()).strip("_")[:63]


def ingest_asset_key(source_id: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", source_id])


def fetch_asset_key(source_id: str) -> dg.AssetKey:
    return dg.AssetKey(["fetch", source_id])
