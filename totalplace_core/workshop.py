"""Live workshops: force-field analysis and ORID conversations.

Pure rules (join codes, stages, who may see what, combining forces, the balance, comparing
meetings) and thin readers over the store that the pages, the CLI and the write-up share.
No Streamlit here.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pandas as pd

from totalplace_core.store import Store, StoreError, new_id, now_utc, require_place
from totalplace_core.store.workshop import ID_COLUMNS, JoinCodeTakenError

KINDS: dict[str, str] = {"force_field": "Force field", "orid": "ORID conversation"}
HOW_TO_TAKE_PART: dict[str, str] = {
    "force_field": "Add what helps this change happen (driving) and what holds it back "
                   "(restraining), one at a time, with how strong each is.",
    "orid": "Write your own answers first, one idea at a time. The facilitator shares "
            "them with the room stage by stage.",
}
SIDES: dict[str, str] = {"driving": "Driving", "restraining": "Restraining"}
STRENGTHS: tuple[int, ...] = (1, 2, 3, 4, 5)
MAX_TEXT = 500
ANONYMOUS = "Anonymous"
ROOM = "The room"
REMINDER = ("Weakening a restraining force usually moves things further than pushing harder "
            "on the drivers: pushing tends to stiffen the resistance.")
UK = ZoneInfo("Europe/London")
SECONDS = "%Y-%m-%d %H:%M:%S"


class WorkshopInputError(ValueError):
    """Something a person typed or chose that cannot be saved; the message says why."""


# -- ORID stages ------------------------------------------------------------------------------
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


# -- join codes and links ---------------------------------------------------------------------
# No 0/O/Q, 1/I/L, 2/Z, 5/S, 6/G, 8/B: nothing to misread off a projector or mistype.
JOIN_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
JOIN_CODE_LENGTH = 5


def new_join_code(taken: set[str], choose: Callable[[str], str] = secrets.choice) -> str:
    """A short code no open session holds."""
    for _ in range(1000):
        code = "".join(choose(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if code not in taken:
            return code
    raise StoreError("Could not find a free join code; close some old sessions.")


def normalise_code(text: str | None) -> str:
    """What a person typed, as the code is stored: capitals, no spaces or dashes."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def join_link(page_url: str | None, code: str, page_path: str = "workshop") -> str:
    """The participants' link, built from the address the facilitator's browser uses, so it
    works when the app is served on a room's network (http://192.168.1.20:8501/join?...)."""
    parts = urlsplit(page_url or "http://localhost:8501")
    path = parts.path.rstrip("/")
    if path.endswith(f"/{page_path}") or path == page_path:
        path = path[: -len(page_path)].rstrip("/")
    return f"{parts.scheme}://{parts.netloc}{path}/join?code={code}"


