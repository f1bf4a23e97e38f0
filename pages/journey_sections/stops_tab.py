"""Not a page: the Stops tab of pages/family_journeys.py: a scenario's costed stops, and the
table a programme lead types or pastes them into, checked row by row and saved all or
nothing. Widgets and layout only."""

import pandas as pd
import streamlit as st

from pages.journey_sections.labels import STOP_COLUMNS, shown
from totalplace_core import ui
from totalplace_core.journeys import service as journeys
from totalplace_core.store import Store

SCENARIOS = {"current": "The journey now", "redesigned": "The redesigned journey"}


def editor_key(case: str, scenario: str, saves: int = 0) -> str:
    """A fresh editor after each save, so no edit is applied twice."""
    return f"journey-stops-{case}-{scenario}-{saves}"


def _config(store: Store, place: str) -> dict:
    bodies, costs = journeys.choices(store, place)
    return {
        "Date": st.column_config.DateColumn(required=True, format="DD/MM/YYYY"),
        "Agency": st.column_config.SelectboxColumn(
            options=list(bodies), format_func=lambda c: f"{c} · {bodies.get(c, '')}",
            required=True, width="medium",
            help="The body's code, as in the count (type or paste it)."),
        "Unit cost": st.column_config.SelectboxColumn(
            options=list(costs), format_func=lambda c: f"{c} · {costs.get(c, '')}",
            required=True, width="large",
            help="A code of the unit-cost library (see the Unit costs tab)."),
        "Quantity": st.column_config.NumberColumn(min_value=0, step=0.5, required=True),
        "Staff hours": st.column_config.NumberColumn(min_value=0, step=0.1),
        "Distance (km)": st.column_config.NumberColumn(min_value=0, step=0.1),
        "Repeat contacts": st.column_config.NumberColumn(
            min_value=0, step=1, help="Calls and visits that repeated this stop."),
        "Feeling (-2 to +2)": st.column_config.NumberColumn(
            min_value=-2, max_value=2, step=1, help="-2 a low point ... +2 a high point"),
        "Avoidable": st.column_config.CheckboxColumn(default=False),
        "How it felt": st.column_config.TextColumn(width="medium"),
        "Note": st.column_config.TextColumn(width="large"),
        "Cost override (£)": st.column_config.NumberColumn(
            min_value=0, format="£%.2f", help="Only if the library's cost does not fit: say "
                                              "why in the next column."),
    }


def _save(store: Store, place: str, case: str, scenario: str, edited: pd.DataFrame) -> None:
    try:
        saved = journeys.save_stops(store, place, case, scenario, edited)
    except journeys.StopProblems as exc:
        st.error(f"{len(exc.problems)} problem(s) in the stops: nothing was saved. Put them "
                 "right and save again.")
        where, problem = zip(*(p.partition(": ")[::2] for p in exc.problems), strict=True)
        st.dataframe(pd.DataFrame({"Where": where, "Problem": problem}), hide_index=True,
                     width="stretch")
        return
    st.session_state.journey_saves = st.session_state.get("journey_saves", 0) + 1
    st.session_state.journey_saved = f"Saved {saved} stop(s) of {SCENARIOS[scenario].lower()}."
    st.rerun()


def draw(store: Store, place: str, family: journeys.Journey) -> None:
    case = family.case["case_code"]
    scenario = st.radio("Which journey", list(SCENARIOS), format_func=SCENARIOS.get,
                        horizontal=True, key="journey_scenario")
    if st.session_state.get("journey_saved"):
        st.success(st.session_state.pop("journey_saved"))
    stops = family.scenario(scenario).assign(
        feeling=lambda f: f["emotional_mark"].map(journeys.feeling))
    totals = family.totals(scenario)
    st.caption(f"{totals.stops} stops, in {family.price_year} prices. Staff time at "
               f"£{family.rates.hourly_pence / 100:,.2f} an hour and travel at "
               f"{float(family.rates.per_km_pence):.1f}p a km.")
    ui.table_with_download(stops[STOP_COLUMNS], f"{case} {scenario} stops", shown=shown)
    if not ui.is_facilitator():  # the stops are read above; only the facilitator edits them
        ui.read_only_note()
        return

    st.subheader("Type or paste the stops")
    st.caption("One row a stop. Paste straight from a spreadsheet (same column order), add "
               "rows at the bottom, delete with the row's tick box. Every row is checked "
               "before anything is saved; a wrong cell is named by row and column and "
               "nothing changes. Saving replaces this journey's stops with the table.")
    saves = st.session_state.get("journey_saves", 0)
    edited = st.data_editor(journeys.stop_editor(family, scenario), num_rows="dynamic",
                            hide_index=True, width="stretch", placeholder="",
                            key=editor_key(case, scenario, saves),
                            column_config=_config(store, place))
    if st.button("Save the stops", type="primary", key="journey_save_stops"):
        _save(store, place, case, scenario, edited)
