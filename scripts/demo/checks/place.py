"""Checks on the place, its wards and outline, and the organisations."""

from __future__ import annotations

import json
import re
from pathlib import Path

from totalplace_core.classifications import ORG_KINDS

from ..csv_files import read_csv
from ..geometry import is_simple, ring_area
from ..place_and_wards import PLACE_NAME
from .need import need


def check_geography(out: Path, report: dict) -> dict:
    """Populations add up and the wards tile the outline; returns the population and rings."""
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
    need(len(border) == 1 and border[0]["properties"]["place_name"] == PLACE_NAME, "one boundary")
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
    """Every kind of body is present; returns org_code -> kind."""
    orgs = {r["org_code"]: r["kind"] for r in read_csv(out / "organisations.csv")}
    need(25 <= len(orgs) <= 40, "25-40 organisations")
    need(set(orgs.values()) == set(ORG_KINDS), "every organisation kind covered")
    need(all(re.fullmatch(r"[A-Z]{2,6}", c) for c in orgs), "short uppercase org codes")
    report.update(organisations=len(orgs), kinds=len(set(orgs.values())))
    return orgs
