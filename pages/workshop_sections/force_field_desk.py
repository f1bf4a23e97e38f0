"""Not a page: the force-field tools of the facilitator's desk (combining forces, each
person's map against the room's, a reopened session's two dates), drawn by
pages/workshop_sections/facilitator_desk.py. Widgets and layout only."""

from collections.abc import Callable

import streamlit as st

from pages.workshop_sections import confirm_desk as confirm
from totalplace_core import ui
from totalplace_core.store import Store, StoreError
from totalplace_core.workshop import charts as wc
from totalplace_core.workshop import service as ws

PLAIN = {"displayModeBar": False}
FAILED = (ws.WorkshopInputError, StoreError)


def done(call: Callable[..., object], *args: object) -> None:
    """Run a change; say what went wrong, or redraw the page with it."""
    try:
        call(*args)
    except FAILED as exc:
        st.error(str(exc))
        return
    st.rerun()


def combine(store: Store, sid: str) -> None:
    board = ws.force_board(store, sid)
    forces = ws.force_options(board.forces)
    st.caption("Forces that say the same thing become one; its strength is the average of "
               "theirs. People's own maps keep their words.")
    chosen = st.multiselect("Forces to combine", list(forces), format_func=forces.get,
                            key="ws-merge-pick")
    keep = st.selectbox("Keep the wording of", chosen, format_func=forces.get)
    if st.button("Combine", disabled=len(chosen) < 2, type="primary"):
        done(ws.merge, store, sid, keep, chosen)
    st.dataframe(ws.board_table(board.combined), hide_index=True, width="stretch")
    groups = ws.group_options(board.combined)
    group = st.selectbox("A force on the combined map", list(groups), format_func=groups.get,
                         index=None, placeholder="Choose a force", key="ws-group")
    split, drop, rate, rate_go = st.columns(4, vertical_alignment="bottom")
    if split.button("Split it up again", disabled=group is None):
        done(ws.split, store, sid, group)
    drop.button("Take it off the board", disabled=group is None, on_click=confirm.ask,
                args=("force", sid, group))
    strength = rate.segmented_control("The room rates it now", ws.STRENGTHS, default=3,
                                      required=True, key="ws-rate")
    if rate_go.button("Add the room's rating", disabled=group is None):
        done(ws.rate_again, store, sid, group, strength)


def each_person(store: Store, sid: str) -> None:
    board = ws.force_board(store, sid)
    people = ws.people(board.forces)
    if not people:
        st.info("Nobody has added a force yet.")
        return
    key = st.selectbox("Whose map", list(people), format_func=people.get, key="ws-person")
    mine = ws.person_map(board.forces, key)
    left, right = st.columns(2)
    left.markdown(f"**{ui.plain(people[key])}'s map** · {ws.balance(mine).verdict()}")
    left.plotly_chart(wc.force_field(mine, narrow=True), config=PLAIN, key="ws-person-map")
    right.markdown(f"**The combined map** · {board.balance.verdict()}")
    right.plotly_chart(wc.force_field(board.combined, narrow=True), config=PLAIN, key="ws-room")
    st.dataframe(ws.person_vs_room(board.forces, key), hide_index=True, width="stretch")


def over_time(store: Store, sid: str) -> None:
    found = ws.force_board(store, sid).meetings
    if len(found) < 2:
        st.info("Forces change. Close this session, reopen it at a later meeting (Session "
                "and write-up), and compare the two dates here.")
        return
    numbers = [m.number for m in found]
    label = {m.number: m.label for m in found}.get
    a, b = st.columns(2)
    first = a.selectbox("Compare", numbers, index=len(numbers) - 2, format_func=label,
                        key="ws-first")
    second = b.selectbox("with", numbers, index=len(numbers) - 1, format_func=label,
                         key="ws-second")
    result = ws.compare_meetings(store, sid, first, second)
    then, now = result.balances
    a.metric(f"Balance at {result.first.label}", f"{then.difference:+g}", then.verdict(),
             delta_color="off", delta_arrow="off")
    b.metric(f"Balance at {result.second.label}", f"{now.difference:+g}", now.verdict(),
             delta_color="off", delta_arrow="off")
    st.dataframe(result.table, hide_index=True, width="stretch")
    a.plotly_chart(wc.force_field(result.then, narrow=True), config=PLAIN, key="ws-then")
    b.plotly_chart(wc.force_field(result.now, narrow=True), config=PLAIN, key="ws-now")
