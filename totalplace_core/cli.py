"""`totalplace`: build the demo, check the figures, outside the browser."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from totalplace_core import cli_io, cli_workshop, service
from totalplace_core.classifications import cofog_groups
from totalplace_core.count import Count
from totalplace_core.flows.admin_loss import RATE_NOTE
from totalplace_core.money import format_gbp, format_per_head, gbp_from_pence
from totalplace_core.store import Store, StoreError


def _pounds(pence: int) -> float | int:
    value = gbp_from_pence(pence)
    return int(value) if value == value.to_integral_value() else float(value)


def count_as_json(count: Count) -> dict:
    return {
        "place": count.place_name,
        "year": count.year,
        "population": count.population,
        "gross_gbp": _pounds(count.gross_pence),
        "transfers_gbp": _pounds(count.transfers_pence),
        "net_gbp": _pounds(count.net_pence),
        "per_head_gbp": _pounds(count.per_head_pence),
        "by_division": [
            {"code": r.code, "name": r.name, "amount_gbp": _pounds(r.amount_pence)}
            for r in count.by_division.itertuples()
        ],
        "basis_share_pct": {k: round(v, 2) for k, v in count.basis_share_pct().items()},
        "unmatched_transfers_gbp": _pounds(count.unmatched_pence),
        "bodies_counted": count.bodies_counted,
    }


def cmd_demo(args: argparse.Namespace) -> int:
    from totalplace_core.demo import build_demo

    with Store(args.db) as store:
        counts = build_demo(store)
        print(f"Demo place built in {store.path}:")
        for table, n in counts.items():
            print(f"  {table:<18}{n:>7,} rows")
    return 0


def cmd_cofog(args: argparse.Namespace) -> int:
    groups = [{"code": g.code, "name": g.name, "division": g.division} for g in cofog_groups()]
    if args.json:
        print(json.dumps(groups, indent=2))
    else:
        for g in groups:
            print(f"{g['code']:<6}{g['name']}")
    return 0


def cmd_count(args: argparse.Namespace) -> int:
    with Store(args.db) as store:
        place = service.default_place(store, args.place)
        year = service.resolve_year(store, place, args.year)
        count = service.place_count(store, place, year)
    if args.json:
        print(json.dumps(count_as_json(count), indent=2))
        return 0
    print(f"{count.place_name} {count.year}: {format_gbp(count.net_pence)} counted once, "
          f"{format_per_head(count.per_head_pence)} a head, {count.bodies_counted} bodies")
    for r in count.by_division.itertuples():
        print(f"  {r.code} {r.name:<36}{format_gbp(r.amount_pence):>10}")
    return 0


def flows_as_json(view: service.WallView, rate: float) -> dict:
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
        "delivered_gbp": _pounds(summary.delivered_pence),
        "direct_to_citizens_gbp": _pounds(summary.direct_pence),
        "direct_to_citizens_pct": round(summary.direct_share_pct, 2),
        "nodes": [{"code": c, "name": wall.names.get(c, c), "tier": wall.graph.tiers[c],
                   "in_gbp": _pounds(moved_in.get(c, 0)), "out_gbp": _pounds(moved_out.get(c, 0))}
                  for c in codes],
        "links": [{"from": r.from_node_code, "to": r.to_node_code, "stream": r.stream,
                   "kind": r.kind, "ring_fenced": bool(r.is_ring_fenced),
                   "amount_gbp": _pounds(r.amount_pence)} for r in wall.flows.itertuples()],
        "hand_overs": {
            "distribution": [{"hand_overs": int(r.hand_overs),
                              "amount_gbp": _pounds(r.delivered_pence),
                              "share_pct": float(r.share_pct)}
                             for r in view.distribution.itertuples()],
            "mean_per_pound": round(summary.mean_hand_overs, 3),
            "longest_chain": {"hand_overs": view.chain[0], "path": view.chain[1]},
        },
        "admin_loss_estimate": {
            "rate_per_hand_over": rate, "estimate_gbp": _pounds(view.loss_pence),
            "basis": RATE_NOTE,
            "by_stream": [{"stream": r.stream, "amount_gbp": _pounds(r.delivered_pence),
                           "mean_hand_overs": float(r.mean_hand_overs),
                           "most_hand_overs": int(r.most_hand_overs),
                           "loss_gbp": _pounds(r.loss_pence)} for r in view.streams.itertuples()],
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
        place = service.default_place(store, args.place)
        year = service.resolve_flow_year(store, place, args.year)
        view = service.wall_view(store, place, year, rate=rate)
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


def cmd_bench(args: argparse.Namespace) -> int:
    from totalplace_core import bench

    bench.main(args.scale)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="totalplace", description=__doc__)
    parser.add_argument("--db", help="DuckDB file (default: $TOTALPLACE_DB or data/)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help="(re)build the fictional demo place from data/demo/")
    cofog = sub.add_parser("cofog", help="list every COFOG division and group")
    cofog.add_argument("--json", action="store_true")
    count = sub.add_parser("count", help="the high-level count for a place and year")
    count.add_argument("--place")
    count.add_argument("--year", help="financial year such as 2009-10 (default: latest)")
    count.add_argument("--json", action="store_true")
    wall = sub.add_parser("flows", help="the mapping wall: flows, hand-overs and their cost")
    wall.add_argument("--place")
    wall.add_argument("--year", help="financial year such as 2009-10 (default: latest)")
    wall.add_argument("--rate", default="0.2",
                      help="share of a stream lost at each hand-over (default 0.2, an estimate)")
    wall.add_argument("--json", action="store_true")
    cli_io.add_parsers(sub)
    cli_workshop.add_parsers(sub)  # sessions, session-export
    bench = sub.add_parser("bench", help="time the count on generated data")
    bench.add_argument("--scale", choices=["realistic", "national", "import", "all"], default="all")
    return parser


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": cmd_demo,
    "cofog": cmd_cofog,
    "count": cmd_count,
    "flows": cmd_flows,
    "bench": cmd_bench,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return (COMMANDS | cli_io.COMMANDS | cli_workshop.COMMANDS)[args.command](args)
    except StoreError as exc:
        print(f"totalplace: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
