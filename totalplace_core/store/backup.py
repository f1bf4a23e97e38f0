"""Backups: a consistent copy of the whole database made from an open connection, checked; and
a checked copy put back in place of the database, the old file kept beside it.

DuckDB lets one process hold the file, so while the app runs the copy is made by the app
itself (the Data page's "Download a backup"), and `totalplace backup` makes it when the app is
stopped. Either way it is `COPY FROM DATABASE` into a new file attached for the purpose: one
snapshot of every table (committed writes only), schema and constraints included, measured
against `EXPORT DATABASE` + `IMPORT DATABASE` in docs/DECISIONS.md."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from totalplace_core.store.connection import Connection, StoreError, StoreLockedError
from totalplace_core.store.migrations import MIGRATIONS

NEWEST = MIGRATIONS[-1][0]  # the newest schema this app knows
# Tables every Total Place database has had since its first schema.
CORE_TABLES = ("place", "organisation", "spend_line", "import_batch")


@dataclass(frozen=True)
class BackupInfo:
    """What a backup holds, read back from the file itself."""

    path: Path
    schema_version: int
    tables: int
    rows: int
    places: tuple[str, ...]
    size_bytes: int


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}.wal")):
        leftover.unlink(missing_ok=True)


def _read_all(con: duckdb.DuckDBPyConnection, path: Path) -> BackupInfo:
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' ORDER BY table_name").fetchall()]
    missing = [t for t in ("schema_migration", *CORE_TABLES) if t not in tables]
    if missing:
        raise StoreError(f"{path} is a DuckDB database but not a Total Place one (it has no "
                         f"{', '.join(missing)} table).")
    history = con.execute("SELECT version, name FROM schema_migration ORDER BY version").fetchall()
    newest = max((v for v, _ in history), default=0)
    if newest > NEWEST:
        raise StoreError(f"{path} was made by a newer Total Place Studio (schema {newest}; this "
                         f"one knows up to {NEWEST}): update the app before putting it back.")
    known = {v: name for v, name, _ in MIGRATIONS}
    odd = [(v, name) for v, name in history if known.get(v) != name]
    if odd:
        raise StoreError(f"{path} has a schema history this app did not write (step {odd[0][0]} "
                         f"is {odd[0][1]!r}): it is not a Total Place backup.")
    rows = 0
    for table in tables:  # every column of every row read once: DuckDB checks each block
        found = con.execute(f'SELECT count(*), bit_xor(hash(COLUMNS(*))) FROM "{table}"')
        rows += found.fetchone()[0]
    places = tuple(r[0] for r in con.execute(
        "SELECT place_name FROM place ORDER BY place_name").fetchall())
    return BackupInfo(path, newest, len(tables), rows, places, path.stat().st_size)


def inspect_backup(path: Path | str) -> BackupInfo:
    """Open a file read-only and check it is a whole Total Place database this app can use:
    DuckDB can read every block, the core tables are there, and its schema is not newer than
    this app's. Raises StoreError saying plainly what is wrong; changes nothing."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"There is no file at {path}.")
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a backup file.")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise StoreError(f"{path} is not a Total Place backup: DuckDB cannot open it as a "
                         f"database ({_first_line(exc)}).") from exc
    try:
        return _read_all(con, path)
    except duckdb.Error as exc:
        raise StoreError(f"{path} cannot be read whole ({_first_line(exc)}): it is damaged, "
                         "so it was not used.") from exc
    finally:
        con.close()


class BackupQueries(Connection):
    def backup_to(self, target: Path | str) -> BackupInfo:
        """A consistent copy of the whole database in a new file `target`, made from this
        connection while others go on writing: what was committed when the copy began, every
        table of it. Written beside `target` and renamed into place once checked, so a
        half-made copy never carries its name; an existing file is never overwritten."""
        target = Path(target)
        if target.exists():
            raise StoreError(f"{target} already exists: a backup never overwrites a file, so "
                             "give it a new name.")
        if not target.parent.is_dir():
            raise StoreError(f"There is no folder {target.parent} to write {target.name} in.")
        partial = target.with_name(target.name + ".partial")
        _remove(partial)
        alias = f"tp_backup_{uuid.uuid4().hex}"  # attached to the whole instance: unique
        try:
            with self.cursor() as cur:
                source = cur.execute("SELECT current_database()").fetchone()[0].replace('"', '""')
                cur.execute(f"ATTACH {_quoted(partial)} AS {alias}")
                try:
                    cur.execute(f'COPY FROM DATABASE "{source}" TO {alias}')
                    cur.execute(f"CHECKPOINT {alias}")  # all in the file: no .wal beside it
                finally:
                    cur.execute(f"DETACH {alias}")
            info = inspect_backup(partial)
        except (duckdb.Error, OSError, StoreError) as exc:
            _remove(partial)
            raise StoreError(f"The backup was not made ({_first_line(exc)}); nothing was "
                             f"written to {target}.") from exc
        os.replace(partial, target)
        return replace(info, path=target)

    def backup_bytes(self) -> bytes:
        """A backup as bytes, for a download: made in a temporary folder, then removed."""
        with tempfile.TemporaryDirectory(prefix="totalplace-backup-") as folder:
            path = Path(folder) / "backup.duckdb"
            self.backup_to(path)
            return path.read_bytes()


def _settle(db: Path) -> None:
    """Open the database alone and fold its write-ahead log into the file, so the file moved
    aside is whole. Held by another process: refused. Unreadable (why one restores): left as
    it is, and kept all the same."""
    try:
        con = duckdb.connect(str(db))
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            pid = re.search(r"PID (\d+)", str(exc))
            raise StoreLockedError(
                f"The database {db} is open in {f'process {pid[1]}' if pid else 'another process'}"
                " (the app, or another totalplace command): stop it first, then restore. "
                "Nothing was changed.") from exc
        return
    try:
        con.execute("CHECKPOINT")
    except duckdb.Error:
        pass
    finally:
        con.close()


def _free_name(path: Path) -> Path:
    found, n = path, 1
    while found.exists() or Path(f"{found}.wal").exists():
        n += 1
        found = path.with_name(f"{path.name}.{n}")
    return found


def restore(db: Path | str, backup: Path | str) -> tuple[BackupInfo, Path | None]:
    """Put a checked backup in place of the database `db`. The backup is checked first and
    copied beside `db`, brought up to this app's schema and opened as the app opens it; only
    then is the old file moved to DB.before-restore (or .before-restore.2, ...) and the copy
    renamed into its place. Returns what was restored and where the old file is kept."""
    db, backup = Path(db), Path(backup)
    if db.exists() and backup.resolve() == db.resolve():
        raise StoreError(f"{backup} is the database itself: restore from a backup file.")
    info = inspect_backup(backup)
    db.parent.mkdir(parents=True, exist_ok=True)
    staged = db.with_name(db.name + ".restoring")
    _remove(staged)
    try:
        shutil.copyfile(backup, staged)
        Connection(staged).close()  # an older backup's schema brought up to date; opens
    except (duckdb.Error, OSError, StoreError) as exc:
        _remove(staged)
        raise StoreError(f"{backup} could not be made ready ({_first_line(exc)}); the "
                         "database was not changed.") from exc
    kept = None
    if db.exists():
        try:
            _settle(db)
        except StoreError:
            _remove(staged)
            raise
        kept = _free_name(db.with_name(db.name + ".before-restore"))
        os.replace(db, kept)
        if Path(f"{db}.wal").exists():  # left by a file DuckDB could not open: kept with it
            os.replace(Path(f"{db}.wal"), Path(f"{kept}.wal"))
    os.replace(staged, db)
    return replace(info, path=db), kept
