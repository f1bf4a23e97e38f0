"""The mapping wall: flow_nodes.csv and flows.csv.

fixed/flow_paths.json lists funding streams as paths of nodes from where the money is raised to
the citizens it reaches, with the kind of each hop and the 2009-10 amount in GBP million. A
path's last hop may be shared among citizen groups ("shared_among" names a split in
"citizen_splits"). Streams that share a hop are added up into one flow, so the wall shows one
link per pair of nodes and name rather than one per grant.
"""

from __future__ import annotations

import random
from pathlib import Path

from totalplace_core.classifications import NODE_TIERS

from . import fixed
from .amounts import money, share_out
from .csv_files import true_false, write_csv
from .organisations import ORG_NAMES
from .settings import AMOUNTS_YEAR, YEARS

# node_code, node_name (blank for a body's node: the name is the body's), tier, org_code.
NODES = fixed.table("flow_nodes.csv")
# Names of the nodes that are not bodies: tax, services, citizen groups.
OWN_NAMES = {n["node_code"]: n["node_name"] for n in NODES if n["node_name"]}

FLOW_DATA = fixed.document("flow_paths.json")
HEAD_STREAMS = FLOW_DATA["head_streams"]  # tax-raising node -> name of the money it raises
PRECEPT = FLOW_DATA["precept"]  # council tax into police and fire authorities is a precept
DEFAULT_GROWTH = FLOW_DATA["default_growth"]  # 2008-09 = 2009-10 / growth


def flow_paths() -> list[dict]:
    """The fixed paths, each with "nodes": its node codes and, if shared, the split last."""
    splits, vias = FLOW_DATA["citizen_splits"], FLOW_DATA["vias"]
    paths = []
    for entry in FLOW_DATA["paths"]:
        nodes = list(entry["path"])
        if "shared_among" in entry:
            nodes.append(splits[entry["shared_among"]])
        paths.append({**entry, "nodes": nodes, "via": vias.get(entry.get("via"), {})})
    return paths


def flow_node_rows() -> list[list[str]]:
    """Rows of flow_nodes.csv: sources first, then intermediaries, services and citizens."""
    rows = [
        [n["node_code"], n["node_name"] or ORG_NAMES[n["org_code"]], n["tier"], n["org_code"]]
        for n in NODES
    ]
    order = {t: i for i, t in enumerate(NODE_TIERS)}
    return sorted(rows, key=lambda r: (order[r[2]], r[0]))


def path_hops(stream: str, path: list, kinds: list[str], ring: bool, via: dict):
    """(from, targets, stream name, kind, ring-fenced) for each hop of one path.

    Hops between bodies carry the stream's own name. Tax raised is pooled on one edge per
    receiver, and the hops into and out of a service are named after the service, so the wall
    shows one link per body and service rather than one per grant. A path's "via" option
    names a hop after the allocation it travels in (one PCT allocation carries many streams).
    """
    hops = []
    for k, kind in enumerate(kinds):
        src, dst = path[k], path[k + 1]
        targets = dst if isinstance(dst, dict) else {dst: 1}
        if src in HEAD_STREAMS:
            label = PRECEPT["stream"] if dst in PRECEPT["receivers"] else HEAD_STREAMS[src]
            hops.append((src, targets, label, kind, False))
        elif src.startswith("SVC_"):
            hops.append((src, targets, OWN_NAMES[src], kind, False))
        elif isinstance(dst, str) and dst.startswith("SVC_"):
            hops.append((src, targets, OWN_NAMES[dst], kind, ring))
        else:
            hops.append((src, targets, via.get(src, stream), kind, ring))
    return hops


def build_flows(rng: random.Random) -> list[list[str]]:
    rows = []
    paths = flow_paths()
    for year in YEARS:
        total: dict[tuple, list] = {}  # (from, to, stream, kind) -> [pence, all ring-fenced]
        for p in paths:
            if p.get("only_year", year) != year:
                continue
            # Whole pounds, jittered by up to 2%: the wall is drawn from estimates.
            pounds = p["gbp_million_2009_10"] * 1e6 * rng.uniform(0.98, 1.02)
            growth = p.get("growth", DEFAULT_GROWTH)
            pence = round(pounds if year == AMOUNTS_YEAR else pounds / growth) * 100
            for src, targets, label, kind, fenced in path_hops(
                p["stream"], p["nodes"], p["kinds"], p["ring_fenced"], p["via"]
            ):
                shares = share_out(pence, list(targets.values()))
                for dst, share in zip(targets, shares, strict=True):
                    entry = total.setdefault((src, dst, label, kind), [0, True])
                    entry[0] += share
                    entry[1] = entry[1] and fenced
        for (src, dst, label, kind), (pence, fenced) in total.items():
            rows.append([year, src, dst, label, money(pence), kind, true_false(fenced)])
    return rows


def write_flows(out: Path, rng: random.Random) -> None:
    write_csv(
        out / "flow_nodes.csv", ["node_code", "node_name", "tier", "org_code"], flow_node_rows()
    )
    write_csv(
        out / "flows.csv",
        [
            "year",
            "from_node_code",
            "to_node_code",
            "stream",
            "amount_gbp",
            "kind",
            "is_ring_fenced",
        ],
        build_flows(rng),
    )
