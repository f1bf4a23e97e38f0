"""What the workshop pages ask for: sessions, entries, boards, actions and write-ups.

The pages import this module and the workshop's charts, nothing deeper; each name lives in
the module that defines it, and this list is the workshop's public face. The boards, actions
and write-up are cached by the workshop's data version, which every entry, action and session
change moves on: a board refreshing every two seconds reads the store only after a change."""

from collections.abc import Callable
from typing import Any

from totalplace_core.store import Store
from totalplace_core.store.workshop import SessionClosedError
from totalplace_core.workshop import actions, session_lifecycle, summaries, views
from totalplace_core.workshop.actions import add_action
from totalplace_core.workshop.board_edits import (
    answer_options,
    force_options,
    group_options,
    merge,
    rate_again,
    remove_group,
    split,
)
from totalplace_core.workshop.confirmations import (
    close_question,
    take_off_answer_question,
    take_off_force_question,
)
from totalplace_core.workshop.entries import (
    STRENGTHS,
    add_answer,
    add_force,
    author_name,
    is_repeat,
    withdraw,
)
from totalplace_core.workshop.force_map import (
    REMINDER,
    balance,
    board_table,
    people,
    person_map,
    person_vs_room,
)
from totalplace_core.workshop.input_rules import MAX_TEXT, WorkshopInputError
from totalplace_core.workshop.join_codes import (
    display_code,
    join_link,
    link_is_local,
    normalise_code,
)
from totalplace_core.workshop.join_limits import TooManyTries, join_limiter
from totalplace_core.workshop.meeting_history import compare_meetings
from totalplace_core.workshop.orid import (
    STAGE_KEYS,
    next_stage,
    previous_stage,
    reveal,
    save_prompts,
    session_prompts,
    stage,
    stage_number,
    start_timer,
    step_stage,
    stop_timer,
)
from totalplace_core.workshop.phone import Sent, send_entry
from totalplace_core.workshop.session_lifecycle import (
    HOW_TO_TAKE_PART,
    KINDS,
    close_session,
    create_session,
    join_session,
    places,
    reopen_session,
    session_label,
    sessions,
)
from totalplace_core.workshop.summaries import session_summaries
from totalplace_core.workshop.times import clock, counted, seconds_left, timer_words, uk_time
from totalplace_core.workshop.views import participant_view, signature_and_left
from totalplace_core.workshop.write_up_files import (
    file_stem,
    session_values,
    summary_html,
    summary_pdf,
    xlsx_bytes,
)

__all__ = [
    "DEPENDS_ON", "HOW_TO_TAKE_PART", "KINDS", "MAX_TEXT", "REMINDER", "STAGE_KEYS",
    "STRENGTHS", "Sent", "SessionClosedError", "TooManyTries", "WorkshopInputError",
    "action_sources", "actions_table", "add_action", "add_answer", "add_force",
    "answer_options", "author_name", "balance", "board_table", "clock", "close_question",
    "close_session", "compare_meetings", "counted", "create_session", "display_code",
    "file_stem", "find_session", "force_board", "force_options", "group_options", "is_repeat",
    "join_limiter", "join_link", "join_session", "link_is_local", "merge", "next_stage",
    "normalise_code", "orid_board", "participant_view", "people", "person_map",
    "person_vs_room", "places", "previous_stage", "rate_again", "remove_group",
    "reopen_session", "reveal", "save_prompts", "seconds_left", "send_entry", "session_label",
    "session_prompts", "session_summaries", "session_values", "sessions", "split", "stage",
    "stage_number", "start_timer", "step_stage", "stop_timer", "summary_html", "summary_pdf",
    "take_off_answer_question",
    "take_off_force_question", "timer_words", "uk_time", "watch", "withdraw", "write_up",
    "xlsx_bytes",
]

DEPENDS_ON = ("workshop",)


def _cached(store: Store, name: str, key: Any, build: Callable[[], Any]) -> Any:
    return store.cached(("workshop", name, key), DEPENDS_ON, build)


def watch(store: Store, session_id: str) -> tuple[tuple[Any, ...], int | None]:
    """The check every phone makes every few seconds (has the stage, reveal or status moved;
    how long is left): from the session row cached by data version, so a room of phones costs
    no query until something is written, and the time left is worked out afresh each call."""
    session = _cached(store, "session", session_id,
                      lambda: store.workshop_session(session_id) or {})
    return signature_and_left(dict(session))


def find_session(store: Store, code: str | None) -> dict[str, Any] | None:
    """The session a join code opens (session_lifecycle.find_session), cached by version:
    every phone's rerun asks it."""
    found = _cached(store, "code", normalise_code(code),
                    lambda: session_lifecycle.find_session(store, code))
    return None if found is None else dict(found)


def force_board(store: Store, session_id: str) -> views.ForceBoard:
    return _cached(store, "force_board", session_id,
                   lambda: views.force_board(store, session_id))


def orid_board(store: Store, session_id: str) -> views.OridBoard:
    return _cached(store, "orid_board", session_id, lambda: views.orid_board(store, session_id))


def write_up(store: Store, session_id: str) -> summaries.WriteUp:
    return _cached(store, "write_up", session_id, lambda: summaries.write_up(store, session_id))


def actions_table(store: Store, session_id: str) -> Any:
    return _cached(store, "actions", session_id, lambda: actions.actions_table(store, session_id))


def action_sources(store: Store, session: dict[str, Any]) -> dict[str, str]:
    return _cached(store, "action_sources", session["session_id"],
                   lambda: actions.action_sources(store, session))
