"""The committee pack's mapping wall: the Sankey and the hand-over chart as pictures, the
money by hand-overs with the estimated admin cost, the streams with most hand-overs and the
questions still open. Every figure is the wall service's answer."""

from __future__ import annotations

from typing import Any

from totalplace_core.money import format_gbp
from totalplace_core.reports.engine import Section
from totalplace_core.reports.images import Chart
from totalplace_core.store import Store, StoreError
from totalplace_core.wall import charts
from totalplace_core.wall import service as wall

KEY, TITLE = "wall", "The mapping wall: hand-overs and what they cost"
GROUP_UNDER_PENCE = 20 * 10**8  # £20m, the page's default: smaller bodies grouped as 'Other'
STREAMS_SHOWN = 8
# px: the size the wall's chart lays its labels out for, printed across a landscape page
SANKEY_SIZE = (1480, 760)


def _sankey(view: wall.WallView, place: str, year: str) -> Chart:
    fig = charts.sankey(view.picture)
    fig.update_layout(width=SANKEY_SIZE[0], height=SANKEY_SIZE[1])
    s = view.summary
    alt = (f"Sankey diagram of public money flowing through {place} in {year}, from sources "
           f"through bodies and services to people: {format_gbp(s.delivered_pence)} reaches "
           f"services and people, {s.direct_share_pct:.0f}% of it with no service in between, "
           f"after {s.mean_hand_overs:.2f} hand-overs a pound on average.")
    return Chart(fig, alt, *SANKEY_SIZE)


def _hand_chart(view: wall.WallView) -> Chart:
    parts = "; ".join(f"{int(r.hand_overs)} hand-overs {r.share_pct:.0f}%"
                      for r in view.distribution.itertuples())
    return Chart(charts.hand_over_bars(view.distribution), "Bar chart of the money reaching "
                 f"services and people by the hand-overs on its way: {parts}.", 620, 250)


def _distribution(view: wall.WallView) -> list[dict[str, Any]]:
    return [{"label": f"{int(r.hand_overs)} hand-over{'' if r.hand_overs == 1 else 's'}",
             "delivered_pence": int(r.delivered_pence), "share_pct": float(r.share_pct),
             "loss_pence": int(r.loss_pence)} for r in view.distribution.itertuples()]


def _open_notes(view: wall.WallView) -> list[dict[str, str]]:
    notes = view.notes_table
    notes = notes[notes["Status"] == "open"]
    return [{"target": str(r["Pinned to"]), "text": str(r["Note"]), "author": str(r["By"])}
            for r in notes.to_dict("records")]


def _chain(view: wall.WallView) -> str:
    count = view.chain[0]
    if not count:
        return ""
    return (f"The longest chain ({count} hand-over{'' if count == 1 else 's'}): "
            + " → ".join(view.chain_names) + ".")


def _grouped(view: wall.WallView) -> str:
    if not view.picture.grouped:
        return ""
    return (f"{view.picture.grouped} bodies and services moving less than "
            f"{format_gbp(GROUP_UNDER_PENCE, 0)} are drawn as one 'Other' per column.")


def section(store: Store, place: str, year: str, rate: float = wall.DEFAULT_RATE
            ) -> Section:
    sources = (f"Flows: the funding flows loaded on {place}'s mapping wall for {year} "
               "(source, receiver, stream, amount and kind).",)
    try:
        flow_year = wall.resolve_flow_year(store, place, year)
    except StoreError as exc:
        return Section(KEY, TITLE, "", empty=f"{exc} There is no mapping wall to report.")
    if flow_year != year:  # the latest year with flows, when the year asked has none
        return Section(KEY, TITLE, "", empty=f"No flows are mapped for {place} in {year} "
                       f"(the wall has {', '.join(wall.flow_years(store, place))}), so "
                       "there is no mapping wall to report for this year.")
    view = wall.wall_view(store, place, year, threshold_pence=GROUP_UNDER_PENCE, rate=rate)
    s = view.summary
    streams = view.streams
    context = {
        "place_name": place, "year": year, "headline": view.headline,
        "sankey": _sankey(view, place, year), "hand_chart": _hand_chart(view),
        "grouped": _grouped(view), "chain": _chain(view),
        "cycle_warning": view.cycle_warning,
        "distribution": _distribution(view), "delivered_pence": s.delivered_pence,
        "loss_pence": view.loss_pence, "rate_pct": f"{rate * 100:g}",
        "rate_note": wall.RATE_NOTE, "direct_pence": s.direct_pence,
        "direct_share_pct": s.direct_share_pct,
        "streams": [{"stream": r.stream, "delivered_pence": int(r.delivered_pence),
                     "mean_hand_overs": float(r.mean_hand_overs),
                     "most_hand_overs": int(r.most_hand_overs),
                     "loss_pence": int(r.loss_pence)}
                    for r in streams.head(STREAMS_SHOWN).itertuples()],
        "more_streams": max(len(streams) - STREAMS_SHOWN, 0),
        "open_notes": _open_notes(view),
    }
    caveats = ("The admin cost of hand-overs is an estimate at a flat rate per hand-over, "
               "not a measurement. " + wall.RATE_NOTE,
               "Money that is pooled is traced in proportion: totals are exact, each "
               "stream's hand-over count is an estimate.")
    return Section(KEY, TITLE, "section_wall.html", context, sources=sources,
                   caveats=caveats, wide=True)
