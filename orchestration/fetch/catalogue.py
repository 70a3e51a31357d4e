"""CATALOGUE: source_id -> fetch entry, gathered from the source folders.

Each `orchestration/sources/<source_id>/fetch.py` states `FETCH` (a `CatalogueEntry`: landing
page, listing, file patterns, size limit, what is verified) or `NO_DOWNLOAD` (why there is
nothing to download). A source folder without `fetch.py` is not fetched.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil

import orchestration.sources
from orchestration.fetch.entry import CatalogueEntry

__all__ = ["CATALOGUE", "NO_DOWNLOAD", "CatalogueEntry"]


def _gather() -> tuple[dict[str, CatalogueEntry], dict[str, str]]:
    entries: dict[str, CatalogueEntry] = {}
    reasons: dict[str, str] = {}
    for package in sorted(
        pkgutil.iter_modules(orchestration.sources.__path__), key=lambda m: m.name
    ):
        name = f"orchestration.sources.{package.name}.fetch"
        if not package.ispkg or importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        entry = getattr(module, "FETCH", None)
        if entry is not None:
            if not isinstance(entry, CatalogueEntry) or entry.source_id != package.name:
                raise ValueError(f"{name}: FETCH must be the CatalogueEntry of {package.name!r}")
            entries[package.name] = entry
        elif isinstance(getattr(module, "NO_DOWNLOAD", None), str):
            reasons[package.name] = module.NO_DOWNLOAD
        else:
            raise ValueError(f"{name} states neither FETCH nor NO_DOWNLOAD")
    return entries, reasons


CATALOGUE, NO_DOWNLOAD = _gather()
