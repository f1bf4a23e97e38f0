"""A session reopened at later meetings: which meeting each force belongs to, and the
combined map at the end of one meeting against another."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from totalplace_core.store import Store
from totalplace_core.workshop.force_map import Balance, balance, combine

__all__ = ["Comparison", "Meeting", "as_of", "compare", "compare_meetings", "forces_at",
           "meeting_of", "meetings"]


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


def forces_now(versions: pd.DataFrame, found: list[Meeting]) -> pd.DataFrame:
    """The forces as they stand; a session nobody has written in yet still gets the
    `meeting` column the combined map reads."""
    if versions.empty:
        return versions.assign(meeting=pd.Series(dtype=int))
    return forces_at(versions, found)


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
