"""The mapping wall: funding flows from source to citizen, their hand-overs and what those cost.

A flow is money moving along one edge (from node, to node, stream, amount). Nodes sit in four
tiers: sources (taxpayers, central departments, EU programmes, council tax, business rates),
intermediaries (regional bodies, councils, health commissioners and providers, police,
voluntary bodies), services, and the citizen groups they reach.

Hand-overs. The pilots used the Audit Commission's finding that each hand-over of a funding
stream from one organisation to another loses about 20% of the stream's value in
administration. Here a *hand-over* is money passing from an organisation into an
intermediary body. A source with no body code (taxpayers, council tax payers, business rates)
is where money is raised, not an organisation, so paying it in is not a hand-over; nor is money
moving between sources (taxation voted to a department), nor a body spending on a service or
paying people. So: DWP -> pensioners 0; council tax -> council -> social care 0;
DCSF -> council -> schools 1; DH -> PCT -> hospital trust -> acute care 2;
ESF -> Government Office -> council -> CVS -> employment support 3.

Tracing. Money is counted where it first reaches a service or a citizen group ("delivered").
Bodies pool what they receive, so a pound is followed through each node like this: money that
leaves on a stream with the same name as one that came in is that stream's money; everything
else leaves in proportion to all the node received that no same-named stream took. Where a
body merges streams and passes them on under new names the split is an assumption, so hand-over
counts per stream are estimates; totals are exact. A cycle cannot be traced: it is reported,
and the edge that closes it is left out of the tracing, so nothing loops.

Money is integer pence throughout; fractions of a pound only exist inside the tracing and are
rounded back to whole pence (largest remainder) so every total adds up exactly.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from totalplace_core import tables
from totalplace_core.classifications import (
    COFOG_DIVISIONS,
    COFOG_GROUPS,
    NODE_TIERS,
    division_of,
)

SOURCE, INTERMEDIARY, SERVICE, CITIZEN = NODE_TIERS
DEFAULT_RATE = 0.2
RATE_NOTE = ("An estimate: the Audit Commission found about 20% of a funding stream's value is "
             "lost in administration at each hand-over between organisations; the pilots used "
             "that figure. The cost here is that rate times hand-overs, at most the whole pound.")
TIER_PLURAL = {SOURCE: "sources", INTERMEDIARY: "bodies", SERVICE: "services",
               CITIZEN: "groups of people"}
SCHEMES = {"cofog": "COFOG division", "local": "Local theme"}
GROUP_SHARE = 0.02
GROUP_STEPS_M = [0, 1, 5, 10, 20, 50, 100]  # £m thresholds offered for grouping
GROUP_NOTE = ("Bodies and services moving less than this are drawn as one 'Other' per column; "
              "never more than 2% of the largest in view, so a focused view keeps its detail.")
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
Mix = dict[Any, float]


class WallInputError(ValueError):
    """Something a person typed on the wall that cannot be saved; the message says what."""


# -- the graph ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Edge:
    index: int  # row label in the flows frame
    src: str
    dst: str
    stream: str
    pence: int


@dataclass
class Routing:
    """How one node passes on what it receives (see the module docstring)."""

    # out edge -> [(in edge, share of the in edge's money)] for same-named streams, and back
    matched: dict[int, list[tuple[int, float]]] = field(default_factory=dict)
    matched_in: dict[int, list[tuple[int, float]]] = field(default_factory=dict)
    to_pool: dict[int, float] = field(default_factory=dict)  # in edge -> share of it pooled
    from_pool: dict[int, float] = field(default_factory=dict)  # out edge -> pence from pool
    pool: float = 0.0


@dataclass
class Graph:
    edges: list[Edge]
    tiers: dict[str, str]
    raising: set[str]
    back_edges: set[int]
    cycles: list[list[str]]
    order: list[str]
    ins: dict[str, list[Edge]]
    outs: dict[str, list[Edge]]
    routing: dict[str, Routing]

    def is_hand_over(self, edge: Edge) -> bool:
        return self.tiers[edge.dst] == INTERMEDIARY and edge.src not in self.raising

    def is_delivery(self, edge: Edge) -> bool:
        return (self.tiers[edge.dst] in (SERVICE, CITIZEN)
                and self.tiers[edge.src] in (SOURCE, INTERMEDIARY))


def build_graph(flows: pd.DataFrame, nodes: pd.DataFrame) -> Graph:
    """The flows of one place-year as a graph, cycles found and broken, routing worked out."""
    edges = [Edge(i, r.from_node_code, r.to_node_code, r.stream, int(r.amount_pence))
             for i, r in zip(flows.index, flows.itertuples(index=False), strict=True)]
    tiers = dict(zip(nodes["node_code"], nodes["tier"], strict=True))
    codes = sorted({e.src for e in edges} | {e.dst for e in edges})
    for code in codes:
        tiers.setdefault(code, INTERMEDIARY)
    org = dict(zip(nodes["node_code"], nodes["org_code"].fillna(""), strict=True))
    raising = {c for c in codes if tiers[c] == SOURCE and not str(org.get(c, "")).strip()}
    every_out: dict[str, list[Edge]] = defaultdict(list)
    for e in sorted(edges, key=lambda e: (e.dst, e.index)):
        every_out[e.src].append(e)
    back, cycles = find_cycles(codes, every_out)
    kept = [e for e in edges if e.index not in back]
    ins: dict[str, list[Edge]] = {c: [] for c in codes}
    outs: dict[str, list[Edge]] = {c: [] for c in codes}
    for e in kept:
        ins[e.dst].append(e)
        outs[e.src].append(e)
    order = _topological(codes, outs)
    routing = {c: _route(ins[c], outs[c]) for c in codes}
    return Graph(edges, tiers, raising, back, cycles, order, ins, outs, routing)


def find_cycles(codes: list[str], outs: dict[str, list[Edge]]) -> tuple[set[int], list[list[str]]]:
    """Edges that close a cycle, and each cycle as a node path (first node repeated at the end).

    Depth-first with an explicit stack: a cycle is reported once, never followed round.
    """
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    back: set[int] = set()
    cycles: list[list[str]] = []
    for root in codes:
        if root in state:
            continue
        state[root], path, stack = 1, [root], [iter(outs.get(root, []))]
        while stack:
            edge = next(stack[-1], None)
            if edge is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(edge.dst) == 1:
                back.add(edge.index)
                cycle = [*path[path.index(edge.dst):], edge.dst]
                if cycle not in cycles:
                    cycles.append(cycle)
            elif edge.dst not in state:
                state[edge.dst] = 1
                path.append(edge.dst)
                stack.append(iter(outs.get(edge.dst, [])))
    return back, cycles


def _topological(codes: list[str], outs: dict[str, list[Edge]]) -> list[str]:
    waiting = {c: 0 for c in codes}
    for edges in outs.values():
        for e in edges:
            waiting[e.dst] += 1
    ready = [c for c in codes if waiting[c] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        code = heapq.heappop(ready)
        order.append(code)
        for e in outs[code]:
            waiting[e.dst] -= 1
            if waiting[e.dst] == 0:
                heapq.heappush(ready, e.dst)
    return order


def _by_stream(edges: list[Edge]) -> dict[str, list[Edge]]:
    grouped: dict[str, list[Edge]] = defaultdict(list)
    for e in edges:
        grouped[e.stream].append(e)
    return grouped


def _route(ins: list[Edge], outs: list[Edge]) -> Routing:
    route = Routing(to_pool={e.index: 1.0 for e in ins},
                    from_pool={e.index: float(e.pence) for e in outs})
    in_by, out_by = _by_stream(ins), _by_stream(outs)
    for stream in sorted(in_by.keys() & out_by.keys()):
        total_in = sum(e.pence for e in in_by[stream])
        total_out = sum(e.pence for e in out_by[stream])
        take = min(total_in, total_out)
        if take <= 0:
            continue
        for i in in_by[stream]:
            route.to_pool[i.index] = 1 - take / total_in
            for j in out_by[stream]:
                share = take * j.pence / (total_in * total_out)
                route.matched.setdefault(j.index, []).append((i.index, share))
                route.matched_in.setdefault(i.index, []).append((j.index, share))
        for j in out_by[stream]:
            route.from_pool[j.index] = j.pence * (1 - take / total_out)
    route.pool = sum(e.pence * route.to_pool[e.index] for e in ins)
    return route


def _add(target: Mix, source: Mix, factor: float) -> None:
    for key, value in source.items():
        target[key] = target.get(key, 0.0) + value * factor


def forward(graph: Graph, origin: Callable[[Edge], Mix],
            step: Callable[[Edge, Mix], Mix]) -> dict[int, Mix]:
    """What each edge carries, worked downstream: `origin` is a unit mix for money that starts
    at a node (nothing came in), `step` changes a mix as it crosses an edge."""
    mixes: dict[int, Mix] = {}
    for node in graph.order:
        route = graph.routing[node]
        pooled: Mix = {}
        for i, share in route.to_pool.items():
            _add(pooled, mixes[i], share)
        for edge in graph.outs[node]:
            raw: Mix = {}
            for i, share in route.matched.get(edge.index, []):
                _add(raw, mixes[i], share)
            taken = route.from_pool[edge.index]
            if route.pool > 0:
                _add(raw, pooled, taken / route.pool)
            elif taken > 0:
                _add(raw, origin(edge), taken)
            mixes[edge.index] = step(edge, raw)
    return mixes


def backward_share(graph: Graph, seeds: set[int]) -> dict[int, float]:
    """For each edge, the share of its money that goes on to travel a seed edge."""
    share = {e.index: (1.0 if e.index in seeds else 0.0) for e in graph.edges}
    for node in reversed(graph.order):
        route = graph.routing[node]
        pooled = 0.0
        if route.pool > 0:
            pooled = sum(route.from_pool[j.index] * share[j.index]
                         for j in graph.outs[node]) / route.pool
        for edge in graph.ins[node]:
            if edge.index in seeds:
                continue
            value = route.to_pool.get(edge.index, 0.0) * pooled + sum(
                s * share[j] for j, s in route.matched_in.get(edge.index, []))
            share[edge.index] = min(1.0, value)
    return share


def forward_share(graph: Graph, seeds: set[int]) -> dict[int, float]:
    """For each edge, the share of its money that has already travelled a seed edge."""
    def step(edge: Edge, mix: Mix) -> Mix:
        return {"seed": float(edge.pence)} if edge.index in seeds else mix

    mixes = forward(graph, lambda edge: {}, step)
    share = {}
    for e in graph.edges:
        carried = mixes.get(e.index, {}).get("seed", 0.0)
        if e.index in seeds:
            share[e.index] = 1.0
        else:
            share[e.index] = min(1.0, carried / e.pence) if e.pence else 0.0
    return share


def trace(graph: Graph) -> dict[int, Mix]:
    """Each edge's money by (stream it was last handed over on, hand-overs so far)."""
    def step(edge: Edge, mix: Mix) -> Mix:
        if graph.is_hand_over(edge):
            return _relabel(mix, edge.stream, 1)
        if graph.tiers[edge.src] == SOURCE:
            return _relabel(mix, edge.stream, 0)
        return mix

    return forward(graph, lambda edge: {(edge.stream, 0): 1.0}, step)


