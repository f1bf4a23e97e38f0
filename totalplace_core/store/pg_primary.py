"""The shared PostgreSQL store as this server writes to it: a small pool of psycopg
connections, each write one READ COMMITTED transaction that also moves the data versions of
what it changed (store/pg_schema.py)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from totalplace_core.store import pg_schema
from totalplace_core.store.errors import StoreError
from totalplace_core.store.location import shown
from totalplace_core.store.pg_cursor import PgCursor

# Connections per server: writes are short and entries share commits (store/write_queue.py),
# so a few serve a room; TOTALPLACE_PG_POOL raises it (docs/DEPLOY.md: connections).
POOL_SIZE = int(os.environ.get("TOTALPLACE_PG_POOL") or 4)


def connect(address: str) -> psycopg.Connection:
    """One connection outside the pool (migrations, checks), or a StoreError in words."""
    try:
        return psycopg.connect(address, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        said = (str(exc).strip().splitlines() or [type(exc).__name__])[-1][:200]
        raise StoreError(f"The shared store {shown(address)} cannot be reached ({said}). "
                         "Check TOTALPLACE_STORE, that PostgreSQL is running, and the "
                         "password (PGPASSWORD or ~/.pgpass).") from exc


class Primary:
    """The pool and what this server knows of the store's columns."""

    def __init__(self, address: str) -> None:
        self.address = address
        with connect(address) as conn:
            pg_schema.require_current(conn, shown(address))
        self._pool = ConnectionPool(address, min_size=1, max_size=POOL_SIZE, open=True,
                                    kwargs={"autocommit": True}, name="totalplace")
        self._types: dict[str, dict[str, str]] = {}
        self._types_lock = threading.Lock()

    def close(self) -> None:
        self._pool.close()

    def column_types(self, table: str) -> dict[str, str]:
        """column -> PostgreSQL type of one table (fixed while the server runs: migrations
        are run with the servers stopped, docs/DEPLOY.md)."""
        with self._types_lock:
            if table not in self._types:
                with self._pool.connection() as conn:
                    rows = conn.execute(
                        "SELECT column_name, data_type FROM information_schema.columns "
                        "WHERE table_schema = current_schema() AND table_name = %s",
                        [table]).fetchall()
                self._types[table] = dict(rows)
            return self._types[table]

    @contextmanager
    def transaction(self, areas: Iterable[str]) -> Iterator[PgCursor]:
        """One transaction; on success the versions of `areas` and of every table written
        move in it, then it commits. Any error rolls it all back."""
        with self._pool.connection() as conn, conn.transaction():
            cur = PgCursor(conn, self.column_types)
            yield cur
            if cur.written:
                pg_schema.bump(conn, areas, cur.written, cur.rewritten)

    def versions(self) -> dict[str, int]:
        with self._pool.connection() as conn:
            return dict(conn.execute("SELECT name, version FROM data_version").fetchall())

    def nonempty(self, tables: list[str]) -> list[str]:
        """Which of `tables` hold any row (one query; a copy of an empty table is a wasted
        round trip through the extension)."""
        probe = " UNION ALL ".join(
            f"SELECT '{t}' FROM (SELECT 1 FROM {t} LIMIT 1) AS {t}" for t in tables)
        with self._pool.connection() as conn:
            return [r[0] for r in conn.execute(probe).fetchall()]  # type: ignore[arg-type]

    def stamped(self, table: str, columns: list[str], after: int, upto: int
                ) -> list[tuple[Any, ...]]:
        """The rows of an appended table committed with counters after..upto (exact:
        pg_schema's tp_seq), with `columns`."""
        listed = ", ".join(f'"{c}"' for c in columns)
        with self._pool.connection() as conn:
            return conn.execute(
                f"SELECT {listed} FROM {table} WHERE {pg_schema.SEQ} > %s "  # type: ignore
                f"AND {pg_schema.SEQ} <= %s", [after, upto]).fetchall()

    def rows(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        """A read from the store itself, not this server's copy: for a check a write will
        repeat inside its transaction (the wall's tokens), so both see the same engine."""
        with self._pool.connection() as conn:
            cur = PgCursor(conn, self.column_types)
            return cur.execute(sql, params).fetchall()
