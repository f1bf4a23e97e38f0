"""What pages and the CLI ask of the mapping wall, answered from the store."""

from __future__ import annotations

import pandas as pd

from totalplace_core import themes
from totalplace_core.places import pick_year
from totalplace_core.store import Store, require_place
from totalplace_core.wall import edits
from totalplace_core.wall.admin_loss import (
    DEFAULT_RATE,
    RATE_NOTE,
    admin_loss_pence,
    by_stream,
    distribution,
)
from totalplace_core.wall.display import flow_table, for_display
from totalplace_core.wall.edits import FLOW_KINDS, FUNCTION_OPTIONS, NODE_TIERS, WallProblems
from totalplace_core.wall.errors import WallInputError
from totalplace_core.wall.filters import (
    SCHEMES,
    Filters,
    edge_functions,
    node_functions,
    shown_pence,
    weights,
)
from totalplace_core.wall.graph import balance, build_graph
from totalplace_core.wall.sankey import GROUP_NOTE, GROUP_STEPS_M, picture, short_names
from totalplace_core.wall.tracing import hand_overs, longest_chain, trace
from totalplace_core.wall.views import Wall, WallEditor, WallView

# Besides its answers, the service hands pages the wall's choices, wording and errors, so a
# page imports this module and the wall's charts, nothing deeper.
__all__ = [
    "DEPENDS_ON", "FLOW_KINDS", "FUNCTION_OPTIONS", "GROUP_NOTE", "GROUP_STEPS_M",
    "NODE_TIERS", "RATE_NOTE", "SCHEMES", "Filters", "Wall", "WallEditor", "WallInputError",
    "WallProblems", "WallView", "answer_note", "flow_years", "for_display", "load_wall",
    "note_history", "note_targets", "pin_note", "reopen_note", "resolve_flow_year",
    "save_flows", "save_nodes", "wall_choices", "wall_editor", "wall_view",
]


def flow_years(store: Store, place_name: str) -> list[str]:
    return store.flow_years(require_place(store, place_name)["place_id"])


def resolve_flow_year(store: Store, place_name: str, year: str | None) -> str:
    return pick_year(flow_years(store, place_name), year,
                      f"{place_name} has no flows on its mapping wall yet.",
                      lambda y, ys: f"No {y} flows for {place_name} (years with flows: {ys}).")


def _load_wall(store: Store, place_name: str, year: str) -> Wall:
    place_id = require_place(store, place_name)["place_id"]
    flow_rows = store.flows(place_id, year)
    nodes = store.flow_nodes(place_id)
    graph = build_graph(flow_rows, nodes)
    return Wall(place_id, year, flow_rows, nodes, graph, trace(graph))


def _theme_of(store: Store, place_id: str) -> dict[str, str]:
    mapping = themes.theme_map(store.theme_edits(place_id))
    return dict(zip(mapping["cofog_code"], mapping["local"], strict=True))


def note_targets(wall: Wall) -> dict[str, str]:
    """Where a note can be pinned: "node:CODE" or "link:FROM>TO", by what a person reads."""
    labels = edits.node_labels(wall.nodes)
    targets = {f"node:{c}": labels.get(c, c) for c in sorted(
        {e.src for e in wall.graph.edges} | {e.dst for e in wall.graph.edges})}
    pairs = sorted({(e.src, e.dst) for e in wall.graph.edges})
    targets |= {f"link:{a}>{b}": f"{labels.get(a, a)} → {labels.get(b, b)}" for a, b in pairs}
    return targets


def _notes(store: Store, wall: Wall, targets: dict[str, str]) -> pd.DataFrame:
    notes = store.wall_notes(wall.place_id, wall.year)
    keys = notes["target_kind"] + ":" + notes["target_code"]
    return notes.assign(pinned_to=[targets.get(k, f"{k} (no longer on the wall)") for k in keys])


def _wall_view(store: Store, place_name: str, year: str, filters: Filters | None = None,
              threshold_pence: int = 0, rate: float = DEFAULT_RATE,
              scheme: str = "cofog") -> WallView:
    filters = filters or Filters()
    wall = _cached_wall(store, place_name, year)
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
        node_options=edits.node_labels(wall.nodes),
    )


def pin_note(store: Store, place_name: str, year: str, target: str, text: str,
             author: str | None) -> str:
    """Pin a note to a node or link ("node:CODE" / "link:FROM>TO"); on disk when it returns."""
    wall = _cached_wall(store, place_name, year)
    text = edits.check_note(text, target, note_targets(wall))
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


