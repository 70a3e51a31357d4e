"""Publish the marts for BI readers: a read-only DuckDB file and Parquet files.

Readers never open the build database (DuckDB allows one writer per file). Each publish writes a
new marts.duckdb and new Parquet files beside the old ones, then swaps each in with os.replace,
an atomic rename: a reader sees the old file or the new one, never a half-written file, and a
reader holding the old file open keeps reading it. Tables sit in the published file's default
schema, so a reader opening `marts.duckdb` can write `dim_force` or `marts.dim_force` alike.
A publish whose marts are unchanged (same content fingerprint) writes nothing, so an idle
refresh changes no byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

MANIFEST = "_publish_manifest.json"
PUBLISHED_SCHEMA = "marts"


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


def publish(warehouse_path: Path, publish_dir: Path, *, force: bool = False) -> PublishResult:
    publish_dir.mkdir(parents=True, exist_ok=True)
    parquet_dir = publish_dir / "parquet"
    parquet_dir.mkdir(exist_ok=True)
    token = uuid.uuid4().hex[:8]
    staging_db = publish_dir / f".marts.{token}.duckdb.partial"
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
            (parquet_dir / f"{t}.parquet").exists() for t in tables
        )
        if not force and current and manifest.get("fingerprint") == print_fp:
            return PublishResult(False, counts, print_fp, publish_dir)
        staged_parquet: dict[str, Path] = {}
        con.execute(f"attach {_quote(staging_db)} as published")
        for table in tables:
            con.execute(
                f'create table published.main."{table}" as '
                f'select * from warehouse.{PUBLISHED_SCHEMA}."{table}"'
            )
            target = parquet_dir / f".{table}.{token}.parquet.partial"
            con.execute(
                f'copy (select * from warehouse.{PUBLISHED_SCHEMA}."{table}") '
                f"to {_quote(target)} (format parquet, compression zstd)"
            )
            staged_parquet[table] = target
        con.execute("detach published")
    except BaseException:
        for leftover in [staging_db, *parquet_dir.glob(f".*.{token}.parquet.partial")]:
            leftover.unlink(missing_ok=True)
        raise
    finally:
        con.close()
    os.replace(staging_db, publish_dir / "marts.duckdb")
    for table, staged in staged_parquet.items():
        os.replace(staged, parquet_dir / f"{table}.parquet")
    manifest_tmp = publish_dir / f".{MANIFEST}.{token}"
    manifest_tmp.write_text(
        json.dumps({"fingerprint": print_fp, "tables": counts}, indent=2, sort_keys=True)
    )
    os.replace(manifest_tmp, publish_dir / MANIFEST)
    return PublishResult(True, counts, print_fp, publish_dir)
