"""Shared fixtures: the CLI as a subprocess, and one sample warehouse built once per session.

Every test that writes gets its own temporary landing folder, warehouse and publish folder; the
session warehouse is copied, never changed, by tests that need a loaded starting point.
"""

from __future__ import annotations

import atexit
import csv
import functools
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse" / "ppf.duckdb"

    @property
    def publish_dir(self) -> Path:
        return self.root / "published"

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            PPF_LANDING_DIR=str(self.landing),
            PPF_WAREHOUSE=str(self.warehouse),
            PPF_PUBLISH_DIR=str(self.publish_dir),
            DAGSTER_HOME=str(self.root / "dagster_home"),
            DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        )
        return env

    def ppf(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "orchestration.cli", *args],
            cwd=PROJECT_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"ppf {' '.join(args)} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
            )
        return result

    def copy_to(self, target: Path) -> Workspace:
        shutil.copytree(
            self.root, target, symlinks=True, ignore=shutil.ignore_patterns("dagster_home")
        )
        return Workspace(target)


# The header of a police recorded crime open data year sheet (docs/sources/prc_pfa.md).
PRC_HEADER = [
    "Financial Year",
    "Financial Quarter",
    "Force Name",
    "Offence Description",
    "Offence Group",
    "Offence Subgroup",
    "Offence Code",
    "Number of Offences",
]


def write_prc_workbook(path: Path, rows: list[list], sheet: str = "2024_25") -> Path:
    """A one-sheet police recorded crime ODS in the genuine layout, for tests that need a
    small real file."""
    from orchestration.sample.ods_writer import write_ods

    path.parent.mkdir(parents=True, exist_ok=True)
    write_ods(path, [(sheet, [PRC_HEADER, *rows])])
    return path


def seed_csv(name: str) -> Path:
    """The file of the seed `name`, in whichever subfolder of seeds/ holds it."""
    (path,) = (PROJECT_ROOT / "seeds").glob(f"*/{name}.csv")
    return path


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file below a folder, keyed by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def sample_landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample extracts (`ppf sample`), written once per session; never changed."""
    workspace = Workspace(tmp_path_factory.mktemp("sample_landing"))
    workspace.ppf("sample")
    return workspace.landing


@pytest.fixture(scope="session")
def sample_workspace(sample_landing: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The sample landed and refreshed (`ppf refresh`) in a fresh workspace, once per session."""
    workspace = Workspace(tmp_path_factory.mktemp("sample_workspace"))
    shutil.copytree(sample_landing, workspace.landing)
    workspace.ppf("refresh")
    return workspace


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups off the markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under `pytest -n 2 --dist loadgroup` (make test), every test that reads the built sample
    runs on one worker, so the sample is refreshed once per run, not once per worker. The other
    tests go to whichever worker is free."""
    for item in items:
        if "sample_workspace" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("built_sample"))


@dataclass(frozen=True)
class PrcWithBad999:
    workspace: Workspace
    result: subprocess.CompletedProcess[str]
    force: str
    month: str


def write_bad_999_file(sample_landing: Path, target: Path) -> tuple[str, str]:
    """The sample 999 CSV with text in the third line's total; returns that line's force and
    month as written, which the rejection must quote."""
    source = sorted((sample_landing / "calls_999").glob("*.csv"))[0]
    lines = source.read_text(encoding="utf-8-sig").splitlines()
    cells = next(csv.reader([lines[2]]))
    cells[2] = "twelve thousand"
    lines[2] = ",".join(f'"{c}"' if "," in c else c for c in cells)
    target.mkdir(parents=True, exist_ok=True)
    (target / source.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return cells[0], cells[1]


@pytest.fixture(scope="session")
def prc_with_bad_999(sample_landing: Path, tmp_path_factory) -> PrcWithBad999:
    """Police recorded crime and a 999 file with text in a count, refreshed once: the
    warehouse of a user who has landed one source (the 999 file is rejected)."""
    workspace = Workspace(tmp_path_factory.mktemp("prc_only"))
    shutil.copytree(sample_landing / "prc_pfa", workspace.landing / "prc_pfa")
    force, month = write_bad_999_file(sample_landing, workspace.landing / "calls_999")
    result = workspace.ppf("refresh", check=False)
    return PrcWithBad999(workspace, result, force, month)


@pytest.fixture
def loaded_copy(sample_workspace: Workspace, tmp_path: Path) -> Workspace:
    """A private copy of the built sample workspace (landing, warehouse, published)."""
    return sample_workspace.copy_to(tmp_path / "copy")


@functools.cache
def _partial_parse_file(warehouse_name: str) -> Path:
    """dbt's parse of the project, once per session and warehouse file name. dbt reuses a
    parse only when the profile is unchanged, and the profile holds the warehouse path: so
    every test's dbt runs with the path relative to the warehouse's folder (the same text for
    every test) and starts from this parse instead of spending 15 s on its own."""
    folder = Path(tempfile.mkdtemp(prefix="dbt-parse-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    _invoke_dbt(folder / warehouse_name, "parse", target_dir=folder / "target")
    return folder / "target" / "partial_parse.msgpack"


def _invoke_dbt(warehouse: Path, *args: str, target_dir: Path) -> None:
    env = dict(os.environ, PPF_WAREHOUSE=warehouse.name, DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            *args,
            "--project-dir",
            str(PROJECT_ROOT),
            "--profiles-dir",
            str(PROJECT_ROOT),
            "--target-path",
            str(target_dir),
        ],
        cwd=warehouse.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise AssertionError(f"dbt {' '.join(args)} failed\n{result.stdout[-4000:]}")


def run_dbt(warehouse: Path, *args: str, target_dir: Path) -> None:
    """Run dbt (the one beside this interpreter) against a test's own warehouse file.

    `target_dir` keeps the test's compiled artefacts out of the project's target/ folder.
    Example: run_dbt(db, "build", "--select", "+stg_prc__recorded_crime", target_dir=tmp_path).
    """
    parsed = _partial_parse_file(warehouse.name)
    target_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(parsed, target_dir / parsed.name)
    _invoke_dbt(warehouse, *args, target_dir=target_dir)
