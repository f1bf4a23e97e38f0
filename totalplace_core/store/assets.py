"""The public estate in SQL: a place's buildings with their body and ward, the estate's totals,
and the co-location finder.

Co-location, in three steps, never comparing every pair:
1. Near pairs through a grid. Under-used buildings are put in square cells one walking
   distance wide (a local flat projection whose scale never overstates a true distance), so
   two buildings within that distance are in the same or neighbouring cells: each building is
   compared only with the 3 x 3 cells around it, found by an equality hash join. The work grows
   with n times the buildings per cell, not with n squared; the great-circle distance then
   settles each pair.
2. Hubs. Each building is a possible hub; its candidate is every under-used building within
   walking distance of it, weighed by their combined running cost (a candidate of one body
   only weighs nothing).
3. Groups. Each building joins the heaviest hub within walking distance of it (ties by code),
   so groups never overlap and every member is within walking distance of its hub (within
   twice that of each other). A group is kept when it holds buildings of two bodies or more.

Money is integer pence; the saving rate is in basis points so the estimate is exact."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from totalplace_core.store.connection import Connection

EARTH_RADIUS_M = 6_371_008.8  # mean radius: the sphere the distances are measured on
_METRES_PER_DEGREE = 111_195.0 * 0.995  # on that sphere, less a margin so cells never cut short


@dataclass(frozen=True)
class AssetFilter:
    """Which buildings are shown: empty tuples mean every body, kind or ward; `use_range`
    (low, high) in % keeps buildings whose utilisation is known and in it (None: all)."""

    bodies: Sequence[str] = ()
    kinds: Sequence[str] = ()
    wards: Sequence[str] = ()
    use_range: tuple[float, float] | None = None

    def params(self) -> dict[str, object]:
        low, high = self.use_range or (None, None)
        return {"bodies": list(self.bodies), "kinds": list(self.kinds),
                "wards": list(self.wards), "use_low": low, "use_high": high}


_SHOWN = """
    SELECT a.*, o.org_name, o.kind AS org_kind, w.ward_name
    FROM asset a
    LEFT JOIN organisation o ON o.place_id = a.place_id AND o.org_code = a.org_code
    LEFT JOIN ward w ON w.place_id = a.place_id AND w.ward_code = a.ward_code
    WHERE a.place_id = $place
      AND (len($bodies) = 0 OR list_contains($bodies, a.org_code))
      AND (len($kinds) = 0 OR list_contains($kinds, a.kind))
      AND (len($wards) = 0 OR list_contains($wards, a.ward_code))
      AND ($use_low IS NULL OR a.utilisation_pct BETWEEN $use_low AND $use_high)"""


def _distance(a: str, b: str) -> str:
    """Great-circle metres between rows `a` and `b` (columns lat, lon in degrees)."""
    return (f"2 * {EARTH_RADIUS_M} * asin(sqrt(pow(sin(radians({b}.lat - {a}.lat) / 2), 2) "
            f"+ cos(radians({a}.lat)) * cos(radians({b}.lat)) "
            f"* pow(sin(radians({b}.lon - {a}.lon) / 2), 2)))")


_GROUPS = f"""
    WITH shown AS ({_SHOWN}),
    u AS (SELECT asset_code, asset_name, org_code, org_name, kind, ward_code, ward_name, lat,
              lon, floor_area_m2, running_cost_pence, utilisation_pct
          FROM shown WHERE utilisation_pct < $max_use),
    scale AS (SELECT cos(radians(max(abs(lat)))) AS k FROM u),
    cells AS (
        SELECT u.*, CAST(floor(lon * {_METRES_PER_DEGREE} * k / $radius) AS BIGINT) AS cx,
            CAST(floor(lat * {_METRES_PER_DEGREE} / $radius) AS BIGINT) AS cy
        FROM u, scale),
    around AS (
        SELECT c.asset_code, c.lat, c.lon, c.cx + dx AS nx, c.cy + dy AS ny
        FROM cells c, (SELECT * FROM range(-1, 2) t(dx)), (SELECT * FROM range(-1, 2) t(dy))),
    near AS (  -- (hub, member) within walking distance, each building its own pair too
        SELECT h.asset_code AS hub, m.asset_code AS member, m.org_code, m.running_cost_pence
        FROM around h JOIN cells m ON m.cx = h.nx AND m.cy = h.ny
        WHERE {_distance("h", "m")} <= $radius),
    hubs AS (
        SELECT hub, CASE WHEN count(DISTINCT org_code) > 1
                    THEN sum(coalesce(running_cost_pence, 0)) ELSE 0 END AS weight
        FROM near GROUP BY hub),
    joined AS (
        SELECT n.member AS asset_code, n.hub FROM near n JOIN hubs USING (hub)
        QUALIFY row_number() OVER (PARTITION BY n.member
                                   ORDER BY hubs.weight DESC, n.hub) = 1),
    members AS (SELECT u.*, j.hub FROM u JOIN joined j USING (asset_code)),
    kept AS (
        SELECT hub, count(*) AS buildings, count(DISTINCT org_code) AS bodies,
            CAST(sum(coalesce(running_cost_pence, 0)) AS BIGINT) AS combined_pence,
            -- whole m² per building, then summed as integers: the group's figure is the
            -- sum of its buildings' shown, whatever order the sum runs in
            CAST(sum(round(coalesce(floor_area_m2, 0) * (100 - utilisation_pct) / 100))
                 AS BIGINT) AS spare_floor_m2,
            count(*) FILTER (WHERE floor_area_m2 IS NULL) AS area_unknown,
            avg(lat) AS lat, avg(lon) AS lon,
            string_agg(DISTINCT org_name, ', ' ORDER BY org_name) AS body_names,
            arg_max(coalesce(ward_name, ward_code, ''), coalesce(running_cost_pence, 0))
                AS ward_name
        FROM members GROUP BY hub HAVING count(DISTINCT org_code) > 1),
    saved AS (SELECT k.*, row_number() OVER (ORDER BY combined_pence DESC, hub) AS rank,
                  (combined_pence * $rate_bp + 5000) // 10000 AS saving_estimate_pence
              FROM kept k),
    ranked AS (  -- one row a group here, so the running sum counts each group once
        SELECT *, CAST(sum(saving_estimate_pence) OVER (ORDER BY rank) AS BIGINT)
            AS saving_to_here_pence FROM saved)
    SELECT *, max(from_centre_m) OVER (PARTITION BY rank) AS reach_m FROM (
    SELECT r.rank, r.ward_name, r.buildings, r.bodies, r.body_names, r.combined_pence,
        r.spare_floor_m2, r.area_unknown, r.saving_estimate_pence,
        r.saving_to_here_pence,
        r.lat AS centre_lat, r.lon AS centre_lon,
        m.asset_code, m.asset_name, m.org_code, m.org_name, m.kind, m.floor_area_m2,
        m.running_cost_pence, m.utilisation_pct,
        CAST(round(coalesce(m.floor_area_m2, 0) * (100 - m.utilisation_pct) / 100) AS BIGINT)
            AS spare_m2,
        CAST(round({_distance("r", "m")}) AS INTEGER) AS from_centre_m
    FROM ranked r JOIN members m USING (hub))
    ORDER BY rank, running_cost_pence DESC NULLS LAST, asset_code"""

_TOTAL_KEYS = {"body": ("org_code", "coalesce(org_name, org_code)"),
               "kind": ("kind", "kind"), "ward": ("ward_code", "coalesce(ward_name, ward_code)")}


class AssetQueries(Connection):
    def assets(self, place_id: str, shown: AssetFilter) -> pd.DataFrame:
        """The buildings shown, with body and ward names and the cost per m² (whole pence)."""
        return self.df(f"""
            SELECT asset_code, asset_name, org_code, org_name, org_kind, kind, ward_code,
                ward_name, lat, lon, floor_area_m2, running_cost_pence,
                CASE WHEN floor_area_m2 > 0
                     THEN CAST(round(running_cost_pence / floor_area_m2) AS BIGINT)
                     END AS cost_per_m2_pence,
                utilisation_pct, tenure
            FROM ({_SHOWN}) ORDER BY running_cost_pence DESC NULLS LAST, asset_code""",
                       {"place": place_id, **shown.params()})

    def asset_choices(self, place_id: str) -> pd.DataFrame:
        """The bodies, kinds and wards a place's buildings have, for the filters."""
        return self.df("""
            SELECT DISTINCT 'body' AS what, a.org_code AS code,
                coalesce(o.org_name, a.org_code) AS label
            FROM asset a LEFT JOIN organisation o
                ON o.place_id = a.place_id AND o.org_code = a.org_code WHERE a.place_id = $p
            UNION SELECT DISTINCT 'kind', kind, kind FROM asset WHERE place_id = $p
            UNION SELECT DISTINCT 'ward', a.ward_code, coalesce(w.ward_name, a.ward_code)
            FROM asset a LEFT JOIN ward w ON w.place_id = a.place_id
                AND w.ward_code = a.ward_code
            WHERE a.place_id = $p AND a.ward_code IS NOT NULL
            ORDER BY what, label""", {"p": place_id})

    def estate_totals(self, place_id: str, shown: AssetFilter, by: str | None,
                      max_use: float) -> pd.DataFrame:
        """Buildings, floor area and running cost of the shown estate (by body, kind or ward,
        or one row), with the part in buildings used less than `max_use` % and its share."""
        code, label = _TOTAL_KEYS[by] if by else ("'all'", "'Whole estate'")
        return self.df(f"""
            SELECT {code} AS code, {label} AS label, count(*) AS buildings,
                CAST(sum(coalesce(floor_area_m2, 0)) AS BIGINT) AS floor_area_m2,
                CAST(sum(coalesce(running_cost_pence, 0)) AS BIGINT) AS running_cost_pence,
                count(*) FILTER (WHERE utilisation_pct < $max_use) AS under_used,
                CAST(coalesce(sum(running_cost_pence) FILTER (WHERE utilisation_pct < $max_use),
                    0) AS BIGINT) AS under_used_pence,
                round(100.0 * coalesce(sum(running_cost_pence)
                      FILTER (WHERE utilisation_pct < $max_use), 0)
                      / nullif(sum(running_cost_pence), 0), 1) AS under_used_share_pct,
                count(*) FILTER (WHERE utilisation_pct IS NULL) AS use_unknown
            FROM ({_SHOWN}) GROUP BY ALL ORDER BY running_cost_pence DESC, code""",
                       {"place": place_id, "max_use": max_use, **shown.params()})

    def colocation(self, place_id: str, shown: AssetFilter, radius_m: float, max_use: float,
                   rate_bp: int) -> pd.DataFrame:
        """Every member of every co-location group, one row each, with its group's figures
        (rank, combined running cost, spare floor area, saving estimate, centre) alongside."""
        return self.df(_GROUPS, {"place": place_id, "radius": radius_m, "max_use": max_use,
                                 "rate_bp": rate_bp, **shown.params()})