def _relabel(mix: Mix, stream: str, extra: int) -> Mix:
    out: Mix = {}
    for (_, hand_overs), value in mix.items():
        key = (stream, hand_overs + extra)
        out[key] = out.get(key, 0.0) + value
    return out


def apportion(total: int, mix: Mix) -> dict[Any, int]:
    """Whole pence summing exactly to `total`, in proportion to `mix` (largest remainder)."""
    weight = sum(mix.values())
    if total == 0 or weight <= 0:
        return {}
    exact = {k: total * v / weight for k, v in mix.items()}
    whole = {k: int(v) for k, v in exact.items()}
    spare = total - sum(whole.values())
    for key in sorted(exact, key=lambda k: (whole[k] - exact[k], str(k)))[:spare]:
        whole[key] += 1
    return {k: v for k, v in whole.items() if v}


# -- what is shown: filters and focus ---------------------------------------------------------

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


# -- hand-overs and their cost ---------------------------------------------------------------

@dataclass(frozen=True)
class HandOvers:
    """Money in view reaching services and citizens, by hand-overs it passed on the way."""

    delivered: pd.DataFrame  # stream, hand_overs, amount_pence, is_direct
    untraced_pence: int  # delivered on an edge that closes a cycle

    @property
    def delivered_pence(self) -> int:
        return int(self.delivered["amount_pence"].sum()) + self.untraced_pence

    @property
    def direct_pence(self) -> int:
        return int(self.delivered.loc[self.delivered["is_direct"], "amount_pence"].sum())

    @property
    def direct_share_pct(self) -> float:
        total = self.delivered_pence
        return 100.0 * self.direct_pence / total if total else 0.0

    @property
    def mean_hand_overs(self) -> float:
        frame = self.delivered
        total = frame["amount_pence"].sum()
        return float((frame["hand_overs"] * frame["amount_pence"]).sum() / total) if total else 0.0


