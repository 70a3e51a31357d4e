"""Which models a build after new files leaves alone: worked out by hand on a small graph."""

from __future__ import annotations

from orchestration.dbt_selection import unaffected_nodes


def _node(name: str, kind: str = "model", folder: str = "models/staging") -> dict:
    return {"name": name, "resource_type": kind, "original_file_path": f"{folder}/{name}.sql"}


def test_only_models_downstream_of_changed_sources_load_log_or_marts_are_built():
    p = "ppf_warehouse"
    nodes = {
        f"model.{p}.stg_a": _node("stg_a"),
        f"model.{p}.stg_b": _node("stg_b"),
        f"model.{p}.int_a": _node("int_a", folder="models/intermediate"),
        f"model.{p}.int_b": _node("int_b", folder="models/intermediate"),
        f"model.{p}.unioned": _node("unioned", folder="models/intermediate"),
        f"model.{p}.status": _node("status", folder="models/marts/measures"),
        f"model.{p}.dim": _node("dim", folder="models/marts/measures"),
        f"seed.{p}.catalogue": _node("catalogue", kind="seed", folder="seeds"),
        f"test.{p}.not_null_int_b": _node("not_null_int_b", kind="test", folder="models"),
    }
    child_map = {
        f"source.{p}.raw.a": [f"model.{p}.stg_a"],
        f"source.{p}.raw.b": [f"model.{p}.stg_b"],
        f"source.{p}.raw.load_log": [f"model.{p}.status"],
        f"model.{p}.stg_a": [f"model.{p}.int_a"],
        f"model.{p}.stg_b": [f"model.{p}.int_b"],
        f"model.{p}.int_a": [f"model.{p}.unioned"],
        f"model.{p}.int_b": [f"model.{p}.unioned", f"test.{p}.not_null_int_b"],
        f"model.{p}.unioned": [f"model.{p}.status"],
        f"seed.{p}.catalogue": [f"model.{p}.dim", f"model.{p}.status"],
    }
    manifest = {"nodes": nodes, "child_map": child_map}
    # Source a changed: stg_a, int_a, unioned and the marts (status, dim) are built; stg_b,
    # int_b and the seed are left (tests are not listed: dbt drops those of excluded models).
    assert unaffected_nodes(manifest, ["a"]) == ["catalogue", "int_b", "stg_b"]
    # Both changed: only the seed is left.
    assert unaffected_nodes(manifest, ["a", "b"]) == ["catalogue"]
