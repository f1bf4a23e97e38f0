"""`totalplace`: build the demo, check the figures, outside the browser."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from totalplace_core import cli_io, service
from totalplace_core.classifications import cofog_groups
from totalplace_core.count import Count
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
    cli_io.add_parsers(sub)
    bench = sub.add_parser("bench", help="time the count on generated data")
    bench.add_argument("--scale", choices=["realistic", "national", "import", "all"], default="all")
    return parser


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": cmd_demo,
    "cofog": cmd_cofog,
    "count": cmd_count,
    "bench": cmd_bench,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return (COMMANDS | cli_io.COMMANDS)[args.command](args)
    except StoreError as exc:
        print(f"totalplace: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