def hand_overs(graph: Graph, mixes: dict[int, Mix], shown: dict[int, int]) -> HandOvers:
    rows, untraced = [], 0
    for edge in graph.edges:
        pence = shown.get(edge.index, 0)
        if not pence or not graph.is_delivery(edge):
            continue
        if edge.index in graph.back_edges:
            untraced += pence
            continue
        direct = graph.tiers[edge.dst] == CITIZEN
        for (stream, count), part in apportion(pence, mixes[edge.index]).items():
            rows.append((stream, count, part, direct))
    frame = pd.DataFrame(rows, columns=["stream", "hand_overs", "amount_pence", "is_direct"])
    frame = frame.groupby(["stream", "hand_overs", "is_direct"], as_index=False)[
        "amount_pence"].sum()
    return HandOvers(frame.astype({"amount_pence": "int64", "hand_overs": "int64"}), untraced)


def loss_fraction(count: int, rate: float) -> Decimal:
    """Share of a pound lost after `count` hand-overs at `rate` each (never above the pound)."""
    return min(Decimal(1), Decimal(str(rate)) * count)


def _with_loss(delivered: pd.DataFrame, rate: float) -> pd.DataFrame:
    # An estimate, so to the pound: no spurious pence.
    loss = [100 * int((Decimal(int(p)) * loss_fraction(int(k), rate) / 100).quantize(
        1, ROUND_HALF_UP)) for p, k in zip(delivered["amount_pence"], delivered["hand_overs"],
                                           strict=True)]
    return delivered.assign(loss_pence=pd.Series(loss, index=delivered.index, dtype="int64"))


