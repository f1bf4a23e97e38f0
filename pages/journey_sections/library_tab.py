"""Not a page: the Unit costs and The family tabs of pages/family_journeys.py: the shared
unit-cost library (search, add, edit) and a case's story, consent check and rates.
Widgets and layout only."""

import streamlit as st

from pages.journey_sections.labels import shown
from totalplace_core import ui
from totalplace_core.classifications import ORG_KINDS
from totalplace_core.journeys import service as journeys
from totalplace_core.store import Store

LIBRARY_SHOWN = ["code", "service", "agency_kind", "unit", "cost_pence", "price_year",
                 "cost_in_year_pence", "source", "edited"]


def _library_config(years: list[str]) -> dict:
    column = st.column_config
    return {"code": column.TextColumn("Code", required=True, max_chars=20),
            "service": column.TextColumn("Service", required=True),
            "agency_kind": column.SelectboxColumn("Kind of agency", options=list(ORG_KINDS)),
            "unit": column.TextColumn("Unit", required=True),
            "cost_gbp": column.NumberColumn("Cost (£)", min_value=0, format="£%.2f",
                                            required=True),
            "price_year": column.SelectboxColumn("Price year", options=years, required=True),
            "source": column.TextColumn("Source", required=True)}


def unit_costs(store: Store, place: str, price_year: str, years: list[str]) -> None:
    if st.session_state.get("journey_costs_saved"):
        st.success(st.session_state.pop("journey_costs_saved"))
    search = st.text_input("Search the library", key="journey_cost_search",
                           placeholder="A&E, social worker, PSSRU ...")
    library = journeys.unit_costs(store, place, price_year, search.strip())
    st.caption(f"{len(library)} unit cost(s), each in its own price year and in {price_year} "
               "prices through the deflator table. 'Edited here' marks a cost changed on "
               "this page; each edit is kept as a new version.")
    in_year = {"Cost in the chosen year": f"In {price_year} prices"}
    ui.table_with_download(library[LIBRARY_SHOWN], "unit costs",
                           shown=lambda f: shown(f).rename(columns=in_year))
    if not ui.is_facilitator():  # the library is read above; only the facilitator edits it
        ui.read_only_note()
        return
    with st.expander("Add or edit unit costs"):
        st.caption("Change a cell, or add a row at the bottom with a new code. Every row is "
                   "checked before anything is saved.")
        before = library.assign(cost_gbp=library["cost_pence"] / 100)[
            journeys.LIBRARY_COLUMNS]
        saves = st.session_state.get("journey_cost_saves", 0)
        edited = st.data_editor(before, num_rows="add", hide_index=True, width="stretch",
                                key=f"journey-costs-{saves}", column_config=_library_config(
                                    years))
        if st.button("Save the unit costs", key="journey_save_costs"):
            try:
                saved = journeys.save_unit_costs(store, place, before, edited)
            except ValueError as exc:
                st.error(str(exc))
                return
            st.session_state.journey_cost_saves = saves + 1
            st.session_state.journey_costs_saved = f"Saved {saved} unit cost(s)."
            st.rerun()


def the_family(store: Store, place: str, family: journeys.Journey) -> None:
    case, rates = family.case, family.rates
    if st.session_state.get("journey_case_saved"):
        st.success(st.session_state.pop("journey_case_saved"))
    st.caption("The people in the family come with the Case members sheet on the Data page.")
    members = family.members.rename(columns={"member_code": "Code", "role": "Role",
                                             "age": "Age", "description": "About them"})
    st.dataframe(members, hide_index=True, width="stretch")
    if not ui.is_facilitator():  # the story and rates are shown above the tabs
        ui.read_only_note()
        return
    with st.form(f"journey-case-{case['case_code']}"):
        code = st.text_input("Case code", case["case_code"],
                             help="Type a new code to start a new family's journey.")
        title = st.text_input("Alias", case["title"], help="Never the family's real name.")
        summary = st.text_area("The short story", case.get("summary") or "")
        consent = st.checkbox("Checked: anonymised, and the family consented to its story "
                              "being told", value=bool(case.get("consent_checked")))
        hourly_in, km_in = st.columns(2)
        hourly = hourly_in.number_input("Staff time (£ an hour)", 0.0, 1000.0,
                                        rates.hourly_pence / 100, step=1.0,
                                        help=rates.hourly_source)
        per_km = km_in.number_input("Travel (pence a km)", 0.0, 1000.0,
                                    float(rates.per_km_pence), step=0.1, format="%.3f",
                                    help=rates.mileage_source)
        if st.form_submit_button("Save the family"):
            own = "the case's own rate"
            keep_hourly = rates.hourly_source == own or hourly != rates.hourly_pence / 100
            keep_km = rates.mileage_source == own or per_km != float(rates.per_km_pence)
            try:
                journeys.save_case(store, place, code, title, summary, consent,
                                   hourly if keep_hourly else None,
                                   per_km if keep_km else None)
            except ValueError as exc:
                st.error(f"Nothing was saved: {exc}")
                return
            st.session_state.journey_case = code.strip().upper()
            st.session_state.journey_case_saved = "Saved."
            st.rerun()
