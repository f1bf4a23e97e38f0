"""A family's journey written up for circulation (issue 13): A4, HTML or PDF, in the report
engine's family look. Built only from the journey service's answers (every sum is the
store's) and filled into reports/templates/journey_write_up.html, where Jinja escapes
everything people typed: the alias, the story, the members, the notes and the bodies'
names."""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise
from typing import Any

import pandas as pd
from markupsafe import Markup

from totalplace_core.journeys import service
from totalplace_core.journeys.domain import feeling
from totalplace_core.money import format_gbp_full
from totalplace_core.reports import pdf_from_html, render
from totalplace_core.reports.timeline import Series, month_starts, running_total_svg
from totalplace_core.store import Store, StoreError

TEMPLATE = "journey_write_up.html"
NOW, REDESIGNED = "#0072B2", "#E69F00"  # the palette's blue and orange, as the page draws
NOT_CONSENTED = "Not yet checked as anonymised and consented: not for circulation"


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) \
        else str(value)


def _number(value: object) -> str:
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    return f"{int(number):,}" if number.is_integer() else f"{number:,.2f}".rstrip("0")


def _quantity(quantity: object, unit: object) -> str:
    """'1 visit', '4 bed days', '2 × therapy': a plural only where adding an s is safe."""
    shown, unit = _number(quantity), _text(unit).strip()
    if not unit or not shown:
        return shown
    if shown == "1":
        return f"1 {unit}"
    if re.fullmatch(r"[A-Za-z]+( [A-Za-z]+)?", unit) and (
            not re.search(r"(s|x|z|ch|sh|y)$", unit) or re.search(r"[aeiou]y$", unit)):
        return f"{shown} {unit}s"
    return f"{shown} \u00d7 {unit}"


def _day(value: object) -> date:
    return pd.Timestamp(value).date()


def _date(value: object) -> str:
    day = _day(value)
    return f"{day.day} {day:%b %Y}"


def _members(family: service.Journey) -> list[dict[str, Any]]:
    return [{"role": _text(m.role), "age": None if pd.isna(m.age) else int(m.age),
             "description": _text(m.description)} for m in family.members.itertuples()]


def _stops(family: service.Journey) -> list[dict[str, Any]]:
    return [{"date": _date(s.touch_date), "agency": _text(s.org_name),
             "service": _text(s.service), "quantity": _quantity(s.quantity, s.unit),
             "total_pence": int(s.total_pence), "avoidable": bool(s.is_avoidable),
             "feeling": feeling(s.emotional_mark), "how_it_felt": _text(s.emotional_note),
             "note": _text(s.note)} for s in family.scenario("current").itertuples()]


def _points(stops: pd.DataFrame) -> list[tuple[date, int]]:
    return [(_day(s.touch_date), int(s.running_pence)) for s in stops.itertuples()]


def _timeline(family: service.Journey) -> dict[str, Any]:
    """The running total of both journeys as a picture and, for anyone who cannot see it,
    month by month as a table."""
    now, redesigned = family.scenario("current"), family.scenario("redesigned")
    lows = now[now["emotional_mark"].fillna(0) < 0]
    label = (f"The running total of the family's year, stop by stop: "
             f"{len(now)} stops now, {len(redesigned)} redesigned; "
             f"{len(lows)} low points marked")
    svg = running_total_svg([Series(REDESIGNED, _points(redesigned), dashed=True),
                             Series(NOW, _points(now))], _points(lows), label)
    days = [_day(d) for d in pd.concat([now["touch_date"], redesigned["touch_date"]])]
    months = month_starts(min(days), max(days)) if days else []

    def by(stops: pd.DataFrame, month_end: date) -> int:
        done = stops[[_day(d) < month_end for d in stops["touch_date"]]]
        return int(done["running_pence"].iloc[-1]) if len(done) else 0
    table = [{"month": f"{start:%b}", "year": f"{start:%Y}", "now_pence": by(now, end),
              "redesigned_pence": by(redesigned, end)}
             for start, end in pairwise(months)]
    # Built by reports.timeline, which writes no typed text and escapes its label.
    return {"svg": Markup(svg), "months": table, "low_points": len(lows)}


def _agencies(family: service.Journey) -> list[dict[str, Any]]:
    return [{"name": _text(a.org_name), "stops": int(a.stops),
             "direct_pence": int(a.direct_pence), "staff_pence": int(a.staff_pence),
             "travel_pence": int(a.travel_pence), "total_pence": int(a.total_pence),
             "avoidable_pence": int(a.avoidable_pence)}
            for a in family.agencies().itertuples()]


def _callouts(family: service.Journey) -> dict[str, Any]:
    costliest, repeated = family.costliest_stop(), family.most_repeated()
    times = 0 if repeated is None else int(repeated["times"]) + int(repeated["repeats"])
    return {
        "costliest": None if costliest is None else {
            "service": _text(costliest["service"]), "agency": _text(costliest["org_name"]),
            "date": _date(costliest["touch_date"]),
            "quantity": _quantity(costliest["quantity"], costliest["unit"]),
            "total_pence": int(costliest["total_pence"])},
        "repeated": None if times < 2 else {
            "service": _text(repeated["service"]), "agency": _text(repeated["org_name"]),
            "times": int(repeated["times"]), "repeats": int(repeated["repeats"]),
            "total_pence": int(repeated["total_pence"])}}


