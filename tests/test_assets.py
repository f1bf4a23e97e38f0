"""The co-location finder on hand-placed buildings whose groups are known, and the estate's
figures on the demo, against sums worked out another way."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from totalplace_core.assets import service as assets
from totalplace_core.assets.domain import ColocationRule
from totalplace_core.store import Store

PLACE, LAT, LON = "Pointville", 53.48, -2.24
M_LAT = 1 / 111_195  # degrees of latitude in a metre, on the store's sphere
M_LON = 1 / (111_195 * math.cos(math.radians(LAT)))


def metres(east: float, north: float) -> tuple[float, float]:
    """(lat, lon) `east` and `north` metres from the place's centre."""
    return LAT + north * M_LAT, LON + east * M_LON


def place(store: Store, buildings: list[tuple]) -> None:
    """`buildings`: (code, body, east m, north m, running cost £, utilisation %, floor m²)."""
    pid = "place-pointville"
    orgs = pd.DataFrame([{"org_id": f"O{b}", "place_id": pid, "org_code": b,
                          "org_name": f"Body {b}", "kind": "council"}
                         for b in sorted({row[1] for row in buildings})])
    rows = []
    for code, body, east, north, pounds, use, area in buildings:
        lat, lon = metres(east, north)
        rows.append({"asset_id": f"A-{code}", "place_id": pid, "asset_code": code,
                     "org_code": body, "asset_name": f"Building {code}", "kind": "office",
                     "lat": lat, "lon": lon, "floor_area_m2": area,
                     "running_cost_pence": int(Decimal(str(pounds)) * 100),
                     "utilisation_pct": use, "tenure": "freehold"})
    store.replace_place(PLACE, {
        "place": pd.DataFrame([{"place_id": pid, "place_name": PLACE, "population": 1000,
                                "is_fictional": True}]),
        "organisation": orgs, "asset": pd.DataFrame(rows)})


def groups(store: Store, **rule: float) -> pd.DataFrame:
    return assets.colocation(store, PLACE, ColocationRule(**rule)).groups


