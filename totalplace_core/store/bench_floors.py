"""The floors `totalplace bench` measures the app against: the count written by hand in one
DuckDB query, as a data engineer would write it for a one-off answer, and the columns a pandas
user would load. Here because all SQL lives in the store."""

from __future__ import annotations

import pandas as pd

from totalplace_core.store.connection import Connection

# Gross, transfers netted, unmatched, bodies counted, basis and division in one grouped pass.
_HAND_WRITTEN = """
    WITH l AS (SELECT place_id, org_code, cofog_code, amount_pence, basis, transfer_to_org_code
               FROM spend_line WHERE year = ? {place}),
    r AS (SELECT DISTINCT place_id, org_code FROM l),
    s AS (SELECT l.*, coalesce(l.transfer_to_org_code, '') <> '' AS is_transfer,
                 r.org_code IS NOT NULL AS netted
          FROM l LEFT JOIN r ON r.place_id = l.place_id AND r.org_code = l.transfer_to_org_code)
    SELECT place_id, left(cofog_code, 2) AS division, basis,
           sum(amount_pence) AS gross, sum(amount_pence) FILTER (netted) AS netted,
           sum(amount_pence) FILTER (is_transfer AND NOT netted) AS unmatched,
           count(DISTINCT org_code) FILTER (NOT netted) AS bodies
    FROM s GROUP BY GROUPING SETS ((place_id), (place_id, division), (place_id, basis))"""


class BenchFloors(Connection):
    def floor_count(self, year: str, place_id: str | None = None) -> list[tuple]:
        """The hand-written count of one place-year, or of every place for the year."""
        sql = _HAND_WRITTEN.format(place="AND place_id = ?" if place_id else "")
        return self.rows(sql, [year, place_id] if place_id else [year])

    def lines_for_pandas(self, year: str) -> pd.DataFrame:
        """Every place's lines for a year, the columns a count needs, as pandas would hold
        them (loaded once, outside the timing)."""
        return self.df(
            "SELECT place_id, org_code, cofog_code, amount_pence, basis, transfer_to_org_code "
            "FROM spend_line WHERE year = ?", [year])
