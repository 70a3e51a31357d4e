"""The dbt project as Dagster and the CLI see it. Nothing here parses dbt at import time.

The manifest is built by `make manifest` (and CI) with `dbt parse`; `ensure_manifest` rebuilds
it when a model, macro, seed or the project file is newer, so `ppf` works from a fresh clone too.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

from orchestration.config import get_settings

WATCHED = ("models", "macros", "seeds", "tests")


def _newest_source(root: Path) -> float:
    times = [(root / "dbt_project.yml").stat().st_mtime]
    for folder in WATCHED:
        times.extend(p.stat().st_mtime for p in (root / folder).rglob("*") if p.is_file())
    return max(times)


# A refresh builds seeds, models and data tests. dbt's unit tests check model logic against
# fixed inputs, not the data: they belong to development and CI (tests/python/test_dbt_unit.py
# runs them), not to every refresh, where they cost a fifth of a sample build.
REFRESH_BUILD_ARGS = ("build", "--exclude-resource-type", "unit_test")


def dbt_args(*args: str) -> list[str]:
    root = get_settings().project_root
    return [*args, "--project-dir", str(root), "--profiles-dir", str(root)]


def run_dbt(*args: str) -> None:
    """Run dbt in process; raise with dbt's own message when it fails."""
    settings = get_settings()
    settings.export_env()
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    from dbt.cli.main import dbtRunner  # dbt costs seconds to import: only when it runs

    result = dbtRunner().invoke(dbt_args(*args))
    if not result.success:
        detail = result.exception or "see the dbt log above"
        raise RuntimeError(f"dbt {' '.join(args)} failed: {detail}")


def ensure_manifest() -> Path:
    settings = get_settings()
    manifest = settings.manifest_path
    if not manifest.exists() or manifest.stat().st_mtime < _newest_source(settings.project_root):
        run_dbt("parse", "--quiet")
    return manifest


@functools.cache
def _manifest_at(path: str, mtime: float) -> dict:
    return json.loads(Path(path).read_text())


def load_manifest() -> dict:
    """The parsed manifest, read once per process (and again only if the file changes): the
    dbt assets, the publish asset and the build selection all need it, and parsing 1,200 nodes
    of JSON costs a noticeable part of the code location's load."""
    path = get_settings().manifest_path
    return _manifest_at(str(path), path.stat().st_mtime)


if __name__ == "__main__":
    # `make manifest`: parse with the paths a refresh uses (absolute, from config), so that
    # dbt's partial parsing, which is only reused under the same profile, serves the refresh.
    run_dbt("parse", "--quiet")
