"""Refresh jobs: everything, and one per publication cadence.

A cadence job refreshes exactly the fetch and ingest assets of that cadence and everything
downstream of them (dbt models, their tests and GX checks, the publish step). Jobs run in one
process, one step at a time: every step writes the single DuckDB build file.
"""

from __future__ import annotations

import dagster as dg

from orchestration.cadences import CADENCES
from orchestration.defs.assets.keys import fetch_asset_key, ingest_asset_key
from orchestration.fetch.catalogue import CATALOGUE
from orchestration.sources import SOURCES


def cadence_selection(cadence: str) -> dg.AssetSelection:
    """The cadence's fetch and ingest assets and everything downstream of them."""
    ids = [s.source_id for s in SOURCES.values() if s.cadence == cadence]
    keys = [ingest_asset_key(i) for i in ids] + [fetch_asset_key(i) for i in ids if i in CATALOGUE]
    return dg.AssetSelection.assets(*keys).downstream()


refresh_all = dg.define_asset_job(
    "refresh_all",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Ingest every source, build and test the warehouse, validate and publish.",
)

CADENCE_JOBS = {
    cadence: dg.define_asset_job(
        f"refresh_{cadence}",
        selection=cadence_selection(cadence),
        executor_def=dg.in_process_executor,
        description=f"Refresh the {cadence.replace('_', '-')} sources and what depends on them.",
    )
    for cadence in CADENCES
}
