"""Asset map: every public body's buildings on one map, and where sharing could save."""

import streamlit as st

from pages.asset_sections import asset_tabs
from totalplace_core import ui
from totalplace_core.assets import charts as asset_charts
from totalplace_core.assets import service as assets
from totalplace_core.chart_words import describe_map
from totalplace_core.money import format_gbp
from totalplace_core.tables import for_display, html_table

ctx = ui.context()
if ctx is None:
    st.title("Asset map")
    st.info("No place is loaded yet. Run `totalplace demo` to build the demo place.")
    st.stop()
store, place, present = ui.store(), ctx.place_name, ctx.present
ui.place_title(ctx, "Asset map")
choices = assets.choices(store, place)
if not choices.bodies:
    st.info(f"{ui.plain(place)} has no buildings loaded yet: add the Assets sheet on the "
            "Data page.")
    st.stop()
if st.query_params.get("ward") in choices.wards:  # from a ward's page: that ward's buildings
    st.session_state.asset_wards = [st.query_params.pop("ward")]

side, show = st.sidebar, not present
bodies = ui.remembered(side.multiselect, "Bodies", "asset_bodies", [], show,
                       options=list(choices.bodies), format_func=choices.bodies.get,
                       placeholder="Every body")
kinds = ui.remembered(side.multiselect, "Kinds of building", "asset_kinds", [], show,
                      options=choices.kinds, placeholder="Every kind")
wards = ui.remembered(side.multiselect, "Wards", "asset_wards", [], show,
                      options=list(choices.wards), format_func=choices.wards.get,
                      placeholder="Every ward")
use = ui.remembered(side.slider, "Utilisation (%)", "asset_use", (0, 100), show,
                    min_value=0, max_value=100, step=5,
                    help="Narrowed, it leaves out buildings whose utilisation is unknown.")
size_by = ui.remembered(side.radio, "Circle size shows", "asset_size", "running_cost_pence",
                        show, options=list(assets.SIZE_BY), format_func=assets.SIZE_BY.get)
if show:
    side.subheader("Co-location")
radius = ui.remembered(side.number_input, "Walking distance (m)", "asset_radius", 400, show,
                       min_value=50, max_value=5000, step=50)
max_use = ui.remembered(side.slider, "Under-used below (%)", "asset_max_use", 60, show,
                        min_value=5, max_value=100, step=5)
rate = ui.remembered(side.number_input, "Saving rate (% of running cost)", "asset_rate", 10.0,
                     show, min_value=0.0, max_value=100.0, step=1.0,
                     help=f"An estimate: {assets.SAVING_SOURCE}.")
basemap = ui.remembered(side.toggle, "Street map (fetched from the internet)", "asset_basemap",
                        False, show, help="Off, nothing leaves the room: the map draws the "
                                          "wards' outlines and names only.")

shown = assets.AssetFilter(bodies, kinds, wards, None if tuple(use) == (0, 100) else tuple(use))
rule = assets.ColocationRule(float(radius), float(max_use), float(rate))
buildings = assets.assets(store, place, shown)
if buildings.empty:
    st.info("No building matches these filters: widen them in the sidebar.")
    st.stop()
estate = assets.totals(store, place, shown, None, rule.max_use_pct).iloc[0]
by_body = assets.totals(store, place, shown, "body", rule.max_use_pct)
found = assets.colocation(store, place, rule, shown)
top = min(10, len(found.groups))

# Projected, the figures stand beside a map as tall as the screen; at a desk, in a row above.
figures, drawing = st.columns([1, 3]) if present else (st.container(), st.container())
slots = [figures] * 4 if present else figures.columns(4)
slots[0].metric("Estate running cost a year", format_gbp(int(estate["running_cost_pence"])),
                f"{int(estate['buildings']):,} buildings", delta_color="off",
                delta_arrow="off")
slots[1].metric(f"In buildings used under {rule.max_use_pct:g}%",
                f"{estate['under_used_share_pct'] or 0:.0f}%",
                f"{format_gbp(int(estate['under_used_pence']))} a year", delta_color="off",
                delta_arrow="off")
slots[2].metric("Co-location candidates", f"{len(found.groups)}",
                f"within {rule.radius_m:,.0f} m' walk", delta_color="off", delta_arrow="off")
slots[3].metric(f"Saving estimate, top {top}" if top else "Saving estimate",
                format_gbp(found.saving_for_top(10)),
                f"a year at {rule.rate_pct:g}% of running cost", delta_color="off",
                delta_arrow="off", help=f"An estimate, not a plan: {assets.SAVING_SOURCE}.")

colours = assets.body_colours(by_body)
frame = assets.frame_for(present, ui.on_phone())
deck = ui.figure(("asset-map", place, tuple(buildings["asset_code"]), rule, size_by, present,
                  basemap, frame), assets.DEPENDS_ON,
                 lambda: asset_charts.asset_map(buildings, choices.outlines, found.groups,
                                                colours, size_by, present, basemap, frame))
drawing.pydeck_chart(deck, height=frame[1], alt=describe_map(
    f"{place}'s public buildings", len(buildings), "buildings",
    f"each coloured by body and sized by {assets.SIZE_BY[size_by].lower()}, with ward "
    "outlines"))
drawing.html(assets.legend_html(colours, choices.bodies, size_by, present))

if present:  # the top candidates under the map, the room's one message
    st.subheader(f"Top candidates: {found.rule.describe()}")
    st.html(html_table(for_display(assets.headline_groups(found, 5)), "Top candidates"))
else:
    asset_tabs.draw(store, place, buildings, found, shown)
