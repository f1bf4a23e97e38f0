"""A session's write-up: an xlsx workbook with every word and time, and a summary for the
follow-up report made by the report engine (HTML and PDF, in the same look as the ward
factsheet and the committee pack, whose workshop section draws sessions with the same
partial and the same values).

What people typed is written as they typed it: text a spreadsheet would run as a formula
(=, +, - or @ first) is a quote-prefixed string cell (io.safe_export.as_typed), shown as typed
and never run. In the HTML and PDF, Jinja escapes all of it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from totalplace_core.io.safe_export import as_typed
from totalplace_core.reports import Chart, pdf_from_html, render
from totalplace_core.workshop.charts import STAGE_COLOURS, force_field
from totalplace_core.workshop.entries import SIDES
from totalplace_core.workshop.force_map import REMINDER
from totalplace_core.workshop.join_codes import display_code
from totalplace_core.workshop.orid import STAGES
from totalplace_core.workshop.session_lifecycle import KINDS
from totalplace_core.workshop.summaries import WriteUp
from totalplace_core.workshop.times import uk_time

HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
WIDE = 70  # characters, for columns holding what people wrote
TEMPLATE = "workshop_write_up.html"


def file_stem(up: WriteUp) -> str:
    """A file name from the title and code: letters, digits and dashes only."""
    words = "".join(ch if ch.isalnum() else " " for ch in up.session["title"]).split()
    return "-".join([*words[:6], up.session["join_code"]]).lower()


# -- xlsx ---------------------------------------------------------------------------------------
def _cell(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value  # numpy scalars


def _sheet(book: openpyxl.Workbook, title: str, header: Sequence[str],
           rows: Iterable[Sequence[Any]]) -> Worksheet:
    sheet = book.create_sheet(title)
    sheet.append(list(header))
    for row in rows:
        sheet.append([_cell(v) for v in row])
        for cell in sheet[sheet.max_row]:
            as_typed(cell)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    sheet.freeze_panes = "A2"
    for i, name in enumerate(header, start=1):
        values = [len(str(c.value or "")) for c in sheet[get_column_letter(i)]]
        width = min(max([len(name), *values]) + 2, WIDE)
        sheet.column_dimensions[get_column_letter(i)].width = width
        if width >= WIDE:
            for c in sheet[get_column_letter(i)][1:]:
                c.alignment = Alignment(wrap_text=True, vertical="top")
    return sheet


def _frame_sheet(book: openpyxl.Workbook, title: str, frame: pd.DataFrame) -> Worksheet:
    return _sheet(book, title, list(frame.columns), frame.itertuples(index=False))


def _summary_rows(up: WriteUp) -> list[tuple[str, Any]]:
    s = up.session
    rows: list[tuple[str, Any]] = [
        ("Session", s["title"]), ("Theme", s.get("theme") or ""), ("Kind", KINDS[s["kind"]]),
        ("Place", up.place_name + (" (fictional demo place)" if up.is_fictional else "")),
        ("Join code", s["join_code"]), ("Status", s["status"]),
        ("Meetings", "; ".join(m.label for m in up.meetings)),
        ("Entries", len(up.entries)),
        ("People who wrote", up.entries["Person"].nunique()),
        ("Actions", len(up.actions)),
    ]
    if up.balance is not None:
        rows += [("Driving total", up.balance.driving), ("Restraining total",
                 up.balance.restraining), ("Balance", up.balance.verdict()), ("Note", REMINDER)]
    rows.append(("Written up", uk_time(up.generated_at) + " UK time"))
    return rows


def _board_sheet(book: openpyxl.Workbook, up: WriteUp) -> None:
    if up.session["kind"] == "force_field":
        b = up.board
        _sheet(book, "Board", ["Side", "Combined force", "Strength (mean)", "Forces combined",
                               "Said by"],
               zip(b["side"].map(SIDES), b["text"], b["strength"], b["n"], b["authors"],
                   strict=True))
    else:
        names = {s.key: s.name for s in STAGES}
        b = up.board
        _sheet(book, "Board", ["Stage", "Answer", "Said by"],
               zip(b["stage"].map(names), b["text"], b["who"], strict=True))
        _sheet(book, "Prompts", ["Stage", "Question"],
               [(s.name, q) for s in STAGES for q in up.prompts[s.key]])


def xlsx_bytes(up: WriteUp) -> bytes:
    """The workbook: Summary, Board, Entries (every entry, its author and times), History
    (every version of every entry), Actions, and for ORID the prompts used."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    _sheet(book, "Summary", ["Item", "Value"], _summary_rows(up))
    _board_sheet(book, up)
    _frame_sheet(book, "Entries", up.entries)
    _frame_sheet(book, "History", up.history)
    _frame_sheet(book, "Actions", up.actions.drop(columns="action_id"))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- the write-up document (the report engine) ------------------------------------------------
