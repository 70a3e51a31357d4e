"""The raw layer: append-only tables of text cells with lineage, and the load log.

Every write of a file's rows and its load_log row happens in one transaction, so a failure or a
kill leaves raw exactly as it was. Identifiers are fixed by the source modules; values always go
through parameters, never into SQL text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

LINEAGE_COLUMNS = (
    "_source_file",
    "_file_sha256",
    "_release",
    "_loaded_at",
    "_sheet",
    "_row_number",
)

LOAD_LOG_DDL = """
create table if not exists raw.load_log (
    source_id varchar not null,
    file_name varchar not null,
    file_sha256 varchar not null,
    release varchar,
    status varchar not null,
    rows bigint,
    error varchar,
    loaded_at timestamp not null
)
"""


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    if not read_only:
        con.execute("create schema if not exists raw")
        con.execute("create schema if not exists quality")
        con.execute(LOAD_LOG_DDL)
    return con


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def previous_status(
    con: duckdb.DuckDBPyConnection, source_id: str, sha256: str
) -> list[tuple[str, str]]:
    """(file_name, status) of every earlier sighting of these bytes in this source's landing
    folder (the same bytes in another source, e.g. one portal error page, are judged anew)."""
    return con.execute(
        "select file_name, status from raw.load_log where source_id = ? and file_sha256 = ? "
        "order by loaded_at",
        [source_id, sha256],
    ).fetchall()


def log_file(
    con: duckdb.DuckDBPyConnection,
    *,
    source_id: str,
    file_name: str,
    sha256: str,
    release: str | None,
    status: str,
    rows: int | None = None,
    error: str | None = None,
) -> None:
    con.execute(
        "insert into raw.load_log values (?, ?, ?, ?, ?, ?, ?, ?)",
        [source_id, file_name, sha256, release, status, rows, error, utc_now()],
    )


def _ensure_table(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> None:
    cols = ", ".join(f'"{c}" varchar' for c in columns)
    con.execute(f"create table if not exists raw.{table} ({cols})")
    existing = {
        r[0]
        for r in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'raw' and table_name = ?",
            [table],
        ).fetchall()
    }
    for column in columns:
        if column not in existing:
            con.execute(f'alter table raw.{table} add column "{column}" varchar')


@dataclass(frozen=True)
class LandedFile:
    """One file's parsed rows (text cells) and what the load log says of it."""

    frame: pd.DataFrame
    file_name: str
    sha256: str
    release: str | None


def append_files(con: duckdb.DuckDBPyConnection, source_id: str, files: list[LandedFile]) -> None:
    """Append the rows of several files, each with its lineage and its load_log row, in one
    transaction: all of them land or, on any failure or a kill, none (raw stays as it was)."""
    if not files:
        return
    loaded_at = utc_now()
    parts = []
    for file in files:
        part = file.frame.copy()
        part["_source_file"] = file.file_name
        part["_file_sha256"] = file.sha256
        part["_release"] = file.release
        part["_loaded_at"] = loaded_at.isoformat(sep=" ")
        parts.append(part)
    data = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    # Cells land as text: anything a parser left as a number or a date is written as text
    # (columns already all text or empty are left as they are).
    for column in data.columns:
        if pd.api.types.infer_dtype(data[column], skipna=True) not in ("string", "empty"):
            text = data[column].astype("string").astype(object)
            data[column] = text.where(data[column].notna(), None)
    columns = list(data.columns)
    con.execute("begin transaction")
    try:
        _ensure_table(con, source_id, columns)
        con.register("_batch", data)
        col_list = ", ".join(f'"{c}"' for c in columns)
        con.execute(f"insert into raw.{source_id} ({col_list}) select {col_list} from _batch")
        con.unregister("_batch")
        con.executemany(
            "insert into raw.load_log values (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [
                    source_id,
                    f.file_name,
                    f.sha256,
                    f.release,
                    "loaded",
                    len(f.frame),
                    None,
                    loaded_at,
                ]
                for f in files
            ],
        )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
