"""Not a page: the facilitator's "are you sure?" before what the page cannot take back:
closing a session, and taking an entry off the board. A dialog (st.dialog) names what will
change and what stays, and the change is made only from its button.

A desk button asks (`ask`, an on_click callback, so the question is in session state before
the script runs) and `pending` draws the dialog on every run until it is answered or
dismissed. Keeping the question in session state, not only in the click's run, lets the
dialog's own buttons act whether Streamlit reruns the dialog alone (a browser) or the whole
script (AppTest, which cannot rerun a dialog on its own)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from totalplace_core import ui
from totalplace_core.store import Store, StoreError
from totalplace_core.workshop import service as ws

KEY = "ws_confirm"
FAILED = (ws.WorkshopInputError, StoreError)


@dataclass(frozen=True)
class Question:
    yes: str  # the dialog's button that makes the change
    words: Callable[[Store, str, Any], str]  # (store, session id, target) -> the question
    change: Callable[[Store, str, Any], object]


QUESTIONS: dict[str, Question] = {
    "close": Question("Close it", lambda s, sid, _: ws.close_question(s, s.workshop_session(sid)),
                      lambda s, sid, _: ws.close_session(s, sid)),
    "force": Question("Take it off the board", ws.take_off_force_question, ws.remove_group),
    "answer": Question("Take it off the board", ws.take_off_answer_question,
                       lambda s, sid, a: ws.withdraw(s, "orid_answer", [a])),
}


def ask(kind: str, sid: str, target: Any = None) -> None:
    st.session_state[KEY] = (kind, sid, target)


def _drop() -> None:
    st.session_state.pop(KEY, None)


def _dialog(title: str) -> Callable[[Store, tuple[str, str, Any]], None]:
    @st.dialog(title, on_dismiss=_drop)
    def show(store: Store, asked: tuple[str, str, Any]) -> None:
        kind, sid, target = asked
        question = QUESTIONS[kind]
        try:
            words = question.words(store, sid, target)
        except FAILED as exc:  # gone meanwhile: say so, ask nothing
            _drop()
            st.error(str(exc))
            return
        st.markdown(ui.plain(words))
        yes, no = st.columns(2)
        if yes.button(question.yes, type="primary", key="ws-confirm-yes", width="stretch"):
            _drop()
            try:
                question.change(store, sid, target)
            except FAILED as exc:
                st.error(str(exc))
                return
            st.rerun()
        if no.button("Cancel", key="ws-confirm-no", width="stretch"):
            _drop()
            st.rerun()
    return show


DIALOGS = {"close": _dialog("Close the session?"), "force": _dialog("Take it off the board?"),
           "answer": _dialog("Take it off the board?")}


def pending(store: Store, sid: str) -> None:
    """Draw the open question, if any, for the session on the page (one dialog a run)."""
    asked = st.session_state.get(KEY)
    if not asked:
        return
    if asked[1] != sid or asked[0] not in DIALOGS:  # asked about a session no longer shown
        _drop()
        return
    DIALOGS[asked[0]](store, asked)
