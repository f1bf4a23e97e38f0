"""What pages and the CLI ask for, answered from the store by the domain modules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from totalplace_core import count_views, flow_edits, themes
from totalplace_core.count import Count, count_place
from totalplace_core.flows.admin_loss import (
    DEFAULT_RATE,
    RATE_NOTE,
    admin_loss_pence,
    by_stream,
    distribution,
)
from totalplace_core.flows.display import flow_table
from totalplace_core.flows.errors import WallInputError
from totalplace_core.flows.filters import (
    Filters,
    edge_functions,
    node_functions,
    shown_pence,
    weights,
)
from totalplace_core.flows.graph import Graph, balance, build_graph
from totalplace_core.flows.sankey import Picture, picture, short_names
from totalplace_core.flows.tracing import HandOvers, Mix, hand_overs, longest_chain, trace
from totalplace_core.money import format_gbp
from totalplace_core.store import Store, StoreError, require_place


def default_place(store: Store, place_name: str | None) -> str:
    """The named place, or the only one loaded."""
    names = list(store.places()["place_name"])
    if place_name:
        require_place(store, place_name)
        return place_name
    if not names:
        raise StoreError("No place is loaded: run `totalplace demo` or import a template.")
    if len(names) > 1:
        raise StoreError(f"Several places are loaded ({', '.join(names)}): name one.")
    return names[0]


def place_years(store: Store, place_name: str) -> list[str]:
    return store.years(require_place(store, place_name)["place_id"])


def _pick_year(years: list[str], year: str | None, empty: str,
               missing: Callable[[str, str], str]) -> str:
    """`year` if there are figures for it, the latest when none is asked for; else a message
    (`missing` is given the year asked for and the years there are)."""
    if not years:
        raise StoreError(empty)
    if year is None:
        return years[-1]
    if year not in years:
        raise StoreError(missing(year, ", ".join(years)))
    return year


def resolve_year(store: Store, place_name: str, year: str | None) -> str:
    return _pick_year(place_years(store, place_name), year,
                      f"{place_name} has no spend lines yet.",
                      lambda y, ys: f"No {y} figures for {place_name} (years: {ys}).")


def place_count(store: Store, place_name: str, year: str) -> Count:
    place = require_place(store, place_name)
    lines = store.spend_lines(place["place_id"], year)
    return count_place(lines, place_name, year, int(place["population"]))


@dataclass(frozen=True)
class CountView:
    """Everything the High-level count page shows for one place and year."""

    count: Count
    previous: Count | None
    lines: pd.DataFrame
    bands: dict[str, int]
    mapping: pd.DataFrame
    deflators: pd.DataFrame
    org_names: dict[str, str]


def count_view(store: Store, place_name: str, year: str) -> CountView:
    place = require_place(store, place_name)
    lines = store.spend_lines(place["place_id"])
    population = int(place["population"])
    years = sorted(lines["year"].unique())
    earlier = [y for y in years if y < year]
    previous = count_place(lines, place_name, earlier[-1], population) if earlier else None
    orgs = store.table("organisation", place["place_id"])
    return CountView(
        count=count_place(lines, place_name, year, population),
        previous=previous,
        lines=lines,
        bands=count_views.population_bands(store.table("ward", place["place_id"]), population),
        mapping=themes.theme_map(store.theme_edits(place["place_id"])),
        deflators=store.deflators(),
        org_names=dict(orgs[["org_code", "org_name"]].itertuples(index=False)),
    )


def counts_for_year(store: Store, year: str) -> list[Count]:
    """The count of every loaded place that has figures for `year`."""
    lines = store.spend_lines_all_places(year)
    return [count_place(part, name, year, int(part["population"].iloc[0]))
            for name, part in lines.groupby("place_name", sort=True)]


def save_theme_map(store: Store, place_name: str, before: pd.DataFrame,
                   after: pd.DataFrame) -> int:
    place = require_place(store, place_name)
    return store.add_theme_edits(place["place_id"], themes.changed_rows(before, after))


def compare_years(store: Store, place_name: str, earlier: str, later: str) -> pd.DataFrame:
    return count_views.compare_years(place_count(store, place_name, earlier),
                                     place_count(store, place_name, later), store.deflators())


# -- mapping wall ------------------------------------------------------------------------------

def flow_years(store: Store, place_name: str) -> list[str]:
    return store.flow_years(require_place(store, place_name)["place_id"])


def resolve_flow_year(store: Store, place_name: str, year: str | None) -> str:
    return _pick_year(flow_years(store, place_name), year,
                      f"{place_name} has no flows on its mapping wall yet.",
                      lambda y, ys: f"No {y} flows for {place_name} (years with flows: {ys}).")


@dataclass(frozen=True)
class Wall:
    """One place-year's flows, traced: what every view of the wall is worked out from."""

    place_id: str
    year: str
    flows: pd.DataFrame
    nodes: pd.DataFrame
    graph: Graph
    mixes: dict[int, Mix]

    @property
    def names(self) -> dict[str, str]:
        return dict(zip(self.nodes["node_code"], self.nodes["node_name"], strict=True))


