"""Workshop sessions from creation to close: finding one by its join code, listing a
place's, and reopening one for a later meeting."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from totalplace_core.store import Store, StoreError, new_id, now_utc, require_place
from totalplace_core.store.workshop import JoinCodeTakenError
from totalplace_core.workshop.input_rules import WorkshopInputError, required_text
from totalplace_core.workshop.join_codes import (
    display_code,
    is_short_code,
    new_join_code,
    normalise_code,
)
from totalplace_core.workshop.join_limits import JoinLimiter, join_limiter
from totalplace_core.workshop.orid import STAGE_KEYS

__all__ = ["HOW_TO_TAKE_PART", "KINDS", "close_session", "create_session", "find_session",
           "join_session", "places", "reopen_session", "session_label", "sessions"]

KINDS: dict[str, str] = {"force_field": "Force field", "orid": "ORID conversation"}
HOW_TO_TAKE_PART: dict[str, str] = {
    "force_field": "Add what helps this change happen (driving) and what holds it back "
                   "(restraining), one at a time, with how strong each is.",
    "orid": "Write your own answers first, one idea at a time. The facilitator shares "
            "them with the room stage by stage.",
}


def create_session(store: Store, place_name: str, title: str, kind: str, theme: str = "",
                   session_date: date | None = None,
                   allow_anonymous: bool = True) -> dict[str, Any]:
    """A new open session with a fresh join code."""
    if kind not in KINDS:
        raise WorkshopInputError(f"Choose a kind of session: {', '.join(KINDS.values())}.")
    row = {
        "session_id": new_id(), "place_id": require_place(store, place_name)["place_id"],
        "title": required_text(title, "a title"), "theme": theme.strip() or None,
        "kind": kind, "session_date": session_date or now_utc().date(), "status": "open",
        "allow_anonymous": allow_anonymous, "is_revealed": False, "timer_ends_at": None,
        "current_stage": STAGE_KEYS[0] if kind == "orid" else None, "prompts_json": None,
    }
    for _ in range(5):
        try:
            return store.add_workshop_session(row | {"join_code":
                                                     new_join_code(store.open_join_codes())})
        except JoinCodeTakenError:
            continue
    raise StoreError("Could not find a free join code; try again.")


def find_session(store: Store, code: str | None) -> dict[str, Any] | None:
    """The session a join code opens: the open one holding it, else the latest that did."""
    found = store.sessions_with_code(normalise_code(code)) if normalise_code(code) else []
    return found[0] if found else None


def join_session(store: Store, code: str | None, who: dict[str, str | None],
                 limiter: JoinLimiter | None = None) -> dict[str, Any] | None:
    """`find_session` for a code someone typed or followed, counted against `who` (browser,
    address) and the server: raises TooManyTries, without looking, after too many wrong ones
    (join_limits.py)."""
    return (limiter or join_limiter()).try_code(who, lambda: find_session(store, code))


def places(store: Store) -> list[tuple[str, bool]]:
    """(name, is fictional) of every place loaded."""
    found = store.places()
    return [(str(n), bool(f)) for n, f in zip(found["place_name"], found["is_fictional"],
                                              strict=True)]


def sessions(store: Store, place_name: str) -> pd.DataFrame:
    return store.workshop_sessions(require_place(store, place_name)["place_id"])


def session_label(session: dict[str, Any]) -> str:
    when = pd.Timestamp(session["session_date"]).strftime("%d %b %Y") \
        if session.get("session_date") is not None and not pd.isna(session["session_date"]) \
        else "undated"
    closed = "" if session["status"] == "open" else " (closed)"
    return f"{session['title']} · {when} · {display_code(session['join_code'])}{closed}"


def close_session(store: Store, session_id: str) -> dict[str, Any]:
    return store.change_workshop_session(session_id, {"status": "closed", "timer_ends_at": None})


def reopen_session(store: Store, session_id: str, on: date | None = None) -> dict[str, Any]:
    """Open a closed session again, as a new meeting on `on` (today by default). If another
    open session has taken its join code meanwhile, or its code is from before codes were
    long enough not to be guessed (join_codes.py), it gets a new one."""
    session = store.workshop_session(session_id) or {}
    changes: dict[str, Any] = {"status": "open", "session_date": on or now_utc().date()}
    code = session.get("join_code")
    if code in store.open_join_codes() or is_short_code(code):
        changes["join_code"] = new_join_code(store.open_join_codes())
    try:
        return store.change_workshop_session(session_id, changes)
    except JoinCodeTakenError:
        changes["join_code"] = new_join_code(store.open_join_codes())
        return store.change_workshop_session(session_id, changes)
