"""The asset bench's SQL (bench/assets_bench.py): a generated estate of n buildings in one
place, and the floors the co-location finder is measured against. Here because all SQL lives
in the store.

The estate is made like store/bench_data.py's tables: one `INSERT ... SELECT` from `range(n)`,
randomness `hash(i, salt, seed)`, ids `md5` of a stable key, so one seed gives the same rows
every run with this DuckDB. Positions are worked out in metres on a flat square around the
centre and turned into degrees last, so cluster sizes read as walking distances."""

from __future__ import annotations

import threading
from typing import Any

import duckdb

from totalplace_core.store.assets import EARTH_RADIUS_M
from totalplace_core.store.connection import Connection

_MACROS = (  # uniform in [0, 1); whole number in [0, n); UUID-shaped id of a key
    "CREATE OR REPLACE TEMP MACRO ba_u(a, s, seed) AS "
    "(hash(a, s, seed) % 1000000007) / 1000000007.0",
    "CREATE OR REPLACE TEMP MACRO ba_n(a, s, seed, n) AS CAST(hash(a, s, seed) % n AS BIGINT)",
    "CREATE OR REPLACE TEMP MACRO ba_uuid(k) AS CAST(CAST(md5(k) AS UUID) AS VARCHAR)",
)
_M_PER_DEGREE = 111_195.0  # a degree of latitude on the sphere store.assets measures on

# A building is in a cluster (share $clustered) or scattered over the square. Clusters are
# numbered 0..$clusters-1; the first tenth are town centres (wide, drawing $town_share of the
# clustered buildings), the rest neighbourhood centres. Within its centre a building lies
# uniformly in a disc (sqrt of the uniform draw spreads it evenly by area).
_ESTATE = f"""
    WITH b AS (
        SELECT i, ba_u(i, 'clustered', $seed) < $clustered AS in_cluster,
            greatest(1, $clusters // 10) AS towns,
            CASE WHEN ba_u(i, 'town', $seed) < $town_share
                 THEN ba_n(i, 'centre', $seed, greatest(1, $clusters // 10))
                 ELSE greatest(1, $clusters // 10)
                      + ba_n(i, 'centre', $seed, greatest(1, $clusters - $clusters // 10))
                 END AS c,
            1 + ba_n(i, 'kind', $seed, len($kinds)) AS kind
        FROM range($n) t(i)),
    c AS (
        SELECT b.*, $side * ba_u(c, 'cx', $seed) AS cx, $side * ba_u(c, 'cy', $seed) AS cy,
            CASE WHEN c < towns THEN 400 + 300 * ba_u(c, 'r', $seed)
                 ELSE 100 + 200 * ba_u(c, 'r', $seed) END AS reach,
            2 * pi() * ba_u(i, 'angle', $seed) AS angle, sqrt(ba_u(i, 'off', $seed)) AS off
        FROM b),
    xy AS (
        SELECT i, kind, CASE WHEN in_cluster THEN least($side, greatest(0,
                cx + reach * off * cos(angle))) ELSE $side * ba_u(i, 'x', $seed) END AS x,
            CASE WHEN in_cluster THEN least($side, greatest(0, cy + reach * off * sin(angle)))
                 ELSE $side * ba_u(i, 'y', $seed) END AS y
        FROM c),
    s AS (
        SELECT xy.*, least($wards - 1, CAST(floor(x / $side * $wards) AS INTEGER)) AS wx,
            least($wards - 1, CAST(floor(y / $side * $wards) AS INTEGER)) AS wy,
            -- log-uniform: 200-5,000 m² at £100-£400 a m² a year, so £20k to £2m
            CAST(round(200 * pow(25, ba_u(i, 'area', $seed))) AS INTEGER) AS area,
            10000 + ba_n(i, 'rate', $seed, 30001) AS rate_pence,
            ba_n(i, 'tenure', $seed, 100) AS tp
        FROM xy)
    SELECT ba_uuid('bench-asset-' || $seed || '-' || $place_id || '-' || i), $place_id,
        'BA' || lpad(CAST(i + 1 AS VARCHAR), 6, '0'), $kinds[kind][3],
        'Ward ' || (wy * $wards + wx + 1) || ' ' || $kinds[kind][2], $kinds[kind][1],
        $lat + (y - $side / 2) / {_M_PER_DEGREE},
        $lon + (x - $side / 2) / ({_M_PER_DEGREE} * cos(radians($lat))),
        'W' || lpad(CAST(wy * $wards + wx + 1 AS VARCHAR), 4, '0'), area,
        CAST(area AS BIGINT) * rate_pence, round(100 * ba_u(i, 'use', $seed)),
        CASE WHEN tp < 70 THEN 'freehold' WHEN tp < 95 THEN 'leasehold' ELSE 'PFI' END
    FROM s ORDER BY i"""

