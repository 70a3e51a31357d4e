"""Dagster's SQLite event log, writing a batch of events in one transaction.

Creating a run of `refresh_all` writes one "planned" event per asset and per asset check (about
1,100). Dagster's SQLite storage opens a new SQLAlchemy engine, a new connection and a new
transaction for every event, twice (the run's shard and the cross-run index): about 25 ms an
event, or half a minute before the first step starts. Dagster hands these events over as one
batch when `DAGSTER_EVENT_BATCH_SIZE` is set, but its SQLite storage still writes them one by
one.

This storage keeps Dagster's tables, files and queries (it is `SqliteEventLogStorage`), and
changes only how connections are made:
- one engine per shard, kept for the life of the storage, so statements compile once;
- `store_event_batch` writes the whole batch in one transaction per shard. If any event of the
  batch fails, nothing of it is kept, and Dagster falls back to writing the events one by one.

`orchestration/dagster.yaml` names it as the instance's event log storage, with the same folder
as Dagster's default (`$DAGSTER_HOME/history/runs`), so an existing instance keeps its history.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

import sqlalchemy as sa
from dagster import StringSource
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    INDEX_SHARD_NAME,
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from dagster._serdes import ConfigurableClassData
from sqlalchemy.pool import NullPool

# Dagster groups the planned events of a new run into one batch only while this is set (it is
# read when a run is created). Larger than the number of assets and checks of any job here.
EVENT_BATCH_SIZE = "5000"


class BatchingSqliteEventLogStorage(SqliteEventLogStorage):
    """`SqliteEventLogStorage` with one engine per shard and batches in one transaction.

    Configured by the Dagster home folder; events go to `<home>/history/runs` as with the
    default storage.
    """

    def __init__(self, home: str, inst_data: ConfigurableClassData | None = None):
        self._home = home
        self._engines: dict[str | None, sa.Engine] = {}
        self._held = threading.local()
        super().__init__(os.path.join(home, "history", "runs"), inst_data=inst_data)
        # Re-entrant: a batch holds the lock for its whole transaction and writes through the
        # same methods that take it for a single event.
        self._db_lock = threading.RLock()
        os.environ.setdefault("DAGSTER_EVENT_BATCH_SIZE", EVENT_BATCH_SIZE)

    @classmethod
    def config_type(cls) -> dict[str, Any]:
        return {"home": StringSource}

    @classmethod
    def from_config_value(  # ty: ignore[invalid-method-override]
        cls, inst_data: ConfigurableClassData | None, config_value: dict[str, Any]
    ) -> BatchingSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str | None) -> sa.Engine:
        engine = self._engines.get(shard)
        if engine is None:
            engine = sa.create_engine(
                self.conn_string_for_shard(shard),
                poolclass=NullPool,
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
            )
            self._engines[shard] = engine
        return engine

    def _open_transactions(self) -> dict[str | None, sa.Connection]:
        if not hasattr(self._held, "connections"):
            self._held.connections = {}
        return self._held.connections

    @contextmanager
    def _connect(self, shard: str) -> Iterator[sa.Connection]:
        with self._db_lock:
            held = self._open_transactions().get(shard)
            if held is not None:
                yield held
                return
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    @contextmanager
    def _transaction(self, shard: str | None) -> Iterator[None]:
        """Route every write to `shard` on this thread through one transaction."""
        with self._connect(shard) as conn:  # ty: ignore[invalid-argument-type]
            self._open_transactions()[shard] = conn
            try:
                yield
            finally:
                del self._open_transactions()[shard]

    def store_event_batch(self, events: Sequence[Any]) -> None:
        if not events:
            return
        with self._db_lock, ExitStack() as stack:
            for run_id in dict.fromkeys(event.run_id for event in events):
                stack.enter_context(self._transaction(run_id))
            stack.enter_context(self._transaction(INDEX_SHARD_NAME))
            for event in events:
                self.store_event(event)

    def dispose(self) -> None:
        super().dispose()
        for engine in self._engines.values():
            engine.dispose()
        self._engines.clear()