def link_is_local(link: str) -> bool:
    """True when the link names this computer only, so phones cannot follow it."""
    host = urlsplit(link).hostname or ""
    return host in {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


# -- times ------------------------------------------------------------------------------------
def uk_time(when: Any, fmt: str = "%d %b %Y %H:%M") -> str:
    """A stored (naive UTC) time as UK clock time."""
    if when is None or pd.isna(when):
        return ""
    stamp = pd.Timestamp(when).to_pydatetime().replace(tzinfo=ZoneInfo("UTC"))
    return stamp.astimezone(UK).strftime(fmt)


def seconds_left(session: dict[str, Any], now: datetime | None = None) -> int | None:
    ends = session.get("timer_ends_at")
    if ends is None or pd.isna(ends):
        return None
    left = (pd.Timestamp(ends).to_pydatetime() - (now or now_utc())).total_seconds()
    return max(0, int(-(-left // 1)))


def clock(seconds: int) -> str:
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def counted(n: int, one: str, many: str) -> str:
    """'1 person', '3 people', '0 answers'."""
    return f"{n} {one if n == 1 else many}"


def timer_words(seconds: int | None) -> str:
    if seconds is None:
        return ""
    if seconds == 0:
        return "Time is up"
    minutes = -(-seconds // 60)
    return f"About {counted(minutes, 'minute', 'minutes')} left to write"


# -- sessions ---------------------------------------------------------------------------------
def _required_text(text: str | None, what: str) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise WorkshopInputError(f"Please write {what}.")
    if len(cleaned) > MAX_TEXT:
        raise WorkshopInputError(f"Please shorten {what} to {MAX_TEXT} characters or fewer "
                                 f"(it has {len(cleaned)}).")
    return cleaned


def create_session(store: Store, place_name: str, title: str, kind: str, theme: str = "",
                   session_date: date | None = None,
                   allow_anonymous: bool = True) -> dict[str, Any]:
    """A new open session with a fresh join code."""
    if kind not in KINDS:
        raise WorkshopInputError(f"Choose a kind of session: {', '.join(KINDS.values())}.")
    row = {
        "session_id": new_id(), "place_id": require_place(store, place_name)["place_id"],
        "title": _required_text(title, "a title"), "theme": theme.strip() or None,
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
    return f"{session['title']} · {when} · {session['join_code']}{closed}"


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


def close_session(store: Store, session_id: str) -> dict[str, Any]:
    return store.change_workshop_session(session_id, {"status": "closed", "timer_ends_at": None})


def reopen_session(store: Store, session_id: str, on: date | None = None) -> dict[str, Any]:
    """Open a closed session again, as a new meeting on `on` (today by default). If another
    open session has taken its join code meanwhile, it gets a new one."""
    session = store.workshop_session(session_id) or {}
    changes: dict[str, Any] = {"status": "open", "session_date": on or now_utc().date()}
    if session.get("join_code") in store.open_join_codes():
        changes["join_code"] = new_join_code(store.open_join_codes())
    try:
        return store.change_workshop_session(session_id, changes)
    except JoinCodeTakenError:
        changes["join_code"] = new_join_code(store.open_join_codes())
        return store.change_workshop_session(session_id, changes)


def save_prompts(store: Store, session_id: str, key: str, text: str) -> dict[str, Any]:
    """Replace one stage's questions for this session."""
    questions = parse_prompts(text)
    if not questions:
        raise WorkshopInputError("Keep at least one question for the stage.")
    session = store.workshop_session(session_id) or {}
    prompts = session_prompts(session) | {key: questions}
    return store.change_workshop_session(session_id, {"prompts_json": json.dumps(prompts)})


# -- entries ----------------------------------------------------------------------------------
def author_name(name: str | None, allow_anonymous: bool) -> str | None:
    """The name shown with someone's entries; None when they stay anonymous."""
    cleaned = (name or "").strip()[:60]
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
        "side": side, "text": _required_text(text, "the force"), "strength": int(strength),
        "author": author, "participant_id": participant_id, "merged_into": merged_into,
        "is_deleted": False})


def add_answer(store: Store, session_id: str, key: str, text: str, author: str | None,
               participant_id: str | None = None) -> dict[str, Any]:
    """Committed to disk before it returns; refused once the session is closed."""
    if key not in _STAGE:
        raise WorkshopInputError(f"No ORID stage called {key!r}.")
    return store.add_entry("orid_answer", session_id, {
        "stage": key, "text": _required_text(text, "your answer"), "author": author,
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


# -- force field ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Balance:
    driving: float
    restraining: float

    @property
    def difference(self) -> float:
        return round(self.driving - self.restraining, 1)

    def verdict(self) -> str:
        if self.difference > 0:
            return f"Driving forces are stronger by {self.difference:g}"
        if self.difference < 0:
            return f"Restraining forces are stronger by {-self.difference:g}"
        return "The forces are in balance"


def balance(board: pd.DataFrame) -> Balance:
    """Sum of driving against sum of restraining strengths, each combined force once."""
    def total(side: str) -> float:
        return round(float(board.loc[board["side"] == side, "strength"].sum()), 1)

    return Balance(total("driving"), total("restraining"))


BOARD_COLUMNS = ["group_id", "side", "text", "strength", "n", "authors", "meeting"]


def _group_ids(live: pd.DataFrame) -> pd.Series:
    head = live["merged_into"]
    return head.where(head.notna() & head.isin(live["force_id"]), live["force_id"])


def _group_row(members: list[dict[str, Any]], labels: dict[str, str]) -> dict[str, Any]:
    """One combined force: the head's wording, the mean of the latest meeting's ratings."""
    head = next(m for m in members if m["force_id"] == m["group_id"])
    latest = max(m["meeting"] for m in members)
    rated = [float(m["strength"]) for m in members if m["meeting"] == latest]
    names = dict.fromkeys(labels[m["person"]] for m in members)
    return {"group_id": head["force_id"], "side": head["side"], "text": head["text"],
            "strength": round(sum(rated) / len(rated), 1), "n": len(members),
            "authors": ", ".join(names), "meeting": int(latest)}


def combine(forces: pd.DataFrame) -> pd.DataFrame:
    """The combined map: one row per force and the forces merged into it, strongest first.

    A combined force's strength is the mean of its members' strengths, counting only the
    ratings given at the latest meeting that rated it (column `meeting`, 1 when absent), so
    a reopened session's new ratings replace, not dilute, the old ones."""
    live = forces[~forces["is_deleted"].astype(bool)]
    if live.empty:
        return pd.DataFrame(columns=BOARD_COLUMNS)
    live = live.assign(group_id=_group_ids(live), person=person_keys(live).to_numpy(),
                       meeting=live.get("meeting", 1))
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in live.to_dict("records"):
        groups.setdefault(record["group_id"], []).append(record)
    labels = person_labels(forces)
    board = pd.DataFrame([_group_row(m, labels) for m in groups.values()],
                         columns=BOARD_COLUMNS)
    order = {"driving": 0, "restraining": 1}
    return (board.assign(_side=board["side"].map(order))
            .sort_values(["_side", "strength"], ascending=[True, False], kind="stable")
            .drop(columns="_side").reset_index(drop=True))


def board_table(combined: pd.DataFrame) -> pd.DataFrame:
    """The combined map as a table to read or copy."""
    return pd.DataFrame({
        "Side": combined["side"].map(SIDES).tolist(), "Combined force": combined["text"].tolist(),
        "Strength (mean)": combined["strength"].tolist(), "Forces": combined["n"].tolist(),
        "Said by": combined["authors"].tolist()})


def people(forces: pd.DataFrame) -> dict[str, str]:
    """Key -> label of everyone with a force on the board."""
    live = forces[~forces["is_deleted"].astype(bool)]
    labels = person_labels(forces)
    return {k: labels[k] for k in dict.fromkeys(person_keys(live))}


def person_map(forces: pd.DataFrame, key: str) -> pd.DataFrame:
    """One person's own forces, each as typed, in the shape of the combined map."""
    live = forces[~forces["is_deleted"].astype(bool)]
    mine = live[person_keys(live) == key]
    labels = person_labels(forces)
    board = pd.DataFrame({
        "group_id": mine["force_id"], "side": mine["side"], "text": mine["text"],
        "strength": mine["strength"].astype(float), "n": 1,
        "authors": [labels[k] for k in person_keys(mine)], "meeting": 1,
    }, columns=BOARD_COLUMNS)
    return board.sort_values(["side", "strength"], ascending=[True, False]).reset_index(drop=True)


def person_vs_room(forces: pd.DataFrame, key: str) -> pd.DataFrame:
    """Each of a person's forces beside the combined force it sits in."""
    live = forces[~forces["is_deleted"].astype(bool)].copy()
    live["group_id"] = _group_ids(live)
    room = combine(forces).set_index("group_id")
    mine = live[person_keys(live) == key]
    return pd.DataFrame({
        "Side": mine["side"].map(SIDES).tolist(),
        "Their force": mine["text"].tolist(),
        "Their strength": mine["strength"].astype(int).tolist(),
        "On the combined map as": [room.at[g, "text"] for g in mine["group_id"]],
        "Room's strength": [room.at[g, "strength"] for g in mine["group_id"]],
    })


# -- meetings: a session reopened later -------------------------------------------------------
@dataclass(frozen=True)
class Meeting:
    number: int
    day: date
    started_at: datetime
    ended_at: datetime | None  # when the next meeting began; None for the latest

    @property
    def label(self) -> str:
        return f"Meeting {self.number}, {self.day:%d %b %Y}"


def meetings(versions: pd.DataFrame) -> list[Meeting]:
    """The session's first opening and every reopening after a close, in order."""
    v = versions.sort_values("version").reset_index(drop=True)
    reopened = (v["status"] == "open") & (v["status"].shift() == "closed")
    starts = v[(v["version"] == v["version"].min()) | reopened]
    found: list[Meeting] = []
    for n, row in enumerate(starts.itertuples(), start=1):
        day = row.session_date if not pd.isna(row.session_date) else row.created_at
        found.append(Meeting(n, pd.Timestamp(day).date(),
                             pd.Timestamp(row.created_at).to_pydatetime(), None))
    return [Meeting(m.number, m.day, m.started_at,
                    found[i + 1].started_at if i + 1 < len(found) else None)
            for i, m in enumerate(found)]


def meeting_of(times: pd.Series, found: list[Meeting]) -> pd.Series:
    """The number of the meeting each time falls in (before the first counts as the first)."""
    number = pd.Series(1, index=times.index)
    for m in found[1:]:
        number[times >= pd.Timestamp(m.started_at)] = m.number
    return number


def as_of(versions: pd.DataFrame, id_column: str, before: datetime | None) -> pd.DataFrame:
    """The live row of each id as it stood just before `before` (everything when None)."""
    known = versions if before is None else versions[versions["created_at"] < before]
    return (known.sort_values([id_column, "version"])
            .groupby(id_column, sort=False).tail(1)
            .sort_values(["created_at", id_column]).reset_index(drop=True))


def _rated_at(versions: pd.DataFrame) -> pd.Series:
    """When each force got its current strength: the version that last changed it."""
    v = versions.sort_values(["force_id", "version"])
    changed = v["strength"].ne(v.groupby("force_id")["strength"].shift())
    return v[changed].groupby("force_id")["created_at"].last()


def forces_at(versions: pd.DataFrame, found: list[Meeting],
              before: datetime | None = None) -> pd.DataFrame:
    """The forces as they stood at a moment, each tagged with the meeting that rated it."""
    known = versions if before is None else versions[versions["created_at"] < before]
    snapshot = as_of(known, "force_id", None)
    if snapshot.empty:
        return snapshot.assign(meeting=pd.Series(dtype=int))
    rated = snapshot["force_id"].map(_rated_at(known))
    return snapshot.assign(meeting=meeting_of(rated, found).to_numpy())


def compare(versions: pd.DataFrame, found: list[Meeting], first: int,
            second: int) -> pd.DataFrame:
    """The combined map at the end of two meetings, force by force."""
    then = combine(forces_at(versions, found, found[first - 1].ended_at)).set_index("group_id")
    now = combine(forces_at(versions, found, found[second - 1].ended_at)).set_index("group_id")
    ids = list(dict.fromkeys([*now.index, *then.index]))
    rows = []
    for g in ids:
        a = then["strength"].get(g)
        b = now["strength"].get(g)
        source = now if g in now.index else then
        rows.append({"side": source.at[g, "side"], "text": source.at[g, "text"],
                     "then": a, "now": b, "change": _change(a, b)})
    frame = pd.DataFrame(rows, columns=["side", "text", "then", "now", "change"])
    return frame.sort_values("side", kind="stable").reset_index(drop=True)


def _change(then: float | None, now: float | None) -> str:
    if then is None or pd.isna(then):
        return "new"
    if now is None or pd.isna(now):
        return "gone"
    if now > then:
        return f"stronger by {now - then:.1f}"
    if now < then:
        return f"weaker by {then - now:.1f}"
    return "no change"


# -- boards: what the projector shows ---------------------------------------------------------
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
    forces = forces_at(versions, found) if not versions.empty else _empty_forces(versions)
    combined = combine(forces)
    live = forces[~forces["is_deleted"].astype(bool)]
    writers = person_keys(live).nunique() if not live.empty else 0
    return ForceBoard(session, forces, combined, balance(combined), found, writers)


def _empty_forces(versions: pd.DataFrame) -> pd.DataFrame:
    return versions.assign(meeting=pd.Series(dtype=int))


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


def watch(store: Store, session_id: str) -> tuple[tuple[Any, ...], int | None]:
    """The cheap check a phone makes every few seconds: has the stage, the reveal or the
    status moved (then it redraws), and how long is left on the timer."""
    session = store.workshop_session(session_id) or {}
    return _signature(session), seconds_left(session)


# -- merging, re-rating, actions --------------------------------------------------------------
def merge(store: Store, session_id: str, keep_id: str, other_ids: Sequence[str]) -> int:
    """Combine forces: the others (and whatever was combined into them) join `keep_id`."""
    live = _live(store.entries("force", session_id))
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
    live = _live(store.entries("force", session_id))
    members = live[live["merged_into"] == group_id]["force_id"]
    return len(store.change_rows("force", {i: {"merged_into": None} for i in members}))


def remove_group(store: Store, session_id: str, group_id: str) -> int:
    """Take a combined force, and everything combined into it, off the board."""
    live = _live(store.entries("force", session_id))
    ids = live[(live["force_id"] == group_id) | (live["merged_into"] == group_id)]["force_id"]
    return withdraw(store, "force", list(ids))


def rate_again(store: Store, session_id: str, group_id: str, strength: int,
               by: str = ROOM) -> dict[str, Any]:
    """The room's rating of a combined force now: at a reopened meeting it replaces the
    earlier meeting's ratings; within one meeting it joins the average."""
    live = _live(store.entries("force", session_id)).set_index("force_id")
    if group_id not in live.index:
        raise WorkshopInputError("That force is no longer on the board.")
    head = live.loc[group_id]
    return add_force(store, session_id, head["side"], head["text"], strength, by,
                     merged_into=group_id)


def force_options(forces: pd.DataFrame) -> dict[str, str]:
    """Live forces for a picker: id -> 'wording (strength, who)', by side."""
    live = _live(forces).sort_values(["side", "text"])
    labels = person_labels(forces)
    return {f: f"{SIDES[s]}: {t} ({g}, {labels[k]})" for f, s, t, g, k in zip(
        live["force_id"], live["side"], live["text"], live["strength"], person_keys(live),
        strict=True)}


def answer_options(store: Store, session_id: str) -> dict[str, str]:
    """Live answers for a picker: id -> 'Stage: words (who)'."""
    answers = store.entries("orid_answer", session_id)
    live = _live(answers)
    labels = person_labels(answers)
    return {a: f"{stage(k).name}: {t} ({labels[p]})" for a, k, t, p in zip(
        live["answer_id"], live["stage"], live["text"], person_keys(live), strict=True)}


def group_options(combined: pd.DataFrame) -> dict[str, str]:
    """Combined forces for a picker: id -> 'side: wording (strength from n)'."""
    return {g: f"{SIDES[s]}: {t} ({v:g} from {n})" for g, s, t, v, n in zip(
        combined["group_id"], combined["side"], combined["text"], combined["strength"],
        combined["n"], strict=True)}


@dataclass
class Comparison:
    first: Meeting
    second: Meeting
    table: pd.DataFrame  # force by force: then, now, change
    then: pd.DataFrame  # the combined map at the end of each meeting
    now: pd.DataFrame

    @property
    def balances(self) -> tuple[Balance, Balance]:
        return balance(self.then), balance(self.now)


def compare_meetings(store: Store, session_id: str, first: int, second: int) -> Comparison:
    """The combined map at the end of two meetings of a reopened session."""
    found = meetings(store.session_versions(session_id))
    versions = store.entry_versions("force", session_id)
    a, b = found[first - 1], found[second - 1]
    return Comparison(a, b, compare(versions, found, first, second),
                      combine(forces_at(versions, found, a.ended_at)),
                      combine(forces_at(versions, found, b.ended_at)))


def _live(entries: pd.DataFrame) -> pd.DataFrame:
    return entries[~entries["is_deleted"].astype(bool)]


def action_sources(store: Store, session: dict[str, Any]) -> dict[str, str]:
    """What can become an action: restraining forces, or decisional answers. id -> text."""
    if session["kind"] == "force_field":
        board = force_board(store, session["session_id"]).combined
        restraining = board[board["side"] == "restraining"]
        return dict(zip(restraining["group_id"], restraining["text"], strict=True))
    answers = _live(store.entries("orid_answer", session["session_id"]))
    decisional = answers[answers["stage"] == "decisional"]
    return dict(zip(decisional["answer_id"], decisional["text"], strict=True))


def add_action(store: Store, session_id: str, what: str, who: str = "",
               by_when: date | None = None, source_id: str | None = None) -> dict[str, Any]:
    return store.add_action(session_id, {
        "what": _required_text(what, "what is to be done"), "who": who.strip() or None,
        "by_when": by_when, "source_id": source_id, "is_deleted": False})


def actions_table(store: Store, session_id: str) -> pd.DataFrame:
    """Live actions with the force or answer each came from."""
    actions = _live(store.entries("workshop_action", session_id))
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


# -- summaries and the write-up ---------------------------------------------------------------
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
        forces = forces_at(versions, found) if not versions.empty else _empty_forces(versions)
        board, bal = combine(forces), balance(combine(forces))
    else:
        board, bal = _answers_board(entries), None
    return WriteUp(session, str(place["place_name"]), bool(place["is_fictional"]), found,
                   board, bal, _entry_rows(entries, versions, found, session["kind"]),
                   _history_rows(versions, entries, session["kind"]),
                   actions_table(store, session_id), session_prompts(session), now_utc())


def _answers_board(entries: pd.DataFrame) -> pd.DataFrame:
    live = _live(entries)
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