def load_wall(store: Store, place_name: str, year: str) -> Wall:
    place_id = require_place(store, place_name)["place_id"]
    flow_rows = store.flows(place_id, year)
    nodes = store.flow_nodes(place_id)
    graph = build_graph(flow_rows, nodes)
    return Wall(place_id, year, flow_rows, nodes, graph, trace(graph))


@dataclass(frozen=True)
class WallView:
    """Everything the Mapping wall page shows for one place, year and choice of filters."""

    wall: Wall
    picture: Picture
    summary: HandOvers
    rate: float
    loss_pence: int
    distribution: pd.DataFrame
    streams: pd.DataFrame
    chain: tuple[int, list[str]]  # hand-overs, node codes
    table: pd.DataFrame
    imbalance: pd.DataFrame
    notes: pd.DataFrame
    note_targets: dict[str, str]
    function_options: list[str]
    stream_options: list[str]
    node_options: dict[str, str]

    @property
    def chain_names(self) -> list[str]:
        return [self.wall.names.get(c, c) for c in self.chain[1]]

    @property
    def headline(self) -> list[tuple[str, str, str]]:
        """(label, figure, explanation) of the four headline figures."""
        s = self.summary
        return [
            ("Reaching services and people", format_gbp(s.delivered_pence),
             "Money in view where it first reaches a service or a group of people."),
            ("Straight to citizens", f"{s.direct_share_pct:.0f}%",
             f"{format_gbp(s.direct_pence)} reaches people with no service between "
             "(benefits, pensions, tax credits)."),
            ("Hand-overs per £ (average)", f"{s.mean_hand_overs:.2f}",
             "Organisations a pound is handed to before it is spent on people."),
            ("Admin cost of hand-overs (estimate)", format_gbp(self.loss_pence),
             f"At {self.rate:.0%} of a stream's value per hand-over. {RATE_NOTE}"),
        ]

    @property
    def caption(self) -> str:
        """What to read under the wall: the longest chain, and what was grouped."""
        count, _ = self.chain
        parts = []
        if count:
            parts.append(f"Longest chain ({count} hand-over{'s' if count != 1 else ''}): "
                         + " → ".join(self.chain_names) + ".")
        if self.picture.grouped:
            parts.append(f"{self.picture.grouped} smaller bodies and services are grouped as "
                         "'Other'.")
        parts.append("Hover over a flow for its streams; the camera button saves the picture.")
        return " ".join(parts)

    @property
    def cycle_warning(self) -> str | None:
        cycles = self.wall.graph.cycles
        if not cycles:
            return None
        text = "; ".join(" → ".join(self.wall.names.get(c, c) for c in cycle)
                         for cycle in cycles)
        return (f"Money goes round in a circle: {text}. Each circle is shown, but the flow that "
                "closes it is left out of the hand-over count. Check those flows.")

    @property
    def open_note_lines(self) -> list[str]:
        open_notes = self.notes[self.notes["status"] == "open"]
        return [f"Open question on {t}: {n}" for t, n in
                zip(open_notes["pinned_to"], open_notes["text"], strict=True)]

    @property
    def notes_table(self) -> pd.DataFrame:
        """The notes on the wall as a list: open ones first, then by when they were pinned."""
        notes = self.notes.sort_values(["status", "pinned_at"], ascending=[False, True])
        return pd.DataFrame({
            "Status": notes["status"], "Pinned to": notes["pinned_to"], "Note": notes["text"],
            "By": notes["author"].fillna(""), "Answer": notes["answer"].fillna(""),
            "Answered by": notes["answered_by"].fillna(""), "Pinned (UTC)": notes["pinned_at"],
            "Versions": notes["versions"], "note_id": notes["note_id"]}).reset_index(drop=True)