def _who(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _force_chart(up: WriteUp) -> Chart | None:
    """The combined force field as a picture, described in words for its alt text."""
    if up.board.empty or up.balance is None:
        return None
    fig = force_field(up.board, narrow=True)  # wrapped short: drawn for half a screen
    sides = {side: up.board[up.board["side"] == side] for side in SIDES}
    alt = (f"Force-field diagram: {len(sides['driving'])} driving forces (total "
           f"{up.balance.driving:g}) against {len(sides['restraining'])} restraining forces "
           f"(total {up.balance.restraining:g}). {up.balance.verdict()}.")
    return Chart(fig, alt, width=760, height=int(fig.layout.height or 400))


def _sides(up: WriteUp) -> list[dict[str, Any]]:
    return [{"key": side, "name": name,
             "forces": [{"text": r.text, "strength": f"{float(r.strength):g}",
                         "who": _who(r.authors)}
                        for r in up.board[up.board["side"] == side].itertuples()]}
            for side, name in SIDES.items()]


def _stages(up: WriteUp) -> list[dict[str, Any]]:
    return [{"name": s.name, "question": s.question, "colour": STAGE_COLOURS[s.key],
             "answers": [{"text": r.text, "who": _who(r.who)}
                         for r in up.board[up.board["stage"] == s.key].itertuples()]}
            for s in STAGES]


def session_values(up: WriteUp, with_chart: bool = True) -> dict[str, Any]:
    """One session's outputs as plain values for reports/templates/section_
    workshop_session.html, which the write-up and the committee pack share. Text is as
    typed: the template escapes it."""
    s, force = up.session, up.session["kind"] == "force_field"
    return {
        "title": s["title"], "theme": s.get("theme") or "", "kind": KINDS[s["kind"]],
        "when": "; ".join(m.label for m in up.meetings) or "no meeting yet",
        "code": display_code(s["join_code"]), "status": s["status"], "entries": len(up.entries),
        "people": up.entries["Person"].nunique(), "force_field": force,
        "balance": up.balance.verdict() if force and up.balance else "",
        "driving_total": f"{up.balance.driving:g}" if up.balance else "",
        "restraining_total": f"{up.balance.restraining:g}" if up.balance else "",
        "reminder": REMINDER, "chart": _force_chart(up) if force and with_chart else None,
        "sides": _sides(up) if force else [], "stages": [] if force else _stages(up),
        "actions": [{"what": a["What"], "who": a["Who"], "by_when": a["By when"],
                     "source": a["From"]} for a in up.actions.to_dict("records")],
    }


def summary_html(up: WriteUp) -> str:
    """The session written up for the follow-up report, in the report engine's family look:
    the board, the balance, the actions (HTML; print it from any browser, or summary_pdf)."""
    return render(TEMPLATE, {
        "title": up.session["title"], "document_kind": "Workshop write-up",
        "fictional": up.is_fictional, "place_name": up.place_name,
        "session": session_values(up), "written_up": uk_time(up.generated_at),
        "running_head": f"{up.session['title']}: workshop write-up",
        "caveats": [f"{up.place_name} is a fictional place made up for demonstration."]
        if up.is_fictional else []})


def summary_pdf(up: WriteUp) -> bytes:
    """The same write-up printed to PDF by the machine's Chromium, offline."""
    return pdf_from_html(summary_html(up))
