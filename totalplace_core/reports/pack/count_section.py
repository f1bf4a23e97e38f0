"""The committee pack's headline count: the net count by function (a chart and its table),
gross to net, and how sure each pound is. Every figure is the count service's answer, summed
in the store; this module only words and orders it."""

from __future__ import annotations

from typing import Any

from totalplace_core import places
from totalplace_core.count import charts
from totalplace_core.count import service as count
from totalplace_core.reports.engine import Section
from totalplace_core.reports.images import Chart
from totalplace_core.store import Store

KEY, TITLE = "count", "The headline count"
MEANINGS = {
    "actual": "Recorded by the body for this place: what was spent here.",
    "estimate": "Worked out by the body from what it knows, such as a share of a contract.",
    "proxy": "A national or regional figure shared out by this place's population.",
}


def _share(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def _functions(found: count.Count) -> list[dict[str, Any]]:
    rows = found.by_division.sort_values("amount_pence", ascending=False, kind="stable")
    return [{"code": r.code, "name": r.name, "amount_pence": int(r.amount_pence),
             "share_pct": _share(int(r.amount_pence), found.net_pence),
             "per_head_pence": count.per_head(int(r.amount_pence), found.population)}
            for r in rows.itertuples()]


def _chart(found: count.Count) -> Chart:
    top = _functions(found)[:3]
    alt = (f"Bar chart of public spending in {found.place_name}, {found.year}, by function: "
           + "; ".join(f"{f['name']} {f['share_pct']:.0f}%" for f in top)
           + "; the other functions less.")
    return Chart(charts.division_bars(found.by_division), alt, width=760, height=360)


def _change(store: Store, found: count.Count) -> dict[str, Any] | None:
    place = found.place_name
    earlier = [y for y in places.place_years(store, place) if y < found.year]
    if not earlier:
        return None
    before = count.place_count(store, place, earlier[-1])
    change, pct = count.change_on(before, found)
    return {"year": earlier[-1], "net_pence": before.net_pence, "change_pence": change,
            "change_pct": pct}


def section(store: Store, place: str, year: str) -> Section:
    found = count.place_count(store, place, year)
    sources = (f"Spending: the spend lines each public body returned for {place}, {year} "
               "(the Total Place spend template), counted once.",
               "Functions: the United Nations' Classification of the Functions of Government "
               "(COFOG), divisions.")
    if found.gross_pence == 0:
        return Section(KEY, TITLE, "", empty=f"No spend lines are loaded for {place} in "
                       f"{year}, so there is no count to report. Load the bodies' returns "
                       "on the Data page.", sources=sources)
    functions = _functions(found)
    shares = found.basis_share_pct()
    context = {
        "place_name": place, "year": year, "net_pence": found.net_pence,
        "gross_pence": found.gross_pence, "transfers_pence": found.transfers_pence,
        "unmatched_pence": found.unmatched_pence, "per_head_pence": found.per_head_pence,
        "population": found.population, "bodies": found.bodies_counted,
        "functions": functions, "largest": functions[0], "chart": _chart(found),
        "basis": [{"name": b, "pence": p, "share_pct": shares[b], "meaning": MEANINGS[b]}
                  for b, p in found.basis_pence.items()],
        "change": _change(store, found),
    }
    caveats = ("Estimates and proxies are shown as such: a proxy says where money would be "
               "if it followed the population, not where it was recorded.",
               "Cash terms for the year shown; amounts are rounded in the text and exact in "
               "the tables.")
    return Section(KEY, TITLE, "section_count.html", context, sources=sources,
                   caveats=caveats)
