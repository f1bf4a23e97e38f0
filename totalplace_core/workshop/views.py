"""What each screen shows: the projector's boards, and a participant's phone, which sees
only its own entries and what the facilitator has revealed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from totalplace_core.store import Store
from totalplace_core.workshop.entries import SIDES, known_name, person_keys, person_labels
from totalplace_core.workshop.force_map import Balance, balance, combine
from totalplace_core.workshop.meeting_history import Meeting, forces_now, meetings
from totalplace_core.workshop.orid import (
    STAGES,
    Stage,
    session_prompts,
    stage,
    stage_revealed,
)
from totalplace_core.workshop.times import seconds_left

__all__ = ["ForceBoard", "OridBoard", "ParticipantView", "StageView", "force_board",
           "orid_board", "participant_view", "signature_and_left"]


@dataclass
class ForceBoard:
    session: dict[str, Any]
    forces: pd.DataFrame  # every live version, tagged with the meeting that rated it
    combined: pd.DataFrame
    balance: Balance
    meetings: list[Meeting]
    writers: int

    @property
    def count(self) -> int:
        """Forces on the board, each person's counted (combined or not)."""
        return int((~self.forces["is_deleted"].astype(bool)).sum())


def force_board(store: Store, session_id: str) -> ForceBoard:
    session = store.workshop_session(session_id) or {}
    found = meetings(store.session_versions(session_id))
    versions = store.entry_versions("force", session_id)
    forces = forces_now(versions, found)
    combined = combine(forces)
    live = forces[~forces["is_deleted"].astype(bool)]
    writers = person_keys(live).nunique() if not live.empty else 0
    return ForceBoard(session, forces, combined, balance(combined), found, writers)


@dataclass
class StageView:
    stage: Stage
    prompts: list[str]
    answers: pd.DataFrame  # live answers: text, author label, time
    revealed: bool
    is_current: bool


@dataclass
class OridBoard:
    session: dict[str, Any]
    stages: list[StageView]
    writers: int

    @property
    def current(self) -> StageView:
        return next(s for s in self.stages if s.is_current)


def orid_board(store: Store, session_id: str) -> OridBoard:
    session = store.workshop_session(session_id) or {}
    answers = store.entries("orid_answer", session_id)
    live = answers[~answers["is_deleted"].astype(bool)].copy()
    labels = person_labels(answers)
    live["who"] = [labels[k] for k in person_keys(live)]
    prompts = session_prompts(session)
    current = stage(session.get("current_stage")).key
    views = [StageView(s, prompts[s.key], live[live["stage"] == s.key].reset_index(drop=True),
                       stage_revealed(session, s.key), s.key == current) for s in STAGES]
    return OridBoard(session, views, person_keys(live).nunique() if not live.empty else 0)


# -- the participant's phone ------------------------------------------------------------------
@dataclass
class ParticipantView:
    session: dict[str, Any]
    is_open: bool
    stage: Stage | None  # ORID: the current stage, the only one a participant sees
    prompts: list[str]
    seconds_left: int | None
    shared: list[tuple[str, str]]  # (who, text) of the current stage once revealed
    own: pd.DataFrame  # this device's live entries
    name: str | None  # the name this device last wrote under
    signature: tuple[Any, ...] = field(default=())  # redraw the form when this changes

    @property
    def own_lines(self) -> list[str]:
        """This person's entries as they read back on the phone."""
        if self.stage is not None or self.own.empty:
            return list(self.own["text"])
        return [f"{t} ({SIDES[s].lower()}, {g})" for t, s, g in zip(
            self.own["text"], self.own["side"], self.own["strength"], strict=True)]


def participant_view(store: Store, session: dict[str, Any],
                     participant_id: str | None) -> ParticipantView:
    """What a participant may see: their own entries; for ORID the current stage only, and
    others' answers to it once the facilitator has revealed them."""
    is_orid = session["kind"] == "orid"
    table = "orid_answer" if is_orid else "force"
    entries = store.entries(table, session["session_id"])
    live = entries[~entries["is_deleted"].astype(bool)]
    own = live[live["participant_id"] == participant_id] if participant_id else live.iloc[0:0]
    current = stage(session.get("current_stage")) if is_orid else None
    shared: list[tuple[str, str]] = []
    if current and session["status"] == "open" and stage_revealed(session, current.key):
        labels = person_labels(entries)
        here = live[live["stage"] == current.key]
        shared = [(labels[k], t) for k, t in zip(person_keys(here), here["text"], strict=True)]
    if current:
        own = own[own["stage"] == current.key]
    prompts = session_prompts(session)[current.key] if current else []
    return ParticipantView(session, session["status"] == "open", current, prompts,
                           seconds_left(session), shared, own.reset_index(drop=True),
                           known_name(entries, participant_id), _signature(session))


def _signature(session: dict[str, Any]) -> tuple[Any, ...]:
    return (session.get("status"), session.get("current_stage"),
            bool(session.get("is_revealed")), session.get("prompts_json"))


def signature_and_left(session: dict[str, Any]) -> tuple[tuple[Any, ...], int | None]:
    """What a phone watches for (stage, reveal or status moved: then it redraws), and how
    long is left on the timer (service.watch asks it every few seconds)."""
    return _signature(session), seconds_left(session)
