"""The committee pack's family journeys: for each chosen family, a year's cost now and
redesigned, the running total as a picture, and the prevention sum A - (B + C) = Y with each
term's source. Every figure is the journey service's answer, summed in the store. A family
not yet checked as anonymised and consented is left out unless chosen by name, and is then
marked as not for circulation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from markupsafe import Markup

from totalplace_core.journeys import service as journeys
from totalplace_core.reports.engine import Section
from totalplace_core.reports.timeline import Series, running_total_svg
from totalplace_core.store import Store

KEY, TITLE = "journeys", "Family journeys and the prevention sum"
NOW, REDESIGNED = "#0072B2", "#E69F00"  # the palette's blue and orange, as the page draws
NOT_CONSENTED = "Not yet checked as anonymised and consented: not for circulation"


def price_year(store: Store, year: str) -> str:
    """The pack's year when the deflators reach it, else the latest year they reach before
    it, so families are costed in the prices of the count beside them."""
    years = journeys.price_years(store)
    usable = [y for y in years if y <= year]
    return year if year in years or not usable else usable[-1]


def _points(stops: pd.DataFrame) -> list[tuple[Any, int]]:
    return [(pd.Timestamp(s.touch_date).date(), int(s.running_pence))
            for s in stops.itertuples()]


def _timeline(family: journeys.Journey, title: str) -> Markup:
    now, then = family.scenario("current"), family.scenario("redesigned")
    lows = now[now["emotional_mark"].fillna(0) < 0]
    label = (f"The running total of {title}'s year, stop by stop: {len(now)} stops now, "
             f"{len(then)} redesigned; {len(lows)} low points marked")
    # Built by reports.timeline, which writes no typed text and escapes its label.
    return Markup(running_total_svg([Series(REDESIGNED, _points(then), dashed=True),
                                     Series(NOW, _points(now))], _points(lows), label))


def _journey(store: Store, place: str, case: dict[str, Any], prices: str) -> dict[str, Any]:
    family = journeys.journey(store, place, str(case["case_code"]), prices)
    now, then = family.totals("current"), family.totals("redesigned")
    title = str(case["title"])
    return {"code": str(case["case_code"]), "title": title,
            "summary": "" if pd.isna(case.get("summary")) else str(case["summary"]),
            "consented": bool(case.get("consent_checked")), "not_consented": NOT_CONSENTED,
            "now_pence": now.total_pence, "then_pence": then.total_pence,
            "saving_pence": now.total_pence - then.total_pence,
            "avoidable_pence": now.avoidable_pence, "stops_now": now.stops,
            "stops_then": then.stops, "agencies": len(family.agencies()),
            "timeline": _timeline(family, title) if now.stops else "",
            "prevention": family.prevention,
            "sources": sorted({str(s) for s in family.stops["cost_source"].dropna()})}


def _chosen(cases: pd.DataFrame, codes: Sequence[str] | None) -> pd.DataFrame:
    if codes is None:
        return cases[cases["consent_checked"].fillna(False).astype(bool)]
    wanted = [c.casefold() for c in codes]
    picked = cases[cases["case_code"].str.casefold().isin(wanted)]
    return picked.assign(_order=picked["case_code"].str.casefold().map(wanted.index)) \
        .sort_values("_order").drop(columns="_order")


def section(store: Store, place: str, year: str, codes: Sequence[str] | None = None
            ) -> Section:
    cases = journeys.case_studies(store, place)
    chosen = _chosen(cases, codes)
    if chosen.empty:
        why = ("no family journeys are loaded" if cases.empty else
               "no family journey was chosen" if codes is not None else
               "no family journey is yet checked as anonymised and consented")
        return Section(KEY, TITLE, "", empty=f"For {place}, {why}, so there is none to "
                       "report.")
    prices = price_year(store, year)
    found = [_journey(store, place, case, prices) for case in chosen.to_dict("records")]
    left = cases[~cases["case_code"].isin(chosen["case_code"])]
    sources = tuple(f"Unit costs: {s}." for s in sorted({s for j in found
                                                         for s in j["sources"]}))
    caveats = ("Unit costs are published averages for a kind of contact, not what these "
               "bodies spent on these families; a redesign is a scenario the room drew, "
               "not a plan.",
               "The prevention sum multiplies one family's saving by a stated number of "
               "families like it; the number and its source are the room's.")
    context = {"price_year": prices, "journeys": found,
               "left_out": ", ".join(f"{t} (case {c})" for c, t in
                                     zip(left["case_code"], left["title"], strict=True))}
    return Section(KEY, TITLE, "section_journeys.html", context, sources=sources,
                   caveats=caveats)
