"""`totalplace journey`: one family's journey costed in a price year: its stops, what they
cost by agency in money, staff time and travel, the redesign beside it (who saves, who
invests) and the prevention sum A - (B + C) = Y, each rate and term with its source; with
`--out FILE.pdf|FILE.html`, the family's printable write-up instead."""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable
from typing import Any

import pandas as pd

from totalplace_core import places
from totalplace_core.cli.output import document_path, pounds, write_document
from totalplace_core.journeys import service as journeys
from totalplace_core.money import format_gbp, format_gbp_full
from totalplace_core.store import Store, StoreError


def default_price_year(store: Store, place: str) -> tuple[str, str]:
    """The year a journey is priced in when none is asked for, and why: the latest year with
    a deflator up to the place's latest year of spend, so a family's cost sits beside the
    count in the same prices; without spend or deflators, the unit costs' own latest price
    year (costs then shown as the library has them)."""
    deflated = journeys.price_years(store)
    spend = places.place_years(store, place)
    usable = [y for y in deflated if spend and y <= spend[-1]]
    if usable:
        return usable[-1], (f"the latest year with a deflator up to {place}'s latest spend "
                            f"year ({spend[-1]})")
    own = sorted(journeys.unit_costs(store, place, "")["price_year"].dropna())
    if own:
        return own[-1], "the unit costs' own latest price year"
    raise StoreError(f"{place} has no unit costs and no spend years to price a journey in: "
                     "give --price-year.")


def _price_year(store: Store, place: str, asked: str | None) -> tuple[str, str]:
    if asked is None:
        return default_price_year(store, place)
    return places.pick_year(
        journeys.price_years(store), asked,
        "No deflators are loaded, so costs can be shown only in their own price years: "
        "leave out --price-year.",
        lambda y, ys: f"No deflator for {y}, so costs cannot be moved into it "
                      f"(price years: {ys})."), "as asked"


