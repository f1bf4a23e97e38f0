"""The place and its wards: place.csv, wards.geojson and boundary.geojson.

The wards are the cells of a jittered grid (fixed/wards.csv says which cells exist and what
each is called); the borough outline is whatever edge of that tiling no two wards share.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from . import fixed
from .amounts import share_out
from .csv_files import write_csv

PLACE = fixed.document("place.json")
PLACE_NAME = PLACE["place_name"]

# (row, column, name, need before jitter); row 0 is the northern edge, column 0 the western one.
WARD_CELLS = [
    (int(w["row"]), int(w["column"]), w["ward_name"], int(w["need_base"]))
    for w in fixed.table("wards.csv")
]
NEED_BASE = {name: need for *_, name, need in WARD_CELLS}

# The grid's north-west corner and cell size in degrees (cells about 1.9 km by 2.3 km), and how
# far a corner or edge midpoint may wander, as a share of a cell, so wards do not look square.
LON0, LAT0, DLON, DLAT = -2.288, 53.510, 0.029, 0.021
CORNER_JITTER, MID_JITTER = 0.22, 0.08


class Grid:
    """Shared, jittered vertices: neighbouring wards use the very same points, so they tile."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.points: dict[tuple, tuple[float, float]] = {}

    def corner(self, i: int, j: int) -> tuple:
        key = ("c", i, j)
        if key not in self.points:
            x = LON0 + (j + self.rng.uniform(-CORNER_JITTER, CORNER_JITTER)) * DLON
            y = LAT0 - (i + self.rng.uniform(-CORNER_JITTER, CORNER_JITTER)) * DLAT
            self.points[key] = (round(x, 6), round(y, 6))
        return key

    def mid(self, a: tuple, b: tuple) -> tuple:
        key = ("m", *sorted((a, b)))
        if key not in self.points:
            (x1, y1), (x2, y2) = self.points[a], self.points[b]
            x = (x1 + x2) / 2 + self.rng.uniform(-MID_JITTER, MID_JITTER) * DLON
            y = (y1 + y2) / 2 + self.rng.uniform(-MID_JITTER, MID_JITTER) * DLAT
            self.points[key] = (round(x, 6), round(y, 6))
        return key

    def cell(self, r: int, c: int) -> list[tuple]:
        """Vertex keys of one cell, counter-clockwise from the south-west corner."""
        corners = [
            self.corner(r + 1, c),
            self.corner(r + 1, c + 1),
            self.corner(r, c + 1),
            self.corner(r, c),
        ]
        keys: list[tuple] = []
        for k, a in enumerate(corners):
            keys += [a, self.mid(a, corners[(k + 1) % 4])]
        return keys

    def ring(self, keys: list[tuple]) -> list[list[float]]:
        coords = [list(self.points[k]) for k in keys]
        return [*coords, coords[0]]


def outline(cells: list[list[tuple]]) -> list[tuple]:
    """The outer boundary of the tiling: the directed edges that no neighbour shares."""
    edges = {(ks[k], ks[(k + 1) % len(ks)]) for ks in cells for k in range(len(ks))}
    following: dict[tuple, tuple] = {}
    for a, b in sorted(edges):
        if (b, a) not in edges:
            if a in following:
                raise ValueError("the borough outline touches itself")
            following[a] = b
    start = min(following)
    ring, key = [start], following[start]
    while key != start:
        ring.append(key)
        key = following[key]
    if len(ring) != len(following):
        raise ValueError("the borough outline has a hole")
    return ring


def build_wards(rng: random.Random) -> tuple[list[dict], list[list[float]]]:
    """Wards with populations adding up to the place's, about 22% children and 16% over 65.

    Needier wards get a few more people, more children and fewer pensioners; the need index is
    then shifted so that it averages 100 across the wards.
    """
    population = PLACE["population"]
    grid = Grid(rng)
    cells = [(r, c, name, grid.cell(r, c)) for r, c, name, _ in sorted(WARD_CELLS)]
    border = grid.ring(outline([keys for _, _, _, keys in cells]))
    need = {name: NEED_BASE[name] + rng.uniform(-4, 4) for *_, name, _ in cells}
    shift = 100 - sum(need.values()) / len(need)
    raw_pop = [
        rng.uniform(11_400, 15_600) * (1.1 if NEED_BASE[n] > 110 else 1.0) for *_, n, _ in cells
    ]
    pops = share_out(population, raw_pop)
    child = [0.22 + (need[n] - 100) * 0.0008 + rng.uniform(-0.012, 0.012) for *_, n, _ in cells]
    old = [0.16 - (need[n] - 100) * 0.0009 + rng.uniform(-0.012, 0.012) for *_, n, _ in cells]
    child_k = 0.22 * population / sum(p * s for p, s in zip(pops, child, strict=True))
    old_k = 0.16 * population / sum(p * s for p, s in zip(pops, old, strict=True))
    wards = []
    for k, (_, _, name, keys) in enumerate(cells):
        p017, p65 = round(pops[k] * child[k] * child_k), round(pops[k] * old[k] * old_k)
        wards.append(
            {
                "ward_code": f"HD{k + 1:02d}",
                "ward_name": name,
                "pop_0_17": p017,
                "pop_18_64": pops[k] - p017 - p65,
                "pop_65_plus": p65,
                "need_index": round(need[name] + shift, 1),
                "ring": grid.ring(keys),
            }
        )
    return wards, border


def ward_pop(ward: dict) -> int:
    return ward["pop_0_17"] + ward["pop_18_64"] + ward["pop_65_plus"]


def polygon(ring: list[list[float]], props: dict) -> dict:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def feature_collection(features: list[dict]) -> str:
    """GeoJSON with one feature a line: small, and readable in a diff."""
    body = ",\n".join(json.dumps(f, separators=(",", ":")) for f in features)
    return '{"type":"FeatureCollection","features":[\n' + body + "\n]}\n"


def write_place_and_wards(out: Path, rng: random.Random) -> list[dict]:
    """Write the three files; return the wards, which the buildings are placed in."""
    wards, border = build_wards(rng)
    keys = ["ward_code", "ward_name", "pop_0_17", "pop_18_64", "pop_65_plus", "need_index"]
    features = [polygon(w["ring"], {k: w[k] for k in keys}) for w in wards]
    (out / "wards.geojson").write_text(feature_collection(features), encoding="utf-8")
    outline_feature = [polygon(border, {"place_name": PLACE_NAME})]
    (out / "boundary.geojson").write_text(feature_collection(outline_feature), encoding="utf-8")
    write_csv(
        out / "place.csv",
        ["place_name", "population", "is_fictional", "description"],
        [[PLACE_NAME, sum(ward_pop(w) for w in wards), "true", PLACE["description"]]],
    )
    return wards
