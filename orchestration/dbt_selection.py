"""Which dbt nodes a build after new files can leave alone.

When only the loaded files changed since the last published build, the build needs what depends
on the changed sources, on the load log (measure_status reads it) and every mart (the publish
step waits for all of them; a mart reads the intermediate tables the last build left). Every
other model and seed is excluded. dagster-dbt always adds its own `--select fqn:*` for a run
that materialises every dbt asset, so a subset is expressed as `--exclude` of the complement.
"""

from __future__ import annotations

from typing import Any

PROJECT = "ppf_warehouse"
MARTS_PATH = "models/marts/"


def _descendants(child_map: dict[str, list[str]], roots: list[str]) -> set[str]:
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        unique_id = stack.pop()
        if unique_id not in seen:
            seen.add(unique_id)
            stack.extend(child_map.get(unique_id, []))
    return seen


def unaffected_nodes(manifest: dict[str, Any], changed_sources: list[str]) -> list[str]:
    """Names of the models and seeds that neither depend on a changed source or the load log
    nor are marts: safe to exclude from the build."""
    nodes = manifest["nodes"]
    roots = [f"source.{PROJECT}.raw.{source_id}" for source_id in [*changed_sources, "load_log"]]
    roots += [
        unique_id
        for unique_id, node in nodes.items()
        if node["resource_type"] == "model" and node["original_file_path"].startswith(MARTS_PATH)
    ]
    needed = _descendants(manifest["child_map"], roots)
    return sorted(
        node["name"]
        for unique_id, node in nodes.items()
        if node["resource_type"] in ("model", "seed") and unique_id not in needed
    )