def _theme_of(store: Store, place_id: str) -> dict[str, str]:
    mapping = themes.theme_map(store.theme_edits(place_id))
    return dict(zip(mapping["cofog_code"], mapping["local"], strict=True))


def note_targets(wall: Wall) -> dict[str, str]:
    """Where a note can be pinned: "node:CODE" or "link:FROM>TO", by what a person reads."""
    labels = flow_edits.node_labels(wall.nodes)
    targets = {f"node:{c}": labels.get(c, c) for c in sorted(
        {e.src for e in wall.graph.edges} | {e.dst for e in wall.graph.edges})}
    pairs = sorted({(e.src, e.dst) for e in wall.graph.edges})
    targets |= {f"link:{a}>{b}": f"{labels.get(a, a)} → {labels.get(b, b)}" for a, b in pairs}
    return targets


def _notes(store: Store, wall: Wall, targets: dict[str, str]) -> pd.DataFrame:
    notes = store.wall_notes(wall.place_id, wall.year)
    keys = notes["target_kind"] + ":" + notes["target_code"]
    return notes.assign(pinned_to=[targets.get(k, f"{k} (no longer on the wall)") for k in keys])


def wall_view(store: Store, place_name: str, year: str, filters: Filters | None = None,
              threshold_pence: int = 0, rate: float = DEFAULT_RATE,
              scheme: str = "cofog") -> WallView:
    filters = filters or Filters()
    wall = load_wall(store, place_name, year)
    graph, names = wall.graph, wall.names
    theme_of = _theme_of(store, wall.place_id)
    edge_function = edge_functions(graph, node_functions(wall.nodes), scheme, theme_of)
    shown = shown_pence(graph, weights(graph, filters, edge_function))
    targets = note_targets(wall)
    notes = _notes(store, wall, targets)
    open_notes = notes[notes["status"] == "open"]
    summary = hand_overs(graph, wall.mixes, shown)
    chain = longest_chain(graph, wall.mixes, shown)
    imbalance = balance(graph)
    return WallView(
        wall=wall,
        picture=picture(graph, shown, names, threshold_pence, filters.focus,
                        open_notes["target_code"].value_counts().to_dict(),
                        short_names(wall.nodes)),
        summary=summary, rate=rate, loss_pence=admin_loss_pence(summary, rate),
        distribution=distribution(summary, rate), streams=by_stream(summary, rate),
        chain=chain,
        table=flow_table(wall.flows, graph, wall.mixes, shown, names),
        imbalance=imbalance.assign(node=imbalance["node_code"].map(names)),
        notes=notes, note_targets=targets,
        function_options=sorted(set(edge_function.values())),
        stream_options=sorted({e.stream for e in graph.edges}),
        node_options=flow_edits.node_labels(wall.nodes),
    )


def pin_note(store: Store, place_name: str, year: str, target: str, text: str,
             author: str | None) -> str:
    """Pin a note to a node or link ("node:CODE" / "link:FROM>TO"); on disk when it returns."""
    wall = load_wall(store, place_name, year)
    text = flow_edits.check_note(text, target, note_targets(wall))
    kind, code = target.split(":", 1)
    return store.add_note(wall.place_id, year, kind, code, text, (author or "").strip() or None)


