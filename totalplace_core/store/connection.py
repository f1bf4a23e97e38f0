"""The DuckDB file: opening it, migrating it, and cursors for each thread or rerun."""

from __future__ import annotations

import os
import re
import threading
import uuid
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self, TypeVar

import duckdb
import pandas as pd

from totalplace_core.store.migrations import MIGRATIONS

REPO_ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")


class StoreError(Exception):
    """A problem with the database a user can act on; its message is shown as is."""


class StoreLockedError(StoreError):
    pass


def default_db_path() -> Path:
    return Path(os.environ.get("TOTALPLACE_DB") or REPO_ROOT / "data" / "totalplace.duckdb")


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    """The file opened for this process, or a StoreError in plain words: held by another
    process, not a database at all (another kind of file, a damaged one), another program's
    DuckDB database, or one made by a newer Total Place Studio. A file refused is not written."""
    fix = ("Point --db or TOTALPLACE_DB at the right file, or put a backup back (totalplace "
           "restore FILE).")
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file. {fix}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path))
    except OSError as exc:
        raise StoreError(f"The database {path} cannot be opened ({exc.strerror or exc}). "
                         f"{fix}") from exc
    except duckdb.Error as exc:
        said = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        if "lock" in said.lower():
            pid = re.search(r"PID (\d+)", str(exc))
            holder = f"process {pid.group(1)}" if pid else "another process"
            raise StoreLockedError(
                f"The database {path} is open in {holder} (the app or another totalplace "
                "command). Stop it first, or point TOTALPLACE_DB at another file."
            ) from exc
        if "not a valid DuckDB database" in said:
            raise StoreError(f"The file {path} is not a valid DuckDB database file: another "
                             f"kind of file, or a damaged one. {fix}") from exc
        raise StoreError(f"The database {path} cannot be read ({said}): it may be damaged, or "
                         f"written by a newer DuckDB. {fix}") from exc
    known = MIGRATIONS[-1][0]
    try:
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main'").fetchall()}
        newest = con.execute("SELECT max(version) FROM schema_migration").fetchone()[0] \
            if "schema_migration" in tables else None
        if tables and newest is None:
            raise StoreError(f"{path} is a DuckDB database of another program, not Total Place "
                             f"Studio's, so it was left as it is. {fix}")
        if newest is not None and newest > known:
            raise StoreError(f"The database {path} was made by a newer Total Place Studio "
                             f"(schema {newest}; this one knows up to {known}): update the app, "
                             "or open a backup this version made.")
    except duckdb.Error as exc:
        con.close()
        said = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        raise StoreError(f"The database {path} cannot be read ({said}): it may be damaged. "
                         f"{fix}") from exc
    except StoreError:
        con.close()
        raise
    return con


# State shared by every open Connection of this process to one file: path -> [count, state].
_SHARED: dict[str, list[Any]] = {}
_SHARED_LOCK = threading.Lock()


def _hold_shared(key: str) -> dict[str, Any]:
    with _SHARED_LOCK:
        entry = _SHARED.setdefault(key, [0, {}])
        entry[0] += 1
        return entry[1]


def _release_shared(key: str) -> None:
    with _SHARED_LOCK:
        entry = _SHARED.get(key)
        if entry is not None:
            entry[0] -= 1
            if entry[0] <= 0:
                del _SHARED[key]


def new_id() -> str:
    return str(uuid.uuid4())


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Connection:
    """One DuckDB connection per process; every call takes its own cursor (thread-safe)."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path else default_db_path()
        self._con = _connect(self.path)
        self._migrate()
        key = str(self.path.resolve())
        self._shared = _hold_shared(key)
        self._release = weakref.finalize(self, _release_shared, key)

    def close(self) -> None:
        self._con.close()
        self._release()

    def shared(self, name: str, make: Callable[[], T]) -> T:
        """The object called `name` that every open Connection of this process to this file
        shares, made by `make()` on first use and dropped when the last of them closes.

        DuckDB lets one process at a time open a file for writing, and within that process
        every connection to the file is the same database. So while this process holds the
        file, state kept here (a lock that orders writes, a cache of rows written through it)
        sees every write made to the file; when the last Connection closes, another process
        may write, and the state is gone with it."""
        with _SHARED_LOCK:
            found = self._shared.get(name)
            if found is None:
                found = self._shared[name] = make()
            return found

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    @contextmanager
    def transaction(self, areas: tuple[str, ...] | None = None
                    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: a half-done write is rolled back. `areas` says what the write
        changes (store.versions.AREAS); the Store moves those data versions on commit."""
        with self.cursor() as cur:
            cur.begin()
            try:
                yield cur
            except BaseException:
                cur.rollback()
                raise
            cur.commit()

    def df(self, sql: str, params: list[Any] | tuple[Any, ...] | dict[str, Any] = ()
           ) -> pd.DataFrame:
        """A query's answer; `params` by position (?) or, as a dict, by name ($name)."""
        with self.cursor() as cur:
            return cur.execute(sql, params if isinstance(params, dict) else list(params)).df()

    def rows(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self.cursor() as cur:
            return cur.execute(sql, list(params)).fetchall()

    def schema_version(self) -> int:
        return self.rows("SELECT coalesce(max(version), 0) FROM schema_migration")[0][0]

    def _migrate(self) -> None:
        with self.transaction() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_migration ("
                "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP)"
            )
            applied = cur.execute("SELECT version FROM schema_migration").fetchall()
            done = {row[0] for row in applied}
            for version, name, statements in MIGRATIONS:
                if version in done:
                    continue
                for statement in statements:
                    cur.execute(statement)
                cur.execute("INSERT INTO schema_migration VALUES (?, ?, ?)",
                            [version, name, now_utc()])


def insert_frame(cur: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    """Bulk insert matching columns by name; returns the row count."""
    if frame.empty:
        return 0
    cur.register("_incoming", frame)
    try:
        cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _incoming")
    finally:
        cur.unregister("_incoming")
    return len(frame)
