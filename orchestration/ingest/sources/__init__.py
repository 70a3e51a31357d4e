"""One module per publication, each defining `SPEC: SourceSpec`; SOURCES maps source_id to it.

Modules are discovered, so adding a source is adding a module (docs/adding-a-source.md).
"""

from __future__ import annotations

import importlib
import pkgutil

from orchestration.ingest.source import SourceSpec


def _discover() -> dict[str, SourceSpec]:
    specs: dict[str, SourceSpec] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        spec = getattr(module, "SPEC", None)
        if isinstance(spec, SourceSpec):
            if spec.source_id in specs:
                raise ValueError(f"source_id {spec.source_id} defined twice")
            specs[spec.source_id] = spec
    return specs


SOURCES: dict[str, SourceSpec] = _discover()
