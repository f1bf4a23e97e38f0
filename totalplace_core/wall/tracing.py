"""Following the money: what each flow carries, by stream and hand-overs so far.

Money is counted where it first reaches a service or a citizen group ("delivered"), having
passed through each body as its routing says (see `flows.graph`). Where a body merges streams
and passes them on under new names the split is an assumption, so hand-over counts per stream
are estimates; totals are exact.

Money is integer pence throughout; fractions of a pound only exist inside the tracing and are
rounded back to whole pence (largest remainder) so every total adds up exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from totalplace_core.wall.graph import CITIZEN, SERVICE, SOURCE, Edge, Graph

Mix = dict[Any, float]


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
