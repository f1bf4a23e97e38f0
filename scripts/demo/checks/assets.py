"""Checks on assets.csv: every building inside its ward, sane sizes, the planned clusters."""

from __future__ import annotations

import itertools
from pathlib import Path

from ..assets import CLUSTERS
from ..csv_files import read_csv
from ..geometry import edge_distance, metres, point_in_ring
from .need import need


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
    # Exactly the planned clusters: no other under-used buildings of two bodies stand close.
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
