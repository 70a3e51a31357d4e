"""What a refresh run did, read from its Dagster events and the warehouse it wrote.

Printed at the end of `ppf refresh`: per source, files loaded, rejected and skipped and rows
added; whether dbt built; how many published figures the build revised; whether the published
marts were rewritten; and the measures' availability in what readers now see.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration.config import Settings
from orchestration.defs.assets.ingest import FILES_ACCEPTED


def _materializations(result) -> dict[str, dict]:
    """asset key (a/b) -> metadata values of its materialization in this run."""
    found = {}
    for event in result.get_asset_materialization_events():
        materialization = event.event_specific_data.materialization
        found[materialization.asset_key.to_user_string()] = {
            k: v.value for k, v in materialization.metadata.items()
        }
    return found


def rejected_files(result) -> list[str]:
    """The one-line errors of files rejected in this run (the ingest assets' files_accepted
    checks): they were quarantined and the rest was built, but the run must not look clean."""
    lines = []
    for event in result.all_events:
        if event.event_type_value != "ASSET_CHECK_EVALUATION":
            continue
        data = event.event_specific_data  # an AssetCheckEvaluation
        failed = data.check_name == FILES_ACCEPTED and not data.passed
        if failed and data.severity.value == "ERROR":
            lines.extend(data.metadata["rejected"].value.splitlines())
    return lines


def _revised_figures(warehouse: Path) -> int | None:
    """Figures whose value this run's build changed (new versions in the history model)."""
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return None
    try:
        return con.execute(
            "select count(*) from intermediate.int_measure_values__history "
            "where version_number > 1 and built_at = "
            "(select max(built_at) from intermediate.int_measure_values__history)"
        ).fetchone()[0]
    except duckdb.Error:
        return None
    finally:
        con.close()


def summary_lines(result, settings: Settings) -> list[str]:
    done = _materializations(result)
    lines = ["ingest:"]
    for key, meta in sorted(done.items()):
        if not key.startswith("raw/"):
            continue
        seen = sum(meta.get(k, 0) for k in ("files_loaded", "files_rejected", "files_skipped"))
        if seen:
            lines.append(
                f"  {key.removeprefix('raw/'):22} {meta.get('files_loaded', 0)} loaded "
                f"({meta.get('rows_loaded', 0):,} rows), {meta.get('files_rejected', 0)} "
                f"rejected, {meta.get('files_skipped', 0)} already seen"
            )
    if len(lines) == 1:
        lines.append("  no files in landing")
    built = any(not k.startswith(("raw/", "published/")) for k in done)
    if built:
        revised = _revised_figures(settings.warehouse_path)
        lines.append(
            "build: dbt build ran"
            + (f"; {revised:,} published figures revised" if revised is not None else "")
        )
    else:
        lines.append("build: skipped")
    published = done.get("published/marts")
    if published is None:
        lines.append("publish: not run")
    elif published.get("published"):
        lines.append(f"publish: new marts published to {settings.publish_dir}")
    else:
        lines.append("publish: marts unchanged (nothing rewritten)")
    lines += availability_lines(settings)
    return lines


def availability_lines(settings: Settings) -> list[str]:
    marts = settings.publish_dir / "marts.duckdb"
    if not marts.exists():
        return ["nothing published yet"]
    con = duckdb.connect(str(marts), read_only=True)
    try:
        rows = con.execute(
            "select availability, count(*) from measure_status group by 1 order by 2 desc"
        ).fetchall()
        facts = con.execute("select count(*) from fct_force_period_measure").fetchone()[0]
    finally:
        con.close()
    return [
        f"published marts: {marts}",
        f"fct_force_period_measure rows: {facts}",
        "measures: " + ", ".join(f"{n} {a}" for a, n in rows),
    ]
