"""Write every sample extract into a landing directory.

Every source folder's ``sample.py`` (``orchestration/sources/<source_id>/sample.py``) defines
``SAMPLE_SOURCE_ID`` and ``write_sample(landing_dir, project_root) -> Path | list[Path]``;
they are discovered, so adding a source's sample is adding that module. The writers share one
kit (this package: ``ods_writer``, ``xlsx_writer``) and no code with the loaders.
Command line: ``python -m orchestration.sample.generate LANDING_DIR``.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import pkgutil
from collections.abc import Callable
from pathlib import Path

import orchestration.sources

__all__ = ["SAMPLE_WRITERS", "write_samples"]

SampleWriter = Callable[[Path, Path], "Path | list[Path]"]


def _discover() -> dict[str, SampleWriter]:
    writers: dict[str, SampleWriter] = {}
    for info in sorted(pkgutil.iter_modules(orchestration.sources.__path__), key=lambda m: m.name):
        if (
            not info.ispkg
            or importlib.util.find_spec(f"orchestration.sources.{info.name}.sample") is None
        ):
            continue
        module = importlib.import_module(f"orchestration.sources.{info.name}.sample")
        source_id = getattr(module, "SAMPLE_SOURCE_ID", None)
        if source_id:
            writers[source_id] = module.write_sample
    return writers


SAMPLE_WRITERS: dict[str, SampleWriter] = _discover()


def default_project_root() -> Path:
    return Path(__file__).resolve().parents[2]


def write_samples(
    landing_dir: Path,
    project_root: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Run every registered writer (in registry order) and return the paths written;
    `progress` hears of each source as it starts and ends (the whole sample takes a while)."""
    root = Path(project_root) if project_root is not None else default_project_root()
    written: list[Path] = []
    for source_id, writer in SAMPLE_WRITERS.items():
        if progress:
            progress(f"sample {source_id}: writing")
        result = writer(Path(landing_dir), root)
        paths = result if isinstance(result, list) else [result]
        written.extend(paths)
        if progress:
            progress(f"sample {source_id}: {len(paths)} file(s) written")
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("landing_dir", type=Path)
    parser.add_argument("--project-root", type=Path, default=None)
    args = parser.parse_args(argv)
    for path in write_samples(args.landing_dir, args.project_root):
        print(path)


if __name__ == "__main__":
    main()
