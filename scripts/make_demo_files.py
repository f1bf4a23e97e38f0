"""Write the fictional Harrowdale demo files into data/demo/ (deterministic).

    python scripts/make_demo_files.py [--out DIR]

Harrowdale is an invented metropolitan borough. Its figures are made up, at the scale and in the
proportions the 2009-10 Total Place pilots found. Only the standard library and openpyxl are used
and the random generator has a fixed seed, so every run writes the same bytes. File names,
columns and vocabularies follow data/demo/README.md. The script ends with a self-check that reads
the written files back and raises if any figure the demo promises is out of range.
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import math
import random
import re
import sys
import zipfile
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook, load_workbook  # noqa: E402
from openpyxl.styles import Font  # noqa: E402

from totalplace_core.classifications import (  # noqa: E402
    BASES,
    COFOG_DIVISIONS,
    COFOG_GROUPS,
    FLOW_KINDS,
    NODE_TIERS,
    ORG_KINDS,
    division_of,
)

SEED = 20100331
PLACE = "Harrowdale"
POPULATION = 286_400
YEARS = ("2008-09", "2009-10")
PLACE_DESCRIPTION = (
    "A fictional metropolitan borough in north-west England, invented for demonstration. Its "
    "wards, bodies, buildings and figures are made up, at the scale of a Total Place pilot in "
    "2009-10."
)
DRIVERS = ("ward_actual", "population", "pop_0_17", "pop_65_plus", "need_index")

# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def money(pence: int) -> str:
    return f"{pence // 100}.{pence % 100:02d}"


def tf(value: bool) -> str:
    return "true" if value else "false"


def to_pence(pounds: float, rng: random.Random) -> int:
    """Pounds to pence; about a third of figures are whole pounds, the rest carry pence."""
    pence = round(pounds * 100)
    return pence - pence % 100 if rng.random() < 0.35 else pence


def split_pence(total: int, weights: list[float]) -> list[int]:
    """Share total among weights exactly (largest remainder)."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [math.floor(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    kx = 111_320 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot((lon2 - lon1) * kx, (lat2 - lat1) * 110_574)


# --------------------------------------------------------------------------------------------
# Geometry: a jittered grid of wards inside the borough outline
# --------------------------------------------------------------------------------------------

# fmt: off
WARD_CELLS = [  # (row, column, name); row 0 is the northern edge, column 0 the western one
    (0, 1, "Ashby Moor"), (0, 2, "Upper Harrow"), (0, 3, "Thornley"),
    (1, 0, "Westwood"), (1, 1, "Birchfield"), (1, 2, "Harrowdale North"), (1, 3, "Fernhill"),
    (1, 4, "Holme Vale"),
    (2, 0, "Kingsway"), (2, 1, "St Anne's"), (2, 2, "Harrowdale Central"),
    (2, 3, "Castleton Moor"), (2, 4, "Delph Bridge"), (2, 5, "Pennine Edge"),
    (3, 1, "Lowerfold"), (3, 2, "Greenacres"), (3, 3, "Marsden Brook"),
    (3, 4, "Netherton Heath"), (3, 5, "Oakenrod"),
    (4, 2, "Ridgeway"), (4, 3, "Southfold"),
]
NEED_BASE = {
    "Harrowdale Central": 152, "Castleton Moor": 141, "St Anne's": 134, "Greenacres": 126,
    "Kingsway": 119, "Harrowdale North": 117, "Netherton Heath": 113, "Marsden Brook": 108,
    "Lowerfold": 104, "Delph Bridge": 99, "Southfold": 97, "Birchfield": 94, "Fernhill": 91,
    "Westwood": 89, "Ridgeway": 87, "Holme Vale": 84, "Oakenrod": 81, "Ashby Moor": 77,
    "Pennine Edge": 72, "Upper Harrow": 69, "Thornley": 64,
}
# fmt: on

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
    grid = Grid(rng)
    cells = [(r, c, name, grid.cell(r, c)) for r, c, name in sorted(WARD_CELLS)]
    border = grid.ring(outline([keys for _, _, _, keys in cells]))
    need = {name: NEED_BASE[name] + rng.uniform(-4, 4) for *_, name, _ in cells}
    shift = 100 - sum(need.values()) / len(need)
    raw_pop = [
        rng.uniform(11_400, 15_600) * (1.1 if NEED_BASE[n] > 110 else 1.0) for *_, n, _ in cells
    ]
    pops = split_pence(POPULATION, raw_pop)
    child = [0.22 + (need[n] - 100) * 0.0008 + rng.uniform(-0.012, 0.012) for *_, n, _ in cells]
    old = [0.16 - (need[n] - 100) * 0.0009 + rng.uniform(-0.012, 0.012) for *_, n, _ in cells]
    child_k = 0.22 * POPULATION / sum(p * s for p, s in zip(pops, child, strict=True))
    old_k = 0.16 * POPULATION / sum(p * s for p, s in zip(pops, old, strict=True))
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


def point_in_ring(x: float, y: float, ring: list[list[float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def edge_distance(x: float, y: float, ring: list[list[float]]) -> float:
    """Metres from (x, y) to the nearest edge of ring."""
    kx, ky = 111_320 * math.cos(math.radians(y)), 110_574

    def seg(a: list[float], b: list[float]) -> float:
        ax, ay, bx, by = (a[0] - x) * kx, (a[1] - y) * ky, (b[0] - x) * kx, (b[1] - y) * ky
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy)))
        return math.hypot(ax + t * dx, ay + t * dy)

    return min(seg(a, b) for a, b in itertools.pairwise(ring))


