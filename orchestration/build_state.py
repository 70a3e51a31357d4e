"""Whether the warehouse needs a build: the inputs of the last published build, kept in the
warehouse itself (`quality.build_state`).

A build's inputs are the dbt project (every model, macro, seed, test and the project and
profile files, by content) and the files loaded into raw (their hashes, per source). A refresh
whose inputs equal those of the last build that was also published has nothing to do: the dbt
build, the mart checks and the publish are skipped. A build that was not published (a blocking
mart check failed, or the run was killed before publishing) is never taken as done.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.config import Settings
from orchestration.ingest.warehouse import connect, utc_now

PROJECT_INPUTS = ("models", "macros", "seeds", "tests", "dbt_project.yml", "profiles.yml")
DBT_SUFFIXES = (".sql", ".yml", ".yaml", ".csv", ".md")

STATE_DDL = """
create table if not exists quality.build_state (
    build_id varchar not null,
    built_at timestamp not null,
    project_hash varchar not null,
    source_hashes varchar not null,
    published_at timestamp
)
"""


@dataclass(frozen=True)
class BuildInputs:
    project_hash: str
    source_hashes: dict[str, str]

    def changed_sources(self, other: BuildInputs) -> list[str]:
        ids = set(self.source_hashes) | set(other.source_hashes)
        return sorted(s for s in ids if self.source_hashes.get(s) != other.source_hashes.get(s))


def project_hash(root: Path) -> str:
    """The dbt project by content: its SQL, YAML, CSV and Markdown files (the Python tests
    that share the tests folder, and their caches, are not dbt's)."""
    digest = hashlib.sha256()
    for name in PROJECT_INPUTS:
        path = root / name
        files = (
            sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in DBT_SUFFIXES)
            if path.is_dir()
            else [path]
        )
        for file in files:
            if file.exists():
                digest.update(str(file.relative_to(root)).encode() + b"\0")
                digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def source_hashes(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    rows = con.execute(
        "select source_id, string_agg(file_sha256, ',' order by file_sha256) "
        "from raw.load_log where status = 'loaded' group by source_id"
    ).fetchall()
    return {source_id: hashlib.sha256(shas.encode()).hexdigest() for source_id, shas in rows}


def current_inputs(settings: Settings) -> BuildInputs:
    con = connect(settings.warehouse_path)
    try:
        return BuildInputs(project_hash(settings.project_root), source_hashes(con))
    finally:
        con.close()


def last_published(settings: Settings) -> BuildInputs | None:
    """The inputs of the latest build, if that build was published; None otherwise."""
    if not settings.warehouse_path.exists():
        return None
    con = connect(settings.warehouse_path)
    try:
        con.execute(STATE_DDL)
        row = con.execute(
            "select project_hash, source_hashes, published_at from quality.build_state "
            "order by built_at desc limit 1"
        ).fetchone()
    finally:
        con.close()
    if row is None or row[2] is None:
        return None
    return BuildInputs(row[0], json.loads(row[1]))


def record_build(settings: Settings, inputs: BuildInputs) -> None:
    con = connect(settings.warehouse_path)
    try:
        con.execute(STATE_DDL)
        con.execute(
            "insert into quality.build_state values (?, ?, ?, ?, null)",
            [
                uuid.uuid4().hex[:12],
                utc_now(),
                inputs.project_hash,
                json.dumps(inputs.source_hashes, sort_keys=True),
            ],
        )
    finally:
        con.close()


def record_published(settings: Settings) -> None:
    """The latest build is what readers see now (published, or unchanged from what they had)."""
    con = connect(settings.warehouse_path)
    try:
        con.execute(STATE_DDL)
        con.execute(
            "update quality.build_state set published_at = ? where build_id = "
            "(select build_id from quality.build_state order by built_at desc limit 1)",
            [utc_now()],
        )
    finally:
        con.close()


def unseen_files(settings: Settings) -> list[Path]:
    """Landed files whose bytes this source's load log has never seen (loaded, rejected or
    duplicate): what a refresh would ingest."""
    from orchestration.ingest.runner import file_sha256, landed_files
    from orchestration.sources import SOURCES

    con = connect(settings.warehouse_path)
    try:
        seen = set(con.execute("select source_id, file_sha256 from raw.load_log").fetchall())
    finally:
        con.close()
    return [
        path
        for source_id, spec in SOURCES.items()
        for path in landed_files(settings.landing_dir, spec)
        if (source_id, file_sha256(path)) not in seen
    ]


def nothing_new(settings: Settings) -> bool:
    """True when a refresh would change nothing: no unseen landed file, and the files loaded
    and the dbt project are those of the last published build, which readers still have."""
    if not settings.warehouse_path.exists() or not (settings.publish_dir / "marts.duckdb").exists():
        return False
    previous = last_published(settings)
    return previous == current_inputs(settings) and not unseen_files(settings)
