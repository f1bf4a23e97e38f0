"""The committee pack's workshop outputs: each chosen session drawn with the same values
and partial as its own write-up (the combined forces or the conversation, and the actions
with owners and dates)."""

from __future__ import annotations

from collections.abc import Sequence

from totalplace_core.reports.engine import Section
from totalplace_core.store import Store
from totalplace_core.workshop import service as ws

KEY, TITLE = "workshop", "Workshop outputs and actions"


def section(store: Store, place: str, codes: Sequence[str] | None = None) -> Section:
    """The place's sessions (or those whose join codes are given), oldest first."""
    found = ws.sessions(store, place)
    if codes is not None:
        wanted = {ws.normalise_code(c) for c in codes}
        found = found[found["join_code"].map(ws.normalise_code).isin(wanted)]
    if found.empty:
        why = "no workshop session was chosen" if codes is not None else \
            "no workshop sessions have been held"
        return Section(KEY, TITLE, "", empty=f"For {place}, {why}, so there are no workshop "
                       "outputs to report.")
    found = found.sort_values(["session_date", "title"], na_position="last")
    sessions = [ws.session_values(ws.write_up(store, sid)) for sid in found["session_id"]]
    sources = ("Workshop entries as the participants typed them, live, on the Workshop "
               "and Join pages; every entry, its author, times and changes are in each "
               "session's workbook (xlsx).",)
    caveats = ("A combined force's strength is the mean of the ratings given for it at the "
               "latest meeting; the balance of forces is a prompt for discussion, not a "
               "measurement.",)
    return Section(KEY, TITLE, "section_workshop.html",
                   {"place_name": place, "sessions": sessions}, sources=sources,
                   caveats=caveats)
