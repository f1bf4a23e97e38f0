"""`totalplace backup FILE | restore FILE | migrate`: a consistent copy of the database, a checked
copy put back (the database it replaces kept beside it), and the schema brought up to date."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path

from totalplace_core.store import Store, StoreError, StoreLockedError
from totalplace_core.store.backup import BackupInfo, restore
from totalplace_core.store.location import shown, store_address

WHILE_THE_APP_RUNS = (
    "While the app runs it holds the database alone: download a backup from the app itself "
    "(the Data page, \"Download a backup\"), which copies it as it stands; or stop the app "
    "and run this again.")


def _database(args: argparse.Namespace) -> Path | str:
    return store_address(args.db)


def _size(info: BackupInfo) -> str:
    return f"{info.size_bytes / 1_000_000:,.1f} MB"


def _holds(info: BackupInfo) -> str:
    places = ", ".join(info.places) or "no place yet"
    return (f"schema {info.schema_version}, {info.tables} tables, {info.rows:,} rows "
            f"({places}), {_size(info)}")


def cmd_backup(args: argparse.Namespace) -> int:
    db, target = _database(args), Path(args.file)
    try:
        store = Store(db)
    except StoreLockedError as exc:
        pid = re.search(r"process (\d+)", str(exc))
        holder = f"process {pid.group(1)}" if pid else "another process"
        raise StoreError(f"The database {db} is open in {holder} (the app, or another "
                         f"totalplace command). {WHILE_THE_APP_RUNS}") from exc
    with store:
        info = store.backup_to(target)
    print(f"Backed up {shown(db)} to {target}: {_holds(info)}.")
    print(f"Put it back with: totalplace restore {target}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    db = _database(args)
    if isinstance(db, str):
        raise StoreError("restore puts a backup file back in place of the embedded DuckDB "
                         "file; the shared PostgreSQL store is restored with pg_restore from "
                         "its pg_dump (docs/DEPLOY.md, Backups).")
    info, kept = restore(db, Path(args.file))
    print(f"Restored {db} from {args.file}: {_holds(info)}.")
    print(f"The database it replaced is kept as {kept}." if kept else
          "There was no database before, so nothing was kept.")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """The shared store: apply what it lacks, in one transaction. A DuckDB file is brought up
    to date whenever it is opened, so opening it is all this does there."""
    db = _database(args)
    if isinstance(db, str):
        from totalplace_core.store import pg_schema
        from totalplace_core.store.pg_primary import connect

        with connect(db) as conn:
            applied = pg_schema.migrate(conn)
            version = pg_schema.schema_version(conn)
    else:
        with Store(db) as store:
            applied, version = [], store.schema_version()
    print(f"{shown(db)}: schema {version}; "
          + (f"applied {', '.join(applied)}." if applied else "already up to date."))
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "backup": cmd_backup, "restore": cmd_restore, "migrate": cmd_migrate,
}
