"""Dagster resources, built from the one environment resolver."""

from __future__ import annotations

import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from orchestration.config import get_settings

settings = get_settings()
settings.export_env()

dbt_project = DbtProject(project_dir=settings.project_root, profiles_dir=settings.project_root)
# Under `dagster dev` only: rebuild the manifest from the working tree (a no-op elsewhere).
dbt_project.prepare_if_dev()
# The dbt installed beside this interpreter, whether or not the venv is on PATH.
dbt_resource = DbtCliResource(
    project_dir=dbt_project, dbt_executable=str(Path(sys.executable).parent / "dbt")
)