def test_two_bodies_300_m_apart_and_under_used_are_one_group(empty_store: Store) -> None:
    place(empty_store, [("A", "CNCL", 0, 0, 123_456.78, 40, 1000),
                        ("B", "NHS", 300, 0, 76_543.21, 50, 600)])
    found = assets.colocation(empty_store, PLACE)
    assert len(found.groups) == 1
    group = found.groups.iloc[0]
    assert group["buildings"] == 2 and group["bodies"] == 2
    assert group["combined_pence"] == 12_345_678 + 7_654_321
    # 10% of £199,999.99, to the penny, rounded half up
    assert group["saving_estimate_pence"] == int(
        (Decimal(19_999_999) / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert group["spare_floor_m2"] == 600 + 300  # 60% of 1,000 m² and 50% of 600 m²
    assert sorted(found.members["asset_code"]) == ["A", "B"]


def test_same_body_is_no_group(empty_store: Store) -> None:
    place(empty_store, [("A", "CNCL", 0, 0, 100_000, 40, 1000),
                        ("B", "CNCL", 300, 0, 100_000, 40, 1000)])
    assert groups(empty_store).empty


def test_500_m_apart_is_no_group_at_400_m_but_is_at_600_m(empty_store: Store) -> None:
    place(empty_store, [("A", "CNCL", 0, 0, 100_000, 40, 1000),
                        ("B", "NHS", 0, 500, 100_000, 40, 1000)])
    assert groups(empty_store, radius_m=400).empty
    assert len(groups(empty_store, radius_m=600)) == 1


def test_a_building_used_above_the_threshold_is_left_out(empty_store: Store) -> None:
    place(empty_store, [("A", "CNCL", 0, 0, 100_000, 40, 1000),
                        ("B", "NHS", 100, 0, 100_000, 70, 1000)])
    assert groups(empty_store, max_use_pct=60).empty
    assert len(groups(empty_store, max_use_pct=80)) == 1


def test_groups_are_ranked_by_combined_cost_and_never_share_a_building(
        empty_store: Store) -> None:
    # A small cluster in the west, a costly one 5 km east, a lone building between them,
    # and a chain of three where the middle one could join either end.
    place(empty_store, [
        ("W1", "CNCL", 0, 0, 50_000, 30, 500), ("W2", "NHS", 150, 0, 60_000, 30, 500),
        ("E1", "CNCL", 5000, 0, 400_000, 30, 900), ("E2", "POL", 5100, 100, 300_000, 20, 800),
        ("E3", "NHS", 5000, 200, 200_000, 10, 700),
        ("L", "FIRE", 2500, 0, 900_000, 10, 2000),
        ("C1", "CNCL", 0, 3000, 10_000, 30, 100), ("C2", "NHS", 350, 3000, 20_000, 30, 100),
        ("C3", "POL", 700, 3000, 30_000, 30, 100)])
    found = assets.colocation(empty_store, PLACE)
    by_rank = found.members.groupby("rank")["asset_code"].apply(sorted).to_dict()
    assert by_rank[1] == ["E1", "E2", "E3"]
    assert by_rank[2] == ["W1", "W2"]
    assert by_rank[3] in (["C1", "C2"], ["C2", "C3"], ["C1", "C2", "C3"])
    assert found.members["asset_code"].is_unique
    assert "L" not in set(found.members["asset_code"])  # alone: no one to share with
    assert list(found.groups["combined_pence"]) == sorted(found.groups["combined_pence"],
                                                           reverse=True)
    assert found.saving_for_top(2) == 90_000_00 + 11_000_00


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(east=st.floats(-20_000, 20_000), north=st.floats(-20_000, 20_000),
       distance=st.floats(5, 1_500), bearing=st.floats(0, 2 * math.pi),
       radius=st.sampled_from([100, 250, 400, 800]))
def test_the_grid_finds_a_pair_exactly_when_it_is_within_walking_distance(
        empty_store: Store, east: float, north: float, distance: float, bearing: float,
        radius: int) -> None:
    """Wherever the pair falls on the grid's cells, the answer is the great-circle one."""
    other = (east + distance * math.sin(bearing), north + distance * math.cos(bearing))
    place(empty_store, [("A", "CNCL", east, north, 100_000, 30, 500),
                        ("B", "NHS", *other, 100_000, 30, 500)])
    (lat1, lon1), (lat2, lon2) = metres(east, north), metres(*other)
    true = 2 * 6_371_008.8 * math.asin(math.sqrt(
        math.sin(math.radians(lat2 - lat1) / 2) ** 2 + math.cos(math.radians(lat1))
        * math.cos(math.radians(lat2)) * math.sin(math.radians(lon2 - lon1) / 2) ** 2))
    if abs(true - radius) < 0.01:
        return  # on the line itself floating point may go either way
    assert len(groups(empty_store, radius_m=radius)) == (1 if true <= radius else 0)


@pytest.mark.parametrize("rule, message", [
    ({"radius_m": 10}, "between 50 and 5,000 m"), ({"max_use_pct": 0}, "above 0%"),
    ({"rate_pct": 120}, "between 0% and 100%"), ({"radius_m": float("nan")}, "a number")])
def test_a_rule_out_of_range_is_refused_plainly(rule: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ColocationRule(**rule)


def test_the_demo_estate_adds_up_to_its_file(demo_store: Store) -> None:
    source = pd.read_csv(Path(__file__).resolve().parents[1] / "data/demo/assets.csv")
    pence = (source["running_cost_gbp"] * 100).round().astype("int64")
    estate = assets.totals(demo_store, "Harrowdale").iloc[0]
    assert estate["buildings"] == len(source) == 184
    assert estate["running_cost_pence"] == pence.sum()
    under = pence[source["utilisation_pct"] < 60].sum()
    assert estate["under_used_pence"] == under
    assert estate["under_used_share_pct"] == round(100 * under / pence.sum(), 1)
    by_body = assets.totals(demo_store, "Harrowdale", by="body").set_index("code")
    assert by_body["running_cost_pence"].to_dict() == pence.groupby(source["org_code"]).sum() \
        .to_dict()
    by_kind = assets.totals(demo_store, "Harrowdale", by="kind")
    assert by_kind["buildings"].sum() == 184


def test_filters_narrow_the_buildings_and_the_candidates(demo_store: Store) -> None:
    everything = assets.colocation(demo_store, "Harrowdale")
    police = assets.AssetFilter(bodies=("HPA", "HMBC"))
    narrowed = assets.colocation(demo_store, "Harrowdale", shown=police)
    assert 0 < len(narrowed.groups) < len(everything.groups)
    assert set(narrowed.members["org_name"]) <= {
        "Harrowdale Police Authority", "Harrowdale Metropolitan Borough Council"}
    westwood = assets.assets(demo_store, "Harrowdale", assets.AssetFilter(wards=("HD04",)))
    assert len(westwood) == 8 and set(westwood["ward_name"]) == {"Westwood"}
    half = assets.assets(demo_store, "Harrowdale", assets.AssetFilter(use_range=(0, 50)))
    assert len(half) and half["utilisation_pct"].max() <= 50


def test_a_typed_name_stays_text_in_the_map_tooltip(empty_store: Store) -> None:
    """Given as typed: Streamlit escapes each {field} of a pydeck tooltip (escaping it here as
    well would show '&amp;'); tests/browser/test_hostile_text.py hovers a map to see it."""
    import json

    from totalplace_core.assets.charts import asset_map
    place(empty_store, [("A", "CNCL", 0, 0, 100_000, 40, 1000)])
    frame = assets.assets(empty_store, PLACE).assign(asset_name="<img src=x onerror=alert(1)>")
    spec = asset_map(frame, pd.DataFrame(columns=["ward_code", "ward_name",
                                                  "geometry_geojson"]),
                     pd.DataFrame(columns=["centre_lon", "centre_lat", "reach_m", "rank"]),
                     {}).to_json()
    buildings = next(layer for layer in json.loads(spec)["layers"] if layer["id"] == "assets")
    assert buildings["data"][0]["name"] == "<img src=x onerror=alert(1)>"


def test_a_write_to_the_estate_is_seen_at_once(empty_store: Store) -> None:
    """Answers are cached by data version: a write moves it, so nothing stale is shown."""
    place(empty_store, [("A", "CNCL", 0, 0, 100_000, 40, 1000),
                        ("B", "NHS", 200, 0, 100_000, 40, 1000)])
    assert assets.totals(empty_store, PLACE).iloc[0]["running_cost_pence"] == 20_000_000
    assert len(assets.colocation(empty_store, PLACE).groups) == 1
    place(empty_store, [("A", "CNCL", 0, 0, 100_000, 40, 1000),
                        ("B", "NHS", 200, 0, 150_000, 90, 1000)])
    assert assets.totals(empty_store, PLACE).iloc[0]["running_cost_pence"] == 25_000_000
    assert assets.colocation(empty_store, PLACE).groups.empty