def ring_area(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2


def is_simple(ring: list[list[float]]) -> bool:
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


# --------------------------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------------------------

# fmt: off
ORGANISATIONS = [
    ("DWP", "Department for Work and Pensions", "central department"),
    ("HMRC", "HM Revenue and Customs", "central department"),
    ("DH", "Department of Health", "central department"),
    ("DCSF", "Department for Children, Schools and Families", "central department"),
    ("HO", "Home Office", "central department"),
    ("MOJ", "Ministry of Justice", "central department"),
    ("DCLG", "Department for Communities and Local Government", "central department"),
    ("BIS", "Department for Business, Innovation and Skills", "central department"),
    ("DFT", "Department for Transport", "central department"),
    ("DCMS", "Department for Culture, Media and Sport", "central department"),
    ("DEFRA", "Department for Environment, Food and Rural Affairs", "central department"),
    ("DECC", "Department of Energy and Climate Change", "central department"),
    ("HMT", "HM Treasury", "central department"),
    ("HCA", "Homes and Communities Agency", "NDPB"),
    ("LSC", "Learning and Skills Council", "NDPB"),
    ("ACE", "Arts Council England", "NDPB"),
    ("HEFCE", "Higher Education Funding Council for England", "NDPB"),
    ("EA", "Environment Agency", "NDPB"),
    ("ERDF", "ERDF North West Competitiveness Programme 2007-13", "EU programme"),
    ("ESF", "ESF England Operational Programme 2007-13 (North West)", "EU programme"),
    ("NWDA", "Northwest Regional Development Agency", "regional body"),
    ("GONW", "Government Office for the North West", "regional body"),
    ("HMBC", "Harrowdale Metropolitan Borough Council", "council"),
    ("TPC", "Thornley Parish Council", "council"),
    ("HPCT", "Harrowdale Primary Care Trust", "NHS commissioner"),
    ("HHFT", "Harrowdale Hospitals NHS Foundation Trust", "NHS provider"),
    ("HPMH", "Harrowdale and Pennine Mental Health NHS Trust", "NHS provider"),
    ("NWAS", "North West Ambulance Service NHS Trust", "NHS provider"),
    ("HPA", "Harrowdale Police Authority", "police"),
    ("HFRA", "Harrowdale Fire and Rescue Authority", "fire"),
    ("HPT", "Harrowdale Probation Trust", "probation"),
    ("JCP", "Jobcentre Plus Harrowdale District", "Jobcentre Plus"),
    ("HCVS", "Harrowdale Council for Voluntary Service", "voluntary sector"),
    ("HAC", "Age Concern Harrowdale", "voluntary sector"),
    ("HYT", "Harrowdale Youth Trust", "voluntary sector"),
    ("HWA", "Harrowdale Women's Aid", "voluntary sector"),
]
# fmt: on


# --------------------------------------------------------------------------------------------
# Spend lines
# --------------------------------------------------------------------------------------------
# Each block is one body: (org, basis, source, default growth 2008-09 -> 2009-10, rows).
# A row is (cofog, theme, note, amount in GBP million for 2009-10, driver[, options]).
# Options: to=receiver (a transfer line), new=pot (the transfer fills a pot), pot=name (the row
# is a share of a pot, its amount is a weight; funded_by is then the payer), basis, source, g
# (growth), only (a single year). Pots make every receiving body's funded lines add up exactly
# to the transfer that paid for them.

# fmt: off
PESA = "PESA 2010 regional table, population share"
PROXY = {"basis": "proxy", "source": PESA}
DWP_EST = {"basis": "estimate", "source": "DWP benefit expenditure by local authority {y}, "
                                          "Harrowdale estimate"}
HMBC_RO = "HMBC revenue outturn (RO) returns {y}"
HMBC_CAP = {"source": "HMBC capital outturn return {y}"}

SPEND_BLOCKS = [
    ("DWP", "actual", "DWP benefit expenditure by local authority {y}", 1.025, [
        ("10.2", "Benefits", "State Pension", 225.0, "pop_65_plus", {"g": 1.035}),
        ("10.2", "Benefits", "Pension Credit", 41.5, "pop_65_plus", {"g": 1.03}),
        ("10.2", "Benefits", "Winter Fuel Payments", 9.3, "pop_65_plus", {**DWP_EST, "g": 0.99}),
        ("10.1", "Benefits", "Attendance Allowance", 22.4, "pop_65_plus", DWP_EST),
        ("10.1", "Benefits", "Disability Living Allowance", 52.0, "need_index", {"g": 1.035}),
        ("10.1", "Benefits", "Incapacity Benefit and ESA", 46.0, "need_index", {"g": 1.03}),
        ("10.1", "Benefits", "Carer's Allowance", 7.1, "population", DWP_EST),
        ("10.1", "Benefits", "Severe Disablement Allowance", 2.6, "need_index",
         {**DWP_EST, "g": 0.97}),
        ("10.5", "Benefits", "Jobseeker's Allowance", 24.8, "need_index", {"g": 1.35}),
        ("10.7", "Benefits", "Income Support", 31.2, "need_index", {"g": 1.02}),
        ("10.3", "Benefits", "Bereavement benefits", 2.1, "population", DWP_EST),
        ("10.7", "Benefits", "Social Fund", 3.4, "need_index", DWP_EST),
        ("10.9", "Benefits", "DWP administration (Pension, Disability and Carers Service)", 6.2,
         "population", PROXY),
    ]),
    ("HMRC", "estimate", "HMRC tax credits geographical statistics {y}, Harrowdale", 1.035, [
        ("10.4", "Tax credits", "Child Tax Credit", 88.0, "pop_0_17"),
        ("10.4", "Tax credits", "Working Tax Credit", 38.2, "need_index"),
        ("10.4", "Benefits", "Child Benefit", 47.0, "pop_0_17",
         {"source": "HMRC Child Benefit geographical statistics {y}", "g": 1.03}),
        ("01.1", "Tax administration", "HMRC administration", 14.0, "population",
         {**PROXY, "g": 1.0}),
    ]),
    ("DH", "proxy", PESA, 1.03, [
        ("07.6", "NHS allocation", "Central allocations to the PCT: public health and drugs",
         16.0, "population", {"to": "HPCT", "new": "DH>HPCT", "basis": "actual",
                              "source": "DH PCT revenue allocations {y}"}),
        ("07.5", "Health research", "NHS research and development", 3.9, "population"),
        ("07.6", "NHS central budgets", "DH-held central budgets (training, NHS IT)", 14.0,
         "population"),
        ("07.4", "Public health", "Health Protection Agency and national screening", 2.6,
         "population"),
    ]),
    ("DCSF", "actual", "DCSF Dedicated Schools Grant allocations {y}", 1.03, [
        ("09.1", "Schools", "Dedicated Schools Grant", 150.2, "pop_0_17",
         {"to": "HMBC", "new": "DCSF>HMBC"}),
        ("09.8", "Schools", "DCSF central programmes and NDPBs", 7.4, "population", PROXY),
    ]),
    ("HO", "proxy", PESA, 1.03, [
        ("03.1", "Policing", "Police grant", 31.4, "need_index",
         {"to": "HPA", "new": "HO>HPA", "basis": "actual",
          "source": "Home Office police grant report {y}"}),
        ("03.1", "Policing", "National policing and counter-terrorism", 4.8, "population"),
        ("03.6", "Immigration and identity", "UK Border Agency and Identity and Passport Service",
         3.1, "population"),
        ("02.2", "Civil contingencies", "Civil defence and resilience", 0.88, "population"),
    ]),
    ("MOJ", "proxy", PESA, 1.03, [
        ("03.6", "Probation", "Probation trust funding", 7.8, "need_index",
         {"to": "HPT", "new": "MOJ>HPT", "basis": "actual",
          "source": "NOMS probation trust allocations {y}"}),
        ("03.4", "Justice", "Prisons (NOMS public sector prisons)", 24.0, "need_index"),
        ("03.3", "Justice", "HM Courts Service: Harrowdale courts", 10.4, "population",
         {"basis": "estimate", "source": "HM Courts Service estimate for Harrowdale courts, {y}"}),
        ("03.3", "Justice", "Legal aid", 7.9, "need_index",
         {"basis": "estimate", "source": "Legal Services Commission statistics {y}, Harrowdale"}),
        ("03.6", "Youth justice", "Youth Justice Board", 1.1, "pop_0_17"),
    ]),
    ("DCLG", "actual", "DCLG local government finance settlement {y}", 1.03, [
        ("01.8", "Area Based Grant", "Area Based Grant", 13.9, "need_index",
         {"to": "HMBC", "new": "DCLG>HMBC", "source": "DCLG Area Based Grant determination {y}"}),
        ("01.8", "Fire and rescue", "Fire formula grant", 7.2, "population",
         {"to": "HFRA", "new": "DCLG>HFRA"}),
        ("01.3", "Central administration", "DCLG central programmes", 1.4, "population", PROXY),
        ("03.2", "Fire and rescue", "FiReControl and national resilience", 1.1, "population",
         PROXY),
    ]),
    ("BIS", "proxy", PESA, 1.04, [
        ("04.1", "Regeneration", "RDA single programme: Harrowdale share", 9.6, "population",
         {"to": "NWDA", "new": "BIS>NWDA", "basis": "actual",
          "source": "NWDA single programme allocations {y}"}),
        ("09.4", "Further and higher education", "Student support (grants and loans)", 11.0,
         "population"),
        ("04.1", "Business support", "Business Link and national business support", 2.1,
         "population"),
        ("01.4", "Research", "Research councils", 4.4, "population"),
    ]),
    ("DFT", "proxy", PESA, 1.04, [
        ("04.5", "Highways and transport", "Local Transport Plan capital settlement", 6.4,
         "population", {"to": "HMBC", "new": "DFT>HMBC", "basis": "actual",
                        "source": "DfT Local Transport Plan settlement {y}"}),
        ("04.5", "Highways and transport", "Rail subsidy (Network Rail and franchises)", 26.0,
         "population"),
        ("04.5", "Highways and transport", "Highways Agency: strategic road network", 15.0,
         "population", {"basis": "estimate",
                        "source": "Highways Agency estimate of spend on the M60 and M62, {y}"}),
        ("04.5", "Highways and transport", "Bus Service Operators Grant", 2.1, "population",
         {"basis": "estimate", "source": "DfT BSOG payments {y}, Harrowdale routes"}),
    ]),
    ("DCMS", "proxy", PESA, 1.03, [
        ("08.2", "Culture and leisure", "National museums and galleries", 1.6, "population"),
        ("08.1", "Culture and leisure", "London 2012 Olympic programme", 5.2, "population",
         {"g": 1.4}),
    ]),
    ("DEFRA", "proxy", PESA, 1.03, [
        ("05.1", "Environment", "Waste Infrastructure Credits (PFI)", 1.7, "population",
         {"basis": "actual", "source": "DEFRA waste PFI credits {y}"}),
        ("04.2", "Rural affairs", "Rural and farming programmes", 0.6, "population"),
        ("05.4", "Environment", "Natural England and biodiversity programmes", 2.4, "population"),
    ]),
    ("DECC", "estimate", "Warm Front scheme statistics {y}, Harrowdale", 1.1, [
        ("04.3", "Energy", "Warm Front energy efficiency grants", 2.9, "pop_65_plus"),
    ]),
    ("HMT", "proxy", PESA, 1.0, [
        ("01.7", "Debt interest", "Central government debt interest", 72.0, "population",
         {"g": 0.98}),
        ("01.3", "Central administration", "Other central government administration", 9.4,
         "population"),
    ]),
    ("HCA", "estimate", "HCA investment statistics {y}, Harrowdale schemes", 1.1, [
        ("06.1", "Housing", "National Affordable Housing Programme", 19.0, "need_index",
         {"g": 1.2}),
        ("06.1", "Housing", "Kickstart housing delivery", 3.1, "need_index", {"only": "2009-10"}),
        ("06.2", "Regeneration", "Regeneration and land (former English Partnerships)", 2.6,
         "need_index"),
        ("06.2", "Regeneration", "Housing Market Renewal pathfinder", 6.5, "need_index"),
    ]),
    ("LSC", "estimate", "LSC allocations {y}, Harrowdale learners", 1.03, [
        ("09.3", "Further and higher education", "16-19 funding: Harrowdale College", 27.5,
         "pop_0_17"),
        ("09.3", "Further and higher education", "Adult skills (Train to Gain, adult learning)",
         14.6, "population", {"g": 1.06}),
        ("09.3", "Further and higher education", "Apprenticeships", 5.8, "population"),
        ("09.3", "Further and higher education", "Education Maintenance Allowance", 4.1,
         "pop_0_17", {"basis": "actual", "source": "LSC EMA payments {y}"}),
    ]),
    ("HEFCE", "proxy", PESA, 1.03, [
        ("09.4", "Further and higher education", "Higher education teaching grant", 30.0,
         "population"),
    ]),
    ("ACE", "actual", "Arts Council England grant awards {y}", 1.02, [
        ("08.2", "Culture and leisure", "Regularly funded organisations", 0.74, "population"),
        ("08.2", "Culture and leisure", "Grants for the arts", 0.21, "population"),
    ]),
    ("EA", "estimate", "Environment Agency capital programme {y}, Harrowdale schemes", 1.05, [
        ("05.6", "Environment", "Flood risk management", 4.4, "population"),
        ("05.3", "Environment", "Environmental protection and regulation", 1.9, "population",
         PROXY),
    ]),
    ("ERDF", "actual", "ERDF North West Operational Programme 2007-13 project list", 1.6, [
        ("04.1", "Regeneration", "ERDF Competitiveness programme: Harrowdale projects", 4.2,
         "population", {"to": "NWDA", "new": "ERDF>NWDA"}),
    ]),
    ("ESF", "actual", "ESF England Operational Programme 2007-13, North West allocations", 1.3, [
        ("04.1", "Employment and skills", "ESF Community Grants and co-financing", 3.1,
         "need_index", {"to": "GONW", "new": "ESF>GONW"}),
    ]),
    ("NWDA", "estimate", "NWDA estimate of Harrowdale spend {y}", 1.0, [
        ("06.2", "Regeneration", "Town centre and community regeneration grant", 3.5,
         "population", {"pot": "BIS>NWDA", "to": "HMBC", "new": "NWDA>HMBC", "basis": "actual",
                        "source": "NWDA grant offer letters {y}"}),
        ("04.1", "Business support", "Business support and inward investment", 3.6, "population",
         {"pot": "BIS>NWDA"}),
        ("06.2", "Regeneration", "Strategic regeneration sites", 2.5, "need_index",
         {"pot": "BIS>NWDA"}),
        ("04.1", "Business support", "ERDF business growth programme", 2.6, "population",
         {"pot": "ERDF>NWDA"}),
        ("04.8", "Business support", "ERDF innovation and low-carbon projects", 1.6, "population",
         {"pot": "ERDF>NWDA"}),
    ]),
    ("GONW", "estimate", "GONW estimate of ESF provision for Harrowdale residents {y}", 1.03, [
        ("04.1", "Employment and skills", "ESF Community Grants (local administration)", 1.9,
         "need_index", {"pot": "ESF>GONW", "to": "HMBC", "new": "GONW>HMBC",
                        "basis": "actual", "source": "GONW ESF grant agreements {y}"}),
        ("04.1", "Employment and skills", "ESF co-financed skills provision", 1.2, "need_index",
         {"pot": "ESF>GONW"}),
        ("01.3", "Central administration", "Government Office regional administration", 0.7,
         "population", PROXY),
    ]),
    ("HMBC", "actual", "HMBC statement of accounts {y}", 1.02, [
        ("10.6", "Benefits", "Housing Benefit: rent allowances", 48.6, "ward_actual",
         {"g": 1.06, "fb": "DWP"}),
        ("10.6", "Benefits", "Housing Benefit: rent rebates (council tenants)", 29.9,
         "ward_actual", {"g": 1.04, "fb": "DWP"}),
        ("10.6", "Benefits", "Council Tax Benefit", 21.4, "ward_actual", {"g": 1.04, "fb": "DWP"}),
        ("10.9", "Benefits", "Benefits administration", 2.3, "population", {"fb": "DWP"}),
        ("10.2", "Adult social care", "Older people: residential and nursing care", 24.8,
         "ward_actual", {"source": HMBC_RO}),
        ("10.2", "Adult social care", "Older people: home care", 14.6, "ward_actual"),
        ("10.2", "Adult social care", "Older people: day care and meals", 2.4, "ward_actual"),
        ("10.1", "Adult social care", "Learning disability services", 13.2, "ward_actual",
         {"source": HMBC_RO}),
        ("10.1", "Adult social care", "Learning disability services (pooled budget)", 1.0,
         "ward_actual", {"pot": "HPCT>HMBC"}),
        ("10.1", "Adult social care", "Physical disability services", 7.6, "ward_actual"),
        ("10.1", "Adult social care", "Mental health social care", 5.9, "ward_actual"),
        ("10.9", "Adult social care", "Assessment and care management", 6.8, "ward_actual"),
        ("10.7", "Supporting People", "Supporting People programme", 8.6, "need_index",
         {"pot": "DCLG>HMBC"}),
        ("06.2", "Regeneration", "Working Neighbourhoods Fund", 5.3, "need_index",
         {"pot": "DCLG>HMBC"}),
        ("10.4", "Children's social care", "Looked after children: fostering", 9.4,
         "ward_actual", {"source": HMBC_RO}),
        ("10.4", "Children's social care", "Looked after children: residential care", 8.1,
         "ward_actual"),
        ("10.4", "Children's social care", "Safeguarding and child protection", 6.2,
         "ward_actual"),
        ("10.4", "Children's social care", "Family support services", 4.9, "ward_actual"),
        ("10.4", "Children's social care", "Leaving care services", 1.8, "ward_actual"),
        ("10.4", "Early years", "Sure Start children's centres (DCSF grant)", 7.6, "pop_0_17"),
        ("09.1", "Early years", "Early years free entitlement support (DCSF grant)", 3.7,
         "pop_0_17"),
        ("03.6", "Youth justice", "Youth offending team", 2.6, "ward_actual"),
        ("10.2", "Adult social care", "Befriending and day services contract", 1.1,
         "pop_65_plus", {"to": "HAC", "new": "HMBC>HAC"}),
        ("09.8", "Young people", "Youth services commission", 0.9, "pop_0_17",
         {"to": "HYT", "new": "HMBC>HYT"}),
        ("10.7", "Domestic abuse", "Refuge and outreach grant", 0.186, "need_index",
         {"to": "HWA", "new": "HMBC>HWA"}),
        ("06.2", "Regeneration", "Town centre regeneration", 2.2, "ward_actual",
         {"pot": "NWDA>HMBC"}),
        ("04.1", "Business support", "Business start-up support", 0.68, "population",
         {"pot": "NWDA>HMBC"}),
        ("06.2", "Regeneration", "Community enterprise grant", 0.62, "population",
         {"pot": "NWDA>HMBC", "to": "HCVS", "new": "HMBC>HCVS:regen"}),
        ("04.1", "Employment and skills", "Skills for work programme", 1.1, "need_index",
         {"pot": "GONW>HMBC"}),
        ("10.5", "Employment and skills", "ESF Community Grants to local groups", 0.8,
         "need_index", {"pot": "GONW>HMBC", "to": "HCVS", "new": "HMBC>HCVS:esf"}),
        ("04.5", "Highways and transport", "Integrated transport schemes", 2.9, "ward_actual",
         {"pot": "DFT>HMBC"}),
        ("04.5", "Highways and transport", "Highways structural maintenance (capital)", 3.5,
         "ward_actual", {"pot": "DFT>HMBC"}),
        ("09.1", "Schools", "Primary schools (delegated budgets)", 64.0, "ward_actual",
         {"pot": "DCSF>HMBC"}),
        ("09.2", "Schools", "Secondary schools (delegated budgets)", 56.0, "ward_actual",
         {"pot": "DCSF>HMBC"}),
        ("09.1", "Schools", "Nursery schools and early years places", 5.5, "pop_0_17",
         {"pot": "DCSF>HMBC"}),
        ("09.5", "Schools", "Special educational needs and special schools", 13.8, "pop_0_17",
         {"pot": "DCSF>HMBC"}),
        ("09.6", "Schools", "Pupil referral units and behaviour support", 3.2, "need_index",
         {"pot": "DCSF>HMBC"}),
        ("09.6", "Schools", "Centrally retained DSG services", 4.1, "pop_0_17",
         {"pot": "DCSF>HMBC"}),
        ("09.5", "Schools", "School Standards Grant and Standards Fund (DCSF grant)", 18.4,
         "ward_actual"),
        ("09.2", "Schools", "School sixth forms", 12.3, "ward_actual", {"fb": "LSC"}),
        ("09.2", "Schools", "Building Schools for the Future (capital)", 20.0, "ward_actual",
         {**HMBC_CAP, "g": 1.5}),
        ("09.6", "Schools", "Home to school transport", 4.6, "ward_actual"),
        ("09.6", "Schools", "School meals and milk", 3.1, "pop_0_17"),
        ("09.8", "Schools", "Education management and strategy", 3.9, "pop_0_17"),
        ("09.5", "Employment and skills", "Adult and community learning", 2.3, "population",
         {"fb": "LSC"}),
        ("09.8", "Young people", "Youth service", 3.4, "pop_0_17"),
        ("09.8", "Young people", "Connexions", 2.9, "pop_0_17"),
        ("06.1", "Housing", "Housing Revenue Account: management and repairs", 52.0,
         "ward_actual"),
        ("06.1", "Housing", "Decent Homes capital programme", 26.0, "ward_actual",
         {**HMBC_CAP, "g": 1.1}),
        ("10.6", "Housing", "Homelessness services", 2.7, "need_index"),
        ("06.1", "Housing", "Private sector housing renewal", 2.1, "ward_actual"),
        ("06.6", "Environment", "Cemeteries and crematoria", 0.9, "population"),
        ("06.4", "Highways and transport", "Street lighting", 3.8, "ward_actual"),
        ("04.5", "Highways and transport", "Highways maintenance", 12.6, "ward_actual"),
        ("04.5", "Highways and transport", "Concessionary fares", 7.2, "pop_65_plus",
         {"basis": "estimate", "source": "HMBC estimate of concessionary fare reimbursement {y}",
          "g": 1.08}),
        ("04.5", "Highways and transport", "Passenger transport levy", 21.4, "population"),
        ("05.1", "Environment", "Waste collection and recycling", 9.8, "ward_actual"),
        ("05.1", "Environment", "Waste disposal levy", 19.2, "population"),
        ("05.1", "Environment", "Street cleansing", 5.1, "ward_actual"),
        ("05.6", "Environment", "Environmental health", 2.4, "population"),
        ("08.1", "Culture and leisure", "Parks and open spaces", 4.7, "ward_actual"),
        ("08.1", "Culture and leisure", "Leisure centres and sports development", 8.4,
         "ward_actual"),
        ("08.2", "Culture and leisure", "Libraries", 5.6, "ward_actual"),
        ("08.2", "Culture and leisure", "Museums, arts and heritage", 1.8, "population"),
        ("08.4", "Culture and leisure", "Community centres", 1.2, "ward_actual"),
        ("04.1", "Regeneration", "Economic development", 2.6, "population"),
        ("06.2", "Planning", "Planning and building control", 2.9, "population"),
        ("04.9", "Regulatory services", "Trading standards and licensing", 1.3, "population"),
        ("01.1", "Corporate", "Corporate and democratic core", 9.6, "population"),
        ("01.1", "Corporate", "Council tax and business rates collection", 2.4, "population"),
        ("01.7", "Debt interest", "Council debt interest", 16.2, "population"),
        ("01.1", "Corporate", "Elections and electoral registration", 0.7, "population"),
        ("02.2", "Civil contingencies", "Emergency planning", 0.31, "population"),
        ("03.6", "Community safety", "Community safety partnership", 1.6, "need_index"),
        ("03.6", "Community safety", "CCTV", 0.8, "ward_actual"),
        ("03.3", "Justice", "Coroner's service", 0.6, "population"),
    ]),
    ("TPC", "actual", "Thornley Parish Council annual return {y}", 1.02, [
        ("06.6", "Parish services", "Village hall, allotments and footpaths", 0.142,
         "ward_actual"),
        ("08.1", "Parish services", "Playing fields", 0.051, "ward_actual"),
    ]),
    ("HPCT", "actual", "Harrowdale PCT annual accounts {y}", 1.03, [
        ("07.3", "Acute health", "Acute contract: emergency and unplanned care", 72.0,
         "need_index", {"to": "HHFT", "new": "HPCT>HHFT", "g": 1.035}),
        ("10.1", "Adult social care", "Learning disability pooled budget contribution", 6.5,
         "population", {"to": "HMBC", "new": "HPCT>HMBC"}),
        ("07.3", "Acute health", "Acute contract: elective and outpatient care", 80.0,
         "need_index"),
        ("07.3", "Acute health", "Acute contracts with other NHS trusts", 44.0, "population"),
        ("07.3", "Acute health", "Specialised services", 26.0, "population",
         {"basis": "estimate", "source": "North West Specialised Commissioning Group, {y}"}),
        ("07.2", "Primary care", "General practice (GMS, PMS and APMS)", 38.6, "population"),
        ("07.2", "Primary care", "Dental services", 11.4, "population"),
        ("07.1", "Primary care", "Community pharmacy contract", 8.2, "population"),
        ("07.1", "Primary care", "Prescribing", 40.0, "need_index"),
        ("07.2", "Primary care", "Ophthalmic services", 3.9, "pop_65_plus"),
        ("07.2", "Community health", "Community health services (PCT provider arm)", 34.5,
         "population", {"basis": "estimate", "source": "Harrowdale PCT provider arm, {y}"}),
        ("07.3", "Mental health", "Mental health block contract", 41.6, "need_index",
         {"basis": "estimate", "source": "Harrowdale PCT estimate of residents' share, {y}"}),
        ("10.1", "Continuing care", "NHS continuing healthcare", 17.9, "pop_65_plus"),
        ("07.6", "NHS management", "PCT management and administration", 9.8, "population"),
        ("07.4", "Public health", "Public health programmes", 6.1, "population",
         {"pot": "DH>HPCT"}),
        ("07.4", "Public health", "Sexual health services", 3.2, "population",
         {"pot": "DH>HPCT"}),
        ("07.4", "Public health", "Stop smoking services", 1.4, "need_index", {"pot": "DH>HPCT"}),
        ("07.4", "Substance misuse", "Drug treatment (pooled treatment budget)", 4.2,
         "need_index", {"pot": "DH>HPCT"}),
        ("07.4", "Public health", "Healthy Towns child health programme", 1.1, "pop_0_17",
         {"pot": "DH>HPCT"}),
    ]),
    ("HHFT", "estimate", "Harrowdale Hospitals NHSFT activity for Harrowdale residents, {y}",
     1.03, [
        ("07.3", "Acute health", "A&E attendances", 14.0, "need_index", {"pot": "HPCT>HHFT"}),
        ("07.3", "Acute health", "Non-elective admissions", 44.0, "need_index",
         {"pot": "HPCT>HHFT"}),
        ("07.3", "Acute health", "Critical care", 6.0, "population", {"pot": "HPCT>HHFT"}),
        ("07.3", "Acute health", "Maternity services", 8.0, "population", {"pot": "HPCT>HHFT"}),
        ("07.6", "Acute health", "Education and training (MPET)", 6.3, "population"),
        ("07.5", "Health research", "Research and development", 1.2, "population"),
    ]),
    ("HPMH", "estimate", "HPMH annual accounts {y}, Harrowdale residents' share", 1.04, [
        ("07.3", "Mental health", "Specialised and secure mental health services", 12.6,
         "need_index"),
    ]),
    ("NWAS", "estimate", "NWAS annual accounts {y}, Harrowdale share by incidents", 1.03, [
        ("07.6", "Ambulance", "Emergency ambulance services", 11.2, "need_index"),
        ("07.6", "Ambulance", "Patient transport services", 1.6, "pop_65_plus"),
    ]),
    ("HPA", "actual", "Harrowdale Police Authority statement of accounts {y}", 1.03, [
        ("03.1", "Policing", "Neighbourhood policing", 12.0, "need_index", {"pot": "HO>HPA"}),
        ("03.1", "Policing", "Response policing", 9.0, "need_index", {"pot": "HO>HPA"}),
        ("03.1", "Policing", "Criminal investigation", 7.0, "need_index", {"pot": "HO>HPA"}),
        ("03.1", "Policing", "Custody and criminal justice", 3.4, "need_index",
         {"pot": "HO>HPA"}),
        ("03.1", "Policing", "Roads policing", 3.4, "population"),
        ("03.1", "Policing", "Public protection (domestic abuse, child protection)", 4.1,
         "need_index"),
        ("03.1", "Policing", "Police support services", 10.8, "population"),
        ("03.1", "Policing", "Police community support officers", 3.9, "need_index"),
        ("03.1", "Policing", "Police pensions", 6.4, "population"),
    ]),
    ("HFRA", "actual", "Harrowdale Fire and Rescue Authority statement of accounts {y}", 1.03, [
        ("03.2", "Fire and rescue", "Fire fighting and rescue operations", 5.4, "need_index",
         {"pot": "DCLG>HFRA"}),
        ("03.2", "Fire and rescue", "Community fire safety", 1.2, "need_index",
         {"pot": "DCLG>HFRA"}),
        ("03.2", "Fire and rescue", "Fire control", 0.6, "population", {"pot": "DCLG>HFRA"}),
        ("03.2", "Fire and rescue", "Fire and rescue operations (precept-funded)", 6.1,
         "need_index"),
        ("03.2", "Fire and rescue", "Fire authority management", 0.9, "population"),
        ("03.2", "Fire and rescue", "Firefighters' pensions", 1.8, "population"),
    ]),
    ("HPT", "actual", "Harrowdale Probation Trust annual report and accounts {y}", 1.03, [
        ("03.6", "Probation", "Offender management in the community", 4.2, "need_index",
         {"pot": "MOJ>HPT"}),
        ("03.6", "Probation", "Community payback", 1.3, "need_index", {"pot": "MOJ>HPT"}),
        ("03.3", "Probation", "Court reports and assessments", 1.1, "need_index",
         {"pot": "MOJ>HPT"}),
        ("03.4", "Probation", "Approved premises", 0.7, "need_index", {"pot": "MOJ>HPT"}),
        ("03.6", "Probation", "Accredited programmes and interventions", 0.5, "need_index",
         {"pot": "MOJ>HPT"}),
    ]),
    ("JCP", "estimate", "Jobcentre Plus Harrowdale District estimate {y}", 1.08, [
        ("10.5", "Employment and skills", "District operations (benefit processing, advisers)",
         9.4, "population"),
        ("04.1", "Employment and skills", "Flexible New Deal and employment programmes", 6.1,
         "need_index"),
        ("04.1", "Employment and skills", "Future Jobs Fund", 2.4, "need_index",
         {"basis": "actual", "source": "Future Jobs Fund grant payments {y}",
          "only": "2009-10"}),
        ("10.1", "Employment and skills", "Pathways to Work", 1.8, "need_index"),
    ]),
    ("HCVS", "actual", "Harrowdale CVS annual report and accounts {y}", 1.05, [
        ("06.2", "Regeneration", "Community enterprise support", 0.4, "population",
         {"pot": "HMBC>HCVS:regen"}),
        ("06.2", "Regeneration", "Volunteer centre", 0.22, "population",
         {"pot": "HMBC>HCVS:regen"}),
        ("10.5", "Employment and skills", "Employment support for people furthest from work",
         0.55, "need_index", {"pot": "HMBC>HCVS:esf"}),
        ("04.1", "Employment and skills", "Job club and mentoring", 0.25, "need_index",
         {"pot": "HMBC>HCVS:esf"}),
    ]),
    ("HAC", "actual", "Age Concern Harrowdale annual accounts {y}", 1.03, [
        ("10.2", "Adult social care", "Befriending and home from hospital service", 0.5,
         "pop_65_plus", {"pot": "HMBC>HAC"}),
        ("10.2", "Adult social care", "Day services for older people", 0.45, "pop_65_plus",
         {"pot": "HMBC>HAC"}),
        ("10.7", "Adult social care", "Information and advice", 0.15, "population",
         {"pot": "HMBC>HAC"}),
    ]),
    ("HYT", "actual", "Harrowdale Youth Trust annual accounts {y}", 1.03, [
        ("09.8", "Young people", "Detached youth work", 0.5, "pop_0_17", {"pot": "HMBC>HYT"}),
        ("09.8", "Young people", "Youth clubs and activities", 0.4, "pop_0_17",
         {"pot": "HMBC>HYT"}),
    ]),
    ("HWA", "actual", "Harrowdale Women's Aid annual accounts {y}", 1.03, [
        # No return from Women's Aid for 2009-10: the council's grant is then unmatched.
        ("10.7", "Domestic abuse", "Refuge accommodation", 0.12, "need_index",
         {"pot": "HMBC>HWA", "only": "2008-09"}),
        ("10.7", "Domestic abuse", "Outreach and advocacy", 0.06, "need_index",
         {"pot": "HMBC>HWA", "only": "2008-09"}),
    ]),
]

LINE_NOTES = {  # short notes on a few lines
    ("HMBC", "Refuge and outreach grant", "2009-10"): "No 2009-10 return from Women's Aid yet",
    ("DH", "Central allocations to the PCT: public health and drugs", None): "Ring-fenced",
    ("HMT", "Central government debt interest", None): "Shared by population; contested",
}
# fmt: on


def spend_items() -> list[dict]:
    items = []
    for org, basis, source, growth, rows in SPEND_BLOCKS:
        for cofog, theme, label, amount, driver, *extra in rows:
            opts = extra[0] if extra else {}
            items.append(
                {
                    "org": org,
                    "cofog": cofog,
                    "theme": theme,
                    "label": label,
                    "m": amount,
                    "driver": driver,
                    "basis": opts.get("basis", basis),
                    "source": opts.get("source", source),
                    "g": opts.get("g", growth),
                    "to": opts.get("to", ""),
                    "new": opts.get("new"),
                    "pot": opts.get("pot"),
                    "fb": opts.get("fb", ""),
                    "only": opts.get("only"),
                }
            )
    return items


def year_amount(item: dict, year: str, rng: random.Random) -> int:
    base = item["m"] * 1e6 * rng.uniform(0.985, 1.015)
    return to_pence(base if year == "2009-10" else base / item["g"], rng)


def spend_for_year(items: list[dict], year: str, rng: random.Random) -> list[dict]:
    live = [i for i in items if i["only"] in (None, year)]
    pence: dict[int, int] = {}
    pots: dict[str, tuple[str, int]] = {}  # pot -> (payer, pence)
    parts = defaultdict(list)
    for k, item in enumerate(live):
        if item["pot"]:
            parts[item["pot"]].append(k)
        else:
            pence[k] = year_amount(item, year, rng)
            if item["new"]:
                pots[item["new"]] = (item["org"], pence[k])
    done: set[str] = set()
    while ready := sorted(p for p in parts if p in pots and p not in done):
        for pot in ready:
            weights = [live[k]["m"] * rng.uniform(0.93, 1.07) for k in parts[pot]]
            for k, share in zip(parts[pot], split_pence(pots[pot][1], weights), strict=True):
                pence[k] = share
                live[k]["fb"] = pots[pot][0]
                if live[k]["new"]:
                    pots[live[k]["new"]] = (live[k]["org"], share)
        done.update(ready)
    if set(parts) - done:
        raise ValueError(f"pots never filled: {sorted(set(parts) - done)}")
    return [line_row(live[k], year, pence[k]) for k in range(len(live))]


def line_row(item: dict, year: str, pence: int) -> dict:
    note = LINE_NOTES.get((item["org"], item["label"], year)) or LINE_NOTES.get(
        (item["org"], item["label"], None), ""
    )
    note = f"{item['label']}. {note}" if note else item["label"]
    return {
        "year": year,
        "org_code": item["org"],
        "cofog_code": item["cofog"],
        "theme": item["theme"],
        "amount_gbp": money(pence),
        "basis": item["basis"],
        "source": item["source"].format(y=year),
        "funded_by_org_code": item["fb"],
        "transfer_to_org_code": item["to"],
        "driver": item["driver"],
        "note": note,
    }


def build_spend(rng: random.Random) -> list[dict]:
    items = spend_items()
    lines = []
    for year in YEARS:
        lines += spend_for_year([dict(i) for i in items], year, rng)
    return lines


# --------------------------------------------------------------------------------------------
# Mapping wall: flow nodes and flows
# --------------------------------------------------------------------------------------------

# fmt: off
ORG_NODES = {  # node code -> (tier, org code)
    "SRC_DWP": ("source", "DWP"), "SRC_HMRC": ("source", "HMRC"), "SRC_DH": ("source", "DH"),
    "SRC_DCSF": ("source", "DCSF"), "SRC_HO": ("source", "HO"), "SRC_MOJ": ("source", "MOJ"),
    "SRC_DCLG": ("source", "DCLG"), "SRC_BIS": ("source", "BIS"), "SRC_DFT": ("source", "DFT"),
    "SRC_DEFRA": ("source", "DEFRA"), "SRC_ERDF": ("source", "ERDF"),
    "SRC_ESF": ("source", "ESF"),
    "INT_NWDA": ("intermediary", "NWDA"), "INT_GONW": ("intermediary", "GONW"),
    "INT_HMBC": ("intermediary", "HMBC"), "INT_HPCT": ("intermediary", "HPCT"),
    "INT_HPA": ("intermediary", "HPA"), "INT_HFRA": ("intermediary", "HFRA"),
    "INT_HPT": ("intermediary", "HPT"), "INT_JCP": ("intermediary", "JCP"),
    "INT_LSC": ("intermediary", "LSC"), "INT_HCA": ("intermediary", "HCA"),
    "INT_HHFT": ("intermediary", "HHFT"), "INT_HPMH": ("intermediary", "HPMH"),
    "INT_NWAS": ("intermediary", "NWAS"), "INT_HCVS": ("intermediary", "HCVS"),
    "INT_HAC": ("intermediary", "HAC"), "INT_HYT": ("intermediary", "HYT"),
    "INT_HWA": ("intermediary", "HWA"),
}
OTHER_NODES = [
    ("SRC_TAX", "Taxpayer (national taxation)", "source"),
    ("SRC_CTAX", "Council tax payers", "source"),
    ("SRC_NNDR", "Business rates", "source"),
    ("SVC_SCHOOLS", "Schools", "service"), ("SVC_EARLY", "Early years and children's centres",
                                            "service"),
    ("SVC_CSC", "Children's social care", "service"), ("SVC_YOUTH", "Youth services", "service"),
    ("SVC_SKILLS", "Further education and skills", "service"),
    ("SVC_ASC", "Adult social care", "service"), ("SVC_ACUTE", "Acute hospital care", "service"),
    ("SVC_PRIMARY", "Primary and community health care", "service"),
    ("SVC_MH", "Mental health services", "service"),
    ("SVC_AMB", "Emergency ambulance", "service"),
    ("SVC_PUBHEALTH", "Public health and drug treatment", "service"),
    ("SVC_POLICE", "Neighbourhood policing", "service"),
    ("SVC_FIRE", "Fire and rescue", "service"),
    ("SVC_OFFENDER", "Courts, prisons and offender management", "service"),
    ("SVC_EMPLOY", "Employment support", "service"),
    ("SVC_REGEN", "Regeneration projects", "service"),
    ("SVC_BUSINESS", "Business support", "service"), ("SVC_HOUSING", "Housing", "service"),
    ("SVC_HB", "Housing and council tax benefit", "service"),
    ("SVC_TRANSPORT", "Highways and transport", "service"),
    ("SVC_ENV", "Waste and environment", "service"),
    ("SVC_LEISURE", "Libraries, leisure and culture", "service"),
    ("SVC_SAFETY", "Community safety and domestic abuse", "service"),
    ("CIT_CHILD", "Children and young people", "citizen"),
    ("CIT_WORKING", "Working-age adults", "citizen"), ("CIT_OLDER", "Older people", "citizen"),
    ("CIT_FAMILIES", "Families", "citizen"),
    ("CIT_DISABLED", "Disabled people and carers", "citizen"),
    ("CIT_BUSINESS", "Businesses", "citizen"), ("CIT_ALL", "All residents", "citizen"),
    ("CIT_JUSTICE", "Offenders and victims of crime", "citizen"),
]
HEAD_STREAMS = {"SRC_TAX": "General taxation (voted supply)", "SRC_CTAX": "Council tax",
                "SRC_NNDR": "Business rates (redistributed)"}
ACUTE = {"CIT_OLDER": 45, "CIT_WORKING": 33, "CIT_CHILD": 10, "CIT_FAMILIES": 12}
PRIMARY = {"CIT_OLDER": 35, "CIT_WORKING": 40, "CIT_CHILD": 25}
G, C, K, B, D = "grant", "commission", "contract", "benefit", "direct service"
DEPT = ("SRC_TAX",)
PCT_ALLOC = {"via": {"SRC_DH": "PCT revenue allocation"}}
RDA = {"via": {"SRC_BIS": "RDA single programme",
               "INT_NWDA": "Town centre and community regeneration grant"}}
ESF_OP = {"via": {"SRC_ESF": "ESF England Operational Programme"}}

# (stream, node path (a dict at the end shares the last hop among citizen groups), kinds of each
#  hop, GBP million 2009-10, ring-fenced, options: g = growth from 2008-09, only = one year,
#  via = {node: stream name of the hop leaving that node})
FLOW_PATHS = [
    ("State Pension and Pension Credit", [*DEPT, "SRC_DWP", "CIT_OLDER"], [G, B], 275.8, False),
    ("Disability and carers' benefits", [*DEPT, "SRC_DWP", "CIT_DISABLED"], [G, B], 130.1, False),
    ("Jobseeker's Allowance and Income Support", [*DEPT, "SRC_DWP", "CIT_WORKING"], [G, B], 56.0,
     False, {"g": 1.15}),
    ("Tax credits", [*DEPT, "SRC_HMRC", "CIT_FAMILIES"], [G, B], 126.2, False, {"g": 1.035}),
    ("Child Benefit", [*DEPT, "SRC_HMRC", "CIT_CHILD"], [G, B], 47.0, False),
    ("Housing Benefit and Council Tax Benefit subsidy",
     [*DEPT, "SRC_DWP", "INT_HMBC", "SVC_HB", {"CIT_WORKING": 5, "CIT_OLDER": 3,
                                               "CIT_FAMILIES": 2}], [G, G, D, B], 102.2, True),
    ("Jobcentre Plus services", [*DEPT, "SRC_DWP", "INT_JCP", "SVC_EMPLOY", "CIT_WORKING"],
     [G, G, D, D], 17.3, False, {"g": 1.08}),
    ("Future Jobs Fund", [*DEPT, "SRC_DWP", "INT_JCP", "SVC_EMPLOY", "CIT_WORKING"],
     [G, G, D, D], 2.4, True, {"only": "2009-10"}),
    ("Dedicated Schools Grant", [*DEPT, "SRC_DCSF", "INT_HMBC", "SVC_SCHOOLS", "CIT_CHILD"],
     [G, G, D, D], 150.2, True),
    ("Standards Fund and School Standards Grant",
     [*DEPT, "SRC_DCSF", "INT_HMBC", "SVC_SCHOOLS", "CIT_CHILD"], [G, G, D, D], 18.4, True),
    ("Building Schools for the Future", [*DEPT, "SRC_DCSF", "INT_HMBC", "SVC_SCHOOLS",
                                         "CIT_CHILD"], [G, G, D, D], 20.0, True, {"g": 1.5}),
    ("Sure Start, Early Years and Childcare Grant",
     [*DEPT, "SRC_DCSF", "INT_HMBC", "SVC_EARLY", "CIT_FAMILIES"], [G, G, D, D], 11.3, True),
    ("16-19 participation funding", [*DEPT, "SRC_DCSF", "INT_LSC", "SVC_SKILLS", "CIT_CHILD"],
     [G, G, K, D], 31.6, True),
    ("School sixth form funding",
     [*DEPT, "SRC_DCSF", "INT_LSC", "INT_HMBC", "SVC_SCHOOLS", "CIT_CHILD"], [G, G, G, D, D],
     12.3, True),
    ("Adult skills budget", [*DEPT, "SRC_BIS", "INT_LSC", "SVC_SKILLS", "CIT_WORKING"],
     [G, G, K, D], 20.4, True),
    ("Council tax: adult social care",
     ["SRC_CTAX", "INT_HMBC", "SVC_ASC", {"CIT_OLDER": 6, "CIT_DISABLED": 4}], [G, D, D], 38.0,
     False),
    ("Formula grant: adult social care",
     [*DEPT, "SRC_DCLG", "INT_HMBC", "SVC_ASC", {"CIT_OLDER": 6, "CIT_DISABLED": 4}],
     [G, G, D, D], 30.1, False),
    ("Area Based Grant: Supporting People",
     [*DEPT, "SRC_DCLG", "INT_HMBC", "SVC_ASC", "CIT_DISABLED"], [G, G, K, D], 8.6, False),
    ("Area Based Grant: Working Neighbourhoods Fund",
     [*DEPT, "SRC_DCLG", "INT_HMBC", "SVC_REGEN", "CIT_ALL"], [G, G, D, D], 5.3, False),
    ("Business rates: children's social care", ["SRC_NNDR", "INT_HMBC", "SVC_CSC", "CIT_CHILD"],
     [G, D, D], 33.0, False),
    ("Council tax: education services", ["SRC_CTAX", "INT_HMBC", "SVC_SCHOOLS", "CIT_CHILD"],
     [G, D, D], 11.6, False),
    ("Council tax: youth service and Connexions",
     ["SRC_CTAX", "INT_HMBC", "SVC_YOUTH", "CIT_CHILD"], [G, D, D], 6.3, False),
    ("Housing subsidy and Decent Homes",
     [*DEPT, "SRC_DCLG", "INT_HMBC", "SVC_HOUSING", "CIT_FAMILIES"], [G, G, D, D], 52.0, False),
    ("Council tax: homelessness", ["SRC_CTAX", "INT_HMBC", "SVC_HOUSING", "CIT_WORKING"],
     [G, D, D], 4.8, False),
    ("Business rates: highways and transport levy",
     ["SRC_NNDR", "INT_HMBC", "SVC_TRANSPORT", "CIT_ALL"], [G, D, D], 37.8, False),
    ("Council tax: concessionary fares", ["SRC_CTAX", "INT_HMBC", "SVC_TRANSPORT", "CIT_OLDER"],
     [G, D, D], 7.2, False),
    ("Local Transport Plan", [*DEPT, "SRC_DFT", "INT_HMBC", "SVC_TRANSPORT", "CIT_ALL"],
     [G, G, D, D], 6.4, True),
    ("Council tax: waste and environment", ["SRC_CTAX", "INT_HMBC", "SVC_ENV", "CIT_ALL"],
     [G, D, D], 36.5, False),
    ("Waste Infrastructure Credits", [*DEPT, "SRC_DEFRA", "INT_HMBC", "SVC_ENV", "CIT_ALL"],
     [G, G, D, D], 1.7, True),
    ("Council tax: libraries, leisure and culture",
     ["SRC_CTAX", "INT_HMBC", "SVC_LEISURE", "CIT_ALL"], [G, D, D], 20.7, False),
    ("Council tax: community safety", ["SRC_CTAX", "INT_HMBC", "SVC_SAFETY", "CIT_ALL"],
     [G, D, D], 2.4, False),
    ("Befriending and day services contract",
     ["SRC_CTAX", "INT_HMBC", "INT_HAC", "SVC_ASC", "CIT_OLDER"], [G, K, D, D], 1.1, False),
    ("Youth services commission", ["SRC_NNDR", "INT_HMBC", "INT_HYT", "SVC_YOUTH", "CIT_CHILD"],
     [G, C, D, D], 0.9, False),
    ("Domestic abuse refuge grant",
     ["SRC_CTAX", "INT_HMBC", "INT_HWA", "SVC_SAFETY", "CIT_FAMILIES"], [G, G, D, D], 0.19,
     False),
    ("Business rates: economic development",
     ["SRC_NNDR", "INT_HMBC", "SVC_BUSINESS", "CIT_BUSINESS"], [G, D, D], 3.9, False),
    ("Learning disability pooled budget",
     [*DEPT, "SRC_DH", "INT_HPCT", "INT_HMBC", "SVC_ASC", "CIT_DISABLED"], [G, G, G, D, D], 6.5,
     True),
    ("Acute contract: emergency and unplanned care",
     [*DEPT, "SRC_DH", "INT_HPCT", "INT_HHFT", "SVC_ACUTE", ACUTE], [G, G, C, D, D], 72.0, False,
     PCT_ALLOC),
    ("Acute contract: elective and outpatient care",
     [*DEPT, "SRC_DH", "INT_HPCT", "INT_HHFT", "SVC_ACUTE", ACUTE], [G, G, C, D, D], 80.0, False,
     PCT_ALLOC),
    ("Other acute and specialised contracts",
     [*DEPT, "SRC_DH", "INT_HPCT", "SVC_ACUTE", ACUTE], [G, G, C, D], 70.0, False,
     PCT_ALLOC),
    ("Primary care contracts and prescribing",
     [*DEPT, "SRC_DH", "INT_HPCT", "SVC_PRIMARY", PRIMARY], [G, G, K, D], 102.1, False,
     PCT_ALLOC),
    ("Community health services", [*DEPT, "SRC_DH", "INT_HPCT", "SVC_PRIMARY", PRIMARY],
     [G, G, D, D], 34.5, False,
     PCT_ALLOC),
    ("Mental health block contract",
     [*DEPT, "SRC_DH", "INT_HPCT", "INT_HPMH", "SVC_MH",
      {"CIT_WORKING": 60, "CIT_OLDER": 25, "CIT_CHILD": 15}], [G, G, C, D, D], 41.6, False,
     PCT_ALLOC),
    ("Emergency ambulance contract",
     [*DEPT, "SRC_DH", "INT_HPCT", "INT_NWAS", "SVC_AMB",
      {"CIT_OLDER": 60, "CIT_WORKING": 40}], [G, G, C, D, D], 11.2, False, PCT_ALLOC),
    ("Public health and pooled drug treatment budget",
     [*DEPT, "SRC_DH", "INT_HPCT", "SVC_PUBHEALTH", "CIT_ALL"], [G, G, K, D], 16.0, True),
    ("NHS continuing healthcare", [*DEPT, "SRC_DH", "INT_HPCT", "SVC_ASC", "CIT_OLDER"],
     [G, G, C, D], 17.9, False,
     PCT_ALLOC),
    ("Police grant", [*DEPT, "SRC_HO", "INT_HPA", "SVC_POLICE", "CIT_ALL"], [G, G, D, D], 31.4,
     False),
    ("Police precept", ["SRC_CTAX", "INT_HPA", "SVC_POLICE", "CIT_ALL"], [G, D, D], 25.7, False),
    ("Fire formula grant", [*DEPT, "SRC_DCLG", "INT_HFRA", "SVC_FIRE", "CIT_ALL"], [G, G, D, D],
     7.2, False),
    ("Fire precept", ["SRC_CTAX", "INT_HFRA", "SVC_FIRE", "CIT_ALL"], [G, D, D], 8.8, False),
    ("Probation trust funding", [*DEPT, "SRC_MOJ", "INT_HPT", "SVC_OFFENDER", "CIT_JUSTICE"],
     [G, G, D, D], 7.8, True),
    ("Prisons, courts and legal aid", [*DEPT, "SRC_MOJ", "SVC_OFFENDER", "CIT_JUSTICE"],
     [G, D, D], 40.3, False),
    ("RDA single programme: business support",
     [*DEPT, "SRC_BIS", "INT_NWDA", "SVC_BUSINESS", "CIT_BUSINESS"], [G, G, D, D], 3.6, False, RDA),
    ("RDA single programme: strategic sites",
     [*DEPT, "SRC_BIS", "INT_NWDA", "SVC_REGEN", "CIT_ALL"], [G, G, K, D], 2.5, False, RDA),
    ("RDA single programme: town centre",
     [*DEPT, "SRC_BIS", "INT_NWDA", "INT_HMBC", "SVC_REGEN", "CIT_ALL"], [G, G, G, D, D], 2.88,
     False, RDA),
    ("RDA single programme: community enterprise",
     [*DEPT, "SRC_BIS", "INT_NWDA", "INT_HMBC", "INT_HCVS", "SVC_REGEN", "CIT_ALL"],
     [G, G, G, G, D, D], 0.62, False, RDA),
    ("ERDF Competitiveness programme", ["SRC_ERDF", "INT_NWDA", "SVC_BUSINESS", "CIT_BUSINESS"],
     [G, D, D], 4.2, True, {"g": 1.6}),
    ("ESF Community Grants",
     ["SRC_ESF", "INT_GONW", "INT_HMBC", "INT_HCVS", "SVC_EMPLOY", "CIT_WORKING"],
     [G, G, G, D, D], 0.8, True, {**ESF_OP, "g": 1.3}),
    ("ESF skills for work", ["SRC_ESF", "INT_GONW", "INT_HMBC", "SVC_SKILLS", "CIT_WORKING"],
     [G, G, D, D], 1.1, True, {**ESF_OP, "g": 1.3}),
    ("ESF co-financed skills provision", ["SRC_ESF", "INT_GONW", "SVC_SKILLS", "CIT_WORKING"],
     [G, K, D], 1.2, True, {**ESF_OP, "g": 1.3}),
    ("National Affordable Housing Programme",
     [*DEPT, "SRC_DCLG", "INT_HCA", "SVC_HOUSING", "CIT_FAMILIES"], [G, G, G, D], 19.0, True,
     {"g": 1.2}),
    ("Housing Market Renewal", [*DEPT, "SRC_DCLG", "INT_HCA", "SVC_REGEN", "CIT_ALL"],
     [G, G, G, D], 6.5, True),
    ("Kickstart housing delivery", [*DEPT, "SRC_DCLG", "INT_HCA", "SVC_HOUSING", "CIT_FAMILIES"],
     [G, G, G, D], 3.1, True, {"only": "2009-10"}),
]
# fmt: on


def flow_nodes() -> list[list[str]]:
    names = {code: name for code, name, _ in ORGANISATIONS}
    rows = [[code, names[org], tier, org] for code, (tier, org) in ORG_NODES.items()]
    rows += [[code, name, tier, ""] for code, name, tier in OTHER_NODES]
    order = {t: i for i, t in enumerate(NODE_TIERS)}
    return sorted(rows, key=lambda r: (order[r[2]], r[0]))


def path_hops(stream: str, path: list, kinds: list[str], ring: bool, via: dict):
    """(from, to, stream, kind, ring-fenced, targets) for each hop of one path.

    Hops between bodies carry the stream's own name. Tax raised is pooled on one edge per
    receiver, and the hops into and out of a service are named after the service, so the wall
    shows one link per body and service rather than one per grant. A path's "via" option
    names a hop after the allocation it travels in (one PCT allocation carries many streams).
    """
    names = {code: name for code, name, _ in OTHER_NODES}
    hops = []
    for k, kind in enumerate(kinds):
        src, dst = path[k], path[k + 1]
        targets = dst if isinstance(dst, dict) else {dst: 1}
        if src in HEAD_STREAMS:
            label = "Council tax precept" if dst in ("INT_HPA", "INT_HFRA") else HEAD_STREAMS[src]
            hops.append((src, targets, label, kind, False))
        elif src.startswith("SVC_"):
            hops.append((src, targets, names[src], kind, False))
        elif isinstance(dst, str) and dst.startswith("SVC_"):
            hops.append((src, targets, names[dst], kind, ring))
        else:
            hops.append((src, targets, via.get(src, stream), kind, ring))
    return hops


def build_flows(rng: random.Random) -> list[list[str]]:
    rows = []
    for year in YEARS:
        total: dict[tuple, list] = {}  # (from, to, stream, kind) -> [pence, all ring-fenced]
        for stream, path, kinds, amount, ring, *extra in FLOW_PATHS:
            opts = extra[0] if extra else {}
            if opts.get("only", year) != year:
                continue
            pounds = amount * 1e6 * rng.uniform(0.98, 1.02)
            pence = round(pounds if year == "2009-10" else pounds / opts.get("g", 1.03)) * 100
            for src, targets, label, kind, fenced in path_hops(
                stream, path, kinds, ring, opts.get("via", {})
            ):
                shares = split_pence(pence, list(targets.values()))
                for dst, share in zip(targets, shares, strict=True):
                    entry = total.setdefault((src, dst, label, kind), [0, True])
                    entry[0] += share
                    entry[1] = entry[1] and fenced
        for (src, dst, label, kind), (pence, fenced) in total.items():
            rows.append([year, src, dst, label, money(pence), kind, tf(fenced)])
    return rows


# --------------------------------------------------------------------------------------------
# Assets
# --------------------------------------------------------------------------------------------

# fmt: off
ASSET_PLAN = [  # (org, kind, count)
    ("HMBC", "office", 8), ("HMBC", "library", 12), ("HMBC", "community centre", 14),
    ("HMBC", "children's centre", 16), ("HMBC", "leisure centre", 6), ("HMBC", "depot", 4),
    ("HMBC", "school", 38), ("TPC", "community centre", 1),
    ("HPCT", "GP surgery", 30), ("HPCT", "health centre", 8), ("HPCT", "office", 2),
    ("HHFT", "health centre", 2), ("HHFT", "office", 2), ("HPMH", "health centre", 3),
    ("HPMH", "office", 1), ("NWAS", "depot", 2), ("HPA", "police station", 8),
    ("HPA", "office", 3), ("HFRA", "fire station", 6), ("HFRA", "office", 1),
    ("JCP", "office", 5), ("HPT", "office", 3), ("HCVS", "community centre", 3),
    ("HCVS", "office", 1), ("HAC", "community centre", 2), ("HAC", "office", 1),
    ("HYT", "community centre", 2),
]
CLUSTERS = [  # buildings of different bodies side by side, all under-used
    [("HMBC", "library"), ("HPCT", "health centre"), ("JCP", "office")],
    [("HMBC", "community centre"), ("HPA", "police station")],
    [("HMBC", "children's centre"), ("HPCT", "GP surgery")],
    [("HMBC", "office"), ("HPT", "office"), ("HPA", "office")],
    [("HFRA", "fire station"), ("NWAS", "depot")],
    [("HMBC", "community centre"), ("HCVS", "community centre"), ("HAC", "community centre")],
    [("HMBC", "library"), ("HPMH", "health centre")],
    [("JCP", "office"), ("HMBC", "office")],
    [("HYT", "community centre"), ("HMBC", "leisure centre")],
    [("HPCT", "health centre"), ("HMBC", "children's centre")],
]
NAMES = {
    ("HMBC", "office"): ["Harrowdale Town Hall", "Harrowdale Civic Centre", "{ward} Area Office",
                         "{street} Council Offices"],
    ("HMBC", "library"): ["Harrowdale Central Library", "{ward} Library", "{street} Library"],
    ("HMBC", "community centre"): ["{ward} Community Centre", "{street} Community Centre"],
    ("HMBC", "children's centre"): ["{ward} Sure Start Children's Centre",
                                    "{street} Children's Centre"],
    ("HMBC", "leisure centre"): ["{ward} Leisure Centre", "{ward} Swimming Baths"],
    ("HMBC", "depot"): ["{street} Depot", "{ward} Highways Depot"],
    ("HMBC", "school"): ["{ward} Primary School", "St {saint}'s CE Primary School",
                         "St {saint}'s RC Primary School", "{street} Primary School",
                         "{ward} Infant and Junior School"],
    ("HMBC", "secondary"): ["{ward} High School", "St {saint}'s RC High School",
                            "{ward} Community College"],
    ("TPC", "community centre"): ["Thornley Village Hall"],
    ("HPCT", "GP surgery"): ["{street} Surgery", "{street} Medical Practice",
                             "{ward} Family Practice"],
    ("HPCT", "health centre"): ["{ward} Health Centre", "{street} Primary Care Centre"],
    ("HPCT", "office"): ["PCT Headquarters, {street}", "{ward} PCT Offices"],
    ("HHFT", "health centre"): ["Harrowdale Outpatient Centre", "{ward} Treatment Centre"],
    ("HHFT", "office"): ["Hospitals Trust Offices, {street}", "{ward} Trust Offices"],
    ("HPMH", "health centre"): ["{ward} Community Mental Health Centre",
                               "{street} Mental Health Resource Centre"],
    ("HPMH", "office"): ["Mental Health Trust Offices, {street}"],
    ("NWAS", "depot"): ["{ward} Ambulance Station", "{street} Ambulance Station"],
    ("HPA", "police station"): ["{ward} Police Station", "{street} Police Station"],
    ("HPA", "office"): ["Police Headquarters, {street}", "{ward} Police Office"],
    ("HFRA", "fire station"): ["{ward} Fire Station", "{street} Fire Station"],
    ("HFRA", "office"): ["Fire and Rescue Headquarters", "{street} Fire Offices"],
    ("JCP", "office"): ["{ward} Jobcentre Plus", "{street} Jobcentre Plus"],
    ("HPT", "office"): ["{ward} Probation Office", "{street} Probation Office"],
    ("HCVS", "community centre"): ["{ward} Volunteer Centre", "{street} Community Hub"],
    ("HCVS", "office"): ["CVS Offices, {street}"],
    ("HAC", "community centre"): ["{ward} Age Concern Day Centre", "{street} Day Centre"],
    ("HAC", "office"): ["Age Concern Offices, {street}"],
    ("HYT", "community centre"): ["{ward} Youth Centre", "{street} Youth Club"],
}
STREETS = ["Mill Lane", "Church Street", "Station Road", "Market Street", "Moss Lane",
           "Victoria Street", "Queen Street", "King Street", "Union Street", "Albion Road",
           "Park Road", "Bridge Street", "Chapel Street", "High Street", "Brook Lane",
           "Greenfield Road", "Manor Road", "Heath Lane", "Well Street", "Spring Gardens",
           "Holly Bank", "Beech Avenue", "Cross Street", "Canal Street", "Foundry Lane",
           "Coronation Road", "Waterloo Street", "Rochford Road", "Hollins Lane", "Vale Road"]
SAINTS = ["Mary", "John", "Peter", "Thomas", "Anne", "Luke", "Paul", "Michael", "Joseph",
          "Margaret", "James", "Hilda"]
FLOOR = {"office": (400, 5200), "library": (250, 2200), "GP surgery": (150, 900),
         "health centre": (700, 4500), "police station": (350, 4800),
         "fire station": (700, 2300), "depot": (900, 6500), "community centre": (150, 1200),
         "children's centre": (200, 900), "leisure centre": (1800, 8000),
         "school": (1500, 4200), "secondary": (7000, 12000)}
TENURE = {"GP surgery": (0.35, 0.6, 0.05), "health centre": (0.45, 0.2, 0.35),
          "school": (0.7, 0.05, 0.25), "police station": (0.8, 0.1, 0.1)}
# fmt: on


class AssetBuilder:
    def __init__(self, rng: random.Random, wards: list[dict]) -> None:
        self.rng, self.wards = rng, wards
        self.by_name = {w["ward_name"]: w for w in wards}
        self.rows: list[dict] = []
        self.names: set[str] = set()
        self.left = {(org, kind): n for org, kind, n in ASSET_PLAN}
        self.sequence: dict[tuple, list[dict]] = {}

    def next_ward(self, org: str, kind: str) -> dict:
        """Spread a body's buildings of one kind across the wards, biggest first."""
        seq = self.sequence.get((org, kind))
        if not seq:
            seq = sorted(self.wards, key=lambda w: -self.rng.random() * ward_pop(w) ** 2)
            if org == "TPC":
                seq = [self.by_name["Thornley"]]
            elif (org, kind) in (("HMBC", "office"), ("HMBC", "library")):
                seq.insert(0, self.by_name["Harrowdale Central"])
            self.sequence[(org, kind)] = seq
        return seq.pop(0)

    def name(self, org: str, kind: str, ward: dict) -> str:
        """A unique name; the borough's landmarks ("Harrowdale ...") only in the centre."""
        secondary = kind == "school" and self.left[(org, kind)] < 7
        central = ward["ward_name"] == "Harrowdale Central"
        for template in NAMES[(org, "secondary" if secondary else kind)] * 3:
            if template.startswith("Harrowdale") and not central:
                continue
            name = template.format(
                ward=ward["ward_name"],
                street=self.rng.choice(STREETS),
                saint=self.rng.choice(SAINTS),
            )
            if name not in self.names:
                self.names.add(name)
                return name
        raise ValueError(f"no unique name for {org} {kind}")

    def add(self, org: str, kind: str, ward: dict, lon: float, lat: float, busy: bool) -> None:
        self.left[(org, kind)] -= 1
        name = self.name(org, kind, ward)
        size = "secondary" if "High School" in name or "College" in name else kind
        low, high = FLOOR[size]
        area = 9800 if name == "Harrowdale Town Hall" else self.rng.randint(low, high)
        freehold, leasehold, pfi = TENURE.get(kind, (0.75, 0.25, 0.0))
        if org == "JCP":
            freehold, leasehold, pfi = 0.0, 1.0, 0.0
        use = (
            min(98, max(35, round(self.rng.triangular(40, 98, 80))))
            if busy
            else self.rng.randint(24, 58)
        )
        self.rows.append(
            {
                "org_code": org,
                "asset_name": name,
                "kind": kind,
                "lat": round(lat, 6),
                "lon": round(lon, 6),
                "ward_code": ward["ward_code"],
                "floor_area_m2": area,
                "running_cost_gbp": round(area * self.rng.uniform(60, 180)) * 100,
                "utilisation_pct": use,
                "tenure": self.rng.choices(
                    ["freehold", "leasehold", "PFI"], [freehold, leasehold, pfi]
                )[0],
            }
        )

    def place_clusters(self) -> None:
        wards = self.rng.sample(self.wards, len(CLUSTERS))
        for members, ward in zip(CLUSTERS, wards, strict=True):
            cx, cy = random_point(ward["ring"], self.rng, margin=250)
            turn = self.rng.uniform(0, 2 * math.pi)
            for k, (org, kind) in enumerate(members):
                angle, radius = turn + 2 * math.pi * k / len(members), self.rng.uniform(35, 70)
                lon = cx + radius * math.cos(angle) / (111_320 * math.cos(math.radians(cy)))
                lat = cy + radius * math.sin(angle) / 110_574
                self.add(org, kind, ward, lon, lat, busy=False)

    def clear(self, org: str, lon: float, lat: float) -> bool:
        """Far enough from every other building: 220 m from other bodies', 80 m from own."""
        return all(
            metres(lon, lat, a["lon"], a["lat"]) >= (80 if a["org_code"] == org else 220)
            for a in self.rows
        )

    def place_rest(self) -> None:
        for org, kind, _ in ASSET_PLAN:
            while self.left[(org, kind)] > 0:
                ward = self.next_ward(org, kind)
                for _ in range(400):
                    lon, lat = random_point(ward["ring"], self.rng, margin=40)
                    if self.clear(org, lon, lat):
                        break
                else:
                    raise ValueError(f"no room for a {kind} in {ward['ward_name']}")
                self.add(org, kind, ward, lon, lat, busy=True)


def ward_pop(ward: dict) -> int:
    return ward["pop_0_17"] + ward["pop_18_64"] + ward["pop_65_plus"]


def random_point(ring: list[list[float]], rng: random.Random, margin: float):
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    while True:
        x, y = rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys))
        if point_in_ring(x, y, ring) and edge_distance(x, y, ring) >= margin:
            return x, y


