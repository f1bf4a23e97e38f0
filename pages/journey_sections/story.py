"""Not a page: a family's story, its year's cost and the timeline, drawn by
pages/family_journeys.py. Projected it is one screen: the story and the figures beside the
timeline. Widgets and layout only."""

import pandas as pd
import streamlit as st

from pages.journey_sections.labels import AGENCY_COLUMNS, shown
from totalplace_core import ui
from totalplace_core.journeys import charts
from totalplace_core.journeys import service as journeys
from totalplace_core.money import format_gbp

NO_CONSENT = ("Not yet checked as anonymised and consented: do not project. Tick the check "
              "under The family when it has been.")


def _story(family: journeys.Journey) -> None:
    case = family.case
    st.header(ui.plain(case["title"]))
    who = ", ".join(f"{m.role} ({int(m.age)})" if pd.notna(m.age) else str(m.role)
                    for m in family.members.itertuples())
    if who:
        st.markdown(f"**Who:** {ui.plain(who)}")
    if case.get("summary"):
        st.markdown(ui.plain(case["summary"]))
    if not case.get("consent_checked"):
        st.warning(NO_CONSENT, icon=":material/visibility_off:")


def _figures(family: journeys.Journey, compact: bool) -> None:
    """Six figures at a desk; three when projected or on a phone (the split in words)."""
    totals, agencies = family.totals(), len(family.agencies())
    share = 100 * totals.avoidable_pence / totals.total_pence if totals.total_pence else 0
    split = (f"direct {format_gbp(totals.direct_pence)} · staff time "
             f"{format_gbp(totals.staff_pence)} · travel {format_gbp(totals.travel_pence)}")
    slots = st.columns(3 if compact else 6)
    slots[0].metric(f"A year's cost, {family.price_year} prices", format_gbp(totals.total_pence),
                    split if compact else None, delta_color="off", delta_arrow="off")
    if not compact:
        slots[1].metric("Direct cost", format_gbp(totals.direct_pence),
                        help="Each stop's unit cost x quantity, in the chosen year's prices.")
        slots[2].metric("Staff time", format_gbp(totals.staff_pence),
                        help=f"Hours at {format_gbp(family.rates.hourly_pence)} an hour: "
                             f"{family.rates.hourly_source}.")
        slots[3].metric("Travel", format_gbp(totals.travel_pence),
                        help=f"Kilometres at {float(family.rates.per_km_pence):.1f}p: "
                             f"{family.rates.mileage_source}.")
    slots[-2].metric("Avoidable", f"{share:.0f}%", f"{format_gbp(totals.avoidable_pence)} of it",
                     delta_color="off", delta_arrow="off",
                     help="Stops marked avoidable: they need not have happened.")
    slots[-1].metric("Stops", f"{totals.stops}", f"with {agencies} agencies",
                     delta_color="off", delta_arrow="off")


def _timeline(family: journeys.Journey, place: str, present: bool, phone: bool) -> None:
    case = family.case["case_code"]
    fig = ui.figure(("journey-timeline", place, case, family.price_year, present, phone),
                    journeys.DEPENDS_ON,
                    lambda: charts.timeline(family.scenario("current"), present, phone))
    ui.plot(fig, "the family's year")


def _callouts(family: journeys.Journey) -> None:
    costliest, repeated = family.costliest_stop(), family.most_repeated()
    if costliest is not None:
        st.metric("Costliest stop", format_gbp(int(costliest["total_pence"])))
        st.caption(ui.plain(f"{costliest['service']}, {costliest['org_name']}, "
                            f"{pd.Timestamp(costliest['touch_date']):%d %b %Y}"))
    times = 0 if repeated is None else int(repeated["times"]) + int(repeated["repeats"])
    if times > 1:
        st.metric("Most repeated", f"{times} times",
                  f"{format_gbp(int(repeated['total_pence']))} in all",
                  delta_color="off", delta_arrow="off",
                  help="Stops of one kind with one agency, and the repeat contacts they took.")
        st.caption(ui.plain(f"{repeated['service']}, {repeated['org_name']}"))
    marks = family.scenario("current")["emotional_mark"].fillna(0)
    st.metric("Low points", f"{marks.lt(0).sum()} of {len(marks)} stops",
              help="Stops the family felt as a low point: the vermillion triangles on the "
                   "timeline, larger for the lowest.")


def draw(family: journeys.Journey, place: str, present: bool, phone: bool) -> None:
    """The story and headline, the timeline and (not projected) what stands out of it."""
    if present:  # one screen: the story beside the figures and the picture
        words, picture = st.columns([1, 2.4], gap="large")
        with words:
            _story(family)
        with picture:
            _figures(family, compact=True)
            _timeline(family, place, present, phone)
        return
    _story(family)
    _figures(family, compact=phone)
    st.subheader("The year, stop by stop")
    if phone:
        _timeline(family, place, present, phone)
        _callouts(family)
    else:
        chart, side = st.columns([4, 1], gap="medium")
        with chart:
            _timeline(family, place, present, phone)
        with side:
            _callouts(family)
    st.subheader("What each agency spent on this family")
    columns = ["org_name", "total_pence", "stops"] if phone else AGENCY_COLUMNS
    agencies = family.agencies()[columns].assign(  # each agency's lines in the count
        spend_link=[journeys.body_link(c) for c in family.agencies()["org_code"]])
    ui.table_with_download(agencies, "cost by agency", shown=shown, column_config={
        "Body's spend": st.column_config.LinkColumn(display_text="Spend in the count")})
