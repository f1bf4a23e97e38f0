"""Mapping wall reads and writes: flows, flow nodes and pinned notes.

Flow edits are a transactional replace of one place-year's flows (node edits: of one place's
nodes), not appended versions. A wall is edited by one facilitator at a time, the rest of the
app (count, import, export) reads the `flow` table as the single truth, and a replace keeps
that table simple. History is not lost: the replaced rows go to `wall_flow_archive` /
`wall_node_archive` under the edit's id, and `wall_edit` says who saved what and when.
Two people saving over each other is caught, not merged: every save names the version of the
flows it started from (`flows_token`), and a save whose starting point is no longer current
is refused with `WallConflict`, changing nothing.

Notes are appended: answering or reopening one is a new version row with the same note_id,
so a note's history is kept and two people writing at once never update the same row.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from totalplace_core.store.connection import Connection, StoreError, new_id, now_utc
from totalplace_core.store.errors import CLASH_ERRORS
from totalplace_core.store.portable import insert_frame, table_columns

FLOW_COLUMNS = ["flow_id", "place_id", "year", "from_node_code", "to_node_code", "stream",
                "amount_pence", "amount_text", "kind", "is_ring_fenced", "batch_id"]
NODE_COLUMNS = ["node_id", "place_id", "node_code", "node_name", "tier", "org_code", "batch_id"]
_FLOWS_TOKEN = (
    "SELECT coalesce(md5(string_agg(concat_ws('|', flow_id, from_node_code, to_node_code, "
    "stream, amount_pence, kind, is_ring_fenced), ';' ORDER BY flow_id)), '') "
    "FROM flow WHERE place_id = ? AND year = ?")
_NODES_TOKEN = (
    "SELECT coalesce(md5(string_agg(concat_ws('|', n.node_id, n.node_code, n.node_name, n.tier, "
    "n.org_code, f.cofog_code), ';' ORDER BY n.node_id)), '') FROM flow_node n "
    "LEFT JOIN wall_node_function f USING (place_id, node_code) WHERE n.place_id = ?")
_NOTE_RETRIES = 3


class WallConflict(StoreError):
    """Someone else saved the same flows or nodes since this edit began."""


class WallQueries(Connection):
    # -- flows ----------------------------------------------------------------------------
    def flow_years(self, place_id: str) -> list[str]:
        rows = self.rows("SELECT DISTINCT year FROM flow WHERE place_id = ? ORDER BY year",
                         [place_id])
        return [row[0] for row in rows]

    def flows(self, place_id: str, year: str) -> pd.DataFrame:
        return self.df(
            f"SELECT {', '.join(FLOW_COLUMNS)} FROM flow WHERE place_id = ? AND year = ? "
            "ORDER BY from_node_code, to_node_code, stream, flow_id", [place_id, year])

    def flow_nodes(self, place_id: str) -> pd.DataFrame:
        """Every node of a place with the function a facilitator gave it (or null)."""
        return self.df(
            "SELECT n.node_id, n.node_code, n.node_name, n.tier, n.org_code, f.cofog_code, "
            "n.batch_id FROM flow_node n LEFT JOIN wall_node_function f "
            "USING (place_id, node_code) WHERE n.place_id = ? ORDER BY n.node_code", [place_id])

    def flow_node_use(self, place_id: str) -> dict[str, int]:
        """How many flows (any year) start or end at each node."""
        rows = self.rows(
            "SELECT code, count(*) FROM (SELECT from_node_code AS code FROM flow "
            "WHERE place_id = ? UNION ALL SELECT to_node_code FROM flow WHERE place_id = ?) "
            "GROUP BY code", [place_id, place_id])
        return {code: n for code, n in rows}

    def flows_token(self, place_id: str, year: str) -> str:
        """Fingerprint of one place-year's flows: a save must start from the current one.
        Read from the store itself, as the save's own check is (on the shared store,
        PostgreSQL spells booleans and sorts text its own way)."""
        return self.primary_rows(_FLOWS_TOKEN, [place_id, year])[0][0]

    def nodes_token(self, place_id: str) -> str:
        return self.primary_rows(_NODES_TOKEN, [place_id])[0][0]

    def replace_flows(self, place_id: str, year: str, rows: pd.DataFrame,
                      edited_by: str | None, token: str) -> str:
        """Swap one place-year's flows for `rows` (FLOW_COLUMNS), keeping the old ones."""
        edit_id = new_id()
        with self.transaction(("wall",)) as cur:
            if cur.execute(_FLOWS_TOKEN, [place_id, year]).fetchall()[0][0] != token:
                raise WallConflict(
                    f"The {year} flows were changed by someone else while you edited them. "
                    "Nothing was saved: reload the page to see their version, then edit again.")
            where = "FROM flow WHERE place_id = ? AND year = ?"
            before = cur.execute(f"SELECT count(*) {where}", [place_id, year]).fetchall()[0][0]
            columns = ", ".join(table_columns(cur, "flow"))
            cur.execute(f"INSERT INTO wall_flow_archive (edit_id, {columns}) "
                        f"SELECT ?, {columns} {where}", [edit_id, place_id, year])
            cur.execute(f"DELETE {where}", [place_id, year])
            insert_frame(cur, "flow", rows[FLOW_COLUMNS])
            self._log_edit(cur, edit_id, place_id, year, "flows", edited_by, before, len(rows))
        return edit_id

    def replace_nodes(self, place_id: str, rows: pd.DataFrame, edited_by: str | None,
                      token: str) -> str:
        """Swap a place's nodes (NODE_COLUMNS + cofog_code), keeping the old ones."""
        edit_id = new_id()
        with self.transaction(("wall",)) as cur:
            if cur.execute(_NODES_TOKEN, [place_id]).fetchall()[0][0] != token:
                raise WallConflict(
                    "The bodies and services were changed by someone else while you edited "
                    "them. Nothing was saved: reload the page, then edit again.")
            self._refuse_orphan_flows(cur, place_id, set(rows["node_code"]))
            before = cur.execute("SELECT count(*) FROM flow_node WHERE place_id = ?",
                                 [place_id]).fetchall()[0][0]
            columns = table_columns(cur, "flow_node")
            cur.execute(
                f"INSERT INTO wall_node_archive (edit_id, {', '.join(columns)}, cofog_code) "
                f"SELECT ?, {', '.join('n.' + c for c in columns)}, f.cofog_code "
                "FROM flow_node n LEFT JOIN wall_node_function f "
                "ON f.place_id = n.place_id AND f.node_code = n.node_code "
                "WHERE n.place_id = ?", [edit_id, place_id])
            cur.execute("DELETE FROM flow_node WHERE place_id = ?", [place_id])
            cur.execute("DELETE FROM wall_node_function WHERE place_id = ?", [place_id])
            insert_frame(cur, "flow_node", rows[NODE_COLUMNS])
            functions = rows.loc[rows["cofog_code"].fillna("") != "",
                                 ["place_id", "node_code", "cofog_code"]]
            insert_frame(cur, "wall_node_function", functions)
            self._log_edit(cur, edit_id, place_id, None, "nodes", edited_by, before, len(rows))
        return edit_id

    @staticmethod
    def _refuse_orphan_flows(cur: Any, place_id: str,
                             kept: set[str]) -> None:
        used = cur.execute(
            "SELECT code, count(*) FROM (SELECT from_node_code AS code FROM flow "
            "WHERE place_id = ? UNION ALL SELECT to_node_code FROM flow WHERE place_id = ?) ends "
            "GROUP BY code ORDER BY code", [place_id, place_id]).fetchall()
        missing = [f"{code} ({n} flows)" for code, n in used if code not in kept]
        if missing:
            raise StoreError("Still used by flows, so not removed: " + ", ".join(missing))

    @staticmethod
    def _log_edit(cur: Any, edit_id: str, place_id: str, year: str | None,
                  what: str, edited_by: str | None, before: int, after: int) -> None:
        cur.execute("INSERT INTO wall_edit VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [edit_id, place_id, year, what, edited_by, now_utc(), before, after])

    def wall_edits(self, place_id: str) -> pd.DataFrame:
        return self.df(
            "SELECT edit_id, year, what, edited_by, edited_at, rows_before, rows_after "
            "FROM wall_edit WHERE place_id = ? ORDER BY edited_at DESC", [place_id])

    def archived_flows(self, edit_id: str) -> pd.DataFrame:
        """The flows an edit replaced (the wall as it was just before that edit)."""
        return self.df("SELECT * FROM wall_flow_archive WHERE edit_id = ? "
                       "ORDER BY from_node_code, to_node_code, stream", [edit_id])

    # -- notes ----------------------------------------------------------------------------
    def wall_notes(self, place_id: str, year: str) -> pd.DataFrame:
        """The live version of each note, with when it was first pinned and its versions."""
        return self.df(
            "SELECT *, min(created_at) OVER w AS pinned_at, count(*) OVER w AS versions "
            "FROM wall_note WHERE place_id = ? AND year = ? "
            "WINDOW w AS (PARTITION BY note_id) "
            "QUALIFY row_number() OVER (PARTITION BY note_id ORDER BY version DESC) = 1 "
            "ORDER BY pinned_at, note_id", [place_id, year])

    def note_history(self, note_id: str) -> pd.DataFrame:
        return self.df("SELECT * FROM wall_note WHERE note_id = ? ORDER BY version", [note_id])

    def add_note(self, place_id: str, year: str, target_kind: str, target_code: str,
                 text: str, author: str | None) -> str:
        """Pin a new note (version 1); committed before this returns."""
        note_id = new_id()
        with self.transaction(("wall",)) as cur:
            cur.execute(
                "INSERT INTO wall_note (note_id, version, place_id, year, target_kind, "
                "target_code, text, author, status, answer, created_at) "
                "VALUES (?, 1, ?, ?, ?, ?, ?, ?, 'open', NULL, ?)",
                [note_id, place_id, year, target_kind, target_code, text, author, now_utc()])
        return note_id

    def add_note_version(self, note_id: str, status: str, answer: str | None,
                         answered_by: str | None) -> int:
        """Append the next version of a note with a new status and answer; returns it."""
        for attempt in range(_NOTE_RETRIES):
            try:
                return self._append_note_version(note_id, status, answer, answered_by)
            except CLASH_ERRORS:
                if attempt == _NOTE_RETRIES - 1:
                    raise StoreError(
                        "The note is being changed by someone else: try again.") from None
        raise AssertionError("unreachable")

    def _append_note_version(self, note_id: str, status: str, answer: str | None,
                             answered_by: str | None) -> int:
        with self.transaction(("wall",)) as cur:
            latest = cur.execute(
                "SELECT max(version) FROM wall_note WHERE note_id = ?", [note_id]).fetchall()
            if latest[0][0] is None:
                raise StoreError("That note is not on the wall.")
            version = latest[0][0] + 1
            cur.execute(
                "INSERT INTO wall_note (note_id, version, place_id, year, target_kind, "
                "target_code, text, author, status, answer, answered_by, created_at) "
                "SELECT note_id, ?, place_id, year, target_kind, target_code, text, author, "
                "?, ?, ?, ? FROM wall_note WHERE note_id = ? AND version = ?",
                [version, status, answer, answered_by, now_utc(), note_id, version - 1])
        return version
