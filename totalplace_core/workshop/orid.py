"""ORID conversations: the four stages, their questions, and the facilitator's controls
(moving stage, revealing answers, the writing timer)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from totalplace_core.store import Store, now_utc
from totalplace_core.workshop.input_rules import WorkshopInputError

__all__ = ["STAGES", "STAGE_KEYS", "Stage", "default_prompts", "next_stage", "parse_prompts",
           "previous_stage", "reveal", "save_prompts", "session_prompts", "set_stage", "stage",
           "stage_number", "stage_revealed", "start_timer", "step_stage", "stop_timer"]


@dataclass(frozen=True)
class Stage:
    key: str
    name: str
    question: str  # the stage in a few words
    about: str  # one line for the person writing
    prompts: tuple[str, ...]  # the guide's questions, the default for a new session


STAGES: tuple[Stage, ...] = (
    Stage("objective", "Objective", "What happened?",
          "Facts first: what you saw, heard and did.",
          ("What happened: which facts and issues?",
           "Which words or phrases do you remember, or stand out?",
           "What are the key phrases or images?")),
    Stage("reflective", "Reflective", "How did it feel?",
          "Your own reactions, feelings and associations.",
          ("What surprised you?", "What was the high point for you?",
           "Where did you struggle?", "How did you feel as a result?")),
    Stage("interpretive", "Interpretive", "What does it mean?",
          "So what? The meaning and the lessons.",
          ("What does this mean for me, and for us?", "What were people really saying?",
           "What deeper questions do you hold now as a result?", "What are we learning?")),
    Stage("decisional", "Decisional", "What now?",
          "Responses, next steps and actions.",
          ("What is your, or our, response?", "What actions can you take?",
           "What are the next steps?", "What can we do here about these questions?")),
)
STAGE_KEYS: tuple[str, ...] = tuple(s.key for s in STAGES)
_STAGE = {s.key: s for s in STAGES}


def stage(key: str | None) -> Stage:
    return _STAGE.get(key or "", STAGES[0])


def stage_number(key: str | None) -> int:
    """1 to 4."""
    return STAGE_KEYS.index(stage(key).key) + 1


def next_stage(key: str | None) -> str | None:
    n = stage_number(key)
    return STAGE_KEYS[n] if n < len(STAGES) else None


def previous_stage(key: str | None) -> str | None:
    n = stage_number(key)
    return STAGE_KEYS[n - 2] if n > 1 else None


def stage_revealed(session: dict[str, Any], key: str) -> bool:
    """May the room see this stage's answers? Earlier stages yes; the current one once the
    facilitator reveals it; later ones no. A closed session shows everything."""
    if session["status"] != "open":
        return True
    here, current = stage_number(key), stage_number(session.get("current_stage"))
    return here < current or (here == current and bool(session.get("is_revealed")))


# -- prompts (editable per session) -----------------------------------------------------------
def default_prompts() -> dict[str, list[str]]:
    return {s.key: list(s.prompts) for s in STAGES}


def session_prompts(session: dict[str, Any]) -> dict[str, list[str]]:
    """The session's own questions where it has edited them, the guide's otherwise."""
    prompts = default_prompts()
    saved = session.get("prompts_json")
    if isinstance(saved, str) and saved:
        prompts |= {k: list(v) for k, v in json.loads(saved).items() if k in _STAGE}
    return prompts


def parse_prompts(text: str) -> list[str]:
    """One question a line; bullets and blank lines dropped."""
    lines = (line.strip().lstrip("-•*").strip() for line in text.splitlines())
    return [line for line in lines if line]


# -- moving the room through the stages ------------------------------------------------------------
def set_stage(store: Store, session_id: str, key: str) -> dict[str, Any]:
    """Move the conversation to a stage. Going forward hides the new stage until revealed
    and clears the timer; going back shows a stage the room has already been through."""
    if key not in _STAGE:
        raise WorkshopInputError(f"No ORID stage called {key!r}.")
    current = store.workshop_session(session_id) or {}
    forward = stage_number(key) > stage_number(current.get("current_stage"))
    return store.change_workshop_session(session_id, {
        "current_stage": key, "is_revealed": not forward, "timer_ends_at": None})


def step_stage(store: Store, session_id: str, step: int) -> dict[str, Any] | None:
    """One stage on (+1) or back (-1) from where the session is now; None at either end."""
    current = (store.workshop_session(session_id) or {}).get("current_stage")
    target = next_stage(current) if step > 0 else previous_stage(current)
    return set_stage(store, session_id, target) if target else None


def reveal(store: Store, session_id: str, shown: bool = True) -> dict[str, Any]:
    return store.change_workshop_session(session_id, {"is_revealed": shown})


def start_timer(store: Store, session_id: str, minutes: float) -> dict[str, Any]:
    if not 0 < minutes <= 120:
        raise WorkshopInputError("Set the timer between 1 and 120 minutes.")
    ends = now_utc() + timedelta(minutes=minutes)
    return store.change_workshop_session(session_id, {"timer_ends_at": ends})


def stop_timer(store: Store, session_id: str) -> dict[str, Any]:
    return store.change_workshop_session(session_id, {"timer_ends_at": None})


def save_prompts(store: Store, session_id: str, key: str, text: str) -> dict[str, Any]:
    """Replace one stage's questions for this session."""
    questions = parse_prompts(text)
    if not questions:
        raise WorkshopInputError("Keep at least one question for the stage.")
    session = store.workshop_session(session_id) or {}
    prompts = session_prompts(session) | {key: questions}
    return store.change_workshop_session(session_id, {"prompts_json": json.dumps(prompts)})
