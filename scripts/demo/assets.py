"""Public buildings: assets.csv.

fixed/asset_plan.csv says how many buildings of each kind each body has. A few groups of
under-used buildings of different bodies stand side by side (fixed/asset_clusters.csv): they
are the co-location chances the asset map is meant to reveal. Every other building is busier
and stands apart from the rest.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from . import fixed
from .amounts import money
from .csv_files import write_csv
from .geometry import (
    METRES_PER_DEGREE_LAT,
    METRES_PER_DEGREE_LON_AT_EQUATOR,
    metres,
    random_point,
)
from .place_and_wards import ward_pop


def _clusters() -> list[list[tuple[str, str]]]:
    clusters: dict[str, list[tuple[str, str]]] = {}
    for row in fixed.table("asset_clusters.csv"):
        clusters.setdefault(row["cluster"], []).append((row["org_code"], row["kind"]))
    return list(clusters.values())


ASSET_PLAN = [(a["org_code"], a["kind"], int(a["count"])) for a in fixed.table("asset_plan.csv")]
CLUSTERS = _clusters()

_KINDS = fixed.table("asset_kinds.csv")
# Floor area range (m2) by kind; "secondary" is the size band of a secondary school.
FLOOR = {k["kind"]: (int(k["floor_min_m2"]), int(k["floor_max_m2"])) for k in _KINDS}
# Chances of freehold, leasehold and PFI by kind (none for the "secondary" size band).
TENURE = {
    k["kind"]: (float(k["freehold"]), float(k["leasehold"]), float(k["pfi"]))
    for k in _KINDS
    if k["freehold"]
}

_NAMES = fixed.document("asset_names.json")
# Name templates by (org, kind); {ward}, {street} and {saint} are filled in at random.
NAMES = {
    (org, kind): templates
    for org, by_kind in _NAMES["templates"].items()
    for kind, templates in by_kind.items()
}
STREETS, SAINTS = _NAMES["streets"], _NAMES["saints"]


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
            if org == "TPC":  # the parish council's hall is in its own parish
                seq = [self.by_name["Thornley"]]
            elif (org, kind) in (("HMBC", "office"), ("HMBC", "library")):
                # The town hall and the central library stand in the town centre.
                seq.insert(0, self.by_name["Harrowdale Central"])
            self.sequence[(org, kind)] = seq
        return seq.pop(0)

    def name(self, org: str, kind: str, ward: dict) -> str:
        """A unique name; the borough's landmarks ("Harrowdale ...") only in the centre."""
        # The council's last seven schools are its secondary schools, named and sized as such.
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
        freehold, leasehold, pfi = TENURE[kind]
        if org == "JCP":  # the DWP estate was sold and leased back (PRIME, 1998): all leased
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
        """Each cluster in its own ward, its buildings 35-70 m from a common centre."""
        wards = self.rng.sample(self.wards, len(CLUSTERS))
        for members, ward in zip(CLUSTERS, wards, strict=True):
            cx, cy = random_point(ward["ring"], self.rng, margin=250)
            turn = self.rng.uniform(0, 2 * math.pi)
            for k, (org, kind) in enumerate(members):
                angle, radius = turn + 2 * math.pi * k / len(members), self.rng.uniform(35, 70)
                lon_scale = METRES_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(cy))
                lon = cx + radius * math.cos(angle) / lon_scale
                lat = cy + radius * math.sin(angle) / METRES_PER_DEGREE_LAT
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


def build_assets(rng: random.Random, wards: list[dict]) -> list[dict]:
    builder = AssetBuilder(rng, wards)
    builder.place_clusters()
    builder.place_rest()
    for k, row in enumerate(builder.rows, start=1):
        row["asset_code"] = f"AS{k:03d}"
    return builder.rows


ASSET_COLUMNS = [
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


def write_assets(out: Path, rng: random.Random, wards: list[dict]) -> None:
    assets = build_assets(rng, wards)
    write_csv(
        out / "assets.csv",
        ASSET_COLUMNS,
        [[money(a[c]) if c == "running_cost_gbp" else a[c] for c in ASSET_COLUMNS] for a in assets],
    )
