"""What the facilitator is asked before a change that cannot be taken back from the page:
closing a session, and taking an entry off the board. Each question names what will change
and what stays. Plain text (the page escapes it); no Streamlit here."""

from __future__ import annotations

from typing import Any

from totalplace_core.store import Store
from totalplace_core.workshop.entries import SIDES, live_rows, person_keys, person_labels
from totalplace_core.workshop.input_rules import WorkshopInputError
from totalplace_core.workshop.join_codes import display_code
from totalplace_core.workshop.orid import stage
from totalplace_core.workshop.times import counted
from totalplace_core.workshop.views import force_board

__all__ = ["close_question", "take_off_answer_question", "take_off_force_question"]

SHOWN = 80  # characters of someone's words quoted in a question


def _stays(it: str, them: str, where: str) -> str:
    return (f"{it.capitalize()} {'leaves' if it == 'it' else 'leave'} {where}; the session's "
            f"history keeps {them}. This page cannot put {them} back.")


def _quote(text: Any) -> str:
    words = " ".join(str(text).split())
    return f"'{words if len(words) <= SHOWN else words[:SHOWN - 1] + '…'}'"


def close_question(store: Store, session: dict[str, Any]) -> str:
    """"Close 'Youth services' (KM7RT-XWA3C)? 23 forces and 4 actions stay; ..." """
    counts = store.entry_counts([session["session_id"]]).set_index("part")["n"]
    actions = int(counts.get("actions", 0))
    entries = int(counts.sum()) - actions
    what = (counted(entries, "force", "forces") if session["kind"] == "force_field"
            else counted(entries, "answer", "answers"))
    return (f"Close {_quote(session['title'])} ({display_code(session['join_code'])})? "
            f"{what} and {counted(actions, 'action', 'actions')} stay; participants can no "
            "longer add, and nothing on the board can be changed. Reopening it later starts "
            "a new meeting.")


def take_off_force_question(store: Store, session_id: str, group_id: str) -> str:
    """A force on the combined map, and whatever was combined into it."""
    combined = force_board(store, session_id).combined
    row = combined[combined["group_id"] == group_id]
    if row.empty:
        raise WorkshopInputError("That force is no longer on the board.")
    head = row.iloc[0]
    others = int(head["n"]) - 1
    with_it = ("" if others < 1 else
               f" and the {counted(others, 'force', 'forces')} combined into it")
    it, them = ("it", "it") if others < 1 else ("they", "them")
    return (f"Take {_quote(head['text'])} ({SIDES[head['side']].lower()}, strength "
            f"{head['strength']:g}){with_it} off the board? "
            f"{_stays(it, them, 'the board, its balance and the write-up')}")


def take_off_answer_question(store: Store, session_id: str, answer_id: str) -> str:
    answers = store.entries("orid_answer", session_id)
    live = live_rows(answers)
    row = live[live["answer_id"] == answer_id]
    if row.empty:
        raise WorkshopInputError("That answer is no longer on the board.")
    who = person_labels(answers)[person_keys(row).iloc[0]]
    head = row.iloc[0]
    return (f"Take {who}'s {stage(head['stage']).name.lower()} answer {_quote(head['text'])} "
            f"off the board? {_stays('it', 'it', 'the board and the write-up')}")
