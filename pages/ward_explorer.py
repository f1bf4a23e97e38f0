"""Wards: what is spent in my ward, on what, by whom, against the rest, and how sure it is."""

import streamlit as st

from totalplace_core import ui
from totalplace_core.chart_words import describe_map
from totalplace_core.money import format_gbp, format_per_head
from totalplace_core.store import StoreError
from totalplace_core.wards import charts as ward_charts
from totalplace_core.wards import service as wards

ctx = ui.context()
if ctx is None:
    st.title("Wards")
    st.info("No place is loaded yet. Run `totalplace demo` to build the demo place.")
    st.stop()
store, place, year, present = ui.store(), ctx.place_name, ctx.year, ctx.present
ui.place_title(ctx, "Wards")
choices = wards.choices(store, place, year)
if choices.wards.empty:
    st.info(f"{ui.plain(place)} has no wards loaded yet: add the Wards sheet on the Data page.")
    st.stop()
function = ui.remembered(st.sidebar.selectbox, "Function", "ward_fn", "", not present,
                         options=["", *choices.divisions],
                         format_func=lambda d: choices.divisions.get(d, "Every function"))
body = ui.remembered(st.sidebar.selectbox, "Body", "ward_body", "", not present,
                     options=["", *choices.bodies],
                     format_func=lambda b: choices.bodies.get(b, "Every body"))
try:
    table = wards.wards(store, place, year, [function] if function else [],
                        [body] if body else [])
except StoreError as exc:
    st.info(ui.plain(str(exc)))
    st.stop()
names = dict(zip(table["ward_code"], table["ward_name"], strict=True))
asked = st.query_params.get("ward")
if st.session_state.get("ward_pick") not in names:
    st.session_state.ward_pick = asked if asked in names else next(iter(names))
picked = st.session_state.ward_pick
st.query_params["ward"] = picked  # a link a councillor can keep
row = table.set_index("ward_code").loc[picked]
place_head = wards.place_per_head(table)

what = " · ".join(x for x in (choices.divisions.get(function), choices.bodies.get(body)) if x)
st.subheader(f"Spend per head by ward, {year}" + (f": {ui.plain(what)}" if what else ""))
# The ward's headline first: on a phone the columns stack and a councillor reads it at once.
figures, drawing = st.columns([2, 3] if not present else [1, 2])
with figures:
    st.selectbox("Ward", list(names), format_func=names.get, key="ward_pick")
    st.metric(f"Spent in {ui.plain(row['ward_name'])}", format_gbp(int(row["amount_pence"])))
    st.metric("Per resident", format_per_head(int(row["per_head_pence"])),
              f"{row['against_place_pct']:+.1f}% against the place "
              f"({format_per_head(place_head)})", delta_color="off")
    if not present:
        st.page_link("pages/asset_map.py", icon=":material/domain:",
                     label=f"Public buildings in {ui.plain(row['ward_name'])}",
                     query_params={"ward": picked})
    st.metric("Share that is a proxy", f"{row['proxy_share_pct']:.0f}%",
              help="Shared out by residents, age or need rather than given for the ward by "
                   "the body that spends it.")
with drawing:
    phone = ui.on_phone()  # framed for the screen it is drawn on
    deck = ui.figure(("ward-map", place, year, function, body, picked, present, phone),
                     wards.DEPENDS_ON,
                     lambda: ward_charts.ward_map(table, choices.wards, picked, present,
                                                  (340, 420) if phone else None))
    st.pydeck_chart(deck, height=620 if present else 480, alt=describe_map(
        f"{place}'s wards", len(table), "wards", "each shaded by spend per resident, darker "
        "for more; the one chosen outlined"))
    st.html(wards.legend_html(table, present))
if present:
    st.stop()

tabs = st.tabs(["Every ward", "This ward", "Two wards", "How it is shared"],
               key="ward_tab", on_change="rerun")
if tabs[0].open:
    with tabs[0]:
        ui.table_with_download(table, "wards")
if tabs[1].open:
    with tabs[1]:
        by_function, by_body = wards.ward_detail(store, place, year, picked)
        st.caption(f"{ui.plain(row['ward_name'])}: {row['population']:,} residents. Proxy "
                   "figures are shared out by a driver; actuals were given for the ward.")
        ui.table_with_download(by_function, "ward by function")
        ui.table_with_download(by_body, "ward by body")
        sheet, pdf = st.columns(2)  # made when pressed, not on every rerun
        sheet.download_button(
            "Ward factsheet (HTML, prints from any browser)",
            lambda: wards.factsheet_html(store, place, year, picked),
            file_name=f"factsheet-{picked}-{year}.html", mime="text/html", on_click="ignore")
        pdf.download_button(
            "Ward factsheet (PDF)", lambda: wards.factsheet_pdf(store, place, year, picked),
            file_name=f"factsheet-{picked}-{year}.pdf", mime="application/pdf",
            on_click="ignore")
if tabs[2].open:
    with tabs[2]:
        other = st.selectbox("Compare with", [c for c in names if c != picked],
                             format_func=names.get)
        ui.table_with_download(wards.side_by_side(table, picked, other), "two wards")
if tabs[3].open:
    with tabs[3]:
        st.caption("A line a body gave for one ward is that ward's actual. Every other line "
                   "is shared among wards by its own driver, or by its function's driver "
                   "below. Edit the table to change how a function is shared.")
        before, can_edit = wards.drivers(store, place), ui.is_facilitator()
        edited = st.data_editor(before, disabled=["cofog_code", "cofog_name"] if can_edit
                                else True, hide_index=True,  # read-only but the facilitator's
                                key="ward-drivers", width="stretch", column_config={
                                    "driver": st.column_config.SelectboxColumn(
                                        "Shared by", options=list(wards.DRIVER_NAMES),
                                        required=True)})
        if not can_edit:
            ui.read_only_note()
        elif st.button("Save the drivers"):
            saved = wards.save_drivers(store, place, before, edited)
            st.success(f"Saved {saved} change(s).")
            st.rerun()
