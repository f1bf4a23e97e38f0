"""The count's tables and the count itself, in SQL: spend lines classified (counted, transfer
netted, transfer unmatched) and summed where they lie, returning small frames.

A line handing money to another body (`transfer_to_org_code`) is netted when that body reported
lines for the same place and year, and kept but flagged unmatched when it did not. Every query
here filters by place and year first: spend lines are kept in (place, year) order where the
app writes them in bulk, so DuckDB's row-group min/max skip the rest of the file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import pandas as pd

from totalplace_core.store.connection import Connection, new_id, now_utc
from totalplace_core.store.count_sql import (
    COUNTED,
    LINE_COLUMNS,
    NETTED,
    UNMATCHED,
    classified,
    summary_insert,
)
from totalplace_core.store.portable import insert_frame

# What a breakdown may be grouped by, and the SQL for each: never a user's text.
DIMENSIONS: dict[str, str] = {
    "place_id": "c.place_id", "division": "c.division", "cofog_code": "c.cofog_code",
    "org_code": "c.org_code", "org_name": "coalesce(o.org_name, c.org_code)",
    "org_kind": "coalesce(o.kind, 'unknown')", "basis": "c.basis",
}
# Lines not yet imported come from a pandas frame, where a column of blanks has no type.
_INCOMING_COLUMNS = ", ".join(
    f"CAST({c} AS BIGINT) AS {c}" if c == "amount_pence" else f"CAST({c} AS VARCHAR) AS {c}"
    for c in LINE_COLUMNS.split(", "))


def _source(year: str, place_id: str | None, incoming: bool) -> tuple[str, list[Any]]:
    """SQL and parameters selecting the lines of one year, of one place or of every place;
    with `incoming`, a place's lines as they would be after an import: the bodies it replaces
    (registered as `_replaced`) swapped for its lines (registered as `_incoming`)."""
    if incoming:
        return (f"SELECT {LINE_COLUMNS} FROM spend_line WHERE year = ? AND place_id = ? "
                "AND org_code NOT IN (SELECT org_code FROM _replaced) "
                f"UNION ALL SELECT {_INCOMING_COLUMNS} FROM _incoming WHERE year = ?",
                [year, place_id, year])
    if place_id is None:
        return f"SELECT {LINE_COLUMNS} FROM spend_line WHERE year = ?", [year]
    return f"SELECT {LINE_COLUMNS} FROM spend_line WHERE year = ? AND place_id = ?", \
        [year, place_id]


def _where(filters: dict[str, Sequence[str]]) -> tuple[str, list[Any]]:
    """`AND dim IN (...)` for each non-empty filter; dimensions are whitelisted."""
    parts, params = [], []
    for dim, values in filters.items():
        if values:
            parts.append(f"{DIMENSIONS[dim]} IN ({', '.join('?' * len(values))})")
            params += list(values)
    return "".join(f" AND {p}" for p in parts), params


# One pass: a row per place (division NULL) and a row per place and division, by GROUPING
# SETS, so the headline and its division bars cost one scan, of the summary (or, for an
# import's preview, of the classified lines).
_TOTALS = f"""
    SELECT c.place_id, c.division,
        CAST(coalesce(sum(c.amount_pence) FILTER (c.count_status <> '{NETTED}'), 0) AS BIGINT)
            AS kept_pence,
        CAST(sum(c.amount_pence) AS BIGINT) AS gross_pence,
        CAST(coalesce(sum(c.amount_pence) FILTER (c.count_status = '{NETTED}'), 0) AS BIGINT)
            AS transfers_pence,
        CAST(coalesce(sum(c.amount_pence) FILTER (c.count_status = '{UNMATCHED}'), 0) AS BIGINT)
            AS unmatched_pence,
        count(DISTINCT c.org_code) FILTER (c.count_status <> '{NETTED}') AS bodies_counted,
        CAST(coalesce(sum(c.amount_pence) FILTER (c.count_status <> '{NETTED}'
            AND c.basis = 'actual'), 0) AS BIGINT) AS actual_pence,
        CAST(coalesce(sum(c.amount_pence) FILTER (c.count_status <> '{NETTED}'
            AND c.basis = 'estimate'), 0) AS BIGINT) AS estimate_pence,
        CAST(coalesce(sum(c.amount_pence) FILTER (c.count_status <> '{NETTED}'
            AND c.basis = 'proxy'), 0) AS BIGINT) AS proxy_pence
    FROM classified c
    GROUP BY GROUPING SETS ((c.place_id), (c.place_id, c.division))"""


class CountQueries(Connection):
    def _counted_df(self, sql: str, year: str, place_id: str | None, params: list[Any],
                    incoming: tuple[pd.DataFrame, pd.DataFrame] | None) -> pd.DataFrame:
        source, source_params = _source(year, place_id, incoming is not None)
        with self.cursor() as cur:
            if incoming is not None:
                cur.register("_incoming", incoming[0])
                cur.register("_replaced", incoming[1])
            return cur.execute(classified(source) + sql, source_params + params).df()

    def count_totals(self, year: str, place_id: str | None = None,
                     incoming: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> pd.DataFrame:
        """For each place with lines in `year`, a row with `division` NULL (its name and
        population, gross, transfers netted, unmatched transfers, bodies counted, what is
        counted by basis) and a row per COFOG division with what is counted there. Read from
        the summary; with `incoming` (lines, replaced bodies), from the classified lines as an
        import would leave them (a place not yet in the store has no name or population)."""
        tail = (f"SELECT p.place_name, p.population, t.* FROM ({_TOTALS}) t "
                "LEFT JOIN place p USING (place_id) ORDER BY p.place_name, t.division NULLS FIRST")
        if incoming is not None:
            return self._counted_df(" " + tail, year, place_id, [], incoming)
        where = "year = ?" + (" AND place_id = ?" if place_id else "")
        sql = f"WITH classified AS (SELECT * FROM spend_summary WHERE {where}) {tail}"
        return self.df(sql, [year, place_id] if place_id else [year])

    @staticmethod
    def refresh_summary(cur: duckdb.DuckDBPyConnection, place_id: str | None = None) -> None:
        """Rebuild the summary of one place (or of every place) from its lines; called in the
        transaction that wrote them."""
        if place_id is None:
            cur.execute("DELETE FROM spend_summary")
            cur.execute(summary_insert("true"))
            return
        cur.execute("DELETE FROM spend_summary WHERE place_id = ?", [place_id])
        cur.execute(summary_insert("place_id = ?"), [place_id])

    def count_breakdown(self, year: str, by: Sequence[str], place_id: str | None = None,
                        filters: dict[str, Sequence[str]] | None = None,
                        incoming: tuple[pd.DataFrame, pd.DataFrame] | None = None
                        ) -> pd.DataFrame:
        """What the count keeps (netted transfers left out), summed by `by` (names from
        DIMENSIONS), largest first, with the number of lines in each."""
        dims = ", ".join(f"{DIMENSIONS[d]} AS {d}" for d in by)
        where, params = _where(filters or {})
        sql = (f" SELECT {dims}, CAST(sum(c.amount_pence) AS BIGINT) AS amount_pence, "
               "count(*) AS line_count FROM classified c LEFT JOIN organisation o "
               "ON o.place_id = c.place_id AND o.org_code = c.org_code "
               f"WHERE c.count_status <> '{NETTED}'{where} "
               f"GROUP BY ALL ORDER BY amount_pence DESC, {', '.join(by)}")
        return self._counted_df(sql, year, place_id, params, incoming)

    def count_lines(self, place_id: str, year: str, filters: dict[str, Sequence[str]],
                    statuses: Sequence[str] = (COUNTED, UNMATCHED),
                    transfers_only: bool = False, limit: int = 500) -> pd.DataFrame:
        """Lines of one place-year matching `filters`, largest first, at most `limit`, each
        with its status and the names of its body and of the body it hands money to;
        `matching_lines` and `matching_pence` count every match, not only those returned."""
        where, params = _where(filters)
        where += f" AND c.count_status IN ({', '.join('?' * len(statuses))})"
        where += " AND coalesce(c.transfer_to_org_code, '') <> ''" if transfers_only else ""
        sql = (" SELECT c.line_id, coalesce(o.org_name, c.org_code) AS org_name, "
               "coalesce(o.kind, 'unknown') AS org_kind, c.cofog_code, c.theme, "
               "c.amount_pence, c.basis, c.source, c.count_status, c.funded_by_org_code, "
               "c.transfer_to_org_code, coalesce(t.org_name, c.transfer_to_org_code || "
               "' (not a known body)') AS to_org_name, c.note, "
               "count(*) OVER () AS matching_lines, "
               "CAST(sum(c.amount_pence) OVER () AS BIGINT) AS matching_pence "
               "FROM classified c LEFT JOIN organisation o "
               "ON o.place_id = c.place_id AND o.org_code = c.org_code "
               "LEFT JOIN organisation t ON t.place_id = c.place_id "
               f"AND t.org_code = c.transfer_to_org_code WHERE true{where} "
               "ORDER BY c.amount_pence DESC, c.line_id LIMIT ?")
        return self._counted_df(sql, year, place_id, params + list(statuses) + [limit], None)

    # -- the count ----------------------------------------------------------------------
    def spend_lines(self, place_id: str, year: str | None = None) -> pd.DataFrame:
        """Spend lines with their organisation's name and kind."""
        return self.df(
            "SELECT s.line_id, s.year, s.org_code, o.org_name, o.kind AS org_kind, "
            "s.cofog_code, s.theme, s.amount_pence, s.basis, s.source, "
            "s.funded_by_org_code, s.transfer_to_org_code, s.driver, s.note "
            "FROM spend_line s LEFT JOIN organisation o "
            "ON o.place_id = s.place_id AND o.org_code = s.org_code "
            "WHERE s.place_id = ? AND (? IS NULL OR s.year = ?) "
            "ORDER BY s.year, s.org_code, s.cofog_code, s.line_id",
            [place_id, year, year],
        )

    def spend_lines_all_places(self, year: str) -> pd.DataFrame:
        """Every place's lines for one year, with the place's name and population."""
        return self.df(
            "SELECT p.place_name, p.population, s.year, s.org_code, s.cofog_code, "
            "s.amount_pence, s.basis, s.transfer_to_org_code "
            "FROM spend_line s JOIN place p USING (place_id) WHERE s.year = ? "
            "ORDER BY p.place_name",
            [year],
        )

    # -- theme map -------------------------------------------------------------------------
    def theme_edits(self, place_id: str) -> pd.DataFrame:
        """The latest edit of each (scheme, COFOG group): edits are appended, never updated."""
        return self.df(
            "SELECT scheme, cofog_code, theme FROM theme_map_edit WHERE place_id = ? "
            "QUALIFY row_number() OVER (PARTITION BY scheme, cofog_code "
            "ORDER BY created_at DESC, edit_id DESC) = 1",
            [place_id],
        )

    def add_theme_edits(self, place_id: str, edits: list[tuple[str, str, str]],
                        edited_by: str | None = None) -> int:
        with self.transaction(("themes",)) as cur:
            for scheme, cofog_code, theme in edits:
                cur.execute(
                    "INSERT INTO theme_map_edit VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [new_id(), place_id, scheme, cofog_code, theme, edited_by, now_utc()],
                )
        return len(edits)

    # -- deflators (not per place) --------------------------------------------------------
    def deflators(self) -> pd.DataFrame:
        return self.df("SELECT year, index_value, base_year, source FROM deflator ORDER BY year")

    def replace_deflators(self, frame: pd.DataFrame) -> int:
        with self.transaction() as cur:
            cur.execute("DELETE FROM deflator")
            return insert_frame(cur, "deflator", frame)
