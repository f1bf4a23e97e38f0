"""Sessions summed up for `totalplace sessions`, and the write-up: everything said in a
session, for the xlsx and the one-page summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from totalplace_core.store import Store, StoreError, now_utc, require_place
from totalplace_core.store.workshop import ID_COLUMNS
from totalplace_core.workshop.actions import actions_table
from totalplace_core.workshop.entries import (
    ANONYMOUS,
    SIDES,
    live_rows,
    person_keys,
    person_labels,
)
from totalplace_core.workshop.force_map import Balance, balance, combine
from totalplace_core.workshop.meeting_history import Meeting, forces_now, meeting_of, meetings
from totalplace_core.workshop.orid import STAGE_KEYS, STAGES, session_prompts, stage
from totalplace_core.workshop.times import SECONDS, uk_time

__all__ = ["WriteUp", "session_summaries", "write_up"]


def session_summaries(store: Store, place_name: str | None = None) -> list[dict[str, Any]]:
    """Every session (of a place): what `totalplace sessions --json` prints."""
    place_id = require_place(store, place_name)["place_id"] if place_name else None
    found = store.workshop_sessions(place_id)
    names = dict(zip(store.places()["place_id"], store.places()["place_name"], strict=True))
    counts = store.entry_counts(found["session_id"])
    out = []
    for s in found.to_dict("records"):
        mine = counts[counts["session_id"] == s["session_id"]].set_index("part")["n"]
        parts = SIDES if s["kind"] == "force_field" else STAGE_KEYS
        out.append({
            "title": s["title"], "kind": s["kind"], "status": s["status"],
            "join_code": s["join_code"], "place": names.get(s["place_id"], ""),
            "date": None if pd.isna(s["session_date"]) else f"{s['session_date']:%Y-%m-%d}",
            "entries": {p: int(mine.get(p, 0)) for p in parts},
            "actions": int(mine.get("actions", 0)),
        })
    return out


@dataclass
class WriteUp:
    session: dict[str, Any]
    place_name: str
    is_fictional: bool
    meetings: list[Meeting]
    board: pd.DataFrame  # force field: the combined map; ORID: every answer by stage
    balance: Balance | None
    entries: pd.DataFrame  # every entry ever made, as it stands, with author and times
    history: pd.DataFrame  # every version of every entry
    actions: pd.DataFrame
    prompts: dict[str, list[str]]
    generated_at: datetime


def write_up(store: Store, session_id: str) -> WriteUp:
    """Everything said in a session, ready for the xlsx and the one-page summary."""
    session = store.workshop_session(session_id)
    if session is None:
        raise StoreError(f"No workshop session with id {session_id}.")
    place = store.places().set_index("place_id").loc[session["place_id"]]
    found = meetings(store.session_versions(session_id))
    table = "force" if session["kind"] == "force_field" else "orid_answer"
    versions = store.entry_versions(table, session_id)
    entries = store.entries(table, session_id)
    if session["kind"] == "force_field":
        forces = forces_now(versions, found)
        board, bal = combine(forces), balance(combine(forces))
    else:
        board, bal = _answers_board(entries), None
    return WriteUp(session, str(place["place_name"]), bool(place["is_fictional"]), found,
                   board, bal, _entry_rows(entries, versions, found, session["kind"]),
                   _history_rows(versions, entries, session["kind"]),
                   actions_table(store, session_id), session_prompts(session), now_utc())


def _answers_board(entries: pd.DataFrame) -> pd.DataFrame:
    live = live_rows(entries)
    labels = person_labels(entries)
    frame = pd.DataFrame({"stage": live["stage"], "text": live["text"],
                          "who": [labels[k] for k in person_keys(live)]})
    frame["_order"] = frame["stage"].map(STAGE_KEYS.index)
    return frame.sort_values("_order", kind="stable").drop(columns="_order") \
        .reset_index(drop=True)


def _entry_rows(entries: pd.DataFrame, versions: pd.DataFrame, found: list[Meeting],
                kind: str) -> pd.DataFrame:
    id_column = ID_COLUMNS["force" if kind == "force_field" else "orid_answer"]
    labels = person_labels(entries)
    texts = dict(zip(entries[id_column], entries["text"], strict=True))
    n_versions = versions.groupby(id_column)["version"].max()
    parts = (entries["side"].map(SIDES) if kind == "force_field"
             else entries["stage"].map(lambda k: stage(k).name))
    out = pd.DataFrame({
        "Meeting": meeting_of(entries["first_created_at"], found).tolist(),
        "Stage or side": parts.tolist(),
        "Text": entries["text"].tolist(),
        "Said by": _said_by(entries, labels),
        "Person": [labels[k] for k in person_keys(entries)],
        "Added (UK time)": [uk_time(t, SECONDS) for t in entries["first_created_at"]],
        "Last changed (UK time)": [uk_time(t, SECONDS) for t in entries["created_at"]],
        "Versions": [int(n_versions.get(i, 1)) for i in entries[id_column]],
        "Withdrawn": ["yes" if d else "" for d in entries["is_deleted"]],
    })
    if kind == "force_field":
        out.insert(3, "Strength", entries["strength"].astype(int).tolist())
        out["Combined into"] = [texts.get(m, "") if isinstance(m, str) else ""
                                for m in entries["merged_into"]]
    order = list(SIDES.values()) + [s.name for s in STAGES]
    out["_order"] = out["Stage or side"].map(order.index)
    return (out.sort_values(["Meeting", "_order", "Added (UK time)"], kind="stable")
            .drop(columns="_order").reset_index(drop=True))


def _said_by(rows: pd.DataFrame, labels: dict[str, str]) -> list[str]:
    """The name as the person typed it; 'Anonymous n' for those who gave none."""
    return [str(a) if isinstance(a, str) else labels.get(k, ANONYMOUS)
            for a, k in zip(rows["author"], person_keys(rows), strict=True)]


def _history_rows(versions: pd.DataFrame, entries: pd.DataFrame, kind: str) -> pd.DataFrame:
    id_column = ID_COLUMNS["force" if kind == "force_field" else "orid_answer"]
    labels = person_labels(entries)
    part = versions["side"] if kind == "force_field" else versions["stage"]
    out = pd.DataFrame({
        "Entry id": versions[id_column].tolist(),
        "Version": versions["version"].astype(int).tolist(),
        "When (UK time)": [uk_time(t, SECONDS) for t in versions["created_at"]],
        "Stage or side": part.tolist(),
        "Text": versions["text"].tolist(),
        "Said by": _said_by(versions, labels),
        "Withdrawn": ["yes" if d else "" for d in versions["is_deleted"]],
    })
    if kind == "force_field":
        out.insert(5, "Strength", versions["strength"].astype(int).tolist())
        out["Combined into id"] = versions["merged_into"].fillna("").tolist()
    return out
