"""Not a page: the Redesign and Prevention sum tabs of pages/family_journeys.py: cost then
and now, who saves and who invests, and A - (B + C) = Y worked through with its inputs.
Widgets and layout only."""

import pandas as pd
import streamlit as st

from pages.journey_sections.labels import shown
from totalplace_core import ui
from totalplace_core.journeys import charts
from totalplace_core.journeys import service as journeys
from totalplace_core.money import format_change, format_gbp
from totalplace_core.store import Store


def redesign(place: str, family: journeys.Journey) -> None:
    now, then = family.totals("current"), family.totals("redesigned")
    if not then.stops:
        st.info("No redesigned journey yet: choose 'The redesigned journey' on the Stops tab "
                "and type its stops (one key worker instead of twelve assessments, say).")
        return
    a, b, c = st.columns(3)
    a.metric("The journey now", format_gbp(now.total_pence), f"{now.stops} stops",
             delta_color="off", delta_arrow="off")
    b.metric("Redesigned", format_gbp(then.total_pence), f"{then.stops} stops",
             delta_color="off", delta_arrow="off")
    c.metric("Change a year", format_change(then.total_pence - now.total_pence),
             f"{100 * (then.total_pence - now.total_pence) / (now.total_pence or 1):+.0f}%",
             delta_color="inverse")
    table = journeys.redesign_table(family)
    saves, invests = (table["saving_pence"] > 0).sum(), (table["saving_pence"] < 0).sum()
    first = family.redesign.iloc[0]
    st.markdown(f"Savings land in different bodies from the investment: **{saves} bodies "
                f"save {format_gbp(int(first['saved_pence']))}** a year and **{invests} "
                f"invest {format_gbp(int(first['invested_pence']))}**. Whoever invests needs "
                "a share of what the others save.")
    phone = ui.on_phone()
    key = ("journey-redesign", place, family.case["case_code"], family.price_year, phone)
    ui.plot(ui.figure(key, journeys.DEPENDS_ON,
                      lambda: charts.redesign_bars(family.redesign, phone=phone)),
            "who saves and who invests")
    ui.table_with_download(table, "who saves and who invests", shown=shown, column_config={
        "Body's spend": st.column_config.LinkColumn(display_text="Spend in the count")})


def _arithmetic(total: journeys.PreventionSum) -> None:
    a, b, c, y = (format_gbp(p) for p in (total.a_pence, total.b_pence, total.c_pence,
                                          total.y_pence))
    st.markdown(f"### A - (B + C) = Y\n### {a} - ({b} + {c}) = {y}")
    lines = pd.DataFrame(total.lines, columns=["term", "what", "figure_pence", "source"])[
        ["term", "figure_pence", "what", "source"]]
    ui.table_with_download(lines, "prevention sum", shown=shown)


def _form(store: Store, place: str, family: journeys.Journey) -> None:
    held = family.prevention.inputs
    case = family.case["case_code"]
    with st.form(f"journey-prevention-{case}"):
        st.markdown("**Change the sum's inputs** (each with where it comes from)")
        left, right = st.columns(2)  # each figure beside its source (stacked on a phone)
        n = left.number_input("Families like this one", min_value=1, max_value=10_000_000,
                              value=held.cohort_size, step=10)
        n_source = right.text_input("Why that many (the assumption)", held.cohort_source)
        left, right = st.columns(2)
        b = left.text_input("B: new community investment (£)", "" if held.investment_pence
                            is None else f"{held.investment_pence / 100:.2f}",
                            help="Leave blank for what the redesign adds at the agencies that "
                                 "spend more, times the families.")
        b_source = right.text_input("Where B comes from", held.investment_source)
        left, right = st.columns(2)
        c = left.text_input("C: universal provision sustained (£)",
                            f"{held.universal_pence / 100:.2f}")
        c_source = right.text_input("Where C comes from", held.universal_source)
        if st.form_submit_button("Save the sum's inputs"):
            try:
                inputs = journeys.prevention_form(int(n), n_source, b, b_source, c, c_source)
            except ValueError as exc:
                st.error(f"Nothing was saved: {exc}")
                return
            journeys.save_prevention(store, place, case, inputs)
            st.session_state.journey_sum_saved = True
            st.rerun()


def prevention(store: Store, place: str, family: journeys.Journey) -> None:
    total = family.prevention
    if st.session_state.pop("journey_sum_saved", False):
        st.success("Saved. The sum below uses the new inputs; the earlier ones are kept.")
    st.caption("A: what the redesign saves the agencies that save, for every family like this "
               "one. B: the new community investment. C: the universal provision that must "
               "be kept. Y: what is left to close the spending gap.")
    _arithmetic(total)
    n, now, then = journeys.cohort(family)
    st.markdown(f"**If {n:,} families like this:** {format_gbp(now)} a year now, "
                f"{format_gbp(then)} a year redesigned ({format_gbp(now - then)} less).")
    st.caption("The assumption: " + ui.plain(total.inputs.cohort_source))
    if ui.is_facilitator():
        _form(store, place, family)
    else:
        ui.read_only_note()