def build_assets(rng: random.Random, wards: list[dict]) -> list[dict]:
    builder = AssetBuilder(rng, wards)
    builder.place_clusters()
    builder.place_rest()
    for k, row in enumerate(builder.rows, start=1):
        row["asset_code"] = f"AS{k:03d}"
    return builder.rows


# --------------------------------------------------------------------------------------------
# Unit costs
# --------------------------------------------------------------------------------------------

# fmt: off
PSSRU = "PSSRU Unit Costs of Health and Social Care 2009"
REFC = "NHS Reference Costs 2008-09"
NEW_ECON = "New Economy unit cost database"
HOME = "Home Office"
MOJS = "Ministry of Justice"
DWPS = "Department for Work and Pensions"
UNIT_COSTS = [  # (key, service, agency kind, unit, cost, source)
    ("ae", "A&E attendance", "NHS provider", "attendance", 106, REFC),
    ("ambulance", "Ambulance call-out (see, treat and convey)", "NHS provider", "incident", 253,
     REFC),
    ("police", "Police call-out (response to an incident)", "police", "incident", 195, HOME),
    ("custody", "Night in police custody", "police", "night", 360, HOME),
    ("court", "Court hearing (magistrates' or youth court)", "central department", "hearing",
     1150, MOJS),
    ("sw", "Social worker hour (client-related work)", "council", "hour", 146, PSSRU),
    ("gp", "GP appointment (surgery consultation, 11.7 minutes)", "NHS commissioner",
     "consultation", 35, PSSRU),
    ("cc", "Children's centre session (family)", "council", "session", 47, NEW_ECON),
    ("exclusion", "School exclusion (fixed term)", "council", "exclusion", 1070, NEW_ECON),
    ("housing", "Housing officer visit", "council", "visit", 68, NEW_ECON),
    ("hv", "Health visitor home visit", "NHS provider", "visit", 84, PSSRU),
    ("mh_op", "Mental health outpatient appointment", "NHS provider", "attendance", 155, REFC),
    ("yot", "Youth offending team assessment", "council", "assessment", 420, NEW_ECON),
    ("yot_week", "Youth offending team supervision", "council", "week", 95, NEW_ECON),
    ("probation", "Probation supervision (community order)", "probation", "month", 245, MOJS),
    ("jcp", "Jobcentre Plus adviser interview", "Jobcentre Plus", "interview", 41, DWPS),
    ("claim", "Benefit claim processing (new or changed claim)", "Jobcentre Plus", "claim", 86,
     DWPS),
    ("bed_day", "Hospital bed day (acute, excess bed day)", "NHS provider", "bed day", 262, REFC),
    ("fire_check", "Fire service home safety check", "fire", "visit", 68, NEW_ECON),
    ("drugs", "Drug or alcohol treatment session (structured, community)", "voluntary sector",
     "session", 52, "National Treatment Agency for Substance Misuse"),
    ("admission", "Non-elective hospital admission (average)", "NHS provider", "admission", 1489,
     REFC),
    ("outpatient", "Outpatient attendance (consultant-led)", "NHS provider", "attendance", 151,
     REFC),
    ("dn", "District nurse home visit", "NHS provider", "visit", 39, PSSRU),
    ("cpn", "Community psychiatric nurse hour", "NHS provider", "hour", 75, PSSRU),
    ("crisis", "Crisis resolution team contact", "NHS provider", "contact", 179, REFC),
    ("home_care", "Home care hour (council-arranged)", "council", "hour", 18, PSSRU),
    ("res_care", "Residential care week (older people)", "council", "week", 472, PSSRU),
    ("nursing", "Nursing home week (older people)", "council", "week", 625, PSSRU),
    ("day_care", "Day care session (older people)", "council", "session", 38, PSSRU),
    ("meal", "Meals on wheels", "council", "meal", 5.4, PSSRU),
    ("ot", "Occupational therapy assessment", "council", "assessment", 96, PSSRU),
    ("alarm", "Community alarm and telecare", "council", "week", 3.5, PSSRU),
    ("int_care", "Intermediate care bed day", "NHS provider", "bed day", 135, PSSRU),
    ("falls", "Falls clinic assessment", "NHS provider", "assessment", 162, REFC),
    ("foster", "Foster care (local authority placement)", "council", "week", 489, PSSRU),
    ("res_child", "Children's home placement", "council", "week", 2695, PSSRU),
    ("cp_conf", "Child protection conference", "council", "conference", 1050, NEW_ECON),
    ("assessment", "Initial assessment (children's social care)", "council", "assessment", 330,
     PSSRU),
    ("arrest", "Arrest and detention (processing)", "police", "arrest", 720, HOME),
    ("dv", "Domestic abuse incident response", "police", "incident", 250, HOME),
    ("asb", "Anti-social behaviour case investigation", "council", "case", 1700, NEW_ECON),
    ("prison", "Prison place", "central department", "week", 788, MOJS),
    ("connexions", "Connexions personal adviser session", "council", "session", 48, NEW_ECON),
    ("ta_night", "Temporary accommodation (bed and breakfast)", "council", "night", 45, NEW_ECON),
    ("homeless", "Homelessness application and assessment", "council", "case", 826, NEW_ECON),
    ("advice", "Debt and welfare rights advice session", "voluntary sector", "session", 62,
     NEW_ECON),
    ("befriend", "Volunteer befriending visit or call", "voluntary sector", "contact", 18,
     NEW_ECON),
    ("wca", "Work capability assessment", "central department", "assessment", 189, DWPS),
    ("pru", "Pupil referral unit place", "council", "week", 350, NEW_ECON),
    ("parenting", "Parenting programme (12 weeks)", "council", "course per parent", 1120,
     NEW_ECON),
    ("key_worker", "Family intervention key worker hour", "council", "hour", 58, NEW_ECON),
    ("mentor", "Learning or peer mentor session", "voluntary sector", "session", 40, NEW_ECON),
    ("reablement", "Reablement home care hour", "council", "hour", 22, PSSRU),
    ("lodgings", "Supported lodgings placement", "council", "week", 210, NEW_ECON),
]
UC_CODE = {key: f"UC{k:03d}" for k, (key, *_) in enumerate(UNIT_COSTS, start=1)}
STAFF_HOURS = {"police": 3.0, "custody": 2.5, "court": 5.0, "sw": 1.0, "gp": 0.2, "cc": 1.5,
               "exclusion": 6.0, "housing": 1.2, "hv": 1.1, "ae": 2.0, "ambulance": 1.8,
               "bed_day": 6.0, "admission": 14.0, "res_child": 20.0, "foster": 3.0,
               "key_worker": 1.0, "home_care": 1.0, "reablement": 1.0, "cp_conf": 12.0}
