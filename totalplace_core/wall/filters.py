"""What the wall shows: the part of each flow that meets the chosen functions, streams and
focus, and the function of each service or group of people."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from totalplace_core.classifications import COFOG_DIVISIONS, COFOG_GROUPS, division_of
from totalplace_core.wall.graph import CITIZEN, SERVICE, Graph
from totalplace_core.wall.tracing import backward_share, forward_share

SCHEMES = {"cofog": "COFOG division", "local": "Local theme"}
# What a service or citizen group is for, read from its name when no one has said (first match).
FUNCTION_HINTS: tuple[tuple[str, str], ...] = (
    ("council tax benefit", "10.6"), ("children's social care", "10.4"), ("school", "09.1"),
    ("early years", "09.1"), ("further education", "09.3"), ("skills", "09.3"),
    ("youth", "09.8"), ("adult social care", "10.2"), ("acute", "07.3"), ("hospital", "07.3"),
    ("mental health", "07.3"), ("ambulance", "07.2"), ("primary", "07.2"),
    ("community health", "07.2"), ("public health", "07.4"), ("drug", "07.4"),
    ("polic", "03.1"), ("fire", "03.2"), ("court", "03.3"), ("prison", "03.4"),
    ("offender", "03.4"), ("probation", "03.4"), ("community safety", "03.6"),
    ("domestic abuse", "03.6"), ("employment", "10.5"), ("job", "10.5"),
    ("regeneration", "06.2"), ("business", "04.1"), ("housing", "06.1"), ("transport", "04.5"),
    ("highway", "04.5"), ("waste", "05.1"), ("environment", "05.1"), ("librar", "08.2"),
    ("leisure", "08.1"), ("culture", "08.2"), ("older", "10.2"), ("pension", "10.2"),
    ("disab", "10.1"), ("carer", "10.1"), ("child", "10.4"), ("famil", "10.4"),
    ("young", "10.4"), ("working-age", "10.5"), ("crime", "03.6"),
)


@dataclass(frozen=True)
class Filters:
    """Empty means everything. Functions are labels from `function_labels`."""

    functions: tuple[str, ...] = ()
    streams: tuple[str, ...] = ()
    focus: tuple[str, ...] = ()  # node codes

    @property
    def active(self) -> bool:
        return bool(self.functions or self.streams or self.focus)


def default_function(name: str, tier: str) -> str | None:
    """A COFOG group for a service or citizen group, read from its name."""
    if tier not in (SERVICE, CITIZEN):
        return None
    lowered = name.lower()
    return next((group for hint, group in FUNCTION_HINTS if hint in lowered), None)


def node_functions(nodes: pd.DataFrame) -> dict[str, str | None]:
    """COFOG group of each node: as set on the wall, else read from the name."""
    out = {}
    for row in nodes.itertuples(index=False):
        chosen = row.cofog_code if isinstance(row.cofog_code, str) and row.cofog_code else None
        out[row.node_code] = chosen or default_function(row.node_name, row.tier)
    return out


def function_label(group: str | None, scheme: str, theme_of: dict[str, str]) -> str:
    if group is None or group not in COFOG_GROUPS:
        return "Not classified"
    if scheme == "local":
        return theme_of.get(group, "Not classified")
    division = division_of(group)
    return f"{division} {COFOG_DIVISIONS[division]}"


def edge_functions(graph: Graph, functions: dict[str, str | None], scheme: str,
                   theme_of: dict[str, str]) -> dict[int, str]:
    """The function of each delivery edge: that of the service or group it reaches."""
    return {e.index: function_label(functions.get(e.dst), scheme, theme_of)
            for e in graph.edges if graph.is_delivery(e)}


def _seed_weights(graph: Graph, seeds: set[int]) -> dict[int, float]:
    down, up = forward_share(graph, seeds), backward_share(graph, seeds)
    return {i: max(down[i], up[i]) for i in down}


def weights(graph: Graph, filters: Filters, edge_function: dict[int, str]) -> dict[int, float]:
    """The share of each flow's money that meets every filter (1.0 when none is set).

    Each filter picks seed flows: deliveries to services of the chosen functions, flows of the
    chosen streams, flows into or out of the focused nodes. A flow is then shown with the part
    of its money that travels on to a seed (upstream) or came through one (downstream).
    Several filters multiply, as if money mixed evenly wherever bodies pool it.
    """
    result = {e.index: 1.0 for e in graph.edges}
    picks = [
        {i for i, f in edge_function.items() if f in filters.functions} if filters.functions
        else None,
        {e.index for e in graph.edges if e.stream in filters.streams} if filters.streams
        else None,
        {e.index for e in graph.edges if {e.src, e.dst} & set(filters.focus)} if filters.focus
        else None,
    ]
    for seeds in picks:
        if seeds is None:
            continue
        part = _seed_weights(graph, seeds)
        result = {i: w * part[i] for i, w in result.items()}
    return result


def shown_pence(graph: Graph, weight: dict[int, float]) -> dict[int, int]:
    """Whole pence of each flow in view (flows with none are left out)."""
    shown = {e.index: round(e.pence * weight.get(e.index, 0.0)) for e in graph.edges}
    return {i: p for i, p in shown.items() if p > 0}
