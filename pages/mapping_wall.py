"""Mapping wall: where the money goes, how many hands it passes through, what that costs."""

import streamlit as st

from totalplace_core import ui
from totalplace_core.store import StoreError
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


def act(action, done: str) -> None:
    """Run a write; after the rerun say it is saved, or now show what was wrong (none saved)."""
    try:
        result = action()
    except wall.WallProblems as exc:
        st.error(str(exc))
        st.dataframe({"Problem": exc.problems}, hide_index=True, width="stretch")
    except (wall.WallInputError, StoreError) as exc:
        st.error(str(exc))
    else:
        st.session_state.wall_flash = done.format(result)
        st.session_state.wall_forms = st.session_state.get("wall_forms", 0) + 1  # fresh fields
        st.rerun()


def notes_tab(ctx: ui.Context, view: wall.WallView, author: str) -> None:
    with st.form(f"pin-note-{st.session_state.get('wall_forms', 0)}"):
        target = st.selectbox("Pin to", list(view.note_targets), format_func=view.note_targets.get)
        text = st.text_area("Gap or question", max_chars=2000)
        if st.form_submit_button("Pin to the wall", type="primary"):
            act(lambda: wall.pin_note(ui.store(), ctx.place_name, ctx.year, target, text,
                                         author), "Note pinned and saved.")
    notes = view.notes_table
    st.dataframe(notes.drop(columns="note_id"), hide_index=True, width="stretch")
    if notes.empty:
        return
    labels = dict(zip(notes["note_id"], notes["Pinned to"] + ": " + notes["Note"], strict=True))
    note_id = st.selectbox("Answer or reopen a note", list(labels), format_func=labels.get)
    st.dataframe(wall.note_history(ui.store(), note_id), hide_index=True, width="stretch")
    if notes.set_index("note_id").loc[note_id, "Status"] == "open":
        answer = st.text_area("Answer", max_chars=2000,
                              key=f"answer-{note_id}-{st.session_state.get('wall_forms', 0)}")
        if st.button("Mark answered"):
            act(lambda: wall.answer_note(ui.store(), note_id, answer, author),
                "Answer saved; the question stays in the note's history.")
    elif st.button("Reopen"):
        act(lambda: wall.reopen_note(ui.store(), note_id, author), "Note reopened.")


def edit_tab(ctx: ui.Context, author: str) -> None:
    ed = wall.wall_editor(ui.store(), ctx.place_name, ctx.year)
    st.caption("Add, change or delete rows, then save. Amounts in pounds as you would write them "
               "(1250000, £1.25m, 350k). Nothing is saved while any row is wrong.")
    flows_ed = st.data_editor(ed.flows, num_rows="dynamic", hide_index=True, width="stretch",
                              key=f"flows-{ctx.year}-{ed.flows_token}", column_config={
        "From": st.column_config.SelectboxColumn(options=ed.node_names, required=True),
        "To": st.column_config.SelectboxColumn(options=ed.node_names, required=True),
        "Kind": st.column_config.SelectboxColumn(options=list(wall.FLOW_KINDS)),
        "flow_id": None})
    if st.button(f"Save the {ctx.year} flows", type="primary"):
        act(lambda: wall.save_flows(ui.store(), ctx.place_name, ctx.year, flows_ed,
                                       ed.flows_token, author),
            f"Saved {{}} flows for {ctx.year}; the version before is kept.")
    with st.expander("Bodies, services and people on the wall"):
        nodes_ed = st.data_editor(ed.nodes, num_rows="dynamic", hide_index=True, width="stretch",
                                  key=f"nodes-{ed.nodes_token}", column_config={
            "Tier": st.column_config.SelectboxColumn(options=list(wall.NODE_TIERS)),
            "Function": st.column_config.SelectboxColumn(options=wall.FUNCTION_OPTIONS),
            "node_id": None})
        if st.button("Save bodies, services and people"):
            act(lambda: wall.save_nodes(ui.store(), ctx.place_name, nodes_ed, ed.nodes_token,
                                           author), "Saved {} nodes; the version before is kept.")
    st.caption("Saved edits (each keeps the version it replaced)")
    st.dataframe(ed.edits.drop(columns="edit_id"), hide_index=True, width="stretch")


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
            st.plotly_chart(wall_charts.sankey(view.picture, ctx.present), width="stretch",
                            config=wall_charts.SANKEY_CONFIG)
        st.caption(ui.plain(view.caption))
        if view.cycle_warning:
            st.warning(ui.plain(view.cycle_warning))
    else:
        st.info("No flows on this wall for this year and these filters: clear them, or add some.")
    if ctx.present:
        for line in view.open_note_lines:
            st.markdown(ui.plain(line))
        return
    author = st.text_input("Your name (shown on the notes you pin and the edits you save)")
    tabs = st.tabs(["Hand-overs and their cost", "Notes on the wall", "Flow table", "Edit flows"])
    with tabs[0]:
        st.plotly_chart(wall_charts.hand_over_bars(view.distribution), width="stretch",
                        config={"displayModeBar": False})
        st.caption(wall.RATE_NOTE)
        table(view.streams, "streams by hand-overs")
    with tabs[1]:
        notes_tab(ctx, view, author)
    with tabs[2]:
        table(view.table, "flows shown")
        if not view.imbalance.empty:
            st.caption("Where money goes in but the wall does not show it going on")
            table(view.imbalance.drop(columns="node_code"), "unbalanced bodies")
    with tabs[3]:
        edit_tab(ctx, author)


if (context := ui.context()) is None:
    st.title("Mapping wall")
    st.info("No place is loaded yet. Run `totalplace demo` to build the demo place.")
else:
    draw_wall(context)
