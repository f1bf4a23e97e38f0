"""Why the database file cannot be opened, in words a facilitator can act on: what happened
and what to do. Pure, so a page (through ui.store) and a command can say the same."""

from __future__ import annotations

import re
from pathlib import Path

from totalplace_core.plain_text import plain
from totalplace_core.store import StoreError, StoreLockedError
from totalplace_core.store.location import shown


def unopenable(path: Path | str, exc: Exception) -> str:
    """The message for `exc`, raised opening `path` (a file, or the shared store's address;
    Markdown-safe: names are escaped)."""
    said = str(exc)
    if isinstance(path, str):  # the shared store: its own refusals are already in words
        return plain(said if isinstance(exc, StoreError) else
                     f"The shared store {shown(path)} cannot be used ({said[:300]}).")
    name = plain(path.name)
    if isinstance(exc, StoreLockedError):
        pid = re.search(r"process (\d+)", said)
        holder = f", process {pid.group(1)}" if pid else ""
        return (f"The database {name} is open in another program (the app or a totalplace "
                f"command{holder}). Close it, or point TOTALPLACE_DB at another file.")
    if "not a valid DuckDB database" in said:
        return (f"The file {name} is not a database this app can read: another kind of file, "
                "or a damaged one. Point TOTALPLACE_DB at the right file, or put back a "
                "backup.")
    if isinstance(exc, StoreError):  # the store's own refusal is already in plain words
        return plain(said)
    return (f"The database {name} cannot be opened ({plain(said)}). Check the file and its "
            "folder, or point TOTALPLACE_DB at another file.")
