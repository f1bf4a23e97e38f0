"""What the mapping wall's views hold: the traced wall, the page's view of it, the editor.

Plain data with the wording a page shows; the service fills them from the store."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from totalplace_core.money import format_gbp
from totalplace_core.wall.admin_loss import RATE_NOTE
from totalplace_core.wall.graph import Graph
from totalplace_core.wall.sankey import Picture
from totalplace_core.wall.tracing import HandOvers, Mix


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


@dataclass(frozen=True)
class WallEditor:
    """The tables a facilitator edits, and the versions they start from."""

    flows: pd.DataFrame
    flows_token: str
    nodes: pd.DataFrame
    nodes_token: str
    edits: pd.DataFrame
    node_names: list[str]  # what the From and To columns offer