def check_rate(rate: float) -> float:
    if not 0 <= rate <= 1:
        raise WallInputError(f"The rate per hand-over must be between 0 and 1 (found {rate}).")
    return rate


def admin_loss_pence(summary: HandOvers, rate: float) -> int:
    """Estimated administration cost of the hand-overs of the money in view."""
    return int(_with_loss(summary.delivered, check_rate(rate))["loss_pence"].sum())


def distribution(summary: HandOvers, rate: float) -> pd.DataFrame:
    """Money reaching people by hand-overs on the way: every count from 0 to the most."""
    frame = _with_loss(summary.delivered, check_rate(rate))
    sums = frame.groupby("hand_overs")[["amount_pence", "loss_pence"]].sum()
    top = int(frame["hand_overs"].max()) if len(frame) else 0
    total = int(frame["amount_pence"].sum())
    rows = [{"hand_overs": k, "delivered_pence": int(sums["amount_pence"].get(k, 0)),
             "share_pct": round(100.0 * sums["amount_pence"].get(k, 0) / total, 1) if total
             else 0.0, "loss_pence": int(sums["loss_pence"].get(k, 0))} for k in range(top + 1)]
    return pd.DataFrame(rows, columns=["hand_overs", "delivered_pence", "share_pct",
                                       "loss_pence"])


def by_stream(summary: HandOvers, rate: float) -> pd.DataFrame:
    """Each stream's money reaching people, its hand-overs and their estimated cost,
    the streams with the most hand-overs first."""
    frame = _with_loss(summary.delivered, check_rate(rate))
    frame = frame.assign(weighted=frame["hand_overs"] * frame["amount_pence"])
    sums = frame.groupby("stream").agg(delivered_pence=("amount_pence", "sum"),
                                       weighted=("weighted", "sum"),
                                       most_hand_overs=("hand_overs", "max"),
                                       loss_pence=("loss_pence", "sum")).reset_index()
    sums["mean_hand_overs"] = (sums["weighted"] / sums["delivered_pence"]).round(2)
    sums = sums.sort_values(["mean_hand_overs", "delivered_pence", "stream"],
                            ascending=[False, False, True])
    return sums[["stream", "delivered_pence", "mean_hand_overs", "most_hand_overs",
                 "loss_pence"]].reset_index(drop=True)


