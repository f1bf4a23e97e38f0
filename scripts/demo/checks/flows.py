"""Checks on flow_nodes.csv and flows.csv: known nodes and kinds, no cycles, long chains."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from totalplace_core.classifications import FLOW_KINDS, NODE_TIERS

from ..csv_files import read_csv
from ..settings import YEARS
from .need import need


def flow_graph_ok(flows: list[dict], tiers: dict[str, str]) -> int:
    """Raise on a cycle; return the most intermediaries met on any path."""
    edges = defaultdict(set)
    for f in flows:
        edges[f["from_node_code"]].add(f["to_node_code"])
    depth: dict[str, int] = {}

    def visit(node: str, trail: tuple) -> int:
        need(node not in trail, f"cycle through {node}")
        if node not in depth:
            below = max((visit(n, (*trail, node)) for n in edges[node]), default=0)
            depth[node] = below + (tiers[node] == "intermediary")
        return depth[node]

    return max(visit(n, ()) for n in list(edges))


def check_flows(out: Path, orgs: dict[str, str], report: dict) -> None:
    nodes = read_csv(out / "flow_nodes.csv")
    tiers = {n["node_code"]: n["tier"] for n in nodes}
    need(all(n["tier"] in NODE_TIERS and n["org_code"] in ("", *orgs) for n in nodes), "nodes")
    flows = read_csv(out / "flows.csv")
    need(
        all(f["kind"] in FLOW_KINDS and f["is_ring_fenced"] in ("true", "false") for f in flows),
        "flow kinds and ring-fence flags",
    )
    need(
        all(f["from_node_code"] in tiers and f["to_node_code"] in tiers for f in flows),
        "flows join known nodes",
    )
    for year in YEARS:
        rows = [f for f in flows if f["year"] == year]
        need(60 <= len(rows) <= 150, f"{year}: 60-150 flows")
        handovers = flow_graph_ok(rows, tiers)
        need(handovers >= 3, f"{year}: a stream through three or more hand-overs")
        need(
            any(
                tiers[f["from_node_code"]] == "source"
                and tiers[f["to_node_code"]] == "citizen"
                and f["kind"] == "benefit"
                for f in rows
            ),
            f"{year}: benefits straight through",
        )
        report[f"flows {year}"] = (len(rows), handovers)
