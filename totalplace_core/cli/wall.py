"""`totalplace flows`: the mapping wall of a place-year, its hand-overs and their cost."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from totalplace_core import places
from totalplace_core.cli.output import pounds
from totalplace_core.money import format_gbp
from totalplace_core.store import Store
from totalplace_core.wall import service as wall_service


def flows_as_json(view: wall_service.WallView, rate: float) -> dict:
    """The mapping wall of one place-year: nodes, links, hand-overs and their estimated cost."""
    wall, summary = view.wall, view.summary
    moved_in: dict[str, int] = {}
    moved_out: dict[str, int] = {}
    for e in wall.graph.edges:
        moved_in[e.dst] = moved_in.get(e.dst, 0) + e.pence
        moved_out[e.src] = moved_out.get(e.src, 0) + e.pence
    codes = sorted(set(moved_in) | set(moved_out))
    return {
        "year": wall.year,
        "delivered_gbp": pounds(summary.delivered_pence),
        "direct_to_citizens_gbp": pounds(summary.direct_pence),
        "direct_to_citizens_pct": round(summary.direct_share_pct, 2),
        "nodes": [{"code": c, "name": wall.names.get(c, c), "tier": wall.graph.tiers[c],
                   "in_gbp": pounds(moved_in.get(c, 0)), "out_gbp": pounds(moved_out.get(c, 0))}
                  for c in codes],
        "links": [{"from": r.from_node_code, "to": r.to_node_code, "stream": r.stream,
                   "kind": r.kind, "ring_fenced": bool(r.is_ring_fenced),
                   "amount_gbp": pounds(r.amount_pence)} for r in wall.flows.itertuples()],
        "hand_overs": {
            "distribution": [{"hand_overs": int(r.hand_overs),
                              "amount_gbp": pounds(r.delivered_pence),
                              "share_pct": float(r.share_pct)}
                             for r in view.distribution.itertuples()],
            "mean_per_pound": round(summary.mean_hand_overs, 3),
            "longest_chain": {"hand_overs": view.chain[0], "path": view.chain[1]},
        },
        "admin_loss_estimate": {
            "rate_per_hand_over": rate, "estimate_gbp": pounds(view.loss_pence),
            "basis": wall_service.RATE_NOTE,
            "by_stream": [{"stream": r.stream, "amount_gbp": pounds(r.delivered_pence),
                           "mean_hand_overs": float(r.mean_hand_overs),
                           "most_hand_overs": int(r.most_hand_overs),
                           "loss_gbp": pounds(r.loss_pence)} for r in view.streams.itertuples()],
        },
        "cycles": [list(c) for c in wall.graph.cycles],
    }


def _rate(text: str) -> float | None:
    """The --rate as a share of a stream per hand-over; None (said on stderr) if unusable."""
    try:
        rate = float(text)
    except ValueError:
        rate = None
    if rate is None or not 0 <= rate <= 1:
        print(f"totalplace: --rate must be a number between 0 and 1, such as 0.2 (found {text!r}).",
              file=sys.stderr)
        return None
    return rate


def cmd_flows(args: argparse.Namespace) -> int:
    rate = _rate(args.rate)
    if rate is None:
        return 2
    with Store(args.db) as store:
        place = places.default_place(store, args.place)
        year = wall_service.resolve_flow_year(store, place, args.year)
        view = wall_service.wall_view(store, place, year, rate=rate)
    if args.json:
        print(json.dumps({"place": place} | flows_as_json(view, rate), indent=2))
        return 0
    summary = view.summary
    print(f"{place} {year}: {format_gbp(summary.delivered_pence)} reaches services and people; "
          f"{summary.direct_share_pct:.0f}% straight to citizens; estimated admin cost of "
          f"hand-overs at {rate:.0%} each: {format_gbp(view.loss_pence)}")
    for r in view.distribution.itertuples():
        print(f"  {r.hand_overs} hand-over(s){format_gbp(r.delivered_pence):>12}"
              f"{r.share_pct:>7.1f}%")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"flows": cmd_flows}
