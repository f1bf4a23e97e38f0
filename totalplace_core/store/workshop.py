"""Live workshop reads and writes: sessions, forces, ORID answers and actions.

All four tables are append-only. A change is a new row with the same id and the next
version; the live row of an id is its highest version. So people writing at once only ever
add rows, and the whole history of a session is kept. The one conflict possible, two changes
to the same id at the same instant, is retried.

Participants' forces and answers go through `store/workshop_writes.py`: many phones at once
share a commit, the session check is cached, and a close is ordered with them (an entry is
committed before the close, or refused). Actions and every change to an entry (taking it off
the board, combining, splitting) hold the same gate and make the same check inside their
transaction: once a session is closed, nothing is added to it or changed in it until it is
reopened, and a close that lands first wins.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

import pandas as pd

from totalplace_core.store.connection import Connection, StoreError, new_id, now_utc
from totalplace_core.store.errors import CLASH_ERRORS, is_version_clash
from totalplace_core.store.portable import hold
from totalplace_core.store.workshop_writes import (
    CLOSED_TO_CHANGES,
    ENTRY_KIND,
    ID_COLUMNS,
    Entry,
    SessionClosedError,
    WorkshopWrites,
    write_entries,
)
from totalplace_core.store.workshop_writes import dicts as _dicts
from totalplace_core.store.workshop_writes import insert as _insert
from totalplace_core.store.workshop_writes import latest as _latest

__all__ = ["ID_COLUMNS", "JoinCodeTakenError", "SessionClosedError", "WorkshopQueries"]

T = TypeVar("T")
_RETRIES = 25
_AREAS = ("workshop",)  # what these writes change, for the Store's data versions


class JoinCodeTakenError(StoreError):
    """Another open session already uses the join code."""


def _retrying(write: Callable[[], T]) -> T:
    """Run a write again when another writer took the same (id, version) first."""
    for attempt in range(_RETRIES):
        try:
            return write()
        except CLASH_ERRORS as exc:
            if attempt == _RETRIES - 1 or not is_version_clash(exc):
                raise
            time.sleep(random.uniform(0, 0.004 * (attempt + 1)))  # jitter: clashes spread
    raise AssertionError("unreachable")


def _next_version(cur: Any, table: str, row_id: str,
                  changes: dict[str, Any], when: datetime) -> dict[str, Any]:
    latest = _latest(cur, table, row_id)
    if latest is None:
        raise StoreError(f"No {table.replace('_', ' ')} with id {row_id}.")
    return _insert(cur, table, latest | changes | {
        "version": latest["version"] + 1, "created_at": when})


def _open_codes(cur: Any, except_id: str | None = None) -> set[str]:
    rows = cur.execute(  # no QUALIFY: this runs in the shared store's transactions too
        "SELECT join_code, session_id FROM (SELECT join_code, session_id, status, "
        "row_number() OVER (PARTITION BY session_id ORDER BY version DESC) AS newest "
        "FROM workshop_session) s WHERE newest = 1 AND status = 'open'").fetchall()
    return {code for code, session_id in rows if session_id != except_id}


class WorkshopQueries(Connection):
    # -- sessions -----------------------------------------------------------------------
    def workshop_sessions(self, place_id: str | None = None) -> pd.DataFrame:
        """The live version of every session (of one place): open ones first, newest first."""
        return self.df(
            "SELECT s.*, f.first_created_at FROM (SELECT * FROM workshop_session "
            "WHERE (? IS NULL OR place_id = ?) "
            "QUALIFY row_number() OVER (PARTITION BY session_id ORDER BY version DESC) = 1) s "
            "JOIN (SELECT session_id, min(created_at) AS first_created_at "
            "FROM workshop_session GROUP BY session_id) f USING (session_id) "
            "ORDER BY s.status = 'open' DESC, f.first_created_at DESC, s.title",
            [place_id, place_id],
        )

    def workshop_session(self, session_id: str) -> dict[str, Any] | None:
        with self.cursor() as cur:
            return _latest(cur, "workshop_session", session_id)

    def session_versions(self, session_id: str) -> pd.DataFrame:
        return self.df("SELECT * FROM workshop_session WHERE session_id = ? ORDER BY version",
                       [session_id])

    def sessions_with_code(self, join_code: str) -> list[dict[str, Any]]:
        """Sessions whose live code is `join_code`: the open one first, then the newest."""
        with self.cursor() as cur:
            return _dicts(cur,
                "SELECT * FROM workshop_session "
                "QUALIFY row_number() OVER (PARTITION BY session_id ORDER BY version DESC) = 1 "
                "AND join_code = ? ORDER BY status = 'open' DESC, created_at DESC",
                [join_code])

    def open_join_codes(self) -> set[str]:
        with self.cursor() as cur:
            return _open_codes(cur)

    def add_workshop_session(self, row: dict[str, Any]) -> dict[str, Any]:
        """Version 1 of a new session; refuses a join code another open session holds."""
        def write(cur: Any) -> dict[str, Any]:
            if row["status"] == "open" and row["join_code"] in _open_codes(cur):
                raise JoinCodeTakenError(f"Join code {row['join_code']} is in use.")
            return _insert(cur, "workshop_session", row | {"version": 1, "created_at": now_utc()})
        return _retrying(lambda: self._session_write(row["session_id"], write))

    def change_workshop_session(self, session_id: str,
                                changes: dict[str, Any]) -> dict[str, Any]:
        """A new version of the session: stage, reveal, timer, status, prompts...

        A close is ordered with entries: an entry is committed before it, or refused."""
        def write(cur: Any) -> dict[str, Any]:
            latest = _latest(cur, "workshop_session", session_id) or {}
            code = changes.get("join_code", latest.get("join_code"))
            reopening = changes.get("status") == "open" and latest.get("status") != "open"
            if reopening and code in _open_codes(cur, except_id=session_id):
                raise JoinCodeTakenError(f"Join code {code} is in use.")
            return _next_version(cur, "workshop_session", session_id, changes, now_utc())
        return _retrying(lambda: self._session_write(session_id, write))

    def _workshop_writes(self) -> WorkshopWrites:
        return self.shared("workshop_writes", WorkshopWrites)

    def _session_write(self, session_id: str,
                       write: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
        """One transaction writing a session version, with the entry gate held from before
        it reads until its version is committed and cached (store/workshop_writes.py)."""
        writes = self._workshop_writes()
        with writes.gate:
            try:
                with self.transaction(_AREAS) as cur:
                    # On the shared store, servers take turns too: with the session's
                    # entries, and with every other session's join code.
                    hold(cur, "workshop:codes", f"session:{session_id}")
                    row = write(cur)
            except BaseException:
                writes.forget(session_id)  # committed or not, the file says: read it again
                raise
            writes.remember(row)
            return row

    # -- entries: forces and answers ------------------------------------------------------
    def add_entry(self, table: str, session_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        """A participant's force or answer, committed before this returns.

        Refused (SessionClosedError) once the session is closed. Entries handed in at once
        by many threads are committed together (store/write_queue.py); each call returns
        after the commit that holds its own row, and returns that row."""
        if table not in ENTRY_KIND:
            raise ValueError(f"not an entry table: {table!r}")
        writes = self._workshop_writes()
        entry = Entry(table, session_id, dict(fields), now_utc())
        return writes.queue.submit(entry, lambda batch: write_entries(
            lambda: self.transaction(_AREAS), writes, batch))

    def add_action(self, session_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        """An action agreed in the session; refused (SessionClosedError) once it is closed."""
        writes = self._workshop_writes()

        def write() -> dict[str, Any]:
            with writes.gate, self.transaction(_AREAS) as cur:
                place_id, _, status = writes.session(cur, session_id)
                if status != "open":
                    raise SessionClosedError(CLOSED_TO_CHANGES)
                return _insert(cur, "workshop_action", fields | {
                    "action_id": new_id(), "version": 1, "place_id": place_id,
                    "session_id": session_id, "created_at": now_utc()})
        return _retrying(write)

    def change_rows(self, table: str, changes: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        """New versions of several rows of one table, all or nothing (taking off the board,
        merges, edits); refused (SessionClosedError) once any of their sessions is closed."""
        if table not in ID_COLUMNS or table == "workshop_session":
            raise ValueError(f"not an entry table: {table!r}")
        writes = self._workshop_writes()

        def write() -> list[dict[str, Any]]:
            with writes.gate, self.transaction(_AREAS) as cur:
                when = now_utc()
                found = {row_id: _latest(cur, table, row_id) for row_id in changes}
                if missing := [i for i, row in found.items() if row is None]:
                    raise StoreError(f"No {table.replace('_', ' ')} with id {missing[0]}.")
                for session_id in {row["session_id"] for row in found.values() if row}:
                    if writes.session(cur, session_id)[2] != "open":
                        raise SessionClosedError(CLOSED_TO_CHANGES)
                return [_insert(cur, table, found[row_id] | change | {
                    "version": found[row_id]["version"] + 1, "created_at": when})
                    for row_id, change in changes.items()]
        return _retrying(write)

    def entry_versions(self, table: str, session_id: str) -> pd.DataFrame:
        """Every version of every row of a session, oldest first: the history."""
        if table not in ID_COLUMNS or table == "workshop_session":
            raise ValueError(f"not an entry table: {table!r}")
        return self.df(f"SELECT * FROM {table} WHERE session_id = ? "
                       f"ORDER BY created_at, {ID_COLUMNS[table]}, version", [session_id])

    def entries(self, table: str, session_id: str) -> pd.DataFrame:
        """The live version of each row of a session, in the order they were first added."""
        if table not in ID_COLUMNS or table == "workshop_session":
            raise ValueError(f"not an entry table: {table!r}")
        id_column = ID_COLUMNS[table]
        return self.df(
            f"SELECT t.*, f.first_created_at FROM (SELECT * FROM {table} WHERE session_id = ? "
            f"QUALIFY row_number() OVER (PARTITION BY {id_column} ORDER BY version DESC) = 1) t "
            f"JOIN (SELECT {id_column}, min(created_at) AS first_created_at FROM {table} "
            f"WHERE session_id = ? GROUP BY {id_column}) f USING ({id_column}) "
            f"ORDER BY f.first_created_at, {id_column}",
            [session_id, session_id],
        )

    def entry_counts(self, session_ids: Iterable[str]) -> pd.DataFrame:
        """Live, not withdrawn entries per session and side or stage, and actions."""
        ids = list(session_ids)
        if not ids:
            return pd.DataFrame(columns=["session_id", "part", "n"])
        live = ("SELECT * FROM {t} WHERE list_contains(?, session_id) QUALIFY row_number() "
                "OVER (PARTITION BY {i} ORDER BY version DESC) = 1")
        parts = [("force", "side"), ("orid_answer", "stage"), ("workshop_action", "'actions'")]
        sql = " UNION ALL ".join(
            f"SELECT session_id, {part} AS part, count(*) AS n FROM ("
            f"{live.format(t=table, i=ID_COLUMNS[table])}) WHERE NOT is_deleted GROUP BY ALL"
            for table, part in parts)
        return self.df(sql, [ids, ids, ids])
