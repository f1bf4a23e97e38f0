"""What the Sankey draws: nodes in columns, the links between them, small ones grouped."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from totalplace_core.classifications import NODE_TIERS
from totalplace_core.wall.graph import CITIZEN, INTERMEDIARY, SERVICE, SOURCE, Graph

TIER_PLURAL = {SOURCE: "sources", INTERMEDIARY: "bodies", SERVICE: "services",
               CITIZEN: "groups of people"}
GROUP_SHARE = 0.02
GROUP_STEPS_M = [0, 1, 5, 10, 20, 50, 100]  # £m thresholds offered for grouping
GROUP_NOTE = ("Bodies and services moving less than this are drawn as one 'Other' per column; "
              "never more than 2% of the largest in view, so a focused view keeps its detail.")


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
