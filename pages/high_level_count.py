"""High-level count: all public spend in the place, by function and body, counted once."""

import streamlit as st

from totalplace_core import ui
from totalplace_core.count import charts
from totalplace_core.count import service as count_service
from totalplace_core.money import format_change, format_gbp, format_per_head

SUBJECTS = {"basis": "the count by basis: actual, estimate or population-based proxy",
            "treemap": "spend by function, then group, then body"}
TABS = ["By function", "By body", "Counted once", "Per head", "Compare", "Themes", "All lines"]
ctx = ui.context()
if ctx is None:
    st.stop()
store, place, year, present = ui.store(), ctx.place_name, ctx.year, ctx.present
view = count_service.count_view(store, place, year)
count, parts = view.count, view.parts
asked = count_service.body_name(store, place, st.query_params.pop("body", ""))
if asked in view.bodies:  # from the asset map: this body's lines, once
    st.session_state.count_tab, st.session_state.count_bodies = "All lines", [asked]


def chart(name: str, build) -> None:
    """A figure built once per data version (ui.figure), drawn without the mode bar."""
    fig = ui.figure(("count", name, place, year, present), count_service.DEPENDS_ON, build)
    ui.plot(fig, SUBJECTS.get(name, name.replace("-", " ")))


ui.place_title(ctx, "High-level count")
total, head, change, bodies = st.columns(4)
total.metric("Total public spend", format_gbp(count.net_pence),
             help="Counted once: transfers between bodies are counted where the money is spent.")
head.metric("Per resident", format_per_head(count.per_head_pence),
            help=f"Total ÷ {count.population:,} residents (never a sum of per-head figures)")
if view.previous:
    delta, pct = count_service.change_on(view.previous, count)
    change.metric(f"Change on {view.previous.year}", format_change(delta), f"{pct:+.1f}% in cash")
bodies.metric("Public bodies counted", count.bodies_counted)
shares = count.basis_share_pct()
st.markdown("**How roughly right:** " + " · ".join(
    f"{label} {shares[b]:.0f}%" for b, label in
    (("actual", "actual"), ("estimate", "estimate"), ("proxy", "population-based proxy"))))
chart("basis", lambda: charts.basis_bar(count.basis_pence, present))

if present:  # one picture, and no st.stop(): app.py still draws the way out below the page
    tree = count_service.tree(parts)
    chart("treemap", lambda: charts.spend_treemap(tree, present))
    if note := count_service.credit_note(tree):
        st.caption(note)
else:
    # Only the open tab runs (on_change="rerun"): a rerun costs one tab, not seven.
    tabs = st.tabs(TABS, key="count_tab", on_change="rerun")
    if tabs[0].open:
        with tabs[0]:
            st.caption("Click a function to open its groups, then a group to see each body; "
                       "the lines behind a figure are under All lines.")
            tree = count_service.tree(parts)
            chart("treemap", lambda: charts.spend_treemap(tree))
            if note := count_service.credit_note(tree):
                st.caption(note)
            ui.table_with_download(tree[tree["level"].isin(["division", "group"])][
                ["id", "label", "amount_pence"]], "spend by function")
    if tabs[1].open:
        with tabs[1]:
            halves = st.columns(2)
            for column, heading, key in ((halves[0], "By kind of body", "org_kind"),
                                         (halves[1], "By organisation", "org_name")):
                with column:
                    st.subheader(heading)
                    frame = count_service.shares(parts, key)
                    chart(key, lambda f=frame, k=key: charts.share_bars(f, k))
                    ui.table_with_download(frame, f"spend {heading.lower()}")
    if tabs[2].open:
        with tabs[2]:
            gross, moved, net, unmatched = st.columns(4)
            gross.metric("Gross (every line)", format_gbp(count.gross_pence))
            moved.metric("Transfers removed", format_gbp(count.transfers_pence))
            net.metric("Counted once", format_gbp(count.net_pence))
            unmatched.metric("Unmatched transfers", format_gbp(count.unmatched_pence),
                             help="Handed to a body that reported nothing: kept, flagged.")
            st.caption(f"The largest {count_service.LINES_SHOWN} lines that hand money on.")
            ui.table_with_download(count_service.transfers(store, place, year), "transfers")
    if tabs[3].open:
        with tabs[3]:
            st.caption("Each function per resident, and per head of the people it is for "
                       "(children's services per child, old age per older resident), from the "
                       "wards' age bands.")
            with st.expander("Choose whose head each function is divided by"):
                chosen = st.data_editor(
                    count_service.relevant_choices(parts, view.bands), hide_index=True,
                    disabled=["cofog_code", "group_name"], key="relevant-editor",
                    column_config={"relevant_population": st.column_config.SelectboxColumn(
                        "Divide by", options=list(view.bands), required=True)})
            relevant = dict(zip(chosen["cofog_code"], chosen["relevant_population"],
                                strict=True))
            ui.table_with_download(count_service.per_head_by_group(parts, view.bands, relevant),
                                   "per head by group")
    if tabs[4].open:
        with tabs[4]:
            if len(ctx.years) > 1:
                a, b = st.columns(2)
                earlier = a.selectbox("From", ctx.years, index=len(ctx.years) - 2)
                later = b.selectbox("To", ctx.years, index=len(ctx.years) - 1)
                compare = count_service.compare_years(store, place, earlier, later)
                st.caption(f"Real terms in {view.deflators['base_year'].iloc[0]} prices: "
                           f"{view.deflators['source'].iloc[0]}.")
                chart(f"change-{earlier}-{later}", lambda: charts.change_bars(compare))
                ui.table_with_download(compare, "change by function")
            places = count_service.compare_places(store, year)
            if len(places) > 1:
                st.subheader(f"Places side by side, {year}")
                ui.table_with_download(places, "places compared")
    if tabs[5].open:
        with tabs[5]:
            scheme = st.radio("Read the count by", list(count_service.SCHEMES),
                              format_func=count_service.SCHEMES.get, horizontal=True)
            themed = count_service.by_theme(parts, view.mapping, scheme)
            chart(f"theme-{scheme}", lambda: charts.share_bars(themed, "theme"))
            ui.table_with_download(themed, "spend by theme")
            if not ui.is_facilitator():  # the map is read above; only the facilitator edits
                ui.read_only_note()
            else:
                with st.expander("Edit how service lines and themes map to COFOG"):
                    edited = st.data_editor(view.mapping, disabled=["cofog_code", "cofog_name"],
                                            hide_index=True, key="theme-editor",
                                            width="stretch")
                    if st.button("Save the map"):
                        saved = count_service.save_theme_map(store, place, view.mapping, edited)
                        st.success(f"Saved {saved} change(s).")
                        st.rerun()
    if tabs[6].open:
        with tabs[6]:
            picked = st.multiselect("Functions", view.divisions)
            bodies_picked = st.multiselect("Bodies", view.bodies, key="count_bodies")
            lines, matching, pence = count_service.lines(
                store, place, year, [d[:2] for d in picked], bodies_picked)
            shown = f"; the largest {len(lines)} listed" if matching > len(lines) else ""
            st.caption(f"{matching} lines, {format_gbp(pence)}{shown}")
            ui.table_with_download(lines, "spend lines")
