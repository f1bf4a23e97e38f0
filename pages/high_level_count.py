"""High-level count: all public spend in the place, by function and body, counted once."""

import streamlit as st

from totalplace_core import ui
from totalplace_core.count import charts
from totalplace_core.count import service as count_service
from totalplace_core.money import format_change, format_gbp, format_per_head

ctx = ui.context()
if ctx is None:
    st.stop()
view = count_service.count_view(ui.store(), ctx.place_name, ctx.year)
count, present = view.count, ctx.present
kept = count_service.counted(view.lines, ctx.year)

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
st.plotly_chart(charts.basis_bar(count.basis_pence, present), width="stretch",
                config={"displayModeBar": False})

tree = count_service.drill(kept)
if present:  # one picture, and no st.stop(): app.py still draws the way out below the page
    st.plotly_chart(charts.spend_treemap(tree, present), width="stretch",
                    config={"displayModeBar": False})
else:
    tabs = st.tabs(["By function", "By body", "Counted once", "Per head", "Compare", "Themes",
                    "All lines"])
    with tabs[0]:
        st.caption("Click a function to open its groups, then a group to see each body and line.")
        shown = tree[tree["level"].isin(["division", "group"])][["id", "label", "amount_pence"]]
        ui.chart_and_table(charts.spend_treemap(tree), shown, "spend by function")

    with tabs[1]:
        left, right = st.columns(2)
        with left:
            st.subheader("By kind of body")
            kinds = count_service.by(kept, "org_kind")
            ui.chart_and_table(charts.share_bars(kinds, "org_kind"), kinds, "spend by kind")
        with right:
            st.subheader("By organisation")
            orgs = count_service.by(kept, "org_name")
            ui.chart_and_table(charts.share_bars(orgs, "org_name"), orgs, "spend by body")

    with tabs[2]:
        gross, moved, net, unmatched = st.columns(4)
        gross.metric("Gross (every line)", format_gbp(count.gross_pence))
        moved.metric("Transfers removed", format_gbp(count.transfers_pence))
        net.metric("Counted once", format_gbp(count.net_pence))
        unmatched.metric("Unmatched transfers", format_gbp(count.unmatched_pence),
                         help="Handed to a body that has not reported: kept in the count, flagged.")
        moved = count_service.transfers(view.lines, ctx.year, view.org_names)
        ui.table_with_download(moved, "transfers")

    with tabs[3]:
        st.caption("Each function per resident, and per head of the people it is for (children's "
                   "services per child, old age per older resident), from the wards' age bands.")
        with st.expander("Choose whose head each function is divided by"):
            chosen = st.data_editor(
                count_service.relevant_choices(kept, view.bands), hide_index=True,
                disabled=["cofog_code", "group_name"], key="relevant-editor",
                column_config={"relevant_population": st.column_config.SelectboxColumn(
                    "Divide by", options=list(view.bands), required=True)})
        relevant = dict(zip(chosen["cofog_code"], chosen["relevant_population"], strict=True))
        per_group = count_service.per_head_by_group(kept, view.bands, relevant)
        ui.table_with_download(per_group, "per head by group")

    with tabs[4]:
        years = ctx.years
        if len(years) > 1:
            a, b = st.columns(2)
            earlier = a.selectbox("From", years, index=len(years) - 2)
            later = b.selectbox("To", years, index=len(years) - 1)
            compare = count_service.compare_years(ui.store(), ctx.place_name, earlier, later)
            base = view.deflators["base_year"].iloc[0]
            st.caption(f"Real terms in {base} prices: {view.deflators['source'].iloc[0]}.")
            ui.chart_and_table(charts.change_bars(compare), compare, "change by function")
        others = count_service.counts_for_year(ui.store(), ctx.year)
        if len(others) > 1:
            st.subheader(f"Places side by side, {ctx.year}")
            ui.table_with_download(count_service.compare_places(others), "places compared")

    with tabs[5]:
        scheme = st.radio("Read the count by", list(count_service.SCHEMES),
                          format_func=count_service.SCHEMES.get, horizontal=True)
        by_theme = count_service.by_theme(kept, view.mapping, scheme)
        ui.chart_and_table(charts.share_bars(by_theme, "theme"), by_theme, "spend by theme")
        with st.expander("Edit how service lines and themes map to COFOG"):
            edited = st.data_editor(view.mapping, disabled=["cofog_code", "cofog_name"],
                                    hide_index=True, key="theme-editor", width="stretch")
            if st.button("Save the map"):
                saved = count_service.save_theme_map(ui.store(), ctx.place_name, view.mapping,
                                                     edited)
                st.success(f"Saved {saved} change(s).")
                st.rerun()

    with tabs[6]:
        pick = st.multiselect("Functions", sorted(kept["division_name"].unique()))
        bodies_pick = st.multiselect("Bodies", sorted(kept["org_name"].unique()))
        lines = count_service.filter_lines(kept, pick, bodies_pick)
        st.caption(f"{len(lines)} lines, {format_gbp(int(lines['amount_pence'].sum()))}")
        ui.table_with_download(lines[count_service.LINE_COLUMNS], "spend lines")
