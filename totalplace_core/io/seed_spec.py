"""Sheets the demo place ships beyond the template: workshop sessions and their entries, and
the deflator table (case studies and their members are template sheets, io/spec.py).

They are not in the template a finance officer fills, but the demo files are read by the same
reader and checked by the same rules as an upload (io.validate with these sheets added), so
there is one validator for every file the app reads."""

from __future__ import annotations

from totalplace_core.io.spec import (
    Column,
    Sheet,
    _c,  # one way of writing a column, for both specs
)

# The store's CHECK constraints allow the same values (store/schema_workshop.py).
SESSION_KINDS = ("force_field", "orid")
SESSION_STATUSES = ("open", "closed")
SIDES = ("driving", "restraining")
ORID_STAGES = ("objective", "reflective", "interpretive", "decisional")
JOIN_CODE = Column("join_code", "Join code", "text", True, "The session's short join code.")


SEED_SHEETS: tuple[Sheet, ...] = (
    Sheet("Workshop sessions", "workshop_session", (
        JOIN_CODE,
        _c("title", "Title", "text", True, "What the session is about."),
        _c("theme", "Theme", "text", False, "The programme theme."),
        _c("kind", "Kind", "choice", True, "Force field or ORID.", SESSION_KINDS),
        _c("session_date", "Date", "date", False, "Day of the meeting."),
        _c("status", "Status", "choice", True, "Open or closed.", SESSION_STATUSES),
    ), ("join_code",), "Workshop sessions."),
    Sheet("Forces", "force", (
        JOIN_CODE,
        _c("side", "Side", "choice", True, "Driving or restraining.", SIDES),
        _c("text", "Force", "text", True, "The force as written."),
        _c("strength", "Strength", "integer", True, "1 (weak) to 5 (strong).", low=1,
           high=5, store="SMALLINT"),
        _c("author", "Author", "text", False, "Who wrote it."),
    ), ("join_code", "side", "text", "author"), "Force-field entries."),
    Sheet("ORID answers", "orid_answer", (
        JOIN_CODE,
        _c("stage", "Stage", "choice", True, "The ORID stage.", ORID_STAGES),
        _c("text", "Answer", "text", True, "The answer as written."),
        _c("author", "Author", "text", False, "Who wrote it."),
    ), ("join_code", "stage", "text", "author"), "ORID answers."),
    Sheet("Actions", "workshop_action", (
        JOIN_CODE,
        _c("what", "Action", "text", True, "What will be done."),
        _c("who", "Owner", "text", False, "Who will do it."),
        _c("by_when", "By", "date", False, "By when."),
    ), ("join_code", "what"), "Actions agreed in a session."),
    Sheet("Deflators", "deflator", (
        _c("year", "Financial year", "year", True, "Such as 2009-10."),
        _c("index_value", "Index", "decimal", True, "Price index, base year = 100.",
           aliases=("index",), low=0, above_low=True, store="DECIMAL(8, 3)"),
        _c("base_year", "Base year", "year", True, "The year the index is 100."),
        _c("source", "Source", "text", True, "Where the index comes from."),
    ), ("year",), "GDP deflators for real-terms comparisons."),
)
