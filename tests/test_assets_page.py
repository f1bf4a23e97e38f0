"""The Asset map page in AppTest and `totalplace assets` / `colocate`: what the room sees is
what the service and the CLI say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.app_runner import open_app
from totalplace_core.assets import service as assets
from totalplace_core.cli import main
from totalplace_core.money import format_gbp, format_gbp_full
from totalplace_core.store import Store

PAGE = "pages/asset_map.py"


@pytest.fixture
def db(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TOTALPLACE_DB", str(demo_copy))
    return demo_copy


def layers(at) -> dict[str, dict]:
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert spec.get("mapProvider") is None  # no basemap: the browser test sees no request
    return {layer["id"]: layer for layer in spec["layers"]}


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_map_the_figures_and_the_ranked_candidates(db: Path) -> None:
    with Store(db) as store:
        estate = assets.totals(store, "Harrowdale").iloc[0]
        found = assets.colocation(store, "Harrowdale")
    at = open_app(PAGE)
    assert at.title[0].value == "Asset map"
    shown = metrics(at)
    assert shown["Estate running cost a year"] == format_gbp(int(estate["running_cost_pence"]))
    assert shown["Co-location candidates"] == str(len(found.groups)) == "12"
    assert shown["Saving estimate, top 10"] == format_gbp(found.saving_for_top(10))
    drawn = layers(at)
    assert len(drawn["assets"]["data"]) == 184
    assert len(drawn["colocation-rings"]["data"]) == 12
    assert len(drawn["ward-outlines"]["data"]["features"]) == 21
    ranked = at.dataframe[0].value
    assert list(ranked["Rank"]) == list(range(1, 13))
    assert ranked["Saving estimate"].iloc[0] == \
        f"£{found.groups['saving_estimate_pence'].iloc[0] / 100:,.2f}"
    assert set(ranked["Basis of the saving"]) == {"estimate"}


def test_filters_and_the_rule_change_what_is_drawn(db: Path) -> None:
    at = open_app(PAGE, state={"asset_bodies": ["HPA"], "asset_radius": 1000})
    assert len(layers(at)["assets"]["data"]) == 11  # the police's buildings only
    assert metrics(at)["Co-location candidates"] == "0"  # one body cannot share with itself
    assert "No candidates with these settings" in at.info[0].value
    wide = open_app(PAGE, state={"asset_radius": 1500, "asset_max_use": 80})
    assert int(metrics(wide)["Co-location candidates"]) > 12


def test_a_ward_link_opens_that_wards_buildings(db: Path) -> None:
    at = open_app(PAGE, ward="HD04", state={"asset_tab": "Buildings"})
    assert len(layers(at)["assets"]["data"]) == 8
    table = at.dataframe[0].value
    assert len(table) == 8 and set(table["Ward"]) == {"Westwood"}
    assert table["Body's spend"].iloc[0].startswith("/count?body=")


def test_an_assets_body_opens_its_lines_in_the_count(db: Path) -> None:
    at = open_app("pages/high_level_count.py", body="JCP")
    lines = at.dataframe[0].value
    assert set(lines["Body"]) == {"Jobcentre Plus Harrowdale District"}
    assert at.session_state["count_bodies"] == ["Jobcentre Plus Harrowdale District"]


def test_presenting_shows_the_map_large_and_the_top_five(db: Path) -> None:
    with Store(db) as store:
        top = assets.colocation(store, "Harrowdale").groups.head(6)
    at = open_app(PAGE, present=True)
    assert not at.sidebar.multiselect  # no filters on the projector
    assert "Top candidates" in at.subheader[0].value
    table = next(h.proto.body for h in at.get("html") if "tp-table" in h.proto.body)
    assert table.count("<tr>") == 1 + 5  # a header and the top five
    for ward in top["ward_name"].head(5):
        assert ward in table
    assert format_gbp_full(int(top["saving_estimate_pence"].iloc[0])) in table
    assert json.loads(at.get("deck_gl_json_chart")[0].proto.json)["initialViewState"][
        "zoom"] > json.loads(open_app(PAGE).get("deck_gl_json_chart")[0].proto.json)[
        "initialViewState"]["zoom"]  # framed larger when projected


def test_the_cli_says_what_the_page_says(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db), "colocate", "--place", "Harrowdale", "--radius-m", "400",
                 "--max-use-pct", "60", "--rate", "0.10", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    with Store(db) as store:
        found = assets.colocation(store, "Harrowdale")
    assert len(out["groups"]) == len(found.groups) == 12
    first = out["groups"][0]
    assert first["combined_running_cost_gbp"] == found.groups["combined_pence"].iloc[0] / 100
    for group in out["groups"]:
        assert round(group["combined_running_cost_gbp"] * 0.10, 2) == pytest.approx(
            group["saving_estimate_gbp"], abs=0.01)
        assert len({m["body"] for m in group["members"]}) >= 2
    assert out["saving_basis"] == "estimate" and "10%" in out["saving_source"]
    assert main(["--db", str(db), "assets", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert len(listing["assets"]) == 184
    assert main(["--db", str(db), "colocate", "--radius-m", "5"]) == 2
    assert "between 50 and 5,000 m" in capsys.readouterr().err
