"""What the join page's buttons do, without the page: the one path a participant's words take
to the disk (the page calls it; the load test calls it from forty threads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from totalplace_core.store import Store, now_utc
from totalplace_core.workshop.entries import add_answer, add_force, is_repeat

__all__ = ["Sent", "send_entry"]


@dataclass(frozen=True)
class Sent:
    """What the phone says back: the words saved, the stored row (None for a double tap,
    saved already), and what to remember as the last thing sent."""

    text: str
    row: dict[str, Any] | None
    last: tuple[str, str, datetime] | None


def send_entry(store: Store, session: dict[str, Any], part: str, text: str | None,
               strength: int | None, name: str | None, participant_id: str | None,
               last: tuple[str, str, datetime] | None = None) -> Sent:
    """Save a force (part: driving/restraining) or an ORID answer (part: the stage) typed on
    a phone; returns once it is committed to disk. A double tap of the same words is saved
    once. Raises WorkshopInputError (what was typed) or StoreError, SessionClosedError among
    them (the session closed before it was saved)."""
    if is_repeat(last, part, text or "", now_utc()):
        return Sent((text or "").strip(), None, last)
    sid = session["session_id"]
    if session["kind"] == "orid":
        row = add_answer(store, sid, part, text or "", name, participant_id)
    else:
        row = add_force(store, sid, part, text or "", strength, name, participant_id)
    return Sent(row["text"], row, (part, row["text"], now_utc()))
