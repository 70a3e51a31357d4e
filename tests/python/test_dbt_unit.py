"""dbt's unit tests: model logic against fixed inputs written in the YAML beside each model.

A refresh leaves them out (`REFRESH_BUILD_ARGS`); they run here, against a copy of the built
sample warehouse (dbt reads the column types of a unit test's inputs from the real relations).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.python.conftest import PROJECT_ROOT, Workspace, run_dbt


def _declared_unit_tests() -> int:
    """How many unit tests the YAML declares, counted from the files, not from dbt."""
    count = 0
    for path in (PROJECT_ROOT / "models").rglob("*.yml"):
        in_block = False
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("unit_tests:"):
                in_block = True
            elif line and not line.startswith((" ", "#")):
                in_block = False
            elif in_block and line.startswith("  - name:"):
                count += 1
    return count


def test_every_unit_test_passes(loaded_copy: Workspace, tmp_path: Path):
    run_dbt(
        loaded_copy.warehouse, "test", "--select", "test_type:unit", target_dir=tmp_path / "target"
    )
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    assert [r["unique_id"] for r in results if r["status"] != "pass"] == []
    assert len(results) == _declared_unit_tests() > 0
