"""Actions agreed in a session, each perhaps from a restraining force or a decisional
answer."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from totalplace_core.store import Store
from totalplace_core.workshop.entries import live_rows
from totalplace_core.workshop.input_rules import required_text
from totalplace_core.workshop.times import uk_time
from totalplace_core.workshop.views import force_board

__all__ = ["action_sources", "actions_table", "add_action"]


def action_sources(store: Store, session: dict[str, Any]) -> dict[str, str]:
    """What can become an action: restraining forces, or decisional answers. id -> text."""
    if session["kind"] == "force_field":
        board = force_board(store, session["session_id"]).combined
        restraining = board[board["side"] == "restraining"]
        return dict(zip(restraining["group_id"], restraining["text"], strict=True))
    answers = live_rows(store.entries("orid_answer", session["session_id"]))
    decisional = answers[answers["stage"] == "decisional"]
    return dict(zip(decisional["answer_id"], decisional["text"], strict=True))


def add_action(store: Store, session_id: str, what: str, who: str = "",
               by_when: date | None = None, source_id: str | None = None) -> dict[str, Any]:
    return store.add_action(session_id, {
        "what": required_text(what, "what is to be done"), "who": who.strip() or None,
        "by_when": by_when, "source_id": source_id, "is_deleted": False})


def actions_table(store: Store, session_id: str) -> pd.DataFrame:
    """Live actions with the force or answer each came from."""
    actions = live_rows(store.entries("workshop_action", session_id))
    texts = _source_texts(store, session_id)
    return pd.DataFrame({
        "action_id": actions["action_id"].tolist(),
        "What": actions["what"].tolist(),
        "Who": actions["who"].fillna("").tolist(),
        "By when": [pd.Timestamp(d).strftime("%d %b %Y") if not pd.isna(d) else ""
                    for d in actions["by_when"]],
        "From": [texts.get(s, "") if isinstance(s, str) else "" for s in actions["source_id"]],
        "Added": [uk_time(t) for t in actions["first_created_at"]],
    })


def _source_texts(store: Store, session_id: str) -> dict[str, str]:
    forces = store.entries("force", session_id)
    answers = store.entries("orid_answer", session_id)
    return (dict(zip(forces["force_id"], forces["text"], strict=True))
            | dict(zip(answers["answer_id"], answers["text"], strict=True)))
