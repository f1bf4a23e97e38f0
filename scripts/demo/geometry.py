"""Plane geometry on lon/lat rings: the tests and distances the wards and buildings need.

A ring is a closed list of [lon, lat] points (first point repeated at the end), as in GeoJSON.
Distances use a flat-earth approximation, which is ample for a borough a few kilometres wide.
"""

from __future__ import annotations

import itertools
import math
import random

# Metres per degree of latitude; a degree of longitude is this much times cos(latitude).
METRES_PER_DEGREE_LAT = 110_574
METRES_PER_DEGREE_LON_AT_EQUATOR = 111_320


def metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    kx = METRES_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot((lon2 - lon1) * kx, (lat2 - lat1) * METRES_PER_DEGREE_LAT)


def point_in_ring(x: float, y: float, ring: list[list[float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def edge_distance(x: float, y: float, ring: list[list[float]]) -> float:
    """Metres from (x, y) to the nearest edge of ring."""
    kx, ky = METRES_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(y)), METRES_PER_DEGREE_LAT

    def seg(a: list[float], b: list[float]) -> float:
        ax, ay, bx, by = (a[0] - x) * kx, (a[1] - y) * ky, (b[0] - x) * kx, (b[1] - y) * ky
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy)))
        return math.hypot(ax + t * dx, ay + t * dy)

    return min(seg(a, b) for a, b in itertools.pairwise(ring))


def ring_area(ring: list[list[float]]) -> float:
    """Signed area in square degrees: positive when the ring runs counter-clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2


def is_simple(ring: list[list[float]]) -> bool:
    """True when no two edges of the ring cross (neighbouring edges may share a point)."""

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    segs = list(itertools.pairwise(ring))
    n = len(segs)
    for i in range(n):
        for j in range(i + 2, n - (1 if i == 0 else 0)):
            (p, q), (r, s) = segs[i], segs[j]
            if cross(p, q, r) * cross(p, q, s) < 0 and cross(r, s, p) * cross(r, s, q) < 0:
                return False
    return True


def random_point(ring: list[list[float]], rng: random.Random, margin: float):
    """A random point inside ring, at least margin metres from its edge (rejection sampling)."""
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    while True:
        x, y = rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys))
        if point_in_ring(x, y, ring) and edge_distance(x, y, ring) >= margin:
            return x, y