def longest_chain(graph: Graph, mixes: dict[int, Mix],
                  shown: dict[int, int]) -> tuple[int, list[str]]:
    """The route with the most hand-overs that money in view takes to a service or people.

    Starts from the delivery with the most money at the highest hand-over count, then walks
    back, at each body taking the incoming flow that brought most of that money.
    """
    best: tuple[int, float, int] | None = None
    for edge in graph.edges:
        if edge.index in shown and graph.is_delivery(edge) and edge.index in mixes:
            for (_, count), pence in mixes[edge.index].items():
                if pence >= 1 and (best is None or (count, pence) > best[:2]):
                    best = (count, pence, edge.index)
    if best is None:
        return 0, []
    edge = next(e for e in graph.edges if e.index == best[2])
    path, count = [edge.dst], best[0]
    while edge is not None:
        path.insert(0, edge.src)
        count -= graph.is_hand_over(edge)
        edge = _main_feeder(graph, mixes, edge, count)
    return best[0], _on_to_people(graph, shown, path)


def _main_feeder(graph: Graph, mixes: dict[int, Mix], edge: Edge, count: int) -> Edge | None:
    """The flow into `edge`'s source that brought it most money with `count` hand-overs."""
    route = graph.routing[edge.src]
    feeds = {i: s for i, s in route.matched.get(edge.index, [])}
    if route.pool > 0:
        for i, pooled in route.to_pool.items():
            feeds[i] = feeds.get(i, 0.0) + pooled * route.from_pool[edge.index] / route.pool
    scored = [(sum(v for (_, k), v in mixes[i].items() if k == count) * share, i)
              for i, share in feeds.items()]
    scored = [(money, i) for money, i in scored if money > 0]
    if not scored:
        return None
    return next(e for e in graph.ins[edge.src] if e.index == max(scored)[1])


def _on_to_people(graph: Graph, shown: dict[int, int], path: list[str]) -> list[str]:
    """A chain ending at a service goes on to the group of people it mostly serves."""
    outs = [e for e in graph.outs[path[-1]] if e.index in shown and graph.tiers[e.dst] == CITIZEN]
    if graph.tiers[path[-1]] == SERVICE and outs:
        path.append(max(outs, key=lambda e: (shown[e.index], e.dst)).dst)
    return path


def balance(graph: Graph) -> pd.DataFrame:
    """Bodies and services where what the wall shows going out differs from what comes in."""
    flows_in: dict[str, int] = defaultdict(int)
    flows_out: dict[str, int] = defaultdict(int)
    for e in graph.edges:
        flows_in[e.dst] += e.pence
        flows_out[e.src] += e.pence
    rows = [{"node_code": c, "in_pence": flows_in[c], "out_pence": flows_out[c],
             "difference_pence": flows_in[c] - flows_out[c]}
            for c in sorted(graph.tiers) if graph.tiers[c] in (INTERMEDIARY, SERVICE)
            and flows_in[c] != flows_out[c] and (flows_in[c] or flows_out[c])]
    return pd.DataFrame(rows, columns=["node_code", "in_pence", "out_pence", "difference_pence"])


# -- the picture: nodes, links, columns, small flows grouped -----------------------------------

def columns(graph: Graph, shown: dict[int, int]) -> dict[str, int]:
    """A column for each node in view: tiers left to right, and within a tier, one column
    further right for each body the money passed through in that tier."""
    depth: dict[str, int] = {}
    present = {e.src for e in graph.edges if e.index in shown} | {
        e.dst for e in graph.edges if e.index in shown}
    for node in graph.order:
        if node not in present:
            continue
        depth.setdefault(node, 0)
        for e in graph.outs[node]:
            if e.index in shown and graph.tiers[e.dst] == graph.tiers[node]:
                depth[e.dst] = max(depth.get(e.dst, 0), depth[node] + 1)
    base, out = 0, {}
    for tier in NODE_TIERS:
        members = [n for n in depth if graph.tiers[n] == tier]
        for n in members:
            out[n] = base + depth[n]
        if members:
            base += max(depth[n] for n in members) + 1
    return out


