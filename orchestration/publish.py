"""Publish the marts for BI readers: a read-only DuckDB file and Parquet files.

Readers never open the build database (DuckDB allows one writer per file). Each publish writes a
complete new version (marts.duckdb, parquet/, the manifest) into `versions/<id>/`, then switches
the `current` symbolic link to it with one os.replace, an atomic rename. `marts.duckdb`,
`parquet` and `_publish_manifest.json` at the top of the publish folder are fixed links through
`current`, so a reader sees the whole old set or the whole new set, never a mix, and a run killed
at any point leaves the last published set intact (a half-written version is removed by the next
publish). A reader holding an old file open keeps reading it; the previous version is kept one
publish longer for readers that resolved the link just before a switch. Tables sit in the
published file's default schema, so a reader opening `marts.duckdb` can write `dim_force` or
`marts.dim_force` alike. A publish whose marts are unchanged (same content fingerprint) writes
nothing, so an idle refresh changes no byte.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

MANIFEST = "_publish_manifest.json"
PUBLISHED_SCHEMA = "marts"
VERSIONS = "versions"
CURRENT = "current"
LINKS = ("marts.duckdb", "parquet", MANIFEST)
PARTIAL = ".partial"


@dataclass(frozen=True)
class PublishResult:
    published: bool
    tables: dict[str, int]
    fingerprint: str
    publish_dir: Path


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        row[0]
        for row in con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = ? and table_type = 'BASE TABLE' order by table_name",
            [PUBLISHED_SCHEMA],
        ).fetchall()
    ]


def fingerprint(con: duckdb.DuckDBPyConnection, tables: list[str]) -> tuple[str, dict[str, int]]:
    """Content hash of every mart: row-order independent, column-order and type sensitive.

    Floating-point columns are rounded to 9 decimal places first: parallel aggregation can
    change the last bits of a sum between two runs over the same data, which is no change a
    reader could see.
    """
    digest = hashlib.sha256()
    counts: dict[str, int] = {}
    for table in tables:
        schema = con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [PUBLISHED_SCHEMA, table],
        ).fetchall()
        columns = ", ".join(
            f'round("{name}", 9)' if kind in ("DOUBLE", "FLOAT") else f'"{name}"'
            for name, kind in schema
        )
        rows, content = con.execute(
            f"select count(*), coalesce(sum(hash(row({columns}))), 0) "
            f'from {PUBLISHED_SCHEMA}."{table}"'
        ).fetchone()
        counts[table] = rows
        digest.update(json.dumps([table, schema, rows, str(content)]).encode())
    return digest.hexdigest(), counts


def _quote(path: Path) -> str:
    """A path as a SQL string literal (ATTACH and COPY take no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


def _read_manifest(publish_dir: Path) -> dict:
    path = publish_dir / MANIFEST
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError:
        return {}


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _clear_leftovers(publish_dir: Path) -> None:
    """Half-written versions of a killed publish (only one writer publishes at a time), and the
    staging files of the layout before versioned publishing."""
    for leftover in [
        *(publish_dir / VERSIONS).glob(f".*{PARTIAL}"),
        *publish_dir.glob(f".*{PARTIAL}"),
        *(publish_dir / "parquet").glob(f".*{PARTIAL}"),
        *publish_dir.glob(".*.link"),
    ]:
        _remove(leftover)


def _switch(publish_dir: Path, version: Path) -> None:
    """Point `current` at the new version in one atomic rename, then make sure the fixed links
    exist (replacing, once, the plain files of the layout before versioned publishing)."""
    link = publish_dir / f".{CURRENT}.link"
    link.unlink(missing_ok=True)
    link.symlink_to(Path(VERSIONS) / version.name)
    os.replace(link, publish_dir / CURRENT)
    for name in LINKS:
        path, target = publish_dir / name, Path(CURRENT) / name
        if path.is_symlink() and Path(os.readlink(path)) == target:
            continue
        staged = publish_dir / f".{name}.link"
        staged.unlink(missing_ok=True)
        staged.symlink_to(target)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        os.replace(staged, path)


def _prune(publish_dir: Path, keep: set[str]) -> None:
    for version in (publish_dir / VERSIONS).iterdir():
        if version.name not in keep and not version.name.startswith("."):
            _remove(version)


def publish(warehouse_path: Path, publish_dir: Path, *, force: bool = False) -> PublishResult:
    publish_dir.mkdir(parents=True, exist_ok=True)
    (publish_dir / VERSIONS).mkdir(exist_ok=True)
    _clear_leftovers(publish_dir)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    name = f"{stamp}-{uuid.uuid4().hex[:8]}"
    staging = publish_dir / VERSIONS / f".{name}{PARTIAL}"
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"attach {_quote(warehouse_path)} as warehouse (read_only)")
        con.execute("use warehouse")
        tables = mart_tables(con)
        if not tables:
            raise RuntimeError(f"{warehouse_path.name}: no marts to publish (run the build first)")
        print_fp, counts = fingerprint(con, tables)
        manifest = _read_manifest(publish_dir)
        current = (publish_dir / "marts.duckdb").exists() and all(
            (publish_dir / "parquet" / f"{t}.parquet").exists() for t in tables
        )
        if not force and current and manifest.get("fingerprint") == print_fp:
            return PublishResult(False, counts, print_fp, publish_dir)
        (staging / "parquet").mkdir(parents=True)
        con.execute(f"attach {_quote(staging / 'marts.duckdb')} as published")
        for table in tables:
            con.execute(
                f'create table published.main."{table}" as '
                f'select * from warehouse.{PUBLISHED_SCHEMA}."{table}"'
            )
            con.execute(
                f'copy (select * from warehouse.{PUBLISHED_SCHEMA}."{table}") '
                f"to {_quote(staging / 'parquet' / f'{table}.parquet')} "
                "(format parquet, compression zstd)"
            )
        con.execute("detach published")
        (staging / MANIFEST).write_text(
            json.dumps({"fingerprint": print_fp, "tables": counts}, indent=2, sort_keys=True)
        )
    except BaseException:
        _remove(staging)
        raise
    finally:
        con.close()
    previous = (publish_dir / CURRENT).resolve().name if (publish_dir / CURRENT).exists() else ""
    version = publish_dir / VERSIONS / name
    os.replace(staging, version)
    _switch(publish_dir, version)
    _prune(publish_dir, keep={name, previous})
    return PublishResult(True, counts, print_fp, publish_dir)
