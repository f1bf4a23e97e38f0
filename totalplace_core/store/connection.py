"""The store's connection: the embedded DuckDB file (opening it, migrating it, cursors for each
thread or rerun), or the shared PostgreSQL store (writes there, reads on this server's local
DuckDB copy of it: store/pg_primary.py, store/pg_mirror.py)."""

from __future__ import annotations

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

from totalplace_core.store.errors import StoreError, StoreLockedError
from totalplace_core.store.location import default_db_path, is_postgres, store_address
from totalplace_core.store.migrations import MIGRATIONS
from totalplace_core.store.versions import AREAS, DataVersions

__all__ = ["Connection", "StoreError", "StoreLockedError", "default_db_path"]
T = TypeVar("T")


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
                for held in reversed(list(entry[1].values())):  # the shared store's copy
                    if hasattr(held, "close"):
                        held.close()


def new_id() -> str:
    return str(uuid.uuid4())


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Connection:
    """One connection per process; every call takes its own cursor (thread-safe)."""

    def __init__(self, path: Path | str | None = None) -> None:
        address = store_address(path)
        if is_postgres(address):
            self._open_shared(str(address))
            return
        self.address = str(address)
        self.path: Path | None = Path(address)
        self._con = _connect(self.path)
        _migrate(self._con)
        key = str(self.path.resolve())
        self._shared = _hold_shared(key)
        self._release = weakref.finalize(self, _release_shared, key)
        self._primary = self._mirror = None

    def _open_shared(self, address: str) -> None:
        from totalplace_core.store.pg_mirror import Mirror
        from totalplace_core.store.pg_primary import Primary

        self.address, self.path = address, None
        self._shared = _hold_shared(address)
        self._release = weakref.finalize(self, _release_shared, address)
        try:
            self._primary = self.shared("primary", lambda: Primary(address))
            versions = self.shared("data_versions", DataVersions)
            self._mirror = self.shared("mirror", lambda: Mirror(
                self._primary, lambda: _migrate(duckdb.connect(":memory:")), versions))
        except BaseException:
            self._release()
            raise
        self._con = self._mirror.con

    @property
    def dialect(self) -> str:
        return "postgres" if self._primary is not None else "duckdb"

    def sync(self) -> None:
        """Read every other server's writes now, not at the next poll (a no-op on a file)."""
        if self._mirror is not None:
            self._mirror.sync()

    def close(self) -> None:
        if self._mirror is None:  # the shared store's copy closes with the last user
            self._con.close()
        self._release()

    def shared(self, name: str, make: Callable[[], T]) -> T:
        """The object called `name` that every open Connection of this process to this file
        shares, made by `make()` on first use and dropped when the last of them closes.

        DuckDB lets one process at a time open a file for writing, and within that process
        every connection to the file is the same database. So while this process holds the
        file, state kept here (a lock that orders writes, a cache of rows written through it)
        sees every write made to the file; when the last Connection closes, another process
        may write, and the state is gone with it. On the shared store other servers write
        too: what is kept here (the pool, the copy, the versions) follows the store, and
        state that assumed one writer is bypassed there (store/workshop_writes.py)."""
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
                    ) -> Iterator[Any]:
        """All or nothing: a half-done write is rolled back. `areas` says what the write
        changes (store.versions.AREAS, all if None); once committed those data versions
        move on, so every answer cached by version is worked out afresh. On the shared
        store this server's copy is brought level before this returns."""
        if self._primary is not None:
            with self._primary.transaction(AREAS if areas is None else areas) as cur:
                yield cur
            self._mirror.sync()
            return
        with duck_transaction(self._con) as cur:
            yield cur
        self.shared("data_versions", DataVersions).bump(areas)

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

    def primary_rows(self, sql: str, params: list[Any] | tuple[Any, ...] = ()
                     ) -> list[tuple[Any, ...]]:
        """Rows read from the store itself, never from this server's copy: for a check that a
        write repeats in its transaction (SQL both engines read alike)."""
        if self._primary is not None:
            return self._primary.rows(sql, list(params))
        return self.rows(sql, params)


@contextmanager
def duck_transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of its own in one DuckDB transaction: committed if the block ends, rolled
    back whole if it raises."""
    cur = con.cursor()
    try:
        cur.begin()
        try:
            yield cur
        except BaseException:
            cur.rollback()
            raise
        cur.commit()  # a commit DuckDB refuses ends the transaction itself: its error stands
    finally:
        cur.close()


def _migrate(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Bring a DuckDB file (the store, or a server's copy of the shared one) to the newest
    schema, in one transaction."""
    with duck_transaction(con) as cur:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_migration ("
            "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP)"
        )
        done = {row[0] for row in cur.execute("SELECT version FROM schema_migration").fetchall()}
        for version, name, statements in MIGRATIONS:
            if version in done:
                continue
            for statement in statements:
                cur.execute(statement)
            cur.execute("INSERT INTO schema_migration VALUES (?, ?, ?)",
                        [version, name, now_utc()])
    return con
