"""`ppf status`: what was loaded and rejected, codes the seeds do not know, measure availability,
recent quality warnings, and what is published."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from orchestration.config import Settings
from orchestration.ingest.runner import file_sha256

# Rejected bytes that no later run loaded (a retry that loads a file ends its quarantine).
QUARANTINE_SQL = """
    select source_id, file_name, file_sha256, max(loaded_at) as rejected_at,
        arg_max(error, loaded_at) as error
    from raw.load_log
    where status = 'rejected' and file_sha256 not in (
        select file_sha256 from raw.load_log where status = 'loaded'
    )
    group by 1, 2, 3
    order by rejected_at desc
"""

SECTIONS = {
    "Files by source and status": """
        select source_id, status, count(*) as files, sum(rows) as rows,
            max(release) as latest_release
        from raw.load_log group by 1, 2 order by 1, 2
    """,
    "Offence codes not in the classification seed (kept, group and subgroup from the file)": """
        select offence_code, any_value(offence_description) as description,
            any_value(offence_group) as offence_group, any_value(offence_subgroup) as subgroup,
            count(*) as rows, sum(offence_count) as offences
        from staging.stg_prc__recorded_crime
        where not is_known_offence_code group by 1 order by 1
    """,
    "Measure availability": """
        select availability, count(*) as measures
        from marts.measure_status group by 1 order by 2 desc
    """,
    "Quality warnings and failures in the latest run of each asset": """
        with latest as (
            select asset, max(checked_at) as checked_at from quality.validation_results group by 1
        )
        select v.asset, v.expectation, v.severity, v.unexpected_count,
            left(v.observed, 80) as observed
        from quality.validation_results as v inner join latest using (asset, checked_at)
        where not v.success order by v.asset, v.expectation
    """,
}


def _table(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    try:
        cursor = con.execute(sql)
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        return f"  (not available yet: {first})"
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    if not rows:
        return "  (none)"
    cells = [names, *[["" if v is None else str(v) for v in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(names))]
    return "\n".join(
        "  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells
    )


def _still_landed(landing_dir: Path, source_id: str, file_name: str, sha256: str) -> bool:
    return any(
        path.is_file() and file_sha256(path) == sha256
        for path in (landing_dir / source_id).rglob(file_name)
    )


def quarantined_files(con: duckdb.DuckDBPyConnection, landing_dir: Path) -> list[tuple]:
    """Rejected files still in landing with the bytes that were rejected: shown until a retry
    loads them (`ppf ingest --retry-rejected`) or they are removed from landing."""
    return [
        (source_id, name, rejected_at, error)
        for source_id, name, sha, rejected_at, error in con.execute(QUARANTINE_SQL).fetchall()
        if _still_landed(landing_dir, source_id, name, sha)
    ]


def _quarantine_table(con: duckdb.DuckDBPyConnection, landing_dir: Path) -> str:
    rows = quarantined_files(con, landing_dir)
    if not rows:
        return "  (none)"
    return "\n".join(
        f"  {source_id}  {name}  rejected {rejected_at}: {error}"
        for source_id, name, rejected_at, error in rows
    )


def status_report(settings: Settings) -> str:
    lines = [f"warehouse: {settings.warehouse_path}"]
    if not settings.warehouse_path.exists():
        return "\n".join([*lines, "  (no warehouse yet: run `ppf refresh` or `ppf ingest`)"])
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        lines += [
            "",
            "Rejected files still in landing (fix, then `ppf ingest --retry-rejected`)",
            _quarantine_table(con, settings.landing_dir),
        ]
        for title, sql in SECTIONS.items():
            lines += ["", title, _table(con, sql)]
    finally:
        con.close()
    manifest = settings.publish_dir / "_publish_manifest.json"
    lines += ["", f"published: {settings.publish_dir}"]
    if manifest.exists():
        data = json.loads(manifest.read_text())
        lines.append(
            f"  fingerprint {data['fingerprint'][:16]}, tables: "
            + ", ".join(f"{k} ({v})" for k, v in sorted(data["tables"].items()))
        )
    else:
        lines.append("  (nothing published yet)")
    return "\n".join(lines)
