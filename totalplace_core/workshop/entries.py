"""What people write (forces and answers), and telling apart who wrote it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pandas as pd

from totalplace_core.store import Store
from totalplace_core.workshop.input_rules import WorkshopInputError, required_text
from totalplace_core.workshop.orid import STAGE_KEYS

__all__ = ["ANONYMOUS", "REPEAT_SECONDS", "SIDES", "STRENGTHS", "add_answer", "add_force",
           "author_name", "is_repeat", "known_name", "person_keys", "person_labels",
           "withdraw"]

SIDES: dict[str, str] = {"driving": "Driving", "restraining": "Restraining"}
STRENGTHS: tuple[int, ...] = (1, 2, 3, 4, 5)
ANONYMOUS = "Anonymous"


def author_name(name: str | None, allow_anonymous: bool) -> str | None:
    """The name shown with someone's entries; None when they stay anonymous."""
    cleaned = (name or "").strip()[:60]
    if "\x00" in cleaned:
        raise WorkshopInputError("Please retype your name: it holds an invisible NUL "
                                 "character, which cannot be saved.")
    if not cleaned and not allow_anonymous:
        raise WorkshopInputError("This session asks for a name: please give one.")
    return cleaned or None


def add_force(store: Store, session_id: str, side: str, text: str, strength: int,
              author: str | None, participant_id: str | None = None,
              merged_into: str | None = None) -> dict[str, Any]:
    """Committed to disk before it returns; refused once the session is closed."""
    if side not in SIDES:
        raise WorkshopInputError("Choose driving or restraining.")
    if strength not in STRENGTHS:
        raise WorkshopInputError("Strength runs from 1 (weak) to 5 (strong).")
    return store.add_entry("force", session_id, {
        "side": side, "text": required_text(text, "the force"), "strength": int(strength),
        "author": author, "participant_id": participant_id, "merged_into": merged_into,
        "is_deleted": False})


def add_answer(store: Store, session_id: str, key: str, text: str, author: str | None,
               participant_id: str | None = None) -> dict[str, Any]:
    """Committed to disk before it returns; refused once the session is closed."""
    if key not in STAGE_KEYS:
        raise WorkshopInputError(f"No ORID stage called {key!r}.")
    return store.add_entry("orid_answer", session_id, {
        "stage": key, "text": required_text(text, "your answer"), "author": author,
        "participant_id": participant_id, "is_deleted": False})


REPEAT_SECONDS = 10


def is_repeat(last: tuple[str, str, datetime] | None, part: str, text: str,
              now: datetime) -> bool:
    """A double tap: the same words to the same side or stage moments after they were saved
    (the phone sent the form twice before it heard back). Not saved twice."""
    if last is None:
        return False
    last_part, last_text, when = last
    return (last_part, last_text.strip()) == (part, (text or "").strip()) and \
        (now - when).total_seconds() < REPEAT_SECONDS


def withdraw(store: Store, table: str, row_ids: Sequence[str]) -> int:
    """Take entries off the board (a new version marked withdrawn; history keeps them)."""
    return len(store.change_rows(table, {i: {"is_deleted": True} for i in row_ids}))


def person_keys(entries: pd.DataFrame) -> pd.Series:
    """Who wrote each entry: their device's id, else (older data) their name."""
    by_name = "name:" + entries["author"].fillna(ANONYMOUS).astype(str)
    return entries["participant_id"].where(entries["participant_id"].notna(), by_name)


def person_labels(entries: pd.DataFrame) -> dict[str, str]:
    """Key -> the name shown; anonymous people are numbered in the order they wrote, and a
    second person giving a name already taken is told apart: 'Tom', 'Tom (2)'."""
    labels: dict[str, str] = {}
    count = 0
    for key, author in zip(person_keys(entries), entries["author"], strict=True):
        if key in labels:
            continue
        if author is None or pd.isna(author):
            count += 1
            labels[key] = f"{ANONYMOUS} {count}"
            continue
        label, n = str(author), 1
        while label in labels.values():
            n += 1
            label = f"{author} ({n})"
        labels[key] = label
    return labels


def known_name(entries: pd.DataFrame, participant_id: str | None) -> str | None:
    """The name this device last wrote under, so a reloaded phone need not ask again."""
    if not participant_id or entries.empty:
        return None
    mine = entries[entries["participant_id"] == participant_id]
    return None if mine.empty else mine["author"].iloc[-1]


def live_rows(entries: pd.DataFrame) -> pd.DataFrame:
    return entries[~entries["is_deleted"].astype(bool)]
