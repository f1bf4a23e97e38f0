"""The demo place is whole and in the proportions the pilots found."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pandas as pd
import pytest

from totalplace_core.classifications import COFOG_DIVISIONS, ORG_KINDS, division_of
from totalplace_core.count import service as count_service
from totalplace_core.demo import DEMO_DIR
from totalplace_core.store import Store

PLACE = "Harrowdale"


@pytest.fixture
def place_id(demo_store: Store) -> str:
    return demo_store.place(PLACE)["place_id"]


def _inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in pairwise(ring):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_place_is_fictional_and_at_realistic_scale(demo_store: Store, place_id: str) -> None:
    place = demo_store.place(PLACE)
    wards = demo_store.table("ward", place_id)
    assert bool(place["is_fictional"]) and "fictional" in place["description"].lower()
    assert 250_000 <= place["population"] <= 320_000
    assert 18 <= len(wards) <= 24
    assert wards[["pop_0_17", "pop_18_64", "pop_65_plus"]].to_numpy().sum() == place["population"]
    assert wards["need_index"].nunique() > 10
    assert all(json.loads(g)["type"] == "Polygon" for g in wards["geometry_geojson"])


def test_organisations_cover_every_kind(demo_store: Store, place_id: str) -> None:
    orgs = demo_store.table("organisation", place_id)
    assert 25 <= len(orgs) <= 40
    assert set(orgs["kind"]) == set(ORG_KINDS)


@pytest.mark.parametrize("year", ["2008-09", "2009-10"])
def test_count_in_the_pilots_proportions(demo_store: Store, year: str) -> None:
    count = count_service.place_count(demo_store, PLACE, year)
    assert 7_000_00 <= count.per_head_pence <= 9_500_00
    amounts = dict(zip(count.by_division["code"], count.by_division["amount_pence"], strict=True))
    assert all(amounts[code] > 0 for code in COFOG_DIVISIONS)
    big_three = amounts["07"] + amounts["09"] + amounts["10"]
    assert big_three / count.net_pence > 0.70
    assert count.transfers_pence > 0
    shares = count.basis_share_pct()
    assert all(shares[b] > 1 for b in ("actual", "estimate", "proxy"))


def test_every_line_has_source_basis_and_a_real_cofog_group(demo_store: Store,
                                                            place_id: str) -> None:
    lines = demo_store.spend_lines(place_id)
    assert sorted(lines["year"].unique()) == ["2008-09", "2009-10"]
    assert (lines["source"].str.strip() != "").all()
    assert set(lines["basis"]) == {"actual", "estimate", "proxy"}
    assert lines["org_name"].notna().all(), "every line's org_code is a known organisation"
    assert {division_of(c) for c in lines["cofog_code"]} == set(COFOG_DIVISIONS)


def test_one_transfer_is_unmatched(demo_store: Store) -> None:
    assert count_service.place_count(demo_store, PLACE, "2009-10").unmatched_pence > 0


def test_flows_reach_citizens_through_several_hand_overs(demo_store: Store,
                                                         place_id: str) -> None:
    nodes = demo_store.table("flow_node", place_id).set_index("node_code")["tier"]
    flows = demo_store.table("flow", place_id)
    flows = flows[flows["year"] == "2009-10"]
    assert set(nodes) == {"source", "intermediary", "service", "citizen"}
    direct = flows[(flows["from_node_code"].map(nodes) == "source")
                   & (flows["to_node_code"].map(nodes) == "citizen")]
    assert len(direct) >= 2 and set(direct["kind"]) == {"benefit"}
    edges = flows.groupby("from_node_code")["to_node_code"].apply(set).to_dict()

    def longest(node: str) -> int:
        return max((1 + longest(n) for n in edges.get(node, ())), default=0)

    assert max(longest(n) for n in nodes.index[nodes == "source"]) >= 4


def test_assets_sit_inside_their_wards(demo_store: Store, place_id: str) -> None:
    assets = demo_store.table("asset", place_id)
    wards = demo_store.table("ward", place_id).set_index("ward_code")["geometry_geojson"]
    assert 150 <= len(assets) <= 300
    assert assets["org_code"].nunique() >= 6
    for a in assets.itertuples():
        ring = json.loads(wards[a.ward_code])["coordinates"][0]
        assert _inside(a.lon, a.lat, ring), a.asset_code


def test_unit_costs_and_the_costed_family(demo_store: Store, place_id: str) -> None:
    costs = demo_store.table("unit_cost", place_id)
    assert len(costs) >= 40
    services = " ".join(costs["service"]).lower()
    for item in ("a&e", "ambulance", "custody", "court", "social worker", "gp"):
        assert item in services
    touch = demo_store.table("touchpoint", place_id)
    priced = touch.merge(costs[["code", "cost_pence"]], left_on="unit_cost_code", right_on="code")
    assert len(priced) == len(touch), "every touchpoint has a unit cost"
    priced["cost"] = priced["cost_pence"] * priced["quantity"].astype(float)
    current = priced[priced["scenario"] == "current"].groupby("case_code")
    sizes, totals = current.size(), current["cost"].sum() / 100
    biggest = sizes.idxmax()
    assert len(sizes) == 3 and 30 <= sizes[biggest] <= 50
    assert 50_000 <= totals[biggest] <= 60_000


def test_workshops_have_forces_and_answers_at_each_stage(demo_store: Store,
                                                         place_id: str) -> None:
    sessions = demo_store.table("workshop_session", place_id)
    assert sorted(sessions["kind"]) == ["force_field", "orid"]
    forces = demo_store.table("force", place_id)
    assert set(forces["side"]) == {"driving", "restraining"}
    answers = demo_store.table("orid_answer", place_id)
    assert set(answers["stage"]) == {"objective", "reflective", "interpretive", "decisional"}
    assert isinstance(answers, pd.DataFrame) and len(answers) >= 12


def test_demo_files_are_checked_by_the_importers_own_rules(tmp_path: Path) -> None:
    """One validator: a bad cell in a demo file is refused as an upload's would be, with its
    sheet, column and row, and nothing is written."""
    import shutil

    from totalplace_core.demo import DemoDataError, build_demo

    folder = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, folder)
    flows = (folder / "flows.csv").read_text(encoding="utf-8").splitlines()
    cells = flows[3].split(",")
    cells[4] = "lots"  # amount_gbp of the third flow: spreadsheet row 4
    flows[3] = ",".join(cells)
    (folder / "flows.csv").write_text("\n".join(flows) + "\n", encoding="utf-8")
    with Store(tmp_path / "bad.duckdb") as store:
        with pytest.raises(DemoDataError, match=r"Flows, column E \(amount_gbp\), row 4"):
            build_demo(store, folder)
        assert store.places().empty
