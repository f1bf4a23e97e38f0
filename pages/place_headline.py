"""Home: what this is, and the headline a facilitator projects first."""

import streamlit as st

from totalplace_core import ui
from totalplace_core.count import charts
from totalplace_core.count import service as count_service
from totalplace_core.money import format_gbp, format_per_head

ctx = ui.context()
if ctx is None:
    st.title("Total Place Studio")
    st.info("No place is loaded yet. Run `totalplace demo` to build the demo place.")
    st.stop()

count = count_service.place_count(ui.store(), ctx.place_name, ctx.year)
ui.place_title(ctx, "All public spend in one place")
if not ctx.present:
    st.write(
        "Total Place Studio counts every pound of public money spent in a place, whoever "
        "spends it, and shows where it goes and what it does for the people who live there. "
        "Count it once, map it on the wall, and redesign services around families, not bodies."
    )

total, head, bodies = st.columns(3)
total.metric("Total public spend", format_gbp(count.net_pence),
             help="Counted once: money passed between bodies is counted where it is spent.")
head.metric("Per resident", format_per_head(count.per_head_pence),
            help=f"Total ÷ {count.population:,} residents")
bodies.metric("Public bodies counted", f"{count.bodies_counted}")

st.subheader("Where it goes, by function (UN COFOG)")
fig = ui.figure(("home", ctx.place_name, ctx.year, ctx.present), count_service.DEPENDS_ON,
                lambda: charts.division_bars(count.by_division, ctx.present))
ui.plot(fig, "public spend by function")
if not ctx.present:  # every figure of the chart, for screen readers and copying
    ui.table_with_download(count.by_division, "spend by function")
