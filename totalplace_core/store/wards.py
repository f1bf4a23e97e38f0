"""The count shared among wards, in SQL: every counted line of a place-year reaches its wards by
the best basis it has, to the penny.

A line with a ward code is that ward's actual. Any other line is shared by a driver, a proxy:
the line's own driver if it names one, else its COFOG group's (the driver table the service
hands in). Drivers weigh each ward by its residents (all, or an age band), by its residents
times its need index, or by the place's own count (the Wards sheet's "Own driver"). Each line
is split in whole pence, the pence left over by rounding down going one each to the wards with
the largest remainders (ties by ward code), so every line, and so every ward total, adds back
to the place's counted total exactly. Transfers are counted once, as in the count
(store/count_sql.py)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from totalplace_core.store.connection import Connection, new_id, now_utc
from totalplace_core.store.count_sql import LINE_COLUMNS, NETTED, classified

POPULATION_DRIVERS = ("population", "pop_0_17", "pop_18_64", "pop_65_plus", "need_index",
                      "custom")
# Ward weights by driver; need is scaled to whole numbers so the split stays exact integers.
_WEIGHTS = """
    SELECT ward_code, 'population' AS driver, pop_0_17 + pop_18_64 + pop_65_plus AS w FROM w
    UNION ALL SELECT ward_code, 'pop_0_17', pop_0_17 FROM w
    UNION ALL SELECT ward_code, 'pop_18_64', pop_18_64 FROM w
    UNION ALL SELECT ward_code, 'pop_65_plus', pop_65_plus FROM w
    UNION ALL SELECT ward_code, 'need_index',
        CAST(round(coalesce(need_index, 100) * 1000) AS BIGINT)
        * (pop_0_17 + pop_18_64 + pop_65_plus) FROM w
    UNION ALL SELECT ward_code, 'custom',
        CAST(round(greatest(coalesce(custom_driver, 0), 0) * 1000) AS BIGINT) FROM w"""

_SHARES = f"""
    , w AS (SELECT ward_code, pop_0_17, pop_18_64, pop_65_plus, need_index, custom_driver
            FROM ward WHERE place_id = $place),
    weights AS ({_WEIGHTS}),
    kept AS (
        SELECT c.*, CASE
            WHEN c.ward_code IN (SELECT ward_code FROM w) THEN 'ward_actual'
            WHEN c.driver IN {POPULATION_DRIVERS} THEN c.driver
            ELSE coalesce(d.driver, 'population') END AS used_driver
        FROM classified c LEFT JOIN _drivers d ON d.cofog_code = c.cofog_code
        WHERE c.count_status <> '{NETTED}'),
    raw AS (
        SELECT k.line_id, k.cofog_code, k.org_code, k.amount_pence, k.used_driver,
            wt.ward_code,
            CASE WHEN k.used_driver = 'ward_actual'
                 THEN CASE WHEN wt.ward_code = k.ward_code THEN 1 ELSE 0 END
                 ELSE wt.w END::HUGEINT AS w
        FROM kept k JOIN weights wt ON wt.driver = CASE WHEN k.used_driver = 'ward_actual'
            THEN 'population' ELSE k.used_driver END),
    totals AS (SELECT line_id, sum(w) AS total_w FROM raw GROUP BY line_id HAVING sum(w) > 0),
    split AS (
        SELECT r.*, abs(r.amount_pence)::HUGEINT * r.w // t.total_w AS base,
            abs(r.amount_pence)::HUGEINT * r.w % t.total_w AS remainder
        FROM raw r JOIN totals t USING (line_id)),
    ranked AS (
        SELECT *, abs(amount_pence) - sum(base) OVER (PARTITION BY line_id) AS leftover,
            row_number() OVER (PARTITION BY line_id ORDER BY remainder DESC, ward_code)
                AS rank
        FROM split),
    shares AS (
        SELECT line_id, cofog_code, org_code, ward_code, used_driver,
            CAST(sign(amount_pence) * (base + CASE WHEN rank <= leftover THEN 1 ELSE 0 END)
                 AS BIGINT) AS share_pence
        FROM ranked)"""


class WardQueries(Connection):
    def ward_shares(self, place_id: str, year: str, drivers: pd.DataFrame,
                    by: Sequence[str] = (), filters: dict[str, Sequence[str]] | None = None
                    ) -> pd.DataFrame:
        """The place-year's counted spend by ward (and by `by`: division, cofog_code,
        org_code): amount, the part that is a ward-coded actual and the part that is a proxy.
        `drivers` is the group driver table (cofog_code, driver). Lines that no ward can
        take (no wards, or wards with no residents) are left out; the caller checks totals."""
        dims = {"division": "left(s.cofog_code, 2)", "cofog_code": "s.cofog_code",
                "org_code": "s.org_code"}
        named: dict[str, object] = {"year": year, "place": place_id}
        where = ""
        for dim, values in (filters or {}).items():
            if values:
                names = [f"f{len(named) + i}" for i in range(len(values))]
                named |= dict(zip(names, values, strict=True))
                where += f" AND {dims[dim]} IN ({', '.join('$' + n for n in names)})"
        source = (f"SELECT {LINE_COLUMNS}, ward_code, driver FROM spend_line "
                  "WHERE year = $year AND place_id = $place")
        sql = (classified(source) + _SHARES + " SELECT s.ward_code, "
               + "".join(f"{dims[d]} AS {d}, " for d in by)
               + "CAST(sum(s.share_pence) AS BIGINT) AS amount_pence, "
               "CAST(coalesce(sum(s.share_pence) FILTER (s.used_driver = 'ward_actual'), 0) "
               f"AS BIGINT) AS actual_pence FROM shares s WHERE true{where} "
               "GROUP BY ALL ORDER BY ALL")
        with self.cursor() as cur:
            cur.register("_drivers", drivers)
            found = cur.execute(sql, named).df()
        return found.assign(proxy_pence=found["amount_pence"] - found["actual_pence"])

    def ward_driver_edits(self, place_id: str) -> pd.DataFrame:
        """The latest driver chosen for each COFOG group of a place (edits are appended)."""
        return self.df(
            "SELECT cofog_code, driver FROM ward_driver_edit WHERE place_id = ? "
            "QUALIFY row_number() OVER (PARTITION BY cofog_code "
            "ORDER BY created_at DESC, edit_id DESC) = 1", [place_id])

    def add_ward_driver_edits(self, place_id: str, edits: list[tuple[str, str]],
                              edited_by: str | None = None) -> int:
        with self.transaction(("wards",)) as cur:
            for cofog_code, driver in edits:
                cur.execute("INSERT INTO ward_driver_edit VALUES (?, ?, ?, ?, ?, ?)",
                            [new_id(), place_id, cofog_code, driver, edited_by, now_utc()])
        return len(edits)
