"""The one place that resolves paths and environment for every entry point.

dbt resolves relative paths from its project folder, Dagster from wherever it was started: every
path here is made absolute against the project root so all of them agree.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    project_root: Path
    landing_dir: Path
    warehouse_path: Path
    publish_dir: Path
    dagster_home: Path

    @property
    def dbt_target_dir(self) -> Path:
        return self.project_root / "target"

    @property
    def manifest_path(self) -> Path:
        return self.dbt_target_dir / "manifest.json"

    @property
    def expectations_dir(self) -> Path:
        return self.project_root / "expectations"

    @property
    def seeds_dir(self) -> Path:
        return self.project_root / "seeds"

    def export_env(self) -> None:
        """Expose the resolved paths to subprocesses (dbt reads PPF_WAREHOUSE in profiles.yml)."""
        os.environ["PPF_LANDING_DIR"] = str(self.landing_dir)
        os.environ["PPF_WAREHOUSE"] = str(self.warehouse_path)
        os.environ["PPF_PUBLISH_DIR"] = str(self.publish_dir)
        os.environ["DAGSTER_HOME"] = str(self.dagster_home)
        os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
        os.environ.setdefault("DBT_PROFILES_DIR", str(self.project_root))


def _resolve(value: str | None, default: str, root: Path) -> Path:
    path = Path(value) if value else Path(default)
    return path if path.is_absolute() else (root / path).resolve()


def get_settings() -> Settings:
    root = Path(os.environ.get("PPF_PROJECT_ROOT", PROJECT_ROOT)).resolve()
    return Settings(
        project_root=root,
        landing_dir=_resolve(os.environ.get("PPF_LANDING_DIR"), "landing", root),
        warehouse_path=_resolve(os.environ.get("PPF_WAREHOUSE"), "warehouse/ppf.duckdb", root),
        publish_dir=_resolve(os.environ.get("PPF_PUBLISH_DIR"), "warehouse/published", root),
        dagster_home=_resolve(os.environ.get("DAGSTER_HOME"), ".dagster", root),
    )
