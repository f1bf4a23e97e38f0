"""`totalplace backup FILE | restore FILE`: a consistent copy of the database, and a checked
copy put back (the database it replaces kept beside it)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path

from totalplace_core.store import Store, StoreError, StoreLockedError, default_db_path
from totalplace_core.store.backup import BackupInfo, restore

WHILE_THE_APP_RUNS = (
    "While the app runs it holds the database alone: download a backup from the app itself "
    "(the Data page, \"Download a backup\"), which copies it as it stands; or stop the app "
    "and run this again.")


def _database(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else default_db_path()


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
    print(f"Backed up {db} to {target}: {_holds(info)}.")
    print(f"Put it back with: totalplace restore {target}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    db = _database(args)
    info, kept = restore(db, Path(args.file))
    print(f"Restored {db} from {args.file}: {_holds(info)}.")
    print(f"The database it replaced is kept as {kept}." if kept else
          "There was no database before, so nothing was kept.")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "backup": cmd_backup, "restore": cmd_restore,
}
