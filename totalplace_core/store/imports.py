"""Imports: all or nothing, every row tagged with its batch, and undoable."""

from __future__ import annotations

from typing import Any

import pandas as pd

from totalplace_core.store.connection import Connection, StoreError, now_utc
from totalplace_core.store.migrations import IMPORTABLE_TABLES
from totalplace_core.store.portable import insert_frame, register, table_columns
from totalplace_core.store.refusals import refused_in_words


def _scope_clause(columns: list[str]) -> str:
    match = " AND ".join(f"s.{c} IS NOT DISTINCT FROM t.{c}" for c in columns)
    return f"EXISTS (SELECT 1 FROM _scope s WHERE {match})"


class ImportQueries(Connection):
    def codes(self, place_id: str) -> dict[str, set[str]]:
        """Codes already loaded for a place, by the template sheet that defines them."""
        sources = {"Organisations": ("organisation", "org_code"), "Wards": ("ward", "ward_code"),
                   "Unit costs": ("unit_cost", "code"), "Flow nodes": ("flow_node", "node_code"),
                   "Case studies": ("case_study", "case_code")}
        return {sheet: {r[0] for r in self.rows(
                    f"SELECT {col} FROM {table} WHERE place_id = ?", [place_id])}
                for sheet, (table, col) in sources.items()}

    def org_names(self, place_id: str) -> dict[str, str]:
        """The bodies already loaded for a place: code -> name, for matching bodies a
        return gives by name."""
        return dict(self.rows("SELECT org_code, org_name FROM organisation WHERE place_id = ?",
                              [place_id]))

    def rows_in_scope(self, table: str, place_id: str, scope: pd.DataFrame) -> pd.DataFrame:
        """Existing rows an import of `scope` would replace."""
        with self.cursor() as cur:
            cur.register("_scope", scope)
            return cur.execute(
                f"SELECT * FROM {self._importable(table)} t WHERE t.place_id = ? AND "
                + _scope_clause(list(scope.columns)), [place_id]).df()

    def kept_total(self, table: str, place_id: str, scope: pd.DataFrame, column: str) -> int:
        """The sum of |column| over the place's rows an import of `scope` would keep: with
        the file's own, what the place's totals (summed as BIGINT) would have to hold."""
        if not column.isidentifier():
            raise ValueError(f"{column!r} is not a column")
        with self.cursor() as cur:
            cur.register("_scope", scope)
            return int(cur.execute(
                f"SELECT coalesce(sum(abs({column})), 0) FROM {self._importable(table)} t "
                "WHERE t.place_id = ? AND NOT " + _scope_clause(list(scope.columns)),
                [place_id]).fetchone()[0])

    @staticmethod
    def _importable(table: str) -> str:
        if table not in IMPORTABLE_TABLES:
            raise ValueError(f"{table!r} cannot be imported")
        return table

    def apply_import(self, place: dict[str, Any], frames: dict[str, pd.DataFrame],
                     scopes: dict[str, pd.DataFrame], batch: dict[str, Any]) -> None:
        """Replace what the file covers, in one transaction; keep what it replaced. Any
        refusal of the database rolls it all back and is a WriteRefused in words."""
        place_id, batch_id = place["place_id"], batch["batch_id"]
        with refused_in_words("Nothing was imported"), self.transaction() as cur:
            self._put_place(cur, place, batch_id)
            for table, rows in frames.items():
                register(cur, "_scope", scopes[table], like=table)
                where = "t.place_id = ? AND " + _scope_clause(list(scopes[table].columns))
                # Columns by name: one added later (ward_code) stands after replaced_by in
                # the shadow table, so positions no longer line up.
                columns = ", ".join(table_columns(cur, self._importable(table)))
                cur.execute(f"INSERT INTO snap_{table} ({columns}, replaced_by) "
                            f"SELECT {columns}, ? FROM {table} t WHERE {where}",
                            [batch_id, place_id])
                cur.execute(f"DELETE FROM {table} t WHERE {where}", [place_id])
                cur.unregister("_scope")
                insert_frame(cur, table, rows)
            insert_frame(cur, "import_batch", pd.DataFrame([batch]))
            self.refresh_summary(cur, place_id)

    @staticmethod
    def _put_place(cur: Any, place: dict[str, Any], batch_id: str) -> None:
        existing = cur.execute("SELECT * FROM place WHERE place_id = ?",
                               [place["place_id"]]).df()
        if len(existing) and place.get("population") is None:
            return
        if len(existing):
            columns = ", ".join(table_columns(cur, "place"))
            cur.execute(f"INSERT INTO snap_place ({columns}, replaced_by) SELECT {columns}, ? "
                        "FROM place WHERE place_id = ?", [batch_id, place["place_id"]])
            cur.execute("DELETE FROM place WHERE place_id = ?", [place["place_id"]])
            place = existing.iloc[0].to_dict() | place
        insert_frame(cur, "place", pd.DataFrame([place | {"batch_id": batch_id}]))

    def _journeys_edited_since(self, batch_id: str) -> list[str]:
        """Cases whose stops or story were saved on the page after this import (the page's
        rows carry no batch). An import replaces a case's stops by (case, scenario), writing a
        scenario row for each pair, so any other stop of such a pair came later; a case study
        it replaced is, until undone, the batch's own row."""
        return [code for (code,) in self.rows("""
            SELECT t.case_code FROM touchpoint t JOIN scenario s
                ON s.place_id = t.place_id AND s.case_code = t.case_code
                AND s.scenario = t.scenario
            WHERE s.batch_id = $1 AND t.batch_id IS DISTINCT FROM $1
            UNION
            SELECT c.case_code FROM case_study c JOIN snap_case_study r
                ON r.place_id = c.place_id AND r.case_code = c.case_code
            WHERE r.replaced_by = $1 AND c.batch_id IS DISTINCT FROM $1
            ORDER BY 1""", [batch_id])]

    def import_batches(self, place_id: str) -> pd.DataFrame:
        return self.df(
            "SELECT batch_id, file_name, checksum, imported_by, imported_at, row_count, kind, "
            "undone_at FROM import_batch WHERE place_id = ? ORDER BY imported_at DESC",
            [place_id])

    def undo_import(self, batch_id: str) -> str:
        """Put back what the batch replaced. Only a place's latest live import can be undone."""
        batch = self.df("SELECT * FROM import_batch WHERE batch_id = ?", [batch_id])
        if batch.empty or batch["kind"].iloc[0] != "import":
            raise StoreError("That import is not known (the demo build cannot be undone).")
        place_id = batch["place_id"].iloc[0]
        latest = self.rows(
            "SELECT batch_id FROM import_batch WHERE place_id = ? AND kind = 'import' "
            "AND undone_at IS NULL ORDER BY imported_at DESC LIMIT 1", [place_id])
        if not latest or latest[0][0] != batch_id:
            raise StoreError("Undo the later imports of this place first, newest first.")
        edited = self._journeys_edited_since(batch_id)
        if edited:
            raise StoreError(
                f"Since this import, the Family journeys page changed {', '.join(edited)}: "
                "undo would put back what the import replaced beside those changes. Nothing "
                "was undone; correct those journeys on the page, or import them again.")
        with refused_in_words("Nothing was undone"), self.transaction() as cur:
            for table in reversed(IMPORTABLE_TABLES):
                cur.execute(f"DELETE FROM {table} WHERE batch_id = ?", [batch_id])
                columns = ", ".join(table_columns(cur, table))
                cur.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} "
                            f"FROM snap_{table} WHERE replaced_by = ?", [batch_id])
                cur.execute(f"DELETE FROM snap_{table} WHERE replaced_by = ?", [batch_id])
            cur.execute("UPDATE import_batch SET undone_at = ? WHERE batch_id = ?",
                        [now_utc(), batch_id])
            self.refresh_summary(cur, place_id)
        return str(batch["file_name"].iloc[0])
