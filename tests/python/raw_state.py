"""What the loader tests compare before and after a load: the contents of a raw table, the load
log, and the checks on a rejected file (clear error naming file, source and problem; raw and the
log otherwise untouched)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.errors import IngestError
from orchestration.ingest.runner import ingest_file
from orchestration.ingest.source import SourceSpec


def raw_snapshot(con: duckdb.DuckDBPyConnection, source_id: str) -> tuple[list, list]:
    """Columns (name, type) and every row of raw.<source_id>, in a stable order; empty when
    the table does not exist yet."""
    columns = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = 'raw' and table_name = ? order by ordinal_position",
        [source_id],
    ).fetchall()
    if not columns:
        return [], []
    rows = con.execute(f'select * from raw."{source_id}" order by all').fetchall()
    return columns, rows


def load_log(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """The load log in the order files were seen."""
    return con.execute(
        "select file_name, file_sha256, release, status, rows, error from raw.load_log "
        "order by rowid"
    ).fetchall()


def assert_rejected(
    con: duckdb.DuckDBPyConnection,
    spec: SourceSpec,
    path: Path,
    pattern: str,
    raw_before: tuple[list, list],
) -> None:
    """Loading `path` fails with an error naming the file, the source and a problem matching
    `pattern`; the log records the rejection and raw.<source> is unchanged."""
    with pytest.raises(IngestError) as info:
        ingest_file(con, spec, path)
    error = info.value
    assert error.source_id == spec.source_id
    assert error.path.name == path.name
    assert path.name in str(error) and f"[{spec.source_id}]" in str(error)
    assert re.search(pattern, error.problem), error.problem
    log = con.execute(
        "select status, error from raw.load_log where file_name = ?", [path.name]
    ).fetchall()
    assert log == [("rejected", error.problem)]
    assert raw_snapshot(con, spec.source_id) == raw_before