def _wall_editor(store: Store, place_name: str, year: str) -> WallEditor:
    place_id = require_place(store, place_name)["place_id"]
    nodes = store.flow_nodes(place_id)
    return WallEditor(
        flows=edits.flows_for_editor(store.flows(place_id, year), nodes),
        flows_token=store.flows_token(place_id, year),
        nodes=edits.nodes_for_editor(nodes), nodes_token=store.nodes_token(place_id),
        edits=store.wall_edits(place_id).rename(columns={
            "year": "Year", "what": "What", "edited_by": "Saved by", "edited_at": "When (UTC)",
            "rows_before": "Rows before", "rows_after": "Rows after"}),
        node_names=sorted(edits.node_labels(nodes).values()))


def save_flows(store: Store, place_name: str, year: str, edited: pd.DataFrame, token: str,
               edited_by: str | None) -> int:
    """Check every edited row; save all of them or, if any is wrong, none (WallProblems)."""
    place_id = require_place(store, place_name)["place_id"]
    rows, problems = edits.check_flows(edited, store.flow_nodes(place_id),
                                            store.flows(place_id, year), place_id, year)
    if problems:
        raise edits.WallProblems(problems)
    store.replace_flows(place_id, year, rows, (edited_by or "").strip() or None, token)
    return len(rows)


def save_nodes(store: Store, place_name: str, edited: pd.DataFrame, token: str,
               edited_by: str | None) -> int:
    place_id = require_place(store, place_name)["place_id"]
    rows, problems = edits.check_nodes(edited, store.flow_nodes(place_id),
                                            store.flow_node_use(place_id), place_id)
    if problems:
        raise edits.WallProblems(problems)
    store.replace_nodes(place_id, rows, (edited_by or "").strip() or None, token)
    return len(rows)


def _wall_choices(store: Store, place_name: str, year: str,
                 scheme: str = "cofog") -> tuple[list[str], list[str], dict[str, str]]:
    """What the wall can be filtered by: functions (in `scheme`), streams, and nodes."""
    wall = _cached_wall(store, place_name, year)
    edge_function = edge_functions(wall.graph, node_functions(wall.nodes), scheme,
                                   _theme_of(store, wall.place_id))
    in_flows = {e.src for e in wall.graph.edges} | {e.dst for e in wall.graph.edges}
    labels = edits.node_labels(wall.nodes)
    return (sorted(set(edge_function.values())), sorted({e.stream for e in wall.graph.edges}),
            {c: labels.get(c, c) for c in sorted(in_flows, key=lambda c: labels.get(c, c))})


def note_history(store: Store, note_id: str) -> pd.DataFrame:
    """Every version of a note, oldest first."""
    history = store.note_history(note_id)
    return pd.DataFrame({
        "Version": history["version"], "Status": history["status"], "Note": history["text"],
        "By": history["author"].fillna(""), "Answer": history["answer"].fillna(""),
        "Answered by": history["answered_by"].fillna(""), "When (UTC)": history["created_at"]})


# -- cached by data version: a rerun that changes nothing traces nothing --------------------
DEPENDS_ON = ("spend", "themes", "wall")  # the data versions the wall's answers depend on


def _cached_wall(store: Store, place_name: str, year: str) -> Wall:
    return store.cached(("wall", place_name, year), DEPENDS_ON,
                        lambda: _load_wall(store, place_name, year))


def load_wall(store: Store, place_name: str, year: str) -> Wall:
    """One place-year's flows, traced (cached by data version)."""
    return _cached_wall(store, place_name, year)


def wall_view(store: Store, place_name: str, year: str, filters: Filters | None = None,
              threshold_pence: int = 0, rate: float = DEFAULT_RATE,
              scheme: str = "cofog") -> WallView:
    """Everything the page shows for these choices (cached by data version and choices)."""
    key = ("wall_view", place_name, year, filters or Filters(), threshold_pence, rate, scheme)
    return store.cached(key, DEPENDS_ON, lambda: _wall_view(
        store, place_name, year, filters, threshold_pence, rate, scheme))


def wall_choices(store: Store, place_name: str, year: str,
                 scheme: str = "cofog") -> tuple[list[str], list[str], dict[str, str]]:
    return store.cached(("wall_choices", place_name, year, scheme), DEPENDS_ON,
                        lambda: _wall_choices(store, place_name, year, scheme))


def wall_editor(store: Store, place_name: str, year: str) -> WallEditor:
    return store.cached(("wall_editor", place_name, year), DEPENDS_ON,
                        lambda: _wall_editor(store, place_name, year))
