"""dbt's unit tests: model logic against fixed inputs written in the YAML beside each model.

A refresh leaves them out (`REFRESH_BUILD_ARGS`); they run here, against a copy of the built
sample warehouse (dbt reads the column types of a unit test's inputs from the real relations).
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.python.conftest import PROJECT_ROOT, Workspace, run_dbt


def _declared_unit_tests() -> int:
    """How many unit tests the YAML declares, counted from the files, not from dbt."""
    files = (PROJECT_ROOT / "models").rglob("*.yml")
    return sum(len(yaml.safe_load(p.read_text()).get("unit_tests") or []) for p in files)


def test_every_unit_test_passes(loaded_copy: Workspace, tmp_path: Path):
    run_dbt(
        loaded_copy.warehouse, "test", "--select", "test_type:unit", target_dir=tmp_path / "target"
    )
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    assert [r["unique_id"] for r in results if r["status"] != "pass"] == []
    assert len(results) == _declared_unit_tests() > 0
