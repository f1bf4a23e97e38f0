"""The flows of one place-year as a graph: who pays whom, which payments are hand-overs, and
how each body passes on what it receives.

A flow is money moving along one edge (from node, to node, stream, amount). Nodes sit in four
tiers: sources (taxpayers, central departments, EU programmes, council tax, business rates),
intermediaries (regional bodies, councils, health commissioners and providers, police,
voluntary bodies), services, and the citizen groups they reach.

Hand-overs. A *hand-over* is money passing from an organisation into an intermediary body.
A source with no body code (taxpayers, council tax payers, business rates) is where money is
raised, not an organisation, so paying it in is not a hand-over; nor is money moving between
sources (taxation voted to a department), nor a body spending on a service or paying people.
So: DWP -> pensioners 0; council tax -> council -> social care 0; DCSF -> council -> schools 1;
DH -> PCT -> hospital trust -> acute care 2;
ESF -> Government Office -> council -> CVS -> employment support 3.

Routing. Bodies pool what they receive, so a pound is followed through each node like this:
money that leaves on a stream with the same name as one that came in is that stream's money;
everything else leaves in proportion to all the node received that no same-named stream took.
A cycle cannot be traced: it is reported, and the edge that closes it is left out of the
tracing, so nothing loops.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from totalplace_core.classifications import NODE_TIERS

SOURCE, INTERMEDIARY, SERVICE, CITIZEN = NODE_TIERS


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