def _redesign(family: service.Journey) -> dict[str, Any]:
    table = service.redesign_table(family)
    now, then = family.totals("current"), family.totals("redesigned")
    rows = [{"name": _text(r.org_name), "current_pence": int(r.current_pence),
             "redesigned_pence": int(r.redesigned_pence), "saving_pence": int(r.saving_pence),
             "side": r.side} for r in table.itertuples()]
    return {"rows": rows, "now": now, "then": then,
            "saving_pence": now.total_pence - then.total_pence,
            "saved_pence": family.prevention.saved_per_family_pence,
            "invested_pence": family.prevention.invested_per_family_pence,
            "savers": sum(r["side"] == "saves" for r in rows),
            "investors": sum(r["side"] == "invests" for r in rows)}


def _notes(store: Store, place: str, family: service.Journey,
           fictional: bool) -> dict[str, list[str]]:
    stops, rates = family.stops, family.rates
    costs = stops.dropna(subset=["cost_source"]).groupby("cost_source", sort=True)
    sources = [f"Unit costs from {source}, in {' and '.join(sorted(set(rows['price_year'])))} "
               f"prices: {'; '.join(sorted(set(rows['service'])))}." for source, rows in costs]
    deflators = store.deflators()
    chosen = deflators[deflators["year"] == family.price_year]
    if len(chosen):
        d = chosen.iloc[0]
        sources.append(f"Deflators: {d['source']}. Direct costs are moved into "
                       f"{family.price_year} prices by its index ({float(d['index_value']):g} "
                       f"for {family.price_year}; base year {d['base_year']}).")
    sources += [f"Staff time at {format_gbp_full(rates.hourly_pence)} an hour: "
                f"{rates.hourly_source}.",
                f"Travel at {float(rates.per_km_pence):.1f}p a km: {rates.mileage_source}."]
    sources += [f"Cost overridden for {_text(s.service)} on {_date(s.touch_date)}: "
                f"{_text(s.override_reason) or 'no reason given'}."
                for s in stops[stops["overridden"]].itertuples()]
    caveats = [
        "Only direct costs (a unit cost x its quantity) move with the price year, through "
        "the deflator table; staff time and travel are at the case's own rates above, "
        "whatever year those were set in.",
        "Unit costs are published averages for a kind of contact, not what these bodies "
        "spent on this family; the redesign is a scenario drawn by the room, not a plan.",
        "The prevention sum multiplies one family's saving by a stated number of families "
        "like it; the number and its source are the room's.",
        "Each stop is rounded to the penny once; every total here adds up its stops exactly."]
    kept = stops[~stops["deflated"].astype(bool)]
    if len(kept):
        caveats.insert(1, f"{len(kept)} stop(s) have a cost whose price year has no deflator: "
                          "they are shown in their own year's prices.")
    if not family.case.get("consent_checked"):
        caveats.insert(0, NOT_CONSENTED + ".")
    if fictional:
        caveats.insert(0, f"{place} is a fictional place and this family is made up for "
                          "demonstration.")
    return {"sources": sources, "caveats": caveats}


def journey_write_up(store: Store, place_name: str, case_code: str,
                     price_year: str) -> dict[str, Any]:
    """Everything the write-up shows, as plain values (pence as int) for the template."""
    place = store.place(place_name)
    if place is None:
        raise StoreError(f"No place called {place_name!r}.")
    family = service.journey(store, place_name, case_code, price_year)
    totals, fictional = family.totals(), bool(place.get("is_fictional"))
    now = family.scenario("current")
    alias = _text(family.case["title"])
    return {
        "title": f"{alias}: a year through public services in {place_name}",
        "document_kind": "Family journey write-up", "fictional": fictional,
        "place_name": place_name, "case_code": _text(family.case["case_code"]),
        "alias": alias, "price_year": price_year, "summary": _text(family.case.get("summary")),
        "consented": bool(family.case.get("consent_checked")), "not_consented": NOT_CONSENTED,
        "members": _members(family), "totals": totals,
        "avoidable_pct": 100 * totals.avoidable_pence / totals.total_pence
        if totals.total_pence else 0.0,
        "agency_count": len(family.agencies()),
        "staff_hours": _number(now["staff_hours"].fillna(0).sum()),
        "distance_km": _number(round(float(now["distance_km"].fillna(0).sum()), 1)),
        "rates": {"hourly_pence": family.rates.hourly_pence,
                  "hourly_source": family.rates.hourly_source,
                  "per_km": f"{float(family.rates.per_km_pence):.1f}p",
                  "mileage_source": family.rates.mileage_source},
        "timeline": _timeline(family), "agencies": _agencies(family), **_callouts(family),
        "stops": _stops(family), "redesign": _redesign(family),
        "prevention": family.prevention,
        **_notes(store, place_name, family, fictional),
    }


def journey_html(store: Store, place_name: str, case_code: str, price_year: str) -> str:
    return render(TEMPLATE, journey_write_up(store, place_name, case_code, price_year))


def journey_pdf(store: Store, place_name: str, case_code: str, price_year: str) -> bytes:
    return pdf_from_html(journey_html(store, place_name, case_code, price_year))
