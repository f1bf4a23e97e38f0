"""What the store's write code says to either engine alike: a frame inserted by column name,
a table's columns, a frame readable as a table, and a lock held to the end of a transaction.
A DuckDB cursor does each its own way; the shared store's cursor (store/pg_cursor.py) its own."""

from __future__ import annotations

from typing import Any

import pandas as pd


def insert_frame(cur: Any, table: str, frame: pd.DataFrame) -> int:
    """Bulk insert matching columns by name; returns the row count."""
    if frame.empty:
        return 0
    if getattr(cur, "dialect", "") == "postgres":
        return cur.insert_frame(table, frame)
    cur.register("_incoming", frame)
    try:
        cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _incoming")
    finally:
        cur.unregister("_incoming")
    return len(frame)


def table_columns(cur: Any, table: str) -> list[str]:
    """A table's columns in order, from either engine (for INSERT with a column list, which
    both read alike, where DuckDB alone has BY NAME and EXCLUDE)."""
    rows = cur.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                       "AND table_schema = current_schema() ORDER BY ordinal_position",
                       [table]).fetchall()
    return [r[0] for r in rows]


def register(cur: Any, name: str, frame: pd.DataFrame, like: str) -> None:
    """`frame` readable as table `name` in this transaction, its columns typed like those of
    table `like` (the shared store needs the types; DuckDB reads them from the frame)."""
    if getattr(cur, "dialect", "") == "postgres":
        cur.register(name, frame, like)
    else:
        cur.register(name, frame)


def hold(cur: Any, *keys: str) -> None:
    """Hold `keys` until the transaction ends, so writers on every server queue on them. One
    process holds a DuckDB file, and its own locks order its writers: nothing to do there."""
    if getattr(cur, "dialect", "") == "postgres":
        for key in sorted(set(keys)):
            cur.lock(key)