def answer_note(store: Store, note_id: str, answer: str, answered_by: str | None) -> int:
    """Mark a note answered: a new version, the earlier ones kept."""
    answer = (answer or "").strip()
    if not answer:
        raise WallInputError("Write the answer before marking the note answered.")
    return store.add_note_version(note_id, "answered", answer,
                                  (answered_by or "").strip() or None)


def reopen_note(store: Store, note_id: str, by: str | None) -> int:
    return store.add_note_version(note_id, "open", None, (by or "").strip() or None)


@dataclass(frozen=True)
class WallEditor:
    """The tables a facilitator edits, and the versions they start from."""

    flows: pd.DataFrame
    flows_token: str
    nodes: pd.DataFrame
    nodes_token: str
    edits: pd.DataFrame
    node_names: list[str]  # what the From and To columns offer


def wall_editor(store: Store, place_name: str, year: str) -> WallEditor:
    place_id = require_place(store, place_name)["place_id"]
    nodes = store.flow_nodes(place_id)
    return WallEditor(
        flows=flow_edits.flows_for_editor(store.flows(place_id, year), nodes),
        flows_token=store.flows_token(place_id, year),
        nodes=flow_edits.nodes_for_editor(nodes), nodes_token=store.nodes_token(place_id),
        edits=store.wall_edits(place_id).rename(columns={
            "year": "Year", "what": "What", "edited_by": "Saved by", "edited_at": "When (UTC)",
            "rows_before": "Rows before", "rows_after": "Rows after"}),
        node_names=sorted(flow_edits.node_labels(nodes).values()))


def save_flows(store: Store, place_name: str, year: str, edited: pd.DataFrame, token: str,
               edited_by: str | None) -> int:
    """Check every edited row; save all of them or, if any is wrong, none (WallProblems)."""
    place_id = require_place(store, place_name)["place_id"]
    rows, problems = flow_edits.check_flows(edited, store.flow_nodes(place_id),
                                            store.flows(place_id, year), place_id, year)
    if problems:
        raise flow_edits.WallProblems(problems)
    store.replace_flows(place_id, year, rows, (edited_by or "").strip() or None, token)
    return len(rows)


def save_nodes(store: Store, place_name: str, edited: pd.DataFrame, token: str,
               edited_by: str | None) -> int:
    place_id = require_place(store, place_name)["place_id"]
    rows, problems = flow_edits.check_nodes(edited, store.flow_nodes(place_id),
                                            store.flow_node_use(place_id), place_id)
    if problems:
        raise flow_edits.WallProblems(problems)
    store.replace_nodes(place_id, rows, (edited_by or "").strip() or None, token)
    return len(rows)


def wall_choices(store: Store, place_name: str, year: str,
                 scheme: str = "cofog") -> tuple[list[str], list[str], dict[str, str]]:
    """What the wall can be filtered by: functions (in `scheme`), streams, and nodes."""
    wall = load_wall(store, place_name, year)
    edge_function = edge_functions(wall.graph, node_functions(wall.nodes), scheme,
                                   _theme_of(store, wall.place_id))
    in_flows = {e.src for e in wall.graph.edges} | {e.dst for e in wall.graph.edges}
    labels = flow_edits.node_labels(wall.nodes)
    return (sorted(set(edge_function.values())), sorted({e.stream for e in wall.graph.edges}),
            {c: labels.get(c, c) for c in sorted(in_flows, key=lambda c: labels.get(c, c))})


def note_history(store: Store, note_id: str) -> pd.DataFrame:
    """Every version of a note, oldest first."""
    history = store.note_history(note_id)
    return pd.DataFrame({
        "Version": history["version"], "Status": history["status"], "Note": history["text"],
        "By": history["author"].fillna(""), "Answer": history["answer"].fillna(""),
        "Answered by": history["answered_by"].fillna(""), "When (UTC)": history["created_at"]})
