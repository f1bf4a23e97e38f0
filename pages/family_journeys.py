"""Family journeys: what a family's year through services costs, where it repeats itself and
hurts, and what a redesign would save and for whom."""

import streamlit as st

from pages.journey_sections import library_tab, redesign_tab, stops_tab, story, write_up_buttons
from totalplace_core import ui
from totalplace_core.journeys import service as journeys

TABS = ["Stops", "Redesign", "Prevention sum", "Unit costs", "The family"]

ctx = ui.context()
if ctx is None:
    st.title("Family journeys")
    st.info("No place is loaded yet. Run `totalplace demo` to build the demo place.")
    st.stop()
store, place, present = ui.store(), ctx.place_name, ctx.present
ui.place_title(ctx, "Family journeys")
cases = journeys.case_studies(store, place)
if cases.empty:
    st.info(f"{ui.plain(place)} has no family journeys yet: add the Case studies and "
            "Touchpoints sheets on the Data page.")
    st.stop()
titles = dict(zip(cases["case_code"], cases["title"], strict=True))
typed = st.query_params.get("case", "").strip().upper()  # a link's code, in any case
asked = next((code for code in titles if code.upper() == typed), None)
if asked and asked != st.session_state.get("journey_case_link"):
    st.session_state.journey_case = asked  # a link followed: that family, once

side, show = st.sidebar, not present
case = ui.remembered(side.selectbox, "Family", "journey_case", next(iter(titles)), show,
                     options=list(titles), format_func=titles.get)
st.query_params["case"] = st.session_state.journey_case_link = case  # a link to keep
years = journeys.price_years(store) or [ctx.year]
price_year = ui.remembered(side.selectbox, "Costs in the prices of", "journey_price_year",
                           ctx.year if ctx.year in years else years[-1], show, options=years,
                           help="Every unit cost is moved to this year's prices by the "
                                "deflator table; staff time and travel stay at the case's "
                                "own rates.")
family = journeys.journey(store, place, case, price_year)
story.draw(family, place, present, ui.on_phone())

if not present:  # projected: the story, the figures and the timeline, nothing else
    write_up_buttons.draw(store, place, case, price_year)
    tabs = st.tabs(TABS, key="journey_tab", on_change="rerun")  # only the open tab runs
    if tabs[0].open:
        with tabs[0]:
            stops_tab.draw(store, place, family)
    if tabs[1].open:
        with tabs[1]:
            redesign_tab.redesign(place, family)
    if tabs[2].open:
        with tabs[2]:
            redesign_tab.prevention(store, place, family)
    if tabs[3].open:
        with tabs[3]:
            library_tab.unit_costs(store, place, price_year, years)
    if tabs[4].open:
        with tabs[4]:
            library_tab.the_family(store, place, family)
