"""A session's write-up: an xlsx workbook with every word and time, and a one-page HTML
summary for the follow-up report (print it to PDF from the browser).

What people typed is written as they typed it: text a spreadsheet would run as a formula
(=, +, - or @ first) is a quote-prefixed string cell (io.safe_export.as_typed), shown as typed
and never run. All user text in the HTML is escaped.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable, Sequence
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from totalplace_core.io.safe_export import as_typed
from totalplace_core.workshop.charts import SIDE_COLOURS, STAGE_COLOURS
from totalplace_core.workshop.entries import SIDES
from totalplace_core.workshop.force_map import REMINDER
from totalplace_core.workshop.orid import STAGES
from totalplace_core.workshop.session_lifecycle import KINDS
from totalplace_core.workshop.summaries import WriteUp
from totalplace_core.workshop.times import uk_time

HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
WIDE = 70  # characters, for columns holding what people wrote


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


# -- one-page HTML ------------------------------------------------------------------------------
CSS = """
@page { size: A4; margin: 12mm; }
body { font-family: "Liberation Sans", Arial, sans-serif; color: #14181F; margin: 18px;
       font-size: 12.5px; line-height: 1.35; max-width: 1050px; }
h1 { font-size: 21px; margin: 0 0 4px 0; } h2 { font-size: 15px; margin: 14px 0 6px 0; }
.meta { color: #3A4150; } .badge { background: #FFF3CD; border: 1px solid #E6C65C;
  padding: 0 6px; border-radius: 4px; font-weight: 600; }
.cols { display: flex; gap: 18px; } .col { flex: 1; min-width: 0; }
.force { margin: 0 0 6px 0; } .bar { height: 8px; border-radius: 4px; margin-top: 2px; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #D5DAE1;
  padding: 3px 6px; text-align: left; vertical-align: top; }
.stages { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 18px; margin-top: 10px; }
.stage { border-left: 6px solid; padding: 2px 10px; }
.stage ul { margin: 2px 0 0 16px; padding: 0; } .who { color: #3A4150; }
.note { font-style: italic; } footer { margin-top: 12px; color: #3A4150; font-size: 11px; }
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _forces_html(up: WriteUp) -> str:
    cols = []
    for side, label in SIDES.items():
        rows = up.board[up.board["side"] == side]
        items = "".join(
            f"<div class='force'>{_e(r.text)} <b>{r.strength:g}</b> "
            f"<span class='who'>({_e(r.authors)})</span>"
            f"<div class='bar' style='width:{20 * float(r.strength):.0f}%;"
            f"background:{SIDE_COLOURS[side]}'></div></div>" for r in rows.itertuples())
        cols.append(f"<div class='col'><h2 style='color:{SIDE_COLOURS[side]}'>{label} forces"
                    f"</h2>{items or '<p>None recorded.</p>'}</div>")
    b = up.balance
    head = (f"<p><b>{_e(b.verdict())}</b>: driving {b.driving:g}, restraining "
            f"{b.restraining:g}.</p><p class='note'>{_e(REMINDER)}</p>") if b else ""
    return head + f"<div class='cols'>{''.join(cols)}</div>"


def _orid_html(up: WriteUp) -> str:
    blocks = []
    for s in STAGES:
        part = up.board[up.board["stage"] == s.key]
        items = "".join(f"<li>{_e(r.text)} <span class='who'>— {_e(r.who)}</span></li>"
                        for r in part.itertuples())
        blocks.append(f"<div class='stage' style='border-color:{STAGE_COLOURS[s.key]}'>"
                      f"<b>{_e(s.name)}: {_e(s.question)}</b>"
                      f"<ul>{items or '<li>No answers.</li>'}</ul></div>")
    return f"<div class='stages'>{''.join(blocks)}</div>"


def _actions_html(up: WriteUp) -> str:
    if up.actions.empty:
        return "<h2>Actions</h2><p>None agreed.</p>"
    rows = "".join(f"<tr><td>{_e(a['What'])}</td><td>{_e(a['Who'])}</td>"
                   f"<td>{_e(a['By when'])}</td><td class='who'>{_e(a['From'])}</td></tr>"
                   for a in up.actions.to_dict("records"))
    return ("<h2>Actions</h2><table><tr><th>What</th><th>Who</th><th>By when</th>"
            f"<th>Against or from</th></tr>{rows}</table>")


def summary_html(up: WriteUp) -> str:
    """One page for the follow-up report: the board, the balance, the actions."""
    s = up.session
    badge = " <span class='badge'>Fictional demo place</span>" if up.is_fictional else ""
    meta = " · ".join(_e(x) for x in (up.place_name, KINDS[s["kind"]],
                                       "; ".join(m.label for m in up.meetings),
                                       f"join code {s['join_code']}", s["status"]))
    body = _forces_html(up) if s["kind"] == "force_field" else _orid_html(up)
    people = up.entries["Person"].nunique()
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{_e(s['title'])}: write-up</title><style>{CSS}</style></head><body>"
        f"<h1>{_e(s['title'])}</h1><div class='meta'>{meta}{badge}</div>"
        + (f"<div class='meta'>Theme: {_e(s.get('theme'))}</div>" if s.get("theme") else "")
        + body + _actions_html(up)
        + f"<footer>{len(up.entries)} entries from {people} people. Every entry, who gave it "
        "and when, and every change to it, is in the workbook (xlsx) of this session. "
        f"Written up {_e(uk_time(up.generated_at))} UK time.</footer></body></html>"
    )
