"""This server's copy of the shared store, in a local in-memory DuckDB, where every read runs.

Measured on 2 cores (docs/DECISIONS.md 41): the count's group-by over 548k lines took 10.6 ms
on a local copy, 145 ms through DuckDB's postgres extension (it pulls every row across; no
aggregate is pushed down) and 88 ms in PostgreSQL itself; a lookup by id took 56.6 ms through
the extension (it scans). So the app's analytical SQL runs unchanged on a copy, and a table
is copied again (through the extension, in bulk) only when its version in `data_version`
moves: after each write this server commits, before that write returns, so a writer always
reads what it wrote; and when a poll every `POLL_SECONDS` sees another server's write.

In memory, not a file: the copy is thrown away with the process, and a file's commit waits
on the disk (a one-table refresh took 22 ms on a file, 9 ms in memory; the first copy of
the demo place 0.36 s, 0.23 s). DuckDB spills to the temporary folder under pressure."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from totalplace_core.store.connection import duck_transaction
from totalplace_core.store.pg_primary import Primary
from totalplace_core.store.pg_schema import APPENDED
from totalplace_core.store.versions import AREAS, DataVersions

POLL_SECONDS = float(os.environ.get("TOTALPLACE_PG_POLL") or 0.25)
_ALIAS = "tp_primary"
log = logging.getLogger(__name__)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def load_postgres_extension(con: duckdb.DuckDBPyConnection) -> None:
    """DuckDB's postgres extension from its PyPI wheel: installed offline, then loaded."""
    from duckdb_extensions import import_extension

    try:
        con.execute("LOAD postgres")
    except duckdb.Error:
        import_extension("postgres", con=con)
        con.execute("LOAD postgres")


class Mirror:
    """The local copy: made whole when the server starts, then kept level by version."""

    def __init__(self, primary: Primary, open_local: Callable[[], duckdb.DuckDBPyConnection],
                 versions: DataVersions) -> None:
        self.primary = primary
        self.versions = versions
        # Named, not made: DuckDB makes it only if the copy outgrows memory, so a server that
        # is killed leaves nothing behind unless it had spilled.
        self._folder = Path(tempfile.gettempdir()) / f"totalplace-copy-{uuid.uuid4().hex}"
        self.con = open_local()  # in memory, migrated: the same tables as the store
        self.con.execute(f"SET temp_directory = {_quoted(str(self._folder))}")
        load_postgres_extension(self.con)
        self.con.execute(f"ATTACH {_quoted(primary.address)} AS {_ALIAS} "
                         "(TYPE postgres, READ_ONLY)")
        self.tables = [r[0] for r in self.con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND table_name <> 'schema_migration'").fetchall()]
        self.columns = {t: [r[0] for r in self.con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
            "AND table_name = ? ORDER BY column_index", [t]).fetchall()] for t in self.tables}
        self._known: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.sync()
        self._poller = threading.Thread(target=self._poll, name="totalplace-mirror",
                                        daemon=True)
        self._poller.start()

    def sync(self) -> list[str]:
        """Bring every table whose version moved level: an appended table by the rows
        stamped since (pg_schema.SEQ), any other, or one rows were deleted from, copied
        whole. Then move this server's cache versions to the store's. Versions are read
        before the copy, so the copy is at least as new as the versions recorded. Returns
        the tables brought level."""
        with self._lock:
            found = self.primary.versions()
            if not self._known:  # the first copy: the local tables are empty
                whole, added = self.primary.nonempty(self.tables), []
            else:
                moved = [t for t in self.tables
                         if found.get(f"table:{t}") != self._known.get(f"table:{t}")]
                added = [t for t in moved if t in APPENDED and found.get(f"rewrite:{t}")
                         == self._known.get(f"rewrite:{t}")]
                whole = [t for t in moved if t not in added]
            if whole or added:
                self._copy(whole, {t: self.primary.stamped(
                    t, self.columns[t], self._known[f"table:{t}"], found[f"table:{t}"])
                    for t in added})
            self._known = found
            stale = whole + added
            self.versions.advance({a: found.get(f"area:{a}", 0) for a in AREAS})
            return stale

    def _copy(self, whole: list[str], added: dict[str, list[tuple[Any, ...]]]) -> None:
        """Tables copied whole (through the extension, in bulk) and rows added to others (a
        row already held is skipped: a copy made whole may already have it), at once."""
        with duck_transaction(self.con) as cur:
            for table in whole:
                listed = ", ".join(f'"{c}"' for c in self.columns[table])
                cur.execute(f"DELETE FROM main.{table}")
                cur.execute(f"INSERT INTO main.{table} ({listed}) "
                            f"SELECT {listed} FROM {_ALIAS}.public.{table}")
            for table, rows in added.items():
                if rows:  # a list per column, unnested together: one statement, no frame
                    columns = self.columns[table]
                    cur.execute(f"INSERT OR IGNORE INTO main.{table} ("
                                + ", ".join(f'"{c}"' for c in columns) + ") SELECT "
                                + ", ".join("unnest(?)" for _ in columns),
                                [list(values) for values in zip(*rows, strict=True)])

    def _poll(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            try:
                self.sync()
            except Exception:  # the store away for a moment: the next poll tries again
                log.warning("could not refresh the copy of the shared store", exc_info=True)

    def close(self) -> None:
        self._stop.set()
        self._poller.join(timeout=5)
        with self._lock:
            self.con.close()
        shutil.rmtree(self._folder, ignore_errors=True)
