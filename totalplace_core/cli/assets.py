"""`totalplace assets` and `totalplace colocate`: a place's public estate, and the buildings of
different bodies close together and under-used, with what sharing could save."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from totalplace_core import places
from totalplace_core.assets import service as assets
from totalplace_core.cli.output import pounds
from totalplace_core.money import format_gbp
from totalplace_core.store import Store


def _shown(args: argparse.Namespace) -> assets.AssetFilter:
    return assets.AssetFilter(tuple(args.body or ()), tuple(args.kind or ()),
                              tuple(args.ward or ()))


def cmd_assets(args: argparse.Namespace) -> int:
    with Store(args.db) as store:
        place = places.default_place(store, args.place)
        shown = _shown(args)
        table = assets.assets(store, place, shown)
        by_body = assets.totals(store, place, shown, "body")
    rows = [{"code": r.asset_code, "name": r.asset_name, "body": r.org_code, "kind": r.kind,
             "ward": r.ward_code, "lat": r.lat, "lon": r.lon,
             "floor_area_m2": None if r.floor_area_m2 != r.floor_area_m2
             else int(r.floor_area_m2),
             "running_cost_gbp": pounds(int(r.running_cost_pence)),
             "utilisation_pct": None if r.utilisation_pct != r.utilisation_pct
             else r.utilisation_pct, "tenure": r.tenure} for r in table.itertuples()]
    if args.json:
        print(json.dumps({"place": place, "assets": rows, "by_body": [
            {"body": r.code, "buildings": int(r.buildings),
             "running_cost_gbp": pounds(int(r.running_cost_pence))}
            for r in by_body.itertuples()]}, indent=2))
        return 0
    print(f"{place}: {len(rows)} buildings, running cost "
          f"{format_gbp(int(by_body['running_cost_pence'].sum()))} a year")
    for r in by_body.itertuples():
        print(f"  {r.label:<48}{int(r.buildings):>5} buildings"
              f"{format_gbp(int(r.running_cost_pence)):>10}")
    return 0


def cmd_colocate(args: argparse.Namespace) -> int:
    try:
        rule = assets.ColocationRule(args.radius_m, args.max_use_pct, args.rate * 100)
    except ValueError as exc:
        print(f"totalplace: {exc}", file=sys.stderr)
        return 2
    with Store(args.db) as store:
        place = places.default_place(store, args.place)
        found = assets.colocation(store, place, rule, _shown(args))
    members = found.members.groupby("rank", sort=True)
    groups = [{"rank": int(g.rank), "ward": g.ward_name,
               "members": [{"code": m.asset_code, "name": m.asset_name, "body": m.org_name,
                            "kind": m.kind, "utilisation_pct": m.utilisation_pct}
                           for m in members.get_group(g.rank).itertuples()],
               "bodies": int(g.bodies),
               "combined_running_cost_gbp": pounds(int(g.combined_pence)),
               "spare_floor_m2": int(g.spare_floor_m2),
               "saving_estimate_gbp": pounds(int(g.saving_estimate_pence))}
              for g in found.groups.itertuples()]
    if args.json:
        print(json.dumps({"place": place, "radius_m": rule.radius_m,
                          "max_use_pct": rule.max_use_pct, "rate": args.rate,
                          "saving_basis": assets.SAVING_BASIS,
                          "saving_source": assets.SAVING_SOURCE, "groups": groups}, indent=2))
        return 0
    print(f"{place}: {len(groups)} co-location candidates ({rule.describe()}).")
    for g, row in zip(groups, found.groups.itertuples(), strict=True):
        names = ", ".join(m["name"] for m in g["members"])
        print(f"  {g['rank']:>3}. {g['ward']}: {names}\n"
              f"       {format_gbp(int(row.combined_pence))} a year, "
              f"{g['spare_floor_m2']:,} m² spare, saving estimate "
              f"{format_gbp(int(row.saving_estimate_pence))}")
    print(f"The saving is an estimate: {assets.SAVING_SOURCE}.")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "assets": cmd_assets, "colocate": cmd_colocate}