# Every pair of under-used buildings within walking distance, all n x n of them compared: what
# the grid saves. The same great-circle distance as store.assets uses.
_ALL_PAIRS = f"""
    WITH u AS (SELECT asset_code, lat, lon FROM asset
               WHERE place_id = $place AND utilisation_pct < $max_use)
    SELECT count(*) FROM u a JOIN u b ON a.asset_code < b.asset_code
    WHERE 2 * {EARTH_RADIUS_M} * asin(sqrt(pow(sin(radians(b.lat - a.lat) / 2), 2)
        + cos(radians(a.lat)) * cos(radians(b.lat))
        * pow(sin(radians(b.lon - a.lon) / 2), 2))) <= $radius"""


class BenchAssetFloors(Connection):
    def make_bench_estate(self, place_name: str, n: int, side_m: float, clusters: int,
                          bodies: list[dict[str, str]], kinds: list[list[str]],
                          centre: tuple[float, float] = (53.5, -2.2), clustered: float = 0.7,
                          town_share: float = 0.3, wards: int = 15, seed: int = 1) -> str:
        """A place of `n` buildings on a `side_m` square around `centre` (lat, lon), with
        `bodies` (org_code, org_name, kind), a `wards` x `wards` grid of wards and buildings of
        `kinds` ([kind, name, owner's org_code]); returns its place_id."""
        place_id = f"bench-estate-{seed}-{n}-{round(side_m)}"
        people = 56 * n  # 50,000 buildings for 2.8 million people, Greater Manchester's size
        with self.transaction() as cur:
            for macro in _MACROS:
                cur.execute(macro)
            cur.execute("INSERT INTO place (place_id, place_name, population, is_fictional, "
                        "description) VALUES (?, ?, ?, true, ?)",
                        [place_id, place_name, people,
                         f"Generated for totalplace bench: {n:,} buildings; not a real place."])
            cur.execute("""INSERT INTO organisation (org_id, place_id, org_code, org_name, kind)
                SELECT ba_uuid('bench-org-' || $p || '-' || b.org_code), $p, b.org_code,
                    b.org_name, b.kind FROM (SELECT unnest($bodies, recursive := true)) b""",
                        {"p": place_id, "bodies": bodies})
            cur.execute("""INSERT INTO ward (ward_id, place_id, ward_code, ward_name, pop_0_17,
                    pop_18_64, pop_65_plus)
                SELECT ba_uuid('bench-ward-' || $p || '-' || w), $p,
                    'W' || lpad(CAST(w + 1 AS VARCHAR), 4, '0'), 'Ward ' || (w + 1),
                    $people // $k // 5, $people // $k - 2 * ($people // $k // 5),
                    $people // $k // 5
                FROM range($k) t(w)""", {"p": place_id, "people": people, "k": wards * wards})
            cur.execute(
                "INSERT INTO asset (asset_id, place_id, asset_code, org_code, asset_name, kind, "
                "lat, lon, ward_code, floor_area_m2, running_cost_pence, utilisation_pct, "
                f"tenure) {_ESTATE}",
                {"place_id": place_id, "n": n, "side": float(side_m), "clusters": clusters,
                 "clustered": clustered, "town_share": town_share, "wards": wards,
                 "kinds": kinds, "lat": centre[0], "lon": centre[1], "seed": seed})
        return place_id

    def floor_colocation(self, place_id: str, max_use: float) -> list[tuple[Any, ...]]:
        """The least any co-location answer must do: read every under-used building of the
        place once and sum running cost by body."""
        return self.rows("""SELECT org_code, count(*), sum(running_cost_pence) FROM asset
            WHERE place_id = ? AND utilisation_pct < ? GROUP BY org_code""", [place_id, max_use])

    def all_pairs_within(self, place_id: str, radius_m: float, max_use: float,
                         give_up_s: float) -> int | None:
        """Pairs of under-used buildings within `radius_m`, found by comparing every pair;
        None if that takes longer than `give_up_s` (it grows with n squared)."""
        with self.cursor() as cur:
            timer = threading.Timer(give_up_s, cur.interrupt)
            timer.start()
            try:
                return cur.execute(_ALL_PAIRS, {"place": place_id, "radius": radius_m,
                                                "max_use": max_use}).fetchall()[0][0]
            except duckdb.InterruptException:
                return None
            finally:
                timer.cancel()