def _number(value: object) -> float | int | None:
    """A cell for JSON: None for an empty one, whole numbers as ints."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    number = float(value)
    return int(number) if math.isfinite(number) and number.is_integer() else number


def _stop(r: Any) -> dict[str, Any]:
    return {"date": pd.Timestamp(r.touch_date).date().isoformat(), "agency": r.org_code,
            "agency_name": r.org_name, "unit_cost_code": r.unit_cost_code,
            "service": r.service, "quantity": _number(r.quantity),
            "staff_hours": _number(r.staff_hours), "distance_km": _number(r.distance_km),
            "repeat_contacts": int(r.repeat_contacts),
            "direct_gbp": pounds(int(r.direct_pence)), "staff_gbp": pounds(int(r.staff_pence)),
            "travel_gbp": pounds(int(r.travel_pence)), "total_gbp": pounds(int(r.total_pence)),
            "avoidable": bool(r.is_avoidable), "emotional_mark": _number(r.emotional_mark),
            "feeling": journeys.feeling(r.emotional_mark),
            "emotional_note": r.emotional_note if isinstance(r.emotional_note, str) else None,
            "overridden": bool(r.overridden),
            "override_reason": r.override_reason if r.overridden else None,
            "deflated": bool(r.deflated), "note": r.note if isinstance(r.note, str) else None}


def _totals(totals: journeys.Totals) -> dict[str, Any]:
    return {"stops": totals.stops, "total_gbp": pounds(totals.total_pence),
            "direct_gbp": pounds(totals.direct_pence), "staff_gbp": pounds(totals.staff_pence),
            "travel_gbp": pounds(totals.travel_pence),
            "avoidable_gbp": pounds(totals.avoidable_pence),
            "repeat_contacts": totals.repeat_contacts}


def _redesign(family: journeys.Journey) -> list[dict[str, Any]]:
    sides = journeys.redesign_table(family)["side"]  # the page's rule: saves / invests
    return [{"agency": r.org_code, "agency_name": r.org_name,
             "current_gbp": pounds(int(r.current_pence)),
             "redesigned_gbp": pounds(int(r.redesigned_pence)),
             "saving_gbp": pounds(int(r.saving_pence)), "side": side}
            for r, side in zip(family.redesign.itertuples(), sides, strict=True)]


def _prevention(family: journeys.Journey) -> dict[str, Any]:
    p = family.prevention
    sources = {label: source for label, _, _, source in p.lines if label != "Y"}
    return {"A": pounds(p.a_pence), "B": pounds(p.b_pence), "C": pounds(p.c_pence),
            "Y": pounds(p.y_pence), "cohort_size": p.inputs.cohort_size,
            "sources": sources | {"cohort": p.inputs.cohort_source},
            "lines": [{"term": label, "what": what, "gbp": pounds(pence), "source": source}
                      for label, what, pence, source in p.lines]}


def journey_as_json(place: str, family: journeys.Journey, scenario: str,
                    price_basis: str) -> dict[str, Any]:
    """What `totalplace journey --json` prints: the scenario's stops and totals, both
    scenarios side by side, the saving by agency and the prevention sum."""
    totals = family.totals(scenario)
    current, redesigned = family.totals("current"), family.totals("redesigned")
    rates = family.rates
    return {
        "place": place, "case": family.case["case_code"], "alias": family.case["title"],
        "consent_checked": bool(family.case["consent_checked"]), "scenario": scenario,
        "price_year": family.price_year, "price_year_basis": price_basis,
        "stops": [_stop(r) for r in family.scenario(scenario).itertuples()],
        "total_gbp": pounds(totals.total_pence), "direct_gbp": pounds(totals.direct_pence),
        "time_cost_gbp": pounds(totals.staff_pence),
        "travel_cost_gbp": pounds(totals.travel_pence),
        "avoidable_gbp": pounds(totals.avoidable_pence),
        "repeat_contacts": totals.repeat_contacts,
        "by_agency": [{"agency": r.org_code, "agency_name": r.org_name, "stops": int(r.stops),
                       "total_gbp": pounds(int(r.total_pence)),
                       "direct_gbp": pounds(int(r.direct_pence)),
                       "staff_gbp": pounds(int(r.staff_pence)),
                       "travel_gbp": pounds(int(r.travel_pence)),
                       "avoidable_gbp": pounds(int(r.avoidable_pence))}
                      for r in family.agencies(scenario).itertuples()],
        "rates": {"hourly_gbp": pounds(rates.hourly_pence), "hourly_source": rates.hourly_source,
                  "mileage_pence_per_km": float(rates.per_km_pence),
                  "mileage_source": rates.mileage_source},
        "scenarios": {"current": _totals(current), "redesigned": _totals(redesigned)},
        "saving_gbp": pounds(current.total_pence - redesigned.total_pence),
        "saved_gbp": pounds(family.prevention.saved_per_family_pence),
        "invested_gbp": pounds(family.prevention.invested_per_family_pence),
        "saving_by_agency": _redesign(family),
        "prevention": _prevention(family),
    }


def _print_text(out: dict[str, Any], family: journeys.Journey) -> None:
    totals = family.totals(out["scenario"])
    print(f"{out['alias']} ({out['case']}), {out['place']}: the {out['scenario']} journey in "
          f"{out['price_year']} prices ({out['price_year_basis']}).")
    print(f"  {totals.stops} stops, {format_gbp_full(totals.total_pence)}: direct "
          f"{format_gbp_full(totals.direct_pence)}, staff time "
          f"{format_gbp_full(totals.staff_pence)}, travel {format_gbp_full(totals.travel_pence)};"
          f" avoidable {format_gbp_full(totals.avoidable_pence)}")
    for s, r in zip(out["stops"], family.scenario(out["scenario"]).itertuples(), strict=True):
        marks = " ".join(m for m in ("avoidable" if s["avoidable"] else "", s["feeling"]) if m)
        print(f"  {s['date']}  {s['agency']:<6}{(s['service'] or '')[:38]:<40}"
              f"{format_gbp_full(int(r.total_pence)):>11}  {marks}".rstrip())
    print("By agency:")
    for r in family.agencies(out["scenario"]).itertuples():
        print(f"  {r.org_name[:44]:<46}{format_gbp_full(int(r.total_pence)):>11}"
              f"  (direct {format_gbp(int(r.direct_pence))}, staff "
              f"{format_gbp(int(r.staff_pence))}, travel {format_gbp(int(r.travel_pence))})")
    rates = family.rates
    print(f"Staff time at {format_gbp_full(rates.hourly_pence)} an hour: {rates.hourly_source}.")
    print(f"Travel at {rates.per_km_pence}p a km: {rates.mileage_source}.")
    now, then = family.totals("current"), family.totals("redesigned")
    print(f"Redesign: current {format_gbp_full(now.total_pence)}, redesigned "
          f"{format_gbp_full(then.total_pence)}, saving "
          f"{format_gbp_full(now.total_pence - then.total_pence)} a year")
    for a, r in zip(out["saving_by_agency"], family.redesign.itertuples(), strict=True):
        print(f"  {a['agency_name'][:44]:<46}{a['side']:<10}"
              f"{format_gbp_full(abs(int(r.saving_pence))):>11}")
    print(f"Prevention sum for {out['prevention']['cohort_size']:,} families:")
    for label, what, pence, source in family.prevention.lines:
        print(f"  {label}  {what:<48}{format_gbp(pence):>10}  ({source})")


def _write_up(args: argparse.Namespace) -> int:
    """`--out FILE.pdf|FILE.html`: the family's write-up, both scenarios, as a file."""
    out = document_path(args.out)
    if out is None:
        return 2
    with Store(args.db) as store:
        place = places.default_place(store, args.place)
        price_year, _ = _price_year(store, place, args.price_year)
        html = journeys.journey_html(store, place, args.case, price_year)
    if not write_document(out, html):
        return 2
    print(f"{args.case} write-up for {place} in {price_year} prices written to {out}")
    return 0


def cmd_journey(args: argparse.Namespace) -> int:
    if getattr(args, "out", None):
        return _write_up(args)
    with Store(args.db) as store:
        place = places.default_place(store, args.place)
        price_year, basis = _price_year(store, place, args.price_year)
        family = journeys.journey(store, place, args.case, price_year)
    out = journey_as_json(place, family, args.scenario, basis)
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        _print_text(out, family)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"journey": cmd_journey}
