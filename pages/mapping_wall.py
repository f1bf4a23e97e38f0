"""Mapping wall: where the money goes, how many hands it passes through, what that costs."""

import streamlit as st

from pages.wall_sections import wall_desk
from totalplace_core import ui
from totalplace_core.wall import charts as wall_charts
from totalplace_core.wall import service as wall


def table(frame, name: str) -> None:
    ui.table_with_download(frame, name, shown=wall.for_display)


def controls(ctx: ui.Context) -> tuple[wall.Filters, int, float, str]:
    """Filters, grouping and rate, in the sidebar; when presenting none is drawn and the
    last choices hold."""
    show, bar = not ctx.present, st.sidebar
    if show:
        bar.subheader("What the wall shows")
    scheme = ui.remembered(bar.radio, "Functions by", "wall_scheme", "cofog", show,
                           options=list(wall.SCHEMES), format_func=wall.SCHEMES.get,
                           horizontal=True)
    functions, streams, nodes = wall.wall_choices(ui.store(), ctx.place_name, ctx.year, scheme)
    fn = ui.remembered(bar.multiselect, wall.SCHEMES[scheme], "wall_fn", [], show,
                       options=functions)
    picked = ui.remembered(bar.multiselect, "Funding streams", "wall_streams", [], show,
                           options=streams)
    focus = ui.remembered(bar.multiselect, "Focus on (all up- and downstream of)", "wall_focus",
                          [], show, options=list(nodes), format_func=nodes.get)
    group = ui.remembered(bar.select_slider, "Group bodies and services moving less than",
                          "wall_group", 20, show, options=wall.GROUP_STEPS_M,
                          format_func=lambda m: f"£{m}m" if m else "show every one",
                          help=wall.GROUP_NOTE)
    rate = ui.remembered(bar.slider, "Admin cost per hand-over (%, an estimate)", "wall_rate",
                         20, show, min_value=0, max_value=50, help=wall.RATE_NOTE)
    return wall.Filters(tuple(fn), tuple(picked), tuple(focus)), group * 10**8, rate / 100, scheme


def draw_wall(ctx: ui.Context) -> None:
    ui.css("wall.css")
    ui.place_title(ctx, "Mapping wall")
    if flash := st.session_state.pop("wall_flash", None):
        st.success(flash)
    filters, threshold, rate, scheme = controls(ctx)
    view = wall.wall_view(ui.store(), ctx.place_name, ctx.year, filters, threshold, rate, scheme)
    if view.summary.delivered_pence:
        for column, (label, value, about) in zip(st.columns(4), view.headline, strict=True):
            column.metric(label, value, help=about)
        with st.container(key="wall-sankey"):  # scrolls sideways on a phone (wall.css)
            fig = ui.figure(("sankey", ctx.place_name, ctx.year, filters, threshold, rate,
                             scheme, ctx.present), wall.DEPENDS_ON,
                            lambda: wall_charts.sankey(view.picture, ctx.present))
            ui.plot(fig, "money flowing between bodies", config=wall_charts.SANKEY_CONFIG)
        st.caption(ui.plain(view.caption))
        if view.cycle_warning:
            st.warning(ui.plain(view.cycle_warning))
    else:
        st.info("No flows on this wall for this year and these filters: clear them, or add some.")
    if ctx.present:
        for line in view.open_note_lines:
            st.markdown(ui.plain(line))
        return
    draw_tabs(ctx, view)


def draw_tabs(ctx: ui.Context, view: wall.WallView) -> None:
    author = st.text_input("Your name (shown on the notes you pin and the edits you save)") \
        if ui.is_facilitator() else ""  # only the facilitator pins notes and edits the wall
    # Only the open tab runs (on_change="rerun"): a rerun costs one tab, not four.
    tabs = st.tabs(["Hand-overs and their cost", "Notes on the wall", "Flow table", "Edit flows"],
                   key="wall_tab", on_change="rerun")
    if tabs[0].open:
        with tabs[0]:
            ui.plot(wall_charts.hand_over_bars(view.distribution), "money by hand-overs")
            st.caption(wall.RATE_NOTE)
            table(view.streams, "streams by hand-overs")
    if tabs[1].open:
        with tabs[1]:
            wall_desk.notes_tab(ctx, view, author)
    if tabs[2].open:
        with tabs[2]:
            table(view.table, "flows shown")
            if not view.imbalance.empty:
                st.caption("Where money goes in but the wall does not show it going on")
                table(view.imbalance.drop(columns="node_code"), "unbalanced bodies")
    if tabs[3].open:
        with tabs[3]:
            wall_desk.edit_tab(ctx, author)

if (context := ui.context()) is None:
    st.title("Mapping wall")
    st.info("No place is loaded yet. Run `totalplace demo` to build the demo place.")
else:
    draw_wall(context)
