"""The layers of the dbt project: only staging reads raw sources, and marts read no source.

Read from the manifest `make manifest` writes (dbt's own record of every node's inputs).
"""

from __future__ import annotations

import functools
import json

from tests.python.conftest import PROJECT_ROOT, seed_csv


@functools.cache
def _manifest() -> dict:
    return json.loads((PROJECT_ROOT / "target" / "manifest.json").read_text())


def _models() -> dict[str, dict]:
    manifest = _manifest()
    return {
        node["original_file_path"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
    }


def test_only_staging_models_read_raw_sources():
    readers = {
        path
        for path, node in _models().items()
        if any(d.startswith("source.") for d in node["depends_on"]["nodes"])
    }
    assert readers, "no model reads a source: the manifest is not this project's"
    assert sorted(p for p in readers if not p.startswith("models/staging/")) == []


def test_every_source_table_has_a_staging_model():
    read = {d for node in _models().values() for d in node["depends_on"]["nodes"]}
    unread = sorted(s for s in _manifest()["sources"] if s not in read)
    assert unread == []


def test_every_method_names_the_family_model_that_computes_it():
    import csv

    with seed_csv("measure_methods").open(newline="", encoding="utf-8") as f:
        families = {row["family"] for row in csv.DictReader(f)}
    models = {node["name"] for node in _models().values()}
    assert families
    assert {f for f in families if f"int_measure_values__{f}" not in models} == set()
