"""One folder per publication: `orchestration/sources/<source_id>/` holds `loader.py`, defining
`SPEC: SourceSpec` (publisher, cadence, landing patterns, parser, GX frames), and `sample.py`,
its sample writer, which shares no code with the loader. `SOURCES` (source_id -> SPEC) is the
only registry; it is built on first use (`orchestration.ingest.registry`), so importing a sample
writer never imports a loader.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "SOURCES":
        from orchestration.ingest.registry import SOURCES

        return SOURCES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
