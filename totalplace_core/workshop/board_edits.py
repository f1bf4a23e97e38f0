"""Tidying the board during a session: combining and splitting forces, the room's new
rating, and the pickers that choose what to change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from totalplace_core.store import Store
from totalplace_core.workshop.entries import (
    SIDES,
    add_force,
    live_rows,
    person_keys,
    person_labels,
    withdraw,
)
from totalplace_core.workshop.input_rules import WorkshopInputError
from totalplace_core.workshop.orid import stage

__all__ = ["ROOM", "answer_options", "force_options", "group_options", "merge", "rate_again",
           "remove_group", "split"]

ROOM = "The room"


def merge(store: Store, session_id: str, keep_id: str, other_ids: Sequence[str]) -> int:
    """Combine forces: the others (and whatever was combined into them) join `keep_id`."""
    live = live_rows(store.entries("force", session_id))
    by_id = live.set_index("force_id")
    others = [i for i in dict.fromkeys(other_ids) if i != keep_id]
    if keep_id not in by_id.index or any(i not in by_id.index for i in others):
        raise WorkshopInputError("A force chosen is no longer on the board.")
    if any(by_id.at[i, "side"] != by_id.at[keep_id, "side"] for i in others):
        raise WorkshopInputError("Only forces on the same side can be combined.")
    if not others:
        raise WorkshopInputError("Choose at least two forces to combine.")
    changes = {i: {"merged_into": keep_id} for i in others}
    followers = live[live["merged_into"].isin(others)]["force_id"]
    changes |= {i: {"merged_into": keep_id} for i in followers}
    if not pd.isna(by_id.at[keep_id, "merged_into"]):
        changes[keep_id] = {"merged_into": None}
    return len(store.change_rows("force", changes))


def split(store: Store, session_id: str, group_id: str) -> int:
    """Undo a combination: every force merged into `group_id` stands alone again."""
    live = live_rows(store.entries("force", session_id))
    members = live[live["merged_into"] == group_id]["force_id"]
    return len(store.change_rows("force", {i: {"merged_into": None} for i in members}))


def remove_group(store: Store, session_id: str, group_id: str) -> int:
    """Take a combined force, and everything combined into it, off the board."""
    live = live_rows(store.entries("force", session_id))
    ids = live[(live["force_id"] == group_id) | (live["merged_into"] == group_id)]["force_id"]
    return withdraw(store, "force", list(ids))


def rate_again(store: Store, session_id: str, group_id: str, strength: int,
               by: str = ROOM) -> dict[str, Any]:
    """The room's rating of a combined force now: at a reopened meeting it replaces the
    earlier meeting's ratings; within one meeting it joins the average."""
    live = live_rows(store.entries("force", session_id)).set_index("force_id")
    if group_id not in live.index:
        raise WorkshopInputError("That force is no longer on the board.")
    head = live.loc[group_id]
    return add_force(store, session_id, head["side"], head["text"], strength, by,
                     merged_into=group_id)


def force_options(forces: pd.DataFrame) -> dict[str, str]:
    """Live forces for a picker: id -> 'wording (strength, who)', by side."""
    live = live_rows(forces).sort_values(["side", "text"])
    labels = person_labels(forces)
    return {f: f"{SIDES[s]}: {t} ({g}, {labels[k]})" for f, s, t, g, k in zip(
        live["force_id"], live["side"], live["text"], live["strength"], person_keys(live),
        strict=True)}


def answer_options(store: Store, session_id: str) -> dict[str, str]:
    """Live answers for a picker: id -> 'Stage: words (who)'."""
    answers = store.entries("orid_answer", session_id)
    live = live_rows(answers)
    labels = person_labels(answers)
    return {a: f"{stage(k).name}: {t} ({labels[p]})" for a, k, t, p in zip(
        live["answer_id"], live["stage"], live["text"], person_keys(live), strict=True)}


def group_options(combined: pd.DataFrame) -> dict[str, str]:
    """Combined forces for a picker: id -> 'side: wording (strength from n)'."""
    return {g: f"{SIDES[s]}: {t} ({v:g} from {n})" for g, s, t, v, n in zip(
        combined["group_id"], combined["side"], combined["text"], combined["strength"],
        combined["n"], strict=True)}