# fmt: on


def write_unit_costs(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Unit costs"
    header = ["code", "service", "agency_kind", "unit", "cost_gbp", "price_year", "source"]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for key, service, kind, unit, cost, source in UNIT_COSTS:
        ws.append([UC_CODE[key], service, kind, unit, cost, "2009-10", source])
        ws.cell(ws.max_row, 5).number_format = "#,##0.00"
    for col, width in zip("ABCDEFG", (8, 52, 20, 18, 11, 11, 48), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    wb.properties.creator = "Total Place Studio demo generator"
    wb.properties.created = datetime(2010, 3, 31)
    save_deterministic(wb, path)


def save_deterministic(wb: Workbook, path: Path) -> None:
    """openpyxl stamps the save time into the file; pin it so every run writes the same bytes."""
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    stamp = b"2010-03-31T00:00:00Z"
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, data
                )
            entry = zipfile.ZipInfo(info.filename, date_time=(2010, 3, 31, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)
    path.write_bytes(out.getvalue())


# --------------------------------------------------------------------------------------------
# Family journeys
# --------------------------------------------------------------------------------------------

# fmt: off
CASES = [
    ("ASH", "The Ashworth family",
     "A lone mother with depression and a drink problem, a teenage son drifting into offending "
     "and two younger children. Fourteen agencies in one year, each doing its own bit."),
    ("BRE", "Brenda's year",
     "An 84-year-old widow living alone who gets confused and low at night, falls and dials "
     "999. Most of the cost of her year is ambulances and hospital beds."),
    ("JAY", "A young man leaving care",
     "Jay left foster care at 17 with no settled home. Within a year he had been homeless, "
     "arrested and put on probation."),
]
MEMBERS = [
    ("ASH", "ASH1", "mother", 36, "Lone parent; depression and alcohol misuse"),
    ("ASH", "ASH2", "son", 14, "Excluded from school twice; known to the youth offending team"),
    ("ASH", "ASH3", "daughter", 11, "Young carer for her mother"),
    ("ASH", "ASH4", "son", 3, "Attends the children's centre now and then"),
    ("BRE", "BRE1", "older woman", 84, "Widowed, lives alone in a council flat; falls, lonely"),
    ("BRE", "BRE2", "son", 55, "Lives 200 miles away; phones on Sundays"),
    ("BRE", "BRE3", "neighbour", 68, "Keeps a spare key and often finds Brenda after a fall"),
    ("JAY", "JAY1", "young man", 18, "Care leaver; sofa-surfing, cannabis use"),
    ("JAY", "JAY2", "sister", 15, "Still in foster care in another ward"),
    ("JAY", "JAY3", "birth mother", 42, "Irregular contact"),
]
# (date, org, unit cost, quantity, emotional mark, avoidable, note)
ASH_CURRENT = [
    ("2009-04-06", "HPA", "police", 1, -1, True, "Neighbour reports shouting at the family home"),
    ("2009-04-14", "HMBC", "assessment", 1, -1, False, "Initial assessment after police referral"),
    ("2009-04-20", "HPCT", "gp", 2, 0, False, "Mother sees GP about low mood"),
    ("2009-05-05", "HMBC", "exclusion", 1, -2, True, "Son excluded for five days after a fight"),
    ("2009-05-12", "HMBC", "housing", 2, -1, True, "Visits about rent arrears"),
    ("2009-05-28", "NWAS", "ambulance", 1, -2, True, "Mother falls while drunk; 999 call"),
    ("2009-05-28", "HHFT", "ae", 1, -2, True, "Mother treated in A&E and sent home"),
    ("2009-06-09", "HPA", "police", 2, -1, True, "Son picked up with older youths, twice"),
    ("2009-06-10", "HPA", "custody", 1, -2, True, "Son held overnight after an arrest"),
    ("2009-06-24", "MOJ", "court", 2, -2, True, "Youth court hearings"),
    ("2009-07-01", "HMBC", "yot", 1, -1, False, "Youth offending team assessment"),
    ("2009-07-06", "HMBC", "yot_week", 12, 0, False, "Weekly youth offending team supervision"),
    ("2009-07-15", "HMBC", "sw", 14, -1, False, "Child in need visits over the summer"),
    ("2009-07-20", "HPMH", "mh_op", 2, 0, False, "Mother's mental health outpatient reviews"),
    ("2009-08-03", "HCVS", "drugs", 6, 1, False, "Alcohol treatment; four of six sessions kept"),
    ("2009-08-19", "HMBC", "cc", 4, 2, False, "Youngest at children's centre stay-and-play"),
    ("2009-09-07", "HMBC", "exclusion", 1, -2, True, "Second fixed-term exclusion"),
    ("2009-09-22", "HMBC", "cp_conf", 1, -2, False, "Initial child protection conference"),
    ("2009-09-30", "HMBC", "sw", 20, -1, False, "Child protection plan visits"),
    ("2009-10-06", "JCP", "jcp", 2, -1, False, "Mother's work-focused interviews"),
    ("2009-10-08", "JCP", "claim", 1, -1, False, "Benefit change of circumstances"),
    ("2009-10-19", "HPA", "dv", 1, -2, True, "Ex-partner returns; domestic incident"),
    ("2009-11-02", "HMBC", "foster", 8, -2, True, "Emergency foster care for the younger two"),
    ("2009-11-03", "NWAS", "ambulance", 1, -2, True, "Mother's overdose; 999 call"),
    ("2009-11-03", "HHFT", "ae", 1, -2, True, "Mother seen in A&E after overdose"),
    ("2009-11-03", "HHFT", "bed_day", 4, -1, True, "Mother admitted for four days"),
    ("2009-11-10", "HPMH", "crisis", 5, 0, False, "Crisis team contacts after discharge"),
    ("2009-11-23", "HMBC", "res_child", 7, -2, True, "Son placed in a children's home"),
    ("2009-12-01", "MOJ", "court", 3, -2, True, "Care proceedings hearings"),
    ("2009-12-14", "HMBC", "sw", 18, -1, False, "Social work during care proceedings"),
    ("2010-01-11", "HMBC", "pru", 8, -1, True, "Son placed at the pupil referral unit"),
    ("2010-01-19", "HPA", "police", 1, -1, True, "Son reported missing overnight"),
    ("2010-01-25", "HMBC", "housing", 3, -1, True, "Possession warning visits"),
    ("2010-02-02", "HPCT", "hv", 3, 1, False, "Health visitor checks on the youngest"),
    ("2010-02-15", "HMBC", "cp_conf", 1, -1, False, "Review child protection conference"),
    ("2010-02-22", "HMBC", "yot_week", 8, 0, False, "Youth offending team supervision resumes"),
    ("2010-03-01", "HPCT", "gp", 3, 0, False, "Mother's GP appointments"),
    ("2010-03-08", "HMBC", "sw", 14, 0, False, "Social work while children return home"),
    ("2010-03-22", "HMBC", "assessment", 1, 0, False, "Re-assessment of the daughter as a carer"),
]
ASH_REDESIGNED = [
    ("2009-04-20", "HMBC", "key_worker", 30, 1, False, "One key worker for the whole family"),
    ("2009-05-04", "HCVS", "drugs", 12, 1, False, "Alcohol treatment at home, then in a group"),
    ("2009-05-11", "HMBC", "cc", 20, 2, False, "Regular children's centre place for youngest"),
    ("2009-06-01", "HCVS", "mentor", 20, 2, False, "Peer mentor for the son"),
    ("2009-06-15", "HMBC", "parenting", 1, 1, False, "Parenting programme for mother"),
    ("2009-07-13", "HMBC", "key_worker", 30, 1, False, "Key worker visits continue"),
    ("2009-08-10", "HPCT", "hv", 4, 1, False, "Health visitor visits"),
    ("2009-09-07", "HMBC", "sw", 10, 0, False, "Social worker review with the key worker"),
    ("2009-10-05", "JCP", "jcp", 4, 1, False, "Adviser sees mother at the children's centre"),
    ("2009-10-19", "HMBC", "housing", 2, 1, False, "Rent arrears plan agreed"),
    ("2009-11-16", "HMBC", "key_worker", 30, 1, False, "Key worker through the winter"),
    ("2010-01-11", "HPCT", "gp", 3, 0, False, "GP reviews"),
    ("2010-02-08", "HMBC", "key_worker", 30, 1, False, "Key worker steps down support"),
    ("2010-03-15", "HPA", "police", 1, 0, False, "One call-out in the year"),
]
BRE_CURRENT = [
    ("2009-04-12", "NWAS", "ambulance", 2, -2, True, "Two 999 calls at night, confused"),
    ("2009-04-12", "HHFT", "ae", 2, -2, True, "Taken to A&E both times"),
    ("2009-05-03", "HHFT", "admission", 2, -2, True, "Admitted after a fall, then a chest "
     "infection"),
    ("2009-06-07", "NWAS", "ambulance", 2, -2, True, "999 calls, lonely and frightened"),
    ("2009-06-07", "HHFT", "ae", 2, -2, True, "A&E attendances"),
    ("2009-06-30", "HHFT", "bed_day", 6, -1, True, "Delayed discharge: no care package"),
    ("2009-07-06", "HMBC", "sw", 6, 0, False, "Social worker arranges home care"),
    ("2009-07-08", "HMBC", "home_care", 60, 1, False, "Home care, two visits a day for a month"),
    ("2009-07-20", "HPCT", "dn", 16, 1, False, "District nurse dressings"),
    ("2009-08-14", "HMBC", "meal", 60, 0, False, "Meals on wheels"),
    ("2009-09-02", "HPA", "police", 2, -1, True, "Found outside at night by a patrol, twice"),
    ("2009-09-20", "NWAS", "ambulance", 3, -2, True, "Three more night-time 999 calls"),
    ("2009-09-20", "HHFT", "ae", 3, -2, True, "A&E attendances"),
    ("2009-10-11", "HHFT", "admission", 2, -2, True, "Two admissions after falls"),
    ("2009-10-30", "HHFT", "int_care", 8, 1, False, "Intermediate care bed on discharge"),
    ("2009-11-16", "HHFT", "outpatient", 3, 0, False, "Outpatient reviews"),
    ("2009-12-06", "NWAS", "ambulance", 5, -2, True, "Five 999 calls over Christmas"),
    ("2009-12-06", "HHFT", "ae", 5, -2, True, "A&E attendances"),
    ("2010-01-10", "HHFT", "admission", 1, -2, True, "Admitted after a fall on ice"),
    ("2010-02-01", "HPCT", "gp", 15, 0, False, "GP appointments through the year"),
    ("2010-02-15", "HHFT", "falls", 1, 1, False, "Falls clinic, at last"),
    ("2010-02-22", "HMBC", "ot", 1, 1, False, "Occupational therapy assessment"),
]
BRE_REDESIGNED = [
    ("2009-04-06", "HAC", "befriend", 300, 2, False, "A daily phone call from a volunteer"),
    ("2009-04-13", "HFRA", "fire_check", 1, 1, False, "Home safety check spots trip hazards"),
    ("2009-04-20", "HHFT", "falls", 1, 1, False, "Falls clinic early in the year"),
    ("2009-04-27", "HMBC", "ot", 1, 1, False, "Grab rails and a better bed"),
    ("2009-05-04", "HMBC", "alarm", 48, 1, False, "Pendant alarm from the start"),
    ("2009-05-11", "HAC", "day_care", 40, 2, False, "Weekly lunch club"),
    ("2009-12-14", "NWAS", "ambulance", 1, -1, True, "One 999 call in the year"),
]
JAY_CURRENT = [
    ("2009-04-03", "HMBC", "sw", 10, -1, False, "Leaving care worker, hard to reach"),
    ("2009-04-20", "HMBC", "homeless", 1, -2, True, "Presents as homeless after placement ends"),
    ("2009-04-21", "HMBC", "ta_night", 60, -2, True, "Bed and breakfast for two months"),
    ("2009-05-05", "JCP", "claim", 2, -1, False, "JSA claim, then a sanction and a new claim"),
    ("2009-05-19", "JCP", "jcp", 6, -1, False, "Adviser interviews"),
    ("2009-06-13", "HPA", "police", 2, -1, True, "Call-outs to a disturbance at a friend's flat"),
    ("2009-06-14", "HPA", "custody", 2, -2, True, "Two nights in custody"),
    ("2009-07-02", "MOJ", "court", 2, -2, True, "Magistrates' court hearings"),
    ("2009-07-20", "HPT", "probation", 6, -1, False, "Community order supervision"),
    ("2009-08-09", "HHFT", "ae", 2, -1, True, "A&E after a fight"),
    ("2009-09-01", "HCVS", "drugs", 8, 0, False, "Cannabis treatment sessions"),
    ("2009-10-12", "HMBC", "connexions", 5, 0, False, "Connexions sessions"),
    ("2009-11-02", "HMBC", "housing", 4, 0, False, "Housing officer visits to a new tenancy"),
    ("2009-12-07", "HMBC", "sw", 10, 0, False, "Leaving care worker visits"),
    ("2010-02-01", "HPCT", "gp", 2, 0, False, "GP visits"),
]
JAY_REDESIGNED = [
    ("2009-04-01", "HMBC", "lodgings", 26, 1, False, "Supported lodgings instead of B&B"),
    ("2009-04-06", "HMBC", "sw", 16, 1, False, "Same leaving care worker throughout"),
    ("2009-05-04", "HCVS", "mentor", 20, 2, False, "Mentor who left care himself"),
    ("2009-06-01", "JCP", "jcp", 6, 1, False, "Adviser sees him at the leaving care team"),
    ("2009-09-07", "HMBC", "connexions", 6, 1, False, "Apprenticeship found through Connexions"),
    ("2009-10-05", "HMBC", "housing", 3, 1, False, "Tenancy starts with support"),
]
JOURNEYS = [("ASH", "current", ASH_CURRENT), ("ASH", "redesigned", ASH_REDESIGNED),
            ("BRE", "current", BRE_CURRENT), ("BRE", "redesigned", BRE_REDESIGNED),
            ("JAY", "current", JAY_CURRENT), ("JAY", "redesigned", JAY_REDESIGNED)]
# fmt: on


def build_touchpoints(rng: random.Random) -> list[list]:
    rows = []
    for case, scenario, stops in JOURNEYS:
        for day, org, key, qty, mark, avoidable, note in sorted(stops):
            hours = STAFF_HOURS.get(key, 0.8) * min(qty, 12) * rng.uniform(0.85, 1.15)
            distance = 0.0 if key in ("befriend", "alarm") else rng.uniform(0.6, 9.5)
            rows.append(
                [
                    case,
                    scenario,
                    day,
                    org,
                    UC_CODE[key],
                    qty,
                    f"{hours:.1f}",
                    f"{distance:.1f}",
                    mark,
                    tf(avoidable),
                    note,
                ]
            )
    return rows


# --------------------------------------------------------------------------------------------
# Workshops and deflators
# --------------------------------------------------------------------------------------------

# fmt: off
SESSIONS = [
    ["NEET42", "Young people not in education, employment or training in Harrowdale",
     "Young people", "force_field", "2010-02-10", "open"],
    ["ORID17", "Six months in: looking back on the Total Place programme", "Programme review",
     "orid", "2009-12-09", "closed"],
]
FORCES = [
    ("driving", "Everyone can see what youth custody and court time cost us, so there is an "
     "appetite to try something different", 5, "Priya"),
    ("driving", "Young people who were NEET themselves want to mentor others and argue for "
     "change", 4, "Tom"),
    ("driving", "Partners will pool money and share the risk of spending earlier, before "
     "crisis", 4, "Gareth"),
    ("driving", "The count shows how much goes on picking up the pieces rather than on "
     "prevention", 3, "Helen"),
    ("driving", "Harrowdale College has unfilled places on its foundation learning courses", 2,
     "Aisha"),
    ("driving", "Future Jobs Fund employers want to take on local 18 to 24 year olds", 3,
     "Mark"),
    ("driving", "Raising the participation age means schools and colleges must plan now", 3,
     "Joanne"),
    ("driving", "Councillors have made youth unemployment their top priority for next year", 2,
     "Dev"),
    ("restraining", "Some schools would rather move challenging pupils on than see them pull "
     "down league-table results", 5, "Joanne"),
    ("restraining", "On a few estates nobody in the household has worked for two or three "
     "generations", 4, "Dev"),
    ("restraining", "Connexions and Jobcentre Plus cannot easily share what they know about a "
     "young person", 5, "Mark"),
    ("restraining", "Young people have to repeat their story to every agency they meet", 4,
     "Aisha"),
    ("restraining", "Schools and GP practices are used to running themselves and resist being "
     "told how to work", 3, "Helen"),
    ("restraining", "Funding is short-term and ring-fenced, so projects stop when the grant "
     "ends", 4, "Gareth"),
    ("restraining", "Nobody owns the young person between leaving school at 16 and signing on "
     "at 18", 3, "Priya"),
    ("restraining", "Staff are stretched and worried about restructuring, so change feels "
     "risky", 2, "Tom"),
]
ORID = [
    ("objective", "We have counted about 2.3 billion pounds of public spend in Harrowdale, "
     "roughly 8,100 pounds a head", "Gareth"),
    ("objective", "Thirty-odd bodies sent figures; one voluntary group has not sent its return",
     "Priya"),
    ("objective", "Five mapping-wall sessions held and three family journeys costed", "Helen"),
    ("objective", "Around fifteen people have come to every board meeting", "Dev"),
    ("reflective", "Surprised how little of the money the council actually controls", "Dev"),
    ("reflective", "Frustrated at how long the health figures took to arrive", "Gareth"),
    ("reflective", "The family journeys made the numbers feel real", "Joanne"),
    ("reflective", "Worried the energy will fade after the election", "Mark"),
    ("interpretive", "The money follows institutions, not people or places", "Helen"),
    ("interpretive", "Most of it goes on crisis response and very little on prevention", "Aisha"),
    ("interpretive", "Trust between finance officers has grown more than we expected", "Priya"),
    ("interpretive", "Each theme needs one named owner or nothing will change", "Tom"),
    ("decisional", "Take two themes forward: young people and older people's falls", "Helen"),
    ("decisional", "Agree one information-sharing protocol across partners by April", "Mark"),
    ("decisional", "Ask Whitehall for freedom to pool the employment and skills streams",
     "Gareth"),
    ("decisional", "Publish the count on the council website in plain English", "Priya"),
]
ACTIONS = [
    ["NEET42", "Draft an information-sharing agreement so Connexions and Jobcentre Plus keep one "
     "record per young person", "Mark and Joanne", "2010-04-30"],
    ["NEET42", "Agree with secondary heads a protocol to cut fixed-term exclusions", "Helen",
     "2010-05-28"],
    ["NEET42", "Recruit and train twelve peer mentors who have been NEET themselves", "Tom",
     "2010-06-30"],
    ["ORID17", "Write to the Treasury Total Place team asking to pool employment and skills "
     "funding", "Gareth", "2010-01-29"],
    ["ORID17", "Publish a plain-English summary of the count on the council website", "Priya",
     "2010-02-26"],
]
DEFLATORS = [("2005-06", 89.6), ("2006-07", 92.3), ("2007-08", 94.9), ("2008-09", 98.3),
             ("2009-10", 100.0), ("2010-11", 102.9), ("2011-12", 105.2)]
DEFLATOR_SOURCE = ("HM Treasury GDP deflators at market prices "
                   "(illustrative values for the fictional demo)")
# fmt: on


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


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


def write_geo(out: Path, wards: list[dict], border: list[list[float]]) -> None:
    keys = ["ward_code", "ward_name", "pop_0_17", "pop_18_64", "pop_65_plus", "need_index"]
    features = [polygon(w["ring"], {k: w[k] for k in keys}) for w in wards]
    (out / "wards.geojson").write_text(feature_collection(features), encoding="utf-8")
    outline_feature = [polygon(border, {"place_name": PLACE})]
    (out / "boundary.geojson").write_text(feature_collection(outline_feature), encoding="utf-8")


def write_all(out: Path, rng: random.Random) -> None:
    wards, border = build_wards(rng)
    write_geo(out, wards, border)
    write_csv(
        out / "place.csv",
        ["place_name", "population", "is_fictional", "description"],
        [
            [
                PLACE,
                sum(ward_pop(w) for w in wards),
                "true",
                PLACE_DESCRIPTION,
            ]
        ],
    )
    write_csv(
        out / "organisations.csv",
        ["org_code", "org_name", "kind"],
        [list(o) for o in ORGANISATIONS],
    )
    lines = build_spend(rng)
    write_csv(out / "spend_lines.csv", list(lines[0]), [list(r.values()) for r in lines])
    write_csv(out / "flow_nodes.csv", ["node_code", "node_name", "tier", "org_code"], flow_nodes())
    write_csv(
        out / "flows.csv",
        [
            "year",
            "from_node_code",
            "to_node_code",
            "stream",
            "amount_gbp",
            "kind",
            "is_ring_fenced",
        ],
        build_flows(rng),
    )
    assets = build_assets(rng, wards)
    cols = [
        "asset_code",
        "org_code",
        "asset_name",
        "kind",
        "lat",
        "lon",
        "ward_code",
        "floor_area_m2",
        "running_cost_gbp",
        "utilisation_pct",
        "tenure",
    ]
    write_csv(
        out / "assets.csv",
        cols,
        [[money(a[c]) if c == "running_cost_gbp" else a[c] for c in cols] for a in assets],
    )
    write_unit_costs(out / "unit_costs.xlsx")
    write_csv(out / "case_studies.csv", ["case_code", "title", "summary"], [list(c) for c in CASES])
    write_csv(
        out / "case_members.csv",
        ["case_code", "member_code", "role", "age", "description"],
        [list(m) for m in MEMBERS],
    )
    write_csv(
        out / "touchpoints.csv",
        [
            "case_code",
            "scenario",
            "date",
            "org_code",
            "unit_cost_code",
            "quantity",
            "staff_hours",
            "distance_km",
            "emotional_mark",
            "is_avoidable",
            "note",
        ],
        build_touchpoints(rng),
    )
    write_csv(
        out / "workshop_sessions.csv",
        ["join_code", "title", "theme", "kind", "session_date", "status"],
        SESSIONS,
    )
    write_csv(
        out / "forces.csv",
        ["join_code", "side", "text", "strength", "author"],
        [["NEET42", *f] for f in FORCES],
    )
    write_csv(
        out / "orid_answers.csv",
        ["join_code", "stage", "text", "author"],
        [["ORID17", *a] for a in ORID],
    )
    write_csv(out / "actions.csv", ["join_code", "what", "who", "by_when"], ACTIONS)
    write_csv(
        out / "deflators.csv",
        ["year", "index", "base_year", "source"],
        [[y, f"{i:.1f}", "2009-10", DEFLATOR_SOURCE] for y, i in DEFLATORS],
    )


# --------------------------------------------------------------------------------------------
# Self-check: read the files back and test every promise
# --------------------------------------------------------------------------------------------


class CheckFailed(AssertionError):
    pass


def need(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def check_geography(out: Path, report: dict) -> dict:
    place = read_csv(out / "place.csv")[0]
    wards = json.loads((out / "wards.geojson").read_text(encoding="utf-8"))["features"]
    border = json.loads((out / "boundary.geojson").read_text(encoding="utf-8"))["features"]
    pop = int(place["population"])
    need(250_000 <= pop <= 320_000 and place["is_fictional"] == "true", "place row")
    need("fictional" in place["description"], "place description must say fictional")
    props = [w["properties"] for w in wards]
    need(
        sum(p["pop_0_17"] + p["pop_18_64"] + p["pop_65_plus"] for p in props) == pop,
        "ward populations must add up to the place",
    )
    need(18 <= len(wards) <= 24, "18-24 wards")
    needs = [p["need_index"] for p in props]
    need(
        min(needs) >= 60 and max(needs) <= 160 and abs(sum(needs) / len(needs) - 100) < 5,
        "need index range and mean",
    )
    need(0.21 <= sum(p["pop_0_17"] for p in props) / pop <= 0.23, "children about 22%")
    need(0.15 <= sum(p["pop_65_plus"] for p in props) / pop <= 0.17, "65+ about 16%")
    need(len(border) == 1 and border[0]["properties"]["place_name"] == PLACE, "one boundary")
    outer = border[0]["geometry"]["coordinates"][0]
    rings = {w["properties"]["ward_code"]: w["geometry"]["coordinates"][0] for w in wards}
    for ring in [outer, *rings.values()]:
        need(
            ring[0] == ring[-1] and is_simple(ring) and ring_area(ring) > 0,
            "rings closed, simple, counter-clockwise",
        )
        need(
            all(-2.30 <= x <= -2.10 and 53.40 <= y <= 53.52 for x, y in ring),
            "coordinates inside the box",
        )
    need(
        abs(sum(map(ring_area, rings.values())) - ring_area(outer)) < 1e-9,
        "wards tile the outline without gaps or overlaps",
    )
    report.update(population=pop, wards=len(wards))
    return {"pop": pop, "rings": rings}


def check_orgs(out: Path, report: dict) -> dict[str, str]:
    orgs = {r["org_code"]: r["kind"] for r in read_csv(out / "organisations.csv")}
    need(25 <= len(orgs) <= 40, "25-40 organisations")
    need(set(orgs.values()) == set(ORG_KINDS), "every organisation kind covered")
    need(all(re.fullmatch(r"[A-Z]{2,6}", c) for c in orgs), "short uppercase org codes")
    report.update(organisations=len(orgs), kinds=len(set(orgs.values())))
    return orgs


def year_count(lines: list[dict], pop: int) -> dict:
    reporters = {r["org_code"] for r in lines}
    gross = sum(Decimal(r["amount_gbp"]) for r in lines)
    matched = [r for r in lines if r["transfer_to_org_code"] in reporters]
    unmatched = [
        r for r in lines if r["transfer_to_org_code"] and r["transfer_to_org_code"] not in reporters
    ]
    kept = [r for r in lines if r not in matched]
    net = gross - sum(Decimal(r["amount_gbp"]) for r in matched)
    by_div: dict[str, Decimal] = defaultdict(Decimal)
    by_basis: dict[str, Decimal] = defaultdict(Decimal)
    for r in kept:
        by_div[division_of(r["cofog_code"])] += Decimal(r["amount_gbp"])
        by_basis[r["basis"]] += Decimal(r["amount_gbp"])
    return {
        "gross": gross,
        "net": net,
        "gross_head": gross / pop,
        "net_head": net / pop,
        "by_div": by_div,
        "by_basis": by_basis,
        "matched": matched,
        "unmatched": unmatched,
        "lines": len(lines),
    }


def longest_chain(matched: list[dict]) -> list[str]:
    """The longest run of hand-overs where each body passes on money it was given."""
    onward = defaultdict(list)  # (payer's payer, payer) -> receivers
    for r in matched:
        onward[(r["funded_by_org_code"], r["org_code"])].append(r["transfer_to_org_code"])

    def walk(payer: str, org: str) -> list[str]:
        return [
            org,
            *max((walk(org, n) for n in sorted(onward[(payer, org)])), key=len, default=[]),
        ]

    return max((walk(r["funded_by_org_code"], r["org_code"]) for r in matched), key=len)


def check_line_fields(lines: list[dict], orgs: dict[str, str]) -> None:
    for r in lines:
        need(r["org_code"] in orgs and r["cofog_code"] in COFOG_GROUPS, f"codes in {r}")
        need(
            r["basis"] in BASES and r["source"] and r["driver"] in DRIVERS and r["theme"],
            f"basis, source, driver, theme in {r}",
        )
        need(
            r["funded_by_org_code"] in ("", *orgs) and r["transfer_to_org_code"] in ("", *orgs),
            f"funded_by / transfer_to codes in {r}",
        )
        need(re.fullmatch(r"\d+\.\d\d", r["amount_gbp"]) is not None, "amounts in pounds.pence")
        need(
            r["driver"] != "ward_actual" or orgs[r["org_code"]] == "council",
            "ward_actual only on council lines",
        )


def check_transfers(lines: list[dict], c: dict) -> None:
    for t in c["matched"]:
        payer, payee = t["org_code"], t["transfer_to_org_code"]
        paid = sum(
            Decimal(r["amount_gbp"])
            for r in lines
            if r["org_code"] == payer and r["transfer_to_org_code"] == payee
        )
        spent = sum(
            Decimal(r["amount_gbp"])
            for r in lines
            if r["org_code"] == payee and r["funded_by_org_code"] == payer
        )
        need(paid == spent, f"{payer}->{payee}: receiver's funded lines must match the transfer")


def check_spend(out: Path, orgs: dict[str, str], pop: int, report: dict) -> None:
    lines = read_csv(out / "spend_lines.csv")
    check_line_fields(lines, orgs)
    counts = {y: year_count([r for r in lines if r["year"] == y], pop) for y in YEARS}
    for year, c in counts.items():
        need(150 <= c["lines"] <= 300, f"{year}: 150-300 lines")
        need(set(c["by_div"]) == set(COFOG_DIVISIONS), f"{year}: all ten COFOG divisions")
        need(c["gross_head"] <= 9400, f"{year}: gross per head {c['gross_head']:.0f} > 9,400")
        big3 = (c["by_div"]["07"] + c["by_div"]["09"] + c["by_div"]["10"]) / c["net"]
        need(big3 > Decimal("0.70"), f"{year}: health+education+social protection {big3:.3f}")
        need(max(c["by_div"], key=c["by_div"].get) == "10", f"{year}: social protection first")
        need(len(longest_chain(c["matched"])) >= 4, f"{year}: a chain of three hand-overs")
        check_transfers([r for r in lines if r["year"] == year], c)
        report[year] = c | {"big3": big3, "chain": longest_chain(c["matched"])}
    now, before = counts["2009-10"], counts["2008-09"]
    need(7800 <= now["net_head"] <= 8600, f"2009-10 net per head {now['net_head']:.0f}")
    need(
        Decimal("0.95") <= before["net"] / now["net"] <= Decimal("0.98"),
        "2008-09 net 2-5% lower than 2009-10",
    )
    need(
        len(now["unmatched"]) == 1 and not before["unmatched"],
        "exactly one unmatched transfer, in 2009-10",
    )


def flow_graph_ok(flows: list[dict], tiers: dict[str, str]) -> int:
    """Raise on a cycle; return the most intermediaries met on any path."""
    edges = defaultdict(set)
    for f in flows:
        edges[f["from_node_code"]].add(f["to_node_code"])
    depth: dict[str, int] = {}

    def visit(node: str, trail: tuple) -> int:
        need(node not in trail, f"cycle through {node}")
        if node not in depth:
            below = max((visit(n, (*trail, node)) for n in edges[node]), default=0)
            depth[node] = below + (tiers[node] == "intermediary")
        return depth[node]

    return max(visit(n, ()) for n in list(edges))


def check_flows(out: Path, orgs: dict[str, str], report: dict) -> None:
    nodes = read_csv(out / "flow_nodes.csv")
    tiers = {n["node_code"]: n["tier"] for n in nodes}
    need(all(n["tier"] in NODE_TIERS and n["org_code"] in ("", *orgs) for n in nodes), "nodes")
    flows = read_csv(out / "flows.csv")
    need(
        all(f["kind"] in FLOW_KINDS and f["is_ring_fenced"] in ("true", "false") for f in flows),
        "flow kinds and ring-fence flags",
    )
    need(
        all(f["from_node_code"] in tiers and f["to_node_code"] in tiers for f in flows),
        "flows join known nodes",
    )
    for year in YEARS:
        rows = [f for f in flows if f["year"] == year]
        need(60 <= len(rows) <= 150, f"{year}: 60-150 flows")
        handovers = flow_graph_ok(rows, tiers)
        need(handovers >= 3, f"{year}: a stream through three or more hand-overs")
        need(
            any(
                tiers[f["from_node_code"]] == "source"
                and tiers[f["to_node_code"]] == "citizen"
                and f["kind"] == "benefit"
                for f in rows
            ),
            f"{year}: benefits straight through",
        )
        report[f"flows {year}"] = (len(rows), handovers)


def check_assets(out: Path, rings: dict, report: dict) -> None:
    assets = read_csv(out / "assets.csv")
    need(150 <= len(assets) <= 300 and len({a["org_code"] for a in assets}) >= 6, "assets")
    need(sum(a["org_code"] == "HMBC" for a in assets) / len(assets) > 0.45, "council ~50%")
    for a in assets:
        x, y = float(a["lon"]), float(a["lat"])
        inside = [code for code, ring in rings.items() if point_in_ring(x, y, ring)]
        need(
            inside == [a["ward_code"]] and edge_distance(x, y, rings[inside[0]]) > 10,
            f"{a['asset_code']} strictly inside its ward",
        )
        need(
            100 <= int(a["floor_area_m2"]) <= 12_000 and 20 <= int(a["utilisation_pct"]) <= 98,
            "floor area and utilisation",
        )
        need(59 <= float(a["running_cost_gbp"]) / int(a["floor_area_m2"]) <= 181, "cost per m2")
        need(a["tenure"] in ("freehold", "leasehold", "PFI"), "tenure")
    report["assets"] = len(assets)
    report["clusters"] = count_clusters(assets)
    need(report["clusters"] == len(CLUSTERS), "deliberate co-location clusters")


def count_clusters(assets: list[dict]) -> int:
    """Groups of under-used buildings of different bodies within 150 m of each other."""
    low = [a for a in assets if int(a["utilisation_pct"]) < 60]
    parent = {a["asset_code"]: a["asset_code"] for a in low}

    def root(code: str) -> str:
        while parent[code] != code:
            code = parent[code]
        return code

    paired: set[str] = set()
    for a, b in itertools.combinations(low, 2):
        apart = metres(float(a["lon"]), float(a["lat"]), float(b["lon"]), float(b["lat"]))
        if a["org_code"] != b["org_code"] and apart <= 150:
            parent[root(a["asset_code"])] = root(b["asset_code"])
            paired |= {a["asset_code"], b["asset_code"]}
    return len({root(code) for code in paired})


def check_journeys(out: Path, orgs: dict[str, str], report: dict) -> None:
    ws = load_workbook(out / "unit_costs.xlsx")["Unit costs"]
    rows = list(ws.iter_rows(values_only=True))
    need(
        list(rows[0])
        == ["code", "service", "agency_kind", "unit", "cost_gbp", "price_year", "source"]
        and ws["A1"].font.bold,
        "unit cost header",
    )
    costs = {r[0]: Decimal(str(r[4])) for r in rows[1:]}
    need(40 <= len(costs) <= 60 and all(r[2] in ORG_KINDS for r in rows[1:]), "unit costs")
    for needed in (
        "A&E attendance",
        "Ambulance call-out",
        "Police call-out",
        "Night in police custody",
        "Court hearing",
        "Social worker hour",
        "GP appointment",
        "Children's centre session",
        "School exclusion (fixed term)",
        "Housing officer visit",
    ):
        need(any(str(r[1]).startswith(needed) for r in rows[1:]), f"unit cost {needed}")
    totals: dict[tuple, Decimal] = defaultdict(Decimal)
    stops: dict[tuple, int] = defaultdict(int)
    for t in read_csv(out / "touchpoints.csv"):
        need(t["unit_cost_code"] in costs and t["org_code"] in orgs, "touchpoint codes")
        need(
            -2 <= int(t["emotional_mark"]) <= 2 and t["is_avoidable"] in ("true", "false"),
            "touchpoint marks",
        )
        need("2009-04-01" <= date.fromisoformat(t["date"]).isoformat() <= "2010-03-31", "dates")
        totals[(t["case_code"], t["scenario"])] += costs[t["unit_cost_code"]] * int(t["quantity"])
        stops[(t["case_code"], t["scenario"])] += 1
    need(
        30 <= stops[("ASH", "current")] <= 50 and 10 <= stops[("ASH", "redesigned")] <= 20,
        "Ashworth stops",
    )
    need(50_000 <= totals[("ASH", "current")] <= 60_000, "Ashworth current total 50-60k")
    need(totals[("ASH", "redesigned")] < totals[("ASH", "current")] / 2, "redesign much cheaper")
    need(18_500 <= totals[("BRE", "current")] <= 19_500, "Brenda's year about 19,000")
    for case in ("BRE", "JAY"):
        need(10 <= stops[(case, "current")] + stops[(case, "redesigned")] <= 30, f"{case} stops")
    members = read_csv(out / "case_members.csv")
    need(all(2 <= sum(m["case_code"] == c for m in members) <= 5 for c, *_ in CASES), "members")
    report["unit costs"], report["journeys"] = len(costs), dict(totals)


def check_workshops(out: Path) -> None:
    forces = read_csv(out / "forces.csv")
    for side in ("driving", "restraining"):
        need(6 <= sum(f["side"] == side for f in forces) <= 10, f"6-10 {side} forces")
    need(all(1 <= int(f["strength"]) <= 5 for f in forces), "strengths 1-5")
    answers = read_csv(out / "orid_answers.csv")
    for stage in ("objective", "reflective", "interpretive", "decisional"):
        need(3 <= sum(a["stage"] == stage for a in answers) <= 6, f"ORID {stage}")
    need(3 <= len(read_csv(out / "actions.csv")) <= 5, "3-5 actions")
    deflators = {d["year"]: float(d["index"]) for d in read_csv(out / "deflators.csv")}
    need(deflators["2009-10"] == 100.0 and len(deflators) == 7, "deflators")


def self_check(out: Path) -> dict:
    report: dict = {}
    geo = check_geography(out, report)
    orgs = check_orgs(out, report)
    check_spend(out, orgs, geo["pop"], report)
    check_flows(out, orgs, report)
    check_assets(out, geo["rings"], report)
    check_journeys(out, orgs, report)
    check_workshops(out)
    return report


def print_report(report: dict) -> None:
    print(
        f"population {report['population']:,} in {report['wards']} wards; "
        f"{report['organisations']} organisations of {report['kinds']} kinds"
    )
    for year in YEARS:
        c = report[year]
        basis = {b: f"{v / c['net']:.1%}" for b, v in sorted(c["by_basis"].items())}
        print(
            f"{year}: {c['lines']} lines, net £{c['net']:,.2f} (£{c['net_head']:,.0f} a head), "
            f"gross £{c['gross_head']:,.0f} a head, health+education+social protection "
            f"{c['big3']:.1%}, bases {basis}, unmatched {len(c['unmatched'])}, "
            f"longest chain {' -> '.join(c['chain'])}"
        )
        print(
            f"  flows {report[f'flows {year}'][0]}, most hand-overs on a path "
            f"{report[f'flows {year}'][1]}"
        )
    print(
        f"assets {report['assets']} ({report['clusters']} co-location clusters), "
        f"unit costs {report['unit costs']}"
    )
    for (case, scenario), total in sorted(report["journeys"].items()):
        print(f"  {case} {scenario}: £{total:,.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "demo")
    parser.add_argument("--check-only", action="store_true", help="only check existing files")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.check_only:
        write_all(args.out, random.Random(SEED))
    print_report(self_check(args.out))


if __name__ == "__main__":
    main()
