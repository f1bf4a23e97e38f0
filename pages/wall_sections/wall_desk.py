"""Not a page: the mapping wall's notes and editors, drawn by pages/mapping_wall.py when not
presenting. Widgets and layout only; the rules are in totalplace_core.wall."""

import streamlit as st

from totalplace_core import ui
from totalplace_core.store import StoreError
from totalplace_core.wall import service as wall


def act(action, done: str) -> None:
    """Run a write; after the rerun say it is saved, or now show what was wrong (none saved)."""
    try:
        result = action()
    except wall.WallProblems as exc:
        st.error(ui.plain(str(exc)))
        st.dataframe({"Problem": exc.problems}, hide_index=True, width="stretch")
    except (wall.WallInputError, StoreError) as exc:
        st.error(ui.plain(str(exc)))  # it quotes what was typed
    else:
        st.session_state.wall_flash = done.format(result)
        st.session_state.wall_forms = st.session_state.get("wall_forms", 0) + 1  # fresh fields
        st.rerun()


def notes_tab(ctx: ui.Context, view: wall.WallView, author: str) -> None:
    can_edit = ui.is_facilitator()  # everyone reads the notes; the facilitator writes them
    if not can_edit:
        ui.read_only_note()
    else:
        with st.form(f"pin-note-{st.session_state.get('wall_forms', 0)}"):
            target = st.selectbox("Pin to", list(view.note_targets),
                                  format_func=view.note_targets.get)
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
    if not can_edit:
        return
    if notes.set_index("note_id").loc[note_id, "Status"] == "open":
        answer = st.text_area("Answer", max_chars=2000,
                              key=f"answer-{note_id}-{st.session_state.get('wall_forms', 0)}")
        if st.button("Mark answered"):
            act(lambda: wall.answer_note(ui.store(), note_id, answer, author),
                "Answer saved; the question stays in the note's history.")
    elif st.button("Reopen"):
        act(lambda: wall.reopen_note(ui.store(), note_id, author), "Note reopened.")


def edit_tab(ctx: ui.Context, author: str) -> None:
    if not ui.is_facilitator():  # the Flow table tab shows the same flows, read-only
        ui.read_only_note()
        return
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
