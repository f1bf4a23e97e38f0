"""How workshop entries reach the disk: many phones at once, one commit, nothing after a close.

Three things, shared by every Connection of this process to the file (`Connection.shared`):

- `gate`, a lock held for the whole of every write that changes a session (creating, closing,
  reopening, stage, reveal...), of every commit of entries, and of every action added and
  entry changed (taken off the board, combined, split), from the session check to the
  commit. So an entry, action or change is either committed before a close is committed, or
  it is checked after the close and refused: never committed after it. And since an entry is
  time-stamped when it is handed in, before its batch takes the gate, every entry kept has
  `created_at` before the close's version, and every entry handed in after the close is
  refused.
- `sessions`, the cache of each session's live place, kind and status. It is filled from the
  file on first use and changed, under the gate, by every session write of this process; and
  while this process holds the file no other process can write it. So a cached "open" is as
  good as reading the file, without the query (about 1.2 ms of a lone phone's 3 ms).
- `queue`, the group commit (store/write_queue.py): entries handed in while a batch is being
  written are written together in the next transaction; each call still returns only after
  the commit that holds its row.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from totalplace_core.store.connection import StoreError, new_id
from totalplace_core.store.errors import DB_ERRORS
from totalplace_core.store.portable import hold
from totalplace_core.store.write_queue import GroupCommit

# Appended table -> its id column.
ID_COLUMNS: dict[str, str] = {
    "workshop_session": "session_id",
    "force": "force_id",
    "orid_answer": "answer_id",
    "workshop_action": "action_id",
}
ENTRY_KIND: dict[str, str] = {"force": "force_field", "orid_answer": "orid"}


class SessionClosedError(StoreError):
    """The session takes no more entries, actions or changes."""


CLOSED_TO_ENTRIES = "This session is closed: it takes no more entries."
CLOSED_TO_CHANGES = ("This session is closed: nothing can be added to it or changed on its "
                     "board. Reopen it first.")


def dicts(cur: Any, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    result = cur.execute(sql, params)
    columns = [d[0] for d in result.description]
    return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]


def latest(cur: Any, table: str, row_id: str) -> dict[str, Any] | None:
    rows = dicts(cur, f"SELECT * FROM {table} WHERE {ID_COLUMNS[table]} = ? "
                      "ORDER BY version DESC LIMIT 1", [row_id])
    return rows[0] if rows else None


def insert(cur: Any, table: str, row: dict[str, Any]) -> dict[str, Any]:
    columns = list(row)
    marks = ", ".join("?" for _ in columns)
    cur.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                [row[c] for c in columns])
    return row


def insert_many(cur: Any, table: str, rows: Sequence[dict[str, Any]]) -> None:
    """Rows with the same columns, in one statement: in DuckDB a list per column, unnested
    together (a VALUES list of 40 rows costs half as much again); in PostgreSQL a VALUES
    list (an array of all NULLs would have no type to unnest)."""
    if len(rows) == 1:
        insert(cur, table, rows[0])
        return
    columns = list(rows[0])
    if getattr(cur, "dialect", "") == "postgres":
        marks = "(" + ", ".join("?" for _ in columns) + ")"
        cur.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                    + ", ".join(marks for _ in rows), [row[c] for row in rows for c in columns])
        return
    cur.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT "
                + ", ".join("unnest(?)" for _ in columns),
                [[row[c] for row in rows] for c in columns])


@dataclass(frozen=True)
class Entry:
    """A force or answer handed in: what was typed, and when (before any waiting)."""

    table: str
    session_id: str
    fields: dict[str, Any]
    created_at: datetime


@dataclass
class WorkshopWrites:
    """The gate, the session cache and the entry queue of one file (see the module's doc)."""

    gate: threading.Lock = field(default_factory=threading.Lock)
    sessions: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    queue: GroupCommit[Entry, dict[str, Any]] = field(default_factory=GroupCommit)

    def remember(self, session: dict[str, Any]) -> None:
        """Call with the gate held, once the session's new version is committed."""
        self.sessions[session["session_id"]] = (
            session["place_id"], session["kind"], session["status"])

    def forget(self, session_id: str) -> None:
        self.sessions.pop(session_id, None)

    def session(self, cur: Any, session_id: str) -> tuple[str, str, str]:
        """(place_id, kind, status) of the session's live version; call with the gate held.

        On the shared store another server may close it at any moment: the transaction
        takes the session's lock (which a close holds until it commits) and reads it fresh."""
        if getattr(cur, "dialect", "") == "postgres":
            key = f"session:{session_id}"
            if key not in cur.memo:  # held to the commit: one read per transaction
                hold(cur, key)
                cur.memo[key] = latest(cur, "workshop_session", session_id)
            if cur.memo[key] is None:
                raise StoreError(f"No workshop session with id {session_id}.")
            row = cur.memo[key]
            return row["place_id"], row["kind"], row["status"]
        found = self.sessions.get(session_id)
        if found is None:
            row = latest(cur, "workshop_session", session_id)
            if row is None:  # not cached: a session made later must be found then
                raise StoreError(f"No workshop session with id {session_id}.")
            self.remember(row)
            found = self.sessions[session_id]
        return found

    def check(self, cur: Any, entry: Entry) -> dict[str, Any]:
        """The row to insert for `entry`, or the error saying why the session refuses it."""
        place_id, kind, status = self.session(cur, entry.session_id)
        if status != "open":
            raise SessionClosedError(CLOSED_TO_ENTRIES)
        if kind != ENTRY_KIND[entry.table]:
            raise StoreError(f"This session is a {kind}, not a {ENTRY_KIND[entry.table]}.")
        return entry.fields | {
            ID_COLUMNS[entry.table]: new_id(), "version": 1, "place_id": place_id,
            "session_id": entry.session_id, "created_at": entry.created_at}


Transaction = Callable[[], Any]  # a context manager giving a cursor in a transaction


def write_entries(transaction: Transaction, writes: WorkshopWrites,
                  entries: Sequence[Entry]) -> list[dict[str, Any] | BaseException]:
    """Check and insert a batch of entries in one transaction, under the gate.

    Each entry's outcome is its stored row or its own error: a refused entry (closed session)
    does not hold back the rest; if the batch insert fails as a whole, each row is tried in
    its own transaction so only the bad one fails."""
    outcomes: list[dict[str, Any] | BaseException] = []
    with writes.gate:
        try:
            with transaction() as cur:
                hold(cur, *(f"session:{e.session_id}" for e in entries))  # in one order
                for entry in entries:
                    try:
                        outcomes.append(writes.check(cur, entry))
                    except StoreError as exc:
                        outcomes.append(exc)
                _insert_grouped(cur, entries, outcomes)
        except DB_ERRORS:
            if len(outcomes) < len(entries) or sum(isinstance(o, dict) for o in outcomes) < 2:
                raise  # not the insert of several rows: every entry of the batch hears of it
            for i, outcome in enumerate(outcomes):  # rolled back: a transaction per row
                if isinstance(outcome, dict):
                    try:
                        with transaction() as cur:
                            hold(cur, f"session:{entries[i].session_id}")
                            insert(cur, entries[i].table, outcome)
                    except DB_ERRORS as exc:
                        outcomes[i] = exc
    return outcomes


def _insert_grouped(cur: Any, entries: Sequence[Entry],
                    outcomes: Sequence[dict[str, Any] | BaseException]) -> None:
    groups: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = {}
    for entry, outcome in zip(entries, outcomes, strict=True):
        if isinstance(outcome, dict):
            groups.setdefault((entry.table, tuple(outcome)), []).append(outcome)
    for (table, _), rows in groups.items():
        insert_many(cur, table, rows)