@dataclass(frozen=True)
class Picture:
    """What the Sankey draws. `nodes`: key, name, short (for a one-line label), tier, column,
    total_pence, members, open_notes. `links`: source, target, value_pence, flows, streams,
    open_notes, link_code."""

    nodes: pd.DataFrame
    links: pd.DataFrame
    grouped: int  # nodes folded into "other"
    hidden_pence: int  # money moving between nodes folded into the same "other"


def _totals(graph: Graph, shown: dict[int, int]) -> dict[str, int]:
    flows_in: dict[str, int] = defaultdict(int)
    flows_out: dict[str, int] = defaultdict(int)
    for e in graph.edges:
        if e.index in shown:
            flows_in[e.dst] += shown[e.index]
            flows_out[e.src] += shown[e.index]
    return {n: max(flows_in[n], flows_out[n]) for n in set(flows_in) | set(flows_out)}


def group_small(totals: dict[str, int], column: dict[str, int], tiers: dict[str, str],
                threshold_pence: int, keep: Iterable[str] = ()) -> dict[str, str]:
    """Node -> the key it is drawn under. Nodes moving less than the threshold share one
    "other" node per tier and column (a lone small node keeps its own)."""
    keep = set(keep)
    small: dict[str, list[str]] = defaultdict(list)
    for node, total in totals.items():
        if total < threshold_pence and node not in keep:
            small[f"other:{tiers[node]}:{column[node]}"].append(node)
    key = {node: node for node in totals}
    for group, members in small.items():
        if len(members) > 1:
            key.update({m: group for m in members})
    return key


def short_names(nodes: pd.DataFrame, width: int = 22) -> dict[str, str]:
    """A body's code where its name is too long for one line of a label."""
    return {r.node_code: r.org_code if len(r.node_name) > width and isinstance(r.org_code, str)
            and r.org_code.strip() else r.node_name for r in nodes.itertuples(index=False)}


def _stream_text(streams: dict[str, int]) -> str:
    ranked = sorted(streams, key=lambda s: (-streams[s], s))
    text = "; ".join(ranked[:3])
    return text + (f"; and {len(ranked) - 3} more" if len(ranked) > 3 else "")


def picture(graph: Graph, shown: dict[int, int], names: dict[str, str], threshold_pence: int,
            keep: Iterable[str] = (), notes: dict[str, int] | None = None,
            short: dict[str, str] | None = None, share: float = GROUP_SHARE) -> Picture:
    """Nodes and links to draw. `notes` counts open notes by target code (node code, or
    "FROM>TO" for a link). A node's total is the larger of what the drawn links bring in
    and take out. Small nodes are grouped below the threshold, or below `share` of the
    largest node in view if that is less, so a filtered or focused view keeps its detail."""
    notes = notes or {}
    column, totals = columns(graph, shown), _totals(graph, shown)
    threshold_pence = min(threshold_pence, int(share * max(totals.values(), default=0)))
    key = group_small(totals, column, graph.tiers, threshold_pence, keep)
    links, hidden = _links(graph, shown, key)
    link_rows = [{"source": s, "target": t, "value_pence": v["value_pence"], "flows": v["flows"],
                  "streams": _stream_text(v["streams"]),
                  "open_notes": sum(notes.get(c, 0) for c in v["codes"]),
                  "link_code": next(iter(v["codes"])) if len(v["codes"]) == 1 else None}
                 for (s, t), v in sorted(links.items())]
    link_frame = pd.DataFrame(link_rows, columns=["source", "target", "value_pence", "flows",
                                                  "streams", "open_notes", "link_code"])
    flows_in = link_frame.groupby("target")["value_pence"].sum()
    flows_out = link_frame.groupby("source")["value_pence"].sum()
    totals = {k: int(max(flows_in.get(k, 0), flows_out.get(k, 0)))
              for k in set(flows_in.index) | set(flows_out.index)}
    node_rows = _node_rows(key, totals, column, graph.tiers, names, notes)
    for row in node_rows:
        row["short"] = (short or {}).get(row["key"]) or row["name"]
    grouped = sum(1 for n, k in key.items() if k != n)
    return Picture(pd.DataFrame(node_rows, columns=["key", "name", "short", "tier", "column",
                                                    "total_pence", "members", "open_notes"]),
                   link_frame, grouped, hidden)


