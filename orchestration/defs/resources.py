"""Dagster resources, built from the one environment resolver."""

from __future__ import annotations

import sys
from pathlib import Path

import dagster as dg
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


class RefreshOptions(dg.ConfigurableResource):
    """Run configuration of a refresh (`resources.refresh_options.config` in run config).

    retry_rejected: judge files rejected in earlier runs again against the current seeds and
        rules (after a force name variant or an offence code was added), as `ppf ingest
        --retry-rejected` does.
    rebuild: run the dbt build (and publish) even when no file and no part of the dbt project
        changed since the last published build.
    fetch: download the latest files from the official pages first (the fetch assets); on for
        the cadence schedules, off for `make run` and `ppf refresh` unless `--fetch`.
    """

    retry_rejected: bool = False
    rebuild: bool = False
    fetch: bool = False


class FetchSettings(dg.ConfigurableResource):
    """How fetch assets reach the official pages. `loopback_mirror` (tests only) serves every
    allow-listed host from one http://127.0.0.1:<port> server; it cannot point off the machine."""

    loopback_mirror: str | None = None

    def client(self):
        from orchestration.fetch.download import HostMap, HttpClient

        return HttpClient(host_map=HostMap(self.loopback_mirror) if self.loopback_mirror else None)
