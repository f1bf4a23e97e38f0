"""The Mapping wall page from app.py, with AppTest, against the demo place's own flow table.

Expected figures are summed here straight from the stored flows, not by the wall's code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app_runner import open_app
from tests.test_app import start
from totalplace_core import wall as flows
from totalplace_core.money import format_gbp
from totalplace_core.store import Store
from totalplace_core.wall import charts as flow_charts
from totalplace_core.wall import service as wall_service

PAGE = "pages/mapping_wall.py"
YEAR = "2009-10"


@pytest.fixture
def db(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TOTALPLACE_DB", str(demo_copy))
    return demo_copy


@pytest.fixture
def raw(demo_copy: Path) -> pd.DataFrame:
    """The year's flows as stored, with each end's tier."""
    with Store(demo_copy) as store:
        place_id = store.place("Harrowdale")["place_id"]
        tiers = store.flow_nodes(place_id).set_index("node_code")["tier"]
        return store.flows(place_id, YEAR).assign(
            src_tier=lambda f: f["from_node_code"].map(tiers),
            dst_tier=lambda f: f["to_node_code"].map(tiers))


@pytest.fixture
def wall(db: Path) -> AppTest:
    return start(PAGE)


def on_tab(tab: str) -> AppTest:
    """The wall with one of its tabs open (only the open tab runs)."""
    return open_app(PAGE, state={"wall_tab": tab})


def sankey(at: AppTest) -> dict:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return next(s["data"][0] for s in specs if s["data"][0]["type"] == "sankey")


def links(at: AppTest) -> dict[tuple[str, str], float]:
    """(from, to) -> £, by the node names in the hover text."""
    trace = sankey(at)
    names = [c.split(": £")[0] for c in trace["node"]["customdata"]]
    return {(names[s], names[t]): v for s, t, v in
            zip(trace["link"]["source"], trace["link"]["target"], trace["link"]["value"],
                strict=True)}


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def delivered(raw: pd.DataFrame) -> pd.DataFrame:
    return raw[raw["dst_tier"].isin(["service", "citizen"])
               & raw["src_tier"].isin(["source", "intermediary"])]


def test_headline_figures_match_the_flow_table(wall: AppTest, raw: pd.DataFrame) -> None:
    assert wall.title[0].value == "Mapping wall"
    reach = delivered(raw)
    direct = reach.loc[reach["dst_tier"] == "citizen", "amount_pence"].sum()
    values = metrics(wall)
    assert values["Reaching services and people"] == format_gbp(reach["amount_pence"].sum())
    assert values["Straight to citizens"] == f"{100 * direct / reach['amount_pence'].sum():.0f}%"
    assert values["Admin cost of hand-overs (estimate)"].startswith("£")


def test_sankey_nodes_and_values(wall: AppTest, raw: pd.DataFrame) -> None:
    trace = sankey(wall)
    dh = raw.loc[raw["from_node_code"] == "SRC_DH", "amount_pence"].sum()
    assert f"Department of Health<br><b>{format_gbp(dh)}</b>" in trace["node"]["label"]
    dcsf_to_council = raw[(raw["from_node_code"] == "SRC_DCSF")
                          & (raw["to_node_code"] == "INT_HMBC")]
    assert len(dcsf_to_council) == 4, "four grants drawn as one link"
    drawn = links(wall)
    assert drawn["Department for Children, Schools and Families",
                 "Harrowdale Metropolitan Borough Council"] == pytest.approx(
        dcsf_to_council["amount_pence"].sum() / 100)
    citizen = flow_charts.TIER_COLOURS["citizen"]
    into_people = sum(v for t, v in zip(trace["link"]["target"], trace["link"]["value"],
                                        strict=True) if trace["node"]["color"][t] == citizen)
    expected = raw.loc[raw["dst_tier"] == "citizen", "amount_pence"].sum() / 100
    assert into_people == pytest.approx(expected)
    assert all(isinstance(v, float) for v in trace["link"]["value"])  # plain JSON, not bdata


def test_grouping_threshold_folds_small_bodies_into_other(wall: AppTest, raw: pd.DataFrame) -> None:
    grouped = sankey(wall)["node"]["customdata"]
    assert any(c.startswith("Other services (") for c in grouped)
    wall.select_slider[0].set_value(0).run()
    every = sankey(wall)["node"]["customdata"]
    codes = set(raw["from_node_code"]) | set(raw["to_node_code"])
    assert len(every) == len(codes) > len(grouped)
    assert not any(c.startswith("Other ") for c in every)


def test_focus_on_a_body_shows_only_money_through_it(wall: AppTest, raw: pd.DataFrame) -> None:
    focus = next(m for m in wall.multiselect if m.label.startswith("Focus on"))
    focus.select("INT_HCVS").run()
    out = raw[raw["from_node_code"] == "INT_HCVS"]
    assert metrics(wall)["Reaching services and people"] == format_gbp(out["amount_pence"].sum())
    drawn = links(wall)
    assert drawn["Harrowdale Council for Voluntary Service", "Employment support"] == \
        pytest.approx(out.loc[out["to_node_code"] == "SVC_EMPLOY", "amount_pence"].sum() / 100)
    assert ("Department of Health", "Harrowdale Primary Care Trust") not in drawn
    caption = " ".join(c.value for c in wall.caption)
    assert "Longest chain \\(3 hand\\-overs\\)" in caption


def test_function_filter_and_rate(wall: AppTest, demo_copy: Path) -> None:
    health = next(m for m in wall.multiselect if m.label == "COFOG division")
    health.select("07 Health").run()
    wall.slider[0].set_value(10).run()
    with Store(demo_copy) as store:
        view = wall_service.wall_view(store, "Harrowdale", YEAR,
                                 flows.Filters(functions=("07 Health",)), rate=0.1)
    values = metrics(wall)
    assert values["Reaching services and people"] == format_gbp(view.summary.delivered_pence)
    assert values["Admin cost of hand-overs (estimate)"] == format_gbp(view.loss_pence)
    assert values["Straight to citizens"] == "0%"  # health money all goes through services
    assert view.loss_pence == flows.admin_loss_pence(view.summary, 0.1) > 0


def test_presenting_shows_one_big_picture_with_the_choices_made(db: Path,
                                                                raw: pd.DataFrame) -> None:
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"),
                           default_timeout=30)
    at.query_params["present"] = "1"
    at.session_state["wall_focus"] = ["INT_HCVS"]  # chosen before presenting
    with Store(db) as store:
        wall_service.pin_note(store, "Harrowdale", YEAR, "node:INT_HCVS", "Funded after 2011?",
                              "Ann")
    at.run()  # through app.py first, as a browser arrives (tests/app_runner.py)
    at.switch_page(PAGE).run()
    assert not at.exception
    assert len(at.tabs) == 0 and len(at.multiselect) == 0 and len(at.slider) == 0
    trace = sankey(at)
    assert trace["textfont"]["size"] >= 20
    out = raw.loc[raw["from_node_code"] == "INT_HCVS", "amount_pence"].sum()
    assert metrics(at)["Reaching services and people"] == format_gbp(out)
    assert at.toggle[-1].value is True  # the way back out is still drawn under the page
    lines = [m.value for m in at.markdown if "Open question" in m.value]
    assert lines == ["Open question on Harrowdale Council for Voluntary Service\\: Funded after "
                     "2011\\?"], "open questions are listed under the wall, as plain text"


def test_a_pinned_note_is_saved_and_still_there_in_a_fresh_session(db: Path) -> None:
    wall = on_tab("Notes on the wall")
    text = "Who funds the CVS after March? *not italic*"
    next(t for t in wall.text_input if t.label.startswith("Your name")).input("Ann")
    next(t for t in wall.text_area if t.label == "Gap or question").input(text)
    next(b for b in wall.button if b.label == "Pin to the wall").click().run()
    assert [s.value for s in wall.success] == ["Note pinned and saved."]
    with Store(db) as store:  # on disk, not just on screen
        place_id = store.place("Harrowdale")["place_id"]
        assert store.wall_notes(place_id, YEAR)["text"].tolist() == [text]
    fresh = on_tab("Notes on the wall")
    notes = next(d.value for d in fresh.dataframe if "Pinned to" in d.value.columns)
    assert notes[["Status", "Pinned to", "Note", "By"]].values.tolist() == [
        ["open", "All residents", text, "Ann"]]
    labels = sankey(fresh)["node"]["label"]
    assert any(label.startswith("All residents") and "1 note" in label for label in labels)


def test_answering_a_note_keeps_its_history(wall: AppTest, db: Path) -> None:
    with Store(db) as store:
        wall_service.pin_note(store, "Harrowdale", YEAR, "node:INT_HMBC", "Why two grants?", "Ann")
    at = on_tab("Notes on the wall")
    next(t for t in at.text_area if t.label == "Answer").input("They merge next year.")
    next(b for b in at.button if b.label == "Mark answered").click().run()
    assert [s.value for s in at.success] == [
        "Answer saved; the question stays in the note's history."]
    history = next(d.value for d in at.dataframe if "Version" in d.value.columns)
    assert history["Status"].tolist() == ["open", "answered"]
    assert history["Answer"].tolist() == ["", "They merge next year."]


def test_saving_the_flow_editor_keeps_the_wall(db: Path, raw: pd.DataFrame) -> None:
    wall = on_tab("Edit flows")
    next(b for b in wall.button if b.label == f"Save the {YEAR} flows").click().run()
    assert [s.value for s in wall.success] == [
        f"Saved {len(raw)} flows for {YEAR}; the version before is kept."]
    reach = delivered(raw)["amount_pence"].sum()
    assert metrics(wall)["Reaching services and people"] == format_gbp(reach)


def test_a_year_with_no_flows_says_so_and_can_be_started(db: Path) -> None:
    with Store(db) as store:
        place_id = store.place("Harrowdale")["place_id"]
        empty = store.flows(place_id, "2008-09").head(0)
        store.replace_flows(place_id, "2008-09", empty, "test",
                            store.flows_token(place_id, "2008-09"))
    at = on_tab("Edit flows")
    at.sidebar.selectbox[1].select("2008-09").run()
    assert not at.exception
    assert any(i.value.startswith("No flows on this wall") for i in at.info)
    assert any(b.label == "Save the 2008-09 flows" for b in at.button)
