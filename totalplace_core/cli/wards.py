"""`totalplace wards`: the count shared among a place's wards, each figure with its basis."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from totalplace_core import places
from totalplace_core.cli.output import pounds
from totalplace_core.money import format_gbp, format_per_head
from totalplace_core.store import Store
from totalplace_core.wards import service as wards_service


def cmd_wards(args: argparse.Namespace) -> int:
    divisions = [args.function.zfill(2)] if args.function else []
    with Store(args.db) as store:
        place = places.default_place(store, args.place)
        year = places.resolve_year(store, place, args.year)
        table = wards_service.wards(store, place, year, divisions)
    rows = [{"code": r.ward_code, "name": r.ward_name, "population": int(r.population),
             "amount_gbp": pounds(r.amount_pence), "per_head_gbp": pounds(r.per_head_pence),
             "basis_share_pct": {"actual": round(100 - r.proxy_share_pct, 1),
                                 "proxy": r.proxy_share_pct}}
            for r in table.itertuples()]
    if args.json:
        print(json.dumps({"place": place, "year": year, "function": args.function,
                          "wards": rows}, indent=2))
        return 0
    print(f"{place} {year}" + (f", function {divisions[0]}" if divisions else "")
          + f": {format_gbp(int(table['amount_pence'].sum()))} shared among {len(rows)} wards")
    for r in table.itertuples():
        print(f"  {r.ward_code:<8}{r.ward_name:<28}{format_gbp(r.amount_pence):>10}"
              f"{format_per_head(r.per_head_pence):>9} a head  {r.proxy_share_pct:5.1f}% proxy")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"wards": cmd_wards}
