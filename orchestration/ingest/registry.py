"""SOURCES: source_id -> SPEC of every folder in `orchestration/sources/`, discovered, so adding
a source is adding a folder (docs/adding-a-source.md). The only registry: Dagster, fetch,
status and the tests read it (as `orchestration.sources.SOURCES`)."""

from __future__ import annotations

import importlib
import pkgutil

import orchestration.sources
from orchestration.ingest.source import SourceSpec


def _discover() -> dict[str, SourceSpec]:
    specs: dict[str, SourceSpec] = {}
    for package in sorted(
        pkgutil.iter_modules(orchestration.sources.__path__), key=lambda m: m.name
    ):
        if not package.ispkg:
            continue
        module = importlib.import_module(f"orchestration.sources.{package.name}.loader")
        spec = getattr(module, "SPEC", None)
        if not isinstance(spec, SourceSpec):
            raise ValueError(f"{module.__name__} defines no SPEC")
        if spec.source_id != package.name:
            raise ValueError(f"{module.__name__}: SPEC.source_id is {spec.source_id!r}")
        specs[spec.source_id] = spec
    return specs


SOURCES: dict[str, SourceSpec] = _discover()
