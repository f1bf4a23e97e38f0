"""`totalplace demo | cofog | count`: the place, its classification and its count."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from totalplace_core import places
from totalplace_core.cli.output import pounds
from totalplace_core.count import service as count_service
from totalplace_core.money import format_gbp, format_per_head
from totalplace_core.store import Store, StoreError


def count_as_json(count: count_service.Count) -> dict:
    return {
        "place": count.place_name,
        "year": count.year,
        "population": count.population,
        "gross_gbp": pounds(count.gross_pence),
        "transfers_gbp": pounds(count.transfers_pence),
        "net_gbp": pounds(count.net_pence),
        "per_head_gbp": pounds(count.per_head_pence),
        "by_division": [
            {"code": r.code, "name": r.name, "amount_gbp": pounds(r.amount_pence)}
            for r in count.by_division.itertuples()
        ],
        "basis_share_pct": {k: round(v, 2) for k, v in count.basis_share_pct().items()},
        "unmatched_transfers_gbp": pounds(count.unmatched_pence),
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


def cmd_count(args: argparse.Namespace) -> int:
    if args.all:
        return _count_all(args)
    with Store(args.db) as store:
        place = places.default_place(store, args.place)
        year = places.resolve_year(store, place, args.year)
        count = count_service.place_count(store, place, year)
    if args.json:
        print(json.dumps(count_as_json(count), indent=2))
        return 0
    print(f"{count.place_name} {count.year}: {format_gbp(count.net_pence)} counted once, "
          f"{format_per_head(count.per_head_pence)} a head, {count.bodies_counted} bodies")
    for r in count.by_division.itertuples():
        print(f"  {r.code} {r.name:<36}{format_gbp(r.amount_pence):>10}")
    return 0


def _count_all(args: argparse.Namespace) -> int:
    """Every loaded place's count for the year, in one query (the places-side-by-side view)."""
    with Store(args.db) as store:
        year = args.year or max((y for p in store.places()["place_name"]
                                 for y in places.place_years(store, p)), default=None)
        if year is None:
            raise StoreError("No place has spend lines yet.")
        counts = count_service.counts_for_year(store, year)
    if args.json:
        print(json.dumps([count_as_json(c) for c in counts], indent=2))
        return 0
    for c in counts:
        print(f"{c.place_name:<32}{format_gbp(c.net_pence):>10}{format_per_head(c.per_head_pence):>9}"
              f" a head, {c.bodies_counted} bodies")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": cmd_demo,
    "count": cmd_count,
}