def _links(graph: Graph, shown: dict[int, int],
           key: dict[str, str]) -> tuple[dict[tuple[str, str], dict[str, Any]], int]:
    """Flows in view summed by the pair of nodes they are drawn between."""
    links: dict[tuple[str, str], dict[str, Any]] = {}
    hidden = 0
    for e in graph.edges:
        if e.index not in shown:
            continue
        pair = (key[e.src], key[e.dst])
        if pair[0] == pair[1]:
            hidden += shown[e.index]
            continue
        link = links.setdefault(pair, {"value_pence": 0, "flows": 0, "streams": {},
                                       "codes": set()})
        link["value_pence"] += shown[e.index]
        link["flows"] += 1
        link["streams"][e.stream] = link["streams"].get(e.stream, 0) + shown[e.index]
        link["codes"].add(f"{e.src}>{e.dst}")
    return links, hidden


def _node_rows(key: dict[str, str], totals: dict[str, int], column: dict[str, int],
               tiers: dict[str, str], names: dict[str, str],
               notes: dict[str, int]) -> list[dict[str, Any]]:
    members: dict[str, list[str]] = defaultdict(list)
    for node, k in key.items():
        members[k].append(node)
    rows = []
    for k, nodes in sorted(members.items()):
        if k not in totals:  # everything it moved stayed inside its "other" group
            continue
        first = nodes[0]
        name = names.get(first, first) if k == first else (
            f"Other {TIER_PLURAL[tiers[first]]} ({len(nodes)})")
        rows.append({"key": k, "name": name, "tier": tiers[first], "column": column[first],
                     "total_pence": totals[k], "members": sorted(nodes),
                     "open_notes": sum(notes.get(n, 0) for n in nodes)})
    return rows


# -- tables ------------------------------------------------------------------------------------

HEADERS: dict[str, str] = {
    "stream": "Stream", "delivered_pence": "Reaching people", "amount_pence": "Amount",
    "mean_hand_overs": "Hand-overs (average)", "most_hand_overs": "Most hand-overs",
    "loss_pence": "Admin cost (estimate)", "hand_overs": "Hand-overs", "share_pct": "Share (%)",
    "node": "Body or service", "in_pence": "Money in", "out_pence": "Money out",
    "difference_pence": "In but not shown going on",
}


def for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """A wall table on screen: money as exact £ text, plain-English headers."""
    return tables.for_display(frame).rename(columns=HEADERS)


def flow_table(flows: pd.DataFrame, graph: Graph, mixes: dict[int, Mix], shown: dict[int, int],
               names: dict[str, str]) -> pd.DataFrame:
    """The flows in view, biggest first, with the hand-overs their money has passed."""
    rows = []
    for e in graph.edges:
        if e.index not in shown:
            continue
        row = flows.loc[e.index]
        mix = mixes.get(e.index, {})
        weight = sum(mix.values())
        passed = sum(k * v for (_, k), v in mix.items()) / weight if weight else None
        rows.append({"From": names.get(e.src, e.src), "To": names.get(e.dst, e.dst),
                     "Stream": e.stream, "Kind": row["kind"],
                     "Ring-fenced": "yes" if row["is_ring_fenced"] else "no",
                     "amount_pence": shown[e.index],
                     "Part in view (%)": round(100.0 * shown[e.index] / e.pence, 1),
                     "Hand-overs so far": None if passed is None else round(passed, 2)})
    frame = pd.DataFrame(rows, columns=["From", "To", "Stream", "Kind", "Ring-fenced",
                                        "amount_pence", "Part in view (%)", "Hand-overs so far"])
    return frame.sort_values(["amount_pence", "From", "To"],
                             ascending=[False, True, True]).reset_index(drop=True)
