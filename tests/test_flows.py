"""The mapping wall's arithmetic on hand-made flow sets whose every figure is known by hand.

CHAIN (pounds): an EU programme hands £100,000 to a regional body, which hands it to a council,
which hands it to a CVS, which runs a service for people: three hand-overs for every pound.
At 20% a hand-over the administration lost is estimated at 3 x 20% x £100,000 = £60,000.

FORK: the taxpayer votes £350,000 to a department (raising money: no hand-over). The department
pays £50,000 of pensions straight to older people (0 hand-overs) and grants £300,000 to a council
(1). Council tax payers pay the council £100,000 (raising: 0). The council pools its £400,000:
£240,000 runs Service A, £160,000 is a contract to a CVS (a hand-over) that runs Service B.
Pooled money leaves in proportion, so Service A gets £180,000 of grant (1) and £60,000 of council
tax (0); the CVS contract carries £120,000 of grant (now 2) and £40,000 of council tax (now 1).
Reaching people: 0 -> £110,000, 1 -> £220,000, 2 -> £120,000; £450,000 in all, £50,000 (11.1%)
straight to citizens. Admin lost at 20%: 220,000 x 0.2 + 120,000 x 0.4 = £92,000.

CYCLE: a department grants £100,000 to A, A passes it to B, B to C; C sends £30,000 back to A
and £70,000 to a service. A -> B -> C -> A is reported and its closing flow (C -> A) left out of
the tracing: the service's £70,000 has passed three hand-overs; £42,000 lost at 20%.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from totalplace_core import wall as flows
from totalplace_core.cli import main
from totalplace_core.store import Store, StoreError
from totalplace_core.store.wall import WallConflict
from totalplace_core.wall import charts as flow_charts
from totalplace_core.wall import edits as flow_edits
from totalplace_core.wall import service as wall_service

PLACE = "Flowtown"
NODES = {  # code: (tier, body code, name)
    "EU": ("source", "EU", "EU programme"), "REG": ("intermediary", "REG", "Regional body"),
    "TAX": ("source", "", "Taxpayer"), "DEPT": ("source", "DEPT", "Department"),
    "CTAX": ("source", "", "Council tax payers"), "CNCL": ("intermediary", "CNCL", "Council"),
    "CVS": ("intermediary", "CVS", "Council for Voluntary Service"),
    "A": ("intermediary", "A", "Body A"), "B": ("intermediary", "B", "Body B"),
    "C": ("intermediary", "C", "Body C"),
    "SVC": ("service", "", "Employment support"), "SVC_A": ("service", "", "Acute care"),
    "SVC_B": ("service", "", "Schools"), "CIT": ("citizen", "", "Residents"),
    "CIT_OLD": ("citizen", "", "Older people"),
}
CHAIN = [("EU", "REG", "ESF programme", 100_000), ("REG", "CNCL", "ESF grants", 100_000),
         ("CNCL", "CVS", "ESF grants", 100_000), ("CVS", "SVC", "Employment support", 100_000),
         ("SVC", "CIT", "Employment support", 100_000)]
FORK = [("TAX", "DEPT", "Voted", 350_000), ("DEPT", "CIT_OLD", "Pension", 50_000, "benefit"),
        ("DEPT", "CNCL", "Grant", 300_000), ("CTAX", "CNCL", "Council tax", 100_000),
        ("CNCL", "SVC_A", "Service A", 240_000, "direct service"),
        ("CNCL", "CVS", "Contract", 160_000, "contract"),
        ("CVS", "SVC_B", "Service B", 160_000, "direct service"),
        ("SVC_A", "CIT", "Service A", 240_000, "direct service"),
        ("SVC_B", "CIT", "Service B", 160_000, "direct service")]
CYCLE = [("DEPT", "A", "Grant", 100_000), ("A", "B", "Pass", 100_000),
         ("B", "C", "Pass", 100_000), ("C", "A", "Back", 30_000),
         ("C", "SVC", "Service", 70_000), ("SVC", "CIT", "Service", 70_000)]


def node_frame(codes: set[str] | None = None, functions: dict[str, str] | None = None):
    rows = [{"node_id": f"N-{c}", "node_code": c, "node_name": name, "tier": tier,
             "org_code": org or None, "cofog_code": (functions or {}).get(c), "batch_id": None}
            for c, (tier, org, name) in NODES.items() if codes is None or c in codes]
    return pd.DataFrame(rows)


def flow_frame(rows: list[tuple], year: str = "2009-10") -> pd.DataFrame:
    return pd.DataFrame([{
        "flow_id": f"F{i}", "year": year, "from_node_code": r[0], "to_node_code": r[1],
        "stream": r[2], "amount_pence": r[3] * 100, "amount_text": str(r[3]),
        "kind": r[4] if len(r) > 4 else "grant", "is_ring_fenced": False, "batch_id": None}
        for i, r in enumerate(rows)])


def traced(rows: list[tuple], functions: dict[str, str] | None = None):
    graph = flows.build_graph(flow_frame(rows), node_frame(functions=functions))
    return graph, flows.trace(graph)


def everything(graph: flows.Graph) -> dict[int, int]:
    return flows.shown_pence(graph, {e.index: 1.0 for e in graph.edges})


def summary(rows: list[tuple]) -> flows.HandOvers:
    graph, mixes = traced(rows)
    return flows.hand_overs(graph, mixes, everything(graph))


def by_count(s: flows.HandOvers, rate: float = 0.2) -> dict[int, int]:
    dist = flows.distribution(s, rate)
    return {int(k): int(p) // 100 for k, p in zip(dist["hand_overs"], dist["delivered_pence"],
                                                   strict=True)}


# -- hand-overs and their cost -------------------------------------------------------------

def test_a_chain_of_three_hand_overs() -> None:
    s = summary(CHAIN)
    assert by_count(s) == {0: 0, 1: 0, 2: 0, 3: 100_000}
    assert s.delivered_pence == 100_000 * 100 and s.direct_pence == 0
    assert flows.admin_loss_pence(s, 0.2) == 60_000 * 100
    graph, mixes = traced(CHAIN)
    assert flows.longest_chain(graph, mixes, everything(graph)) == (
        3, ["EU", "REG", "CNCL", "CVS", "SVC", "CIT"])


def test_a_fork_where_a_council_pools_what_it_receives() -> None:
    s = summary(FORK)
    assert by_count(s) == {0: 110_000, 1: 220_000, 2: 120_000}
    assert s.delivered_pence == 450_000 * 100
    assert s.direct_pence == 50_000 * 100
    assert round(s.direct_share_pct, 1) == 11.1
    assert s.mean_hand_overs == pytest.approx((220_000 + 2 * 120_000) / 450_000)
    assert flows.admin_loss_pence(s, 0.2) == 92_000 * 100
    streams = flows.by_stream(s, 0.2).set_index("stream")
    assert streams.loc["Contract", "delivered_pence"] == 160_000 * 100
    assert streams.loc["Contract", "mean_hand_overs"] == 1.75
    assert streams.loc["Contract", "most_hand_overs"] == 2
    assert streams.loc["Contract", "loss_pence"] == (48_000 + 8_000) * 100
    assert streams.loc["Council tax", "loss_pence"] == 0
    assert streams.index[0] == "Contract", "the stream with most hand-overs comes first"
    assert streams["loss_pence"].sum() == flows.admin_loss_pence(s, 0.2)


def test_raising_money_is_not_a_hand_over_but_handing_it_to_a_body_is() -> None:
    graph, _ = traced(FORK)
    edge = {(e.src, e.dst): e for e in graph.edges}
    assert not graph.is_hand_over(edge["TAX", "DEPT"])  # voted supply
    assert not graph.is_hand_over(edge["CTAX", "CNCL"])  # council tax paid to the council
    assert graph.is_hand_over(edge["DEPT", "CNCL"])
    assert graph.is_hand_over(edge["CNCL", "CVS"])
    assert not graph.is_hand_over(edge["CNCL", "SVC_A"])  # a body spending on a service


def test_a_cycle_is_reported_not_followed_round() -> None:
    graph, mixes = traced(CYCLE)
    assert graph.cycles == [["A", "B", "C", "A"]]
    s = flows.hand_overs(graph, mixes, everything(graph))
    assert by_count(s) == {0: 0, 1: 0, 2: 0, 3: 70_000}
    assert flows.admin_loss_pence(s, 0.2) == 42_000 * 100
    imbalance = flows.balance(graph).set_index("node_code")
    assert imbalance.loc["A", "difference_pence"] == 30_000 * 100  # money going round


def test_cycles_with_no_way_in_and_a_self_loop_end() -> None:
    rows = [("A", "B", "Pass", 10), ("B", "A", "Pass", 10), ("C", "C", "Self", 5)]
    graph, mixes = traced(rows)
    assert sorted(graph.cycles) == [["A", "B", "A"], ["C", "C"]]
    assert flows.hand_overs(graph, mixes, everything(graph)).delivered_pence == 0


def test_rate_is_adjustable_and_never_loses_more_than_the_pound() -> None:
    s = summary(CHAIN)
    assert flows.admin_loss_pence(s, 0.0) == 0
    assert flows.admin_loss_pence(s, 0.1) == 30_000 * 100
    assert flows.admin_loss_pence(s, 0.5) == 100_000 * 100  # 3 x 50% capped at 100%
    with pytest.raises(flows.WallInputError, match="between 0 and 1"):
        flows.admin_loss_pence(s, 1.5)


def test_apportion_keeps_whole_pence_adding_up() -> None:
    parts = flows.apportion(100, {"a": 1.0, "b": 1.0, "c": 1.0})
    assert sum(parts.values()) == 100 and sorted(parts.values()) == [33, 33, 34]


# -- filters and focus ----------------------------------------------------------------------

def shown_by_pair(rows: list[tuple], filters: flows.Filters,
                  functions: dict[str, str] | None = None) -> dict[tuple[str, str], int]:
    graph, _ = traced(rows, functions)
    edge_function = flows.edge_functions(graph, flows.node_functions(
        node_frame(functions=functions)), "cofog", {})
    shown = flows.shown_pence(graph, flows.weights(graph, filters, edge_function))
    return {(e.src, e.dst): shown[e.index] // 100 for e in graph.edges if e.index in shown}


def test_focus_shows_the_money_through_a_node_upstream_and_downstream() -> None:
    assert shown_by_pair(FORK, flows.Filters(focus=("CVS",))) == {
        ("TAX", "DEPT"): 120_000, ("DEPT", "CNCL"): 120_000, ("CTAX", "CNCL"): 40_000,
        ("CNCL", "CVS"): 160_000, ("CVS", "SVC_B"): 160_000, ("SVC_B", "CIT"): 160_000}


def test_stream_filter_follows_the_stream_downstream() -> None:
    assert shown_by_pair(FORK, flows.Filters(streams=("Council tax",))) == {
        ("CTAX", "CNCL"): 100_000, ("CNCL", "SVC_A"): 60_000, ("CNCL", "CVS"): 40_000,
        ("CVS", "SVC_B"): 40_000, ("SVC_A", "CIT"): 60_000, ("SVC_B", "CIT"): 40_000}


def test_function_filter_by_cofog_division_and_filters_combine() -> None:
    functions = {"SVC_A": "07.3", "SVC_B": "09.1"}
    health = shown_by_pair(FORK, flows.Filters(functions=("07 Health",)), functions)
    assert health == {("TAX", "DEPT"): 180_000, ("DEPT", "CNCL"): 180_000,
                      ("CTAX", "CNCL"): 60_000, ("CNCL", "SVC_A"): 240_000,
                      ("SVC_A", "CIT"): 240_000}
    both = shown_by_pair(FORK, flows.Filters(functions=("07 Health",),
                                             streams=("Council tax",)), functions)
    assert both[("CNCL", "SVC_A")] == 60_000  # council tax reaching health services
    assert ("CNCL", "CVS") not in both


def test_functions_default_from_names_and_local_themes() -> None:
    assert flows.default_function("Schools", "service") == "09.1"
    assert flows.default_function("Housing and council tax benefit", "service") == "10.6"
    assert flows.default_function("Council", "intermediary") is None
    assert flows.function_label("07.3", "cofog", {}) == "07 Health"
    assert flows.function_label("07.3", "local", {"07.3": "Health and wellbeing"}) == \
        "Health and wellbeing"
    assert flows.function_label(None, "cofog", {}) == "Not classified"


# -- the picture ----------------------------------------------------------------------------

def test_small_flows_are_grouped_into_other_per_tier_and_column() -> None:
    graph, _ = traced(FORK)
    names = {c: n for c, (_, _, n) in NODES.items()}
    full = flows.picture(graph, everything(graph), names, threshold_pence=0)
    assert full.grouped == 0 and len(full.nodes) == 9
    grouped = flows.picture(graph, everything(graph), names, 300_000 * 100, share=1.0)
    assert grouped.grouped == 2
    other = grouped.nodes.set_index("key").loc["other:service:4"]
    assert other["name"] == "Other services (2)" and other["total_pence"] == 400_000 * 100
    links = {(r.source, r.target): r.value_pence // 100 for r in grouped.links.itertuples()}
    assert links[("CNCL", "other:service:4")] == 240_000
    assert links[("other:service:4", "CIT")] == 400_000
    kept = flows.picture(graph, everything(graph), names, 300_000 * 100, keep=["SVC_B"],
                         share=1.0)
    assert kept.grouped == 0, "a focused node is never folded away (and one small one stays)"
    capped = flows.picture(graph, everything(graph), names, 300_000 * 100)
    assert capped.grouped == 0, "never grouped above 2% of the largest node in view"
    assert flows.picture(graph, everything(graph), names, 10**9, share=0.7).grouped == 2


def test_parallel_flows_are_one_link_and_notes_mark_it() -> None:
    rows = [("DEPT", "CNCL", "Grant one", 100), ("DEPT", "CNCL", "Grant two", 50),
            ("CNCL", "SVC", "Service", 150)]
    graph, _ = traced(rows)
    pic = flows.picture(graph, everything(graph), {}, 0, notes={"DEPT>CNCL": 2, "CNCL": 1})
    link = pic.links.set_index(["source", "target"]).loc[("DEPT", "CNCL")]
    assert link["value_pence"] == 15_000 and link["flows"] == 2
    assert link["streams"] == "Grant one; Grant two" and link["open_notes"] == 2
    assert pic.nodes.set_index("key").loc["CNCL", "open_notes"] == 1


def test_sankey_figure_has_plain_values_escaped_labels_and_tier_colours() -> None:
    rows = [("DEPT", "CNCL", "<img src=x>", 1_000_000), ("CNCL", "SVC", "Service", 1_000_000)]
    graph, _ = traced(rows)
    names = {"DEPT": "Dept <b>bold</b>", "CNCL": "Council", "SVC": "Employment support"}
    fig = flow_charts.sankey(flows.picture(graph, everything(graph), names, 0), present=True)
    spec = json.loads(fig.to_json())["data"][0]
    assert spec["link"]["value"] == [1_000_000.0, 1_000_000.0]
    labels = " ".join(spec["node"]["label"])
    assert "Dept &lt;b&gt;bold&lt;/b&gt;" in labels and "<b>bold" not in labels
    assert "&lt;img src=x&gt;" in " ".join(spec["link"]["customdata"])
    assert "£1.0m" in labels
    assert spec["node"]["color"][0] == flow_charts.TIER_COLOURS["intermediary"]  # CNCL first
    assert spec["textfont"]["size"] >= 20


def test_hand_over_chart_labels_every_count() -> None:
    s = summary(FORK)
    fig = flow_charts.hand_over_bars(flows.distribution(s, 0.2))
    bar = json.loads(fig.to_json())["data"][0]
    assert bar["x"] == ["0 hand-overs", "1 hand-over", "2 hand-overs"]
    assert bar["y"] == [110_000.0, 220_000.0, 120_000.0]
    assert bar["text"][1] == "£220.0k · 49%"


# -- editing: amounts, flows, nodes, notes ----------------------------------------------------

@pytest.mark.parametrize(("typed", "pence"), [
    ("1250000", 125_000_000), ("£1,250,000.50", 125_000_050), ("1.25m", 125_000_000),
    ("350k", 35_000_000), ("£2bn", 200_000_000_000), (" 12.5 ", 1_250)])
def test_amounts_as_typed(typed: str, pence: int) -> None:
    assert flow_edits.parse_amount(typed) == pence


@pytest.mark.parametrize("typed", ["", "abc", "-5", "0", "1.234", "12x"])
def test_bad_amounts_are_refused(typed: str) -> None:
    with pytest.raises(flows.WallInputError):
        flow_edits.parse_amount(typed)


def editor_rows(rows: list[tuple]) -> pd.DataFrame:
    return flow_edits.flows_for_editor(flow_frame(rows), node_frame())


def test_every_bad_row_is_named_by_row_and_column_and_nothing_passes() -> None:
    edited = editor_rows(FORK)
    edited.loc[1, "To"] = "Nowhere"
    edited.loc[3, "Amount (£)"] = "lots"
    edited.loc[4, "Kind"] = "gift"
    edited.loc[5, "To"] = edited.loc[5, "From"]
    rows, problems = flow_edits.check_flows(edited, node_frame(), flow_frame(FORK), "P", "2009-10")
    assert rows is None
    assert problems == [
        "Row 2, column To: 'Nowhere' is not on the wall — add it under 'Bodies, services and "
        "people' first.",
        "Row 4, column Amount (£): 'lots' is not an amount in pounds (write it like 1250000, "
        "£1.25m or 350k).",
        "Row 5, column Kind: 'gift' is not one of grant, commission, contract, benefit, "
        "direct service.",
        "Row 6, column To: money cannot flow from a node to itself.",
    ]


def test_good_edits_keep_ids_of_unchanged_rows_and_ignore_blank_ones() -> None:
    before = flow_frame(FORK).assign(batch_id="B1")
    edited = editor_rows(FORK)
    assert edited["From"].tolist()[:3] == ["Council tax payers", "Department", "Department"]
    edited.loc[edited["flow_id"] == "F0", "Amount (£)"] = "£400k"
    edited.loc[len(edited)] = ["Department", "Older people", "Winter fuel", "1.5k", "benefit",
                               True, None]
    edited.loc[len(edited)] = [None, None, None, None, None, False, None]
    rows, problems = flow_edits.check_flows(edited, node_frame(), before, "P", "2009-10")
    assert problems == [] and len(rows) == len(FORK) + 1
    by_id = rows.set_index("flow_id")
    assert by_id.loc["F0", "amount_pence"] == 40_000_000
    assert pd.isna(by_id.loc["F0", "batch_id"]), "a changed row no longer comes from its import"
    assert by_id.loc["F1", "batch_id"] == "B1", "an untouched row keeps its import batch"
    new = rows.iloc[-1]
    assert new["amount_pence"] == 150_000 and new["amount_text"] == "1.5k"
    assert new["from_node_code"] == "DEPT" and new["is_ring_fenced"]


def test_node_edits_are_checked_and_used_nodes_stay() -> None:
    before = node_frame({"DEPT", "CNCL", "SVC"})
    edited = flow_edits.nodes_for_editor(before)
    edited = edited[edited["Code"] != "SVC"]
    edited.loc[len(edited)] = ["CNCL", "Council", "office", "", "99.9 Nothing", None]
    rows, problems = flow_edits.check_nodes(edited, before, {"SVC": 2}, "P")
    assert rows is None
    assert "Row 3, column Code: 'CNCL' is used twice." in problems
    assert "Row 3, column Name: 'Council' is used twice." in problems
    assert any(p.startswith("Row 3, column Tier: 'office'") for p in problems)
    assert any(p.startswith("Row 3, column Function: '99.9'") for p in problems)
    assert problems[-1].startswith("SVC is used by 2 flow(s)")


def test_a_note_needs_text_and_a_place_on_the_wall() -> None:
    assert flow_edits.check_note("  Why two grants?  ", "node:CNCL", ["node:CNCL"]) == \
        "Why two grants?"
    with pytest.raises(flows.WallInputError, match="Write the gap"):
        flow_edits.check_note("   ", "node:CNCL", ["node:CNCL"])
    with pytest.raises(flows.WallInputError, match="Choose where"):
        flow_edits.check_note("Why?", "node:GONE", ["node:CNCL"])


# -- the store: edits kept, conflicts refused, notes versioned --------------------------------

def load(store: Store, rows: list[tuple], years: tuple[str, ...] = ("2009-10",)) -> str:
    place_id = "place-flowtown"
    lines = pd.DataFrame([{"line_id": f"L{y}", "place_id": place_id, "year": y, "org_code": "CNCL",
                           "cofog_code": "09.1", "amount_pence": 100, "basis": "actual",
                           "source": "hand-made"} for y in years])
    store.replace_place(PLACE, {
        "place": pd.DataFrame([{"place_id": place_id, "place_name": PLACE, "population": 1000,
                                "is_fictional": True}]),
        "flow_node": node_frame().drop(columns="cofog_code").assign(place_id=place_id),
        "flow": pd.concat([flow_frame(rows, y).assign(
            place_id=place_id, flow_id=lambda f, y=y: f["flow_id"] + y) for y in years]),
        "spend_line": lines})
    return place_id


@pytest.fixture
def flowtown(empty_store: Store) -> Store:
    load(empty_store, FORK)
    return empty_store


def test_saving_flows_replaces_them_and_keeps_the_old_version(flowtown: Store) -> None:
    editor = wall_service.wall_editor(flowtown, PLACE, "2009-10")
    edited = editor.flows.copy()
    edited.loc[edited["Stream"] == "Pension", "Amount (£)"] = "60000"
    saved = wall_service.save_flows(flowtown, PLACE, "2009-10", edited, editor.flows_token, "Ann")
    assert saved == 9
    view = wall_service.wall_view(flowtown, PLACE, "2009-10")
    assert view.summary.direct_pence == 60_000 * 100
    edits = flowtown.wall_edits("place-flowtown")
    assert list(edits[["what", "edited_by", "rows_before", "rows_after"]].iloc[0]) == [
        "flows", "Ann", 9, 9]
    old = flowtown.archived_flows(edits["edit_id"].iloc[0])
    assert old.loc[old["stream"] == "Pension", "amount_pence"].item() == 50_000 * 100


def test_a_bad_edit_or_a_stale_one_saves_nothing(flowtown: Store) -> None:
    editor = wall_service.wall_editor(flowtown, PLACE, "2009-10")
    bad = editor.flows.copy()
    bad.loc[0, "Amount (£)"] = "-1"
    with pytest.raises(flow_edits.WallProblems) as caught:
        wall_service.save_flows(flowtown, PLACE, "2009-10", bad, editor.flows_token, "Ann")
    # One money parser (money.parse_gbp) reads -1 as minus a pound; a flow must be more.
    assert caught.value.problems == ["Row 1, column Amount (£): '-1' must be more than £0."]
    good = editor.flows.copy()
    good.loc[0, "Amount (£)"] = "1"
    wall_service.save_flows(flowtown, PLACE, "2009-10", good, editor.flows_token, "Ann")
    token = flowtown.flows_token("place-flowtown", "2009-10")
    with pytest.raises(WallConflict, match="changed by someone else"):
        wall_service.save_flows(flowtown, PLACE, "2009-10", editor.flows, editor.flows_token, "Bob")
    assert flowtown.flows_token("place-flowtown", "2009-10") == token


def test_saving_nodes_keeps_functions_and_refuses_to_orphan_flows(flowtown: Store) -> None:
    editor = wall_service.wall_editor(flowtown, PLACE, "2009-10")
    nodes = editor.nodes.copy()
    nodes.loc[nodes["Code"] == "SVC_A", "Function"] = "07.2 Outpatient services"
    nodes.loc[len(nodes)] = ["NEW", "New charity", "intermediary", "", None, None]
    wall_service.save_nodes(flowtown, PLACE, nodes, editor.nodes_token, "Ann")
    saved = flowtown.flow_nodes("place-flowtown").set_index("node_code")
    assert saved.loc["SVC_A", "cofog_code"] == "07.2" and "NEW" in saved.index
    assert pd.isna(saved.loc["SVC_B", "cofog_code"]), "a default function is not stored"
    fresh = wall_service.wall_editor(flowtown, PLACE, "2009-10")
    with pytest.raises(flow_edits.WallProblems, match="nothing was saved"):
        wall_service.save_nodes(flowtown, PLACE, fresh.nodes[fresh.nodes["Code"] != "CVS"],
                           fresh.nodes_token, "Ann")
    with pytest.raises(StoreError, match="Still used by flows"):  # the store checks as well
        flowtown.replace_nodes("place-flowtown", saved.reset_index().head(3).assign(
            place_id="place-flowtown"), "Ann", fresh.nodes_token)


def test_notes_are_pinned_answered_and_keep_their_history(flowtown: Store) -> None:
    note_id = wall_service.pin_note(flowtown, PLACE, "2009-10", "link:CNCL>CVS",
                               "Why does the CVS not bid directly?", "Ann")
    view = wall_service.wall_view(flowtown, PLACE, "2009-10")
    assert view.notes_table["Pinned to"].tolist() == ["Council → Council for Voluntary Service"]
    assert view.picture.links.set_index(["source", "target"]).loc[("CNCL", "CVS"),
                                                                  "open_notes"] == 1
    assert wall_service.answer_note(flowtown, note_id, "The ESF rules require a lead body.",
                               "Bob") == 2
    history = wall_service.note_history(flowtown, note_id)
    assert history["Status"].tolist() == ["open", "answered"]
    assert history["Note"].nunique() == 1 and history["By"].tolist() == ["Ann", "Ann"]
    assert history["Answered by"].tolist() == ["", "Bob"]
    live = wall_service.wall_view(flowtown, PLACE, "2009-10").notes_table
    assert live["Status"].tolist() == ["answered"] and live["Versions"].tolist() == [2]
    assert wall_service.reopen_note(flowtown, note_id, "Cat") == 3
    with pytest.raises(flows.WallInputError):
        wall_service.answer_note(flowtown, note_id, "  ", "Bob")


# -- the command line --------------------------------------------------------------------------

def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_flows_json_matches_the_hand_figures(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "flows.duckdb"
    with Store(db) as store:
        load(store, FORK, years=("2008-09", "2009-10"))
    code, out, _ = run(capsys, "--db", str(db), "flows", "--place", PLACE, "--year", "2009-10",
                       "--json")
    wall = json.loads(out)
    assert code == 0 and wall["place"] == PLACE and wall["year"] == "2009-10"
    assert wall["delivered_gbp"] == 450_000 and wall["direct_to_citizens_gbp"] == 50_000
    assert wall["direct_to_citizens_pct"] == 11.11
    assert wall["hand_overs"]["distribution"] == [
        {"hand_overs": 0, "amount_gbp": 110_000, "share_pct": 24.4},
        {"hand_overs": 1, "amount_gbp": 220_000, "share_pct": 48.9},
        {"hand_overs": 2, "amount_gbp": 120_000, "share_pct": 26.7}]
    assert wall["admin_loss_estimate"]["estimate_gbp"] == 92_000
    assert wall["admin_loss_estimate"]["rate_per_hand_over"] == 0.2
    assert {"code": "CNCL", "name": "Council", "tier": "intermediary", "in_gbp": 400_000,
            "out_gbp": 400_000} in wall["nodes"]
    assert len(wall["links"]) == len(FORK) and wall["cycles"] == []
    code, out, _ = run(capsys, "--db", str(db), "flows", "--json", "--rate", "0.5")
    assert json.loads(out)["admin_loss_estimate"]["estimate_gbp"] == 220_000 * 0.5 + 120_000


@pytest.mark.parametrize(("args", "message"), [
    (["--place", "Nowhere"], "No place called 'Nowhere'"),
    (["--year", "1999-00"], "No 1999-00 flows for Flowtown"),
    (["--rate", "2"], "--rate must be a number between 0 and 1, such as 0.2 (found '2')"),
    (["--rate", "lots"], "--rate must be a number between 0 and 1"),
])
def test_cli_flows_errors_are_one_line(tmp_path: Path, args: list[str], message: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "flows.duckdb"
    with Store(db) as store:
        load(store, FORK)
    code, _, err = run(capsys, "--db", str(db), "flows", *args)
    assert code != 0 and message in err and len(err.strip().splitlines()) == 1
