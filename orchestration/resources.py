"""Dagster resources, built from the one environment resolver."""

from __future__ import annotations

import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject, DbtProjectPreparer

from orchestration.config import get_settings
from orchestration.dbt_project import ensure_manifest


class ManifestPreparer(DbtProjectPreparer):
    """Rebuild the manifest under `dagster dev` when a model, macro, seed or test is newer, with
    dbt run in process. dagster-dbt's default preparer looks for `dbt` on PATH, which a plain
    shell running `.venv/bin/dagster dev` does not have."""

    def prepare_if_dev(self, project: DbtProject) -> None:
        if self.using_dagster_dev():
            self.prepare(project)

    def prepare(self, project: DbtProject) -> None:
        ensure_manifest()


settings = get_settings()
settings.export_env()

dbt_project = DbtProject(project_dir=settings.project_root, profiles_dir=settings.project_root)
# Under `dagster dev` only: rebuild the manifest from the working tree (a no-op elsewhere).
ManifestPreparer().prepare_if_dev(dbt_project)
# The dbt installed beside this interpreter, whether or not the venv is on PATH.
dbt_resource = DbtCliResource(
    project_dir=dbt_project, dbt_executable=str(Path(sys.executable).parent / "dbt")
)
