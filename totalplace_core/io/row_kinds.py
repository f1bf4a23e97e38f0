"""Which rows below a header are lines, and which are a return's own furniture: totals and
sub-totals (skipped, and checked against the lines they cover) and footnotes under the table
(skipped, a 'Source: ...' one offered as the lines' source). A row is skipped only when it
carries no line of its own, so no line is ever lost to a notice."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import zip_longest

from totalplace_core.io import parse
from totalplace_core.money import format_gbp_full, pence_from_decimal

TOTAL, SUBTOTAL, FOOTNOTE = "total", "sub-total", "footnote"
# What a text reading 'Total', 'Sub-total' or 'Grand total' once stripped can start with: t,
# s or g in either case (no other character lowers to them) or whitespace (all of it is
# below U+3001). tests/test_import_speed_parity.py checks both against the whole of Unicode.
TOTAL_FIRST = frozenset("tTgGsS") | {chr(i) for i in range(0x3001) if chr(i).isspace()}
_TOTAL = re.compile(r"(grand\s*totals?|sub[\s\-–]*totals?|totals?)\b")
_FOOTNOTE_START = re.compile(r"(sources?|notes?|nb|n\.b\.|footnotes?|figures|prepared|"
                             r"compiled|[*†‡¹²³])", re.I)
_SOURCE = re.compile(r"^\s*sources?\s*[:\-–]\s*(?P<text>.+)$", re.I | re.S)


@dataclass(frozen=True)
class Skipped:
    """A row of the file not imported as a line, and why: shown in the preview."""
    sheet: str
    row: int
    kind: str  # total | sub-total | footnote
    label: str
    reason: str


def total_kind(value: object) -> str | None:
    """TOTAL or SUBTOTAL when a cell's text reads as a totals label, else None."""
    if value.__class__ is not str or value[:1] not in TOTAL_FIRST:
        return None
    match = _TOTAL.match(value.strip().lower())
    if not match:
        return None
    return SUBTOTAL if match[1].startswith("sub") else TOTAL


def _blank(value: object) -> bool:
    return value is None or (value.__class__ is str and not value.strip())


def _number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return True
    try:
        parse.money(value)
    except parse.CellError:
        return False
    return True


def labelled_rows(rows: Sequence[tuple[int, Sequence[object]]]) -> set[int]:
    """Positions of the rows with a cell reading as a totals label: the only rows that can
    be totals. Found a column at a time, each distinct value tested once (a column repeats a
    few texts thousands of times), so a large sheet is not tested cell by cell."""
    found: set[int] = set()
    for values in zip_longest(*(v for _, v in rows)):
        try:
            labels = {v for v in set(values) if total_kind(v)}
        except TypeError:  # an unhashable value (not from a file): test every cell
            found.update(i for i, v in enumerate(values) if total_kind(v))
            continue
        if labels:
            found.update(i for i, v in enumerate(values) if v in labels)
    return found


def is_total_row(values: Sequence[object], line_columns: Sequence[int]) -> tuple[str, str] | None:
    """(kind, label) when the row is a total or sub-total: a cell's text says so, and the
    row carries no line of its own: the columns that make a line (a spend line's year and
    body) are empty but for the label itself, or the label is its only text besides
    numbers. 'Total Place deep-dive theme' in a line's note is a line."""
    found = next(((i, kind) for i, v in enumerate(values) if (kind := total_kind(v))), None)
    if found is None:
        return None
    at, kind = found
    label = str(values[at]).strip()
    if line_columns and all(i == at or i >= len(values) or _blank(values[i])
                            for i in line_columns):
        return kind, label
    others = [v for i, v in enumerate(values) if i != at and not _blank(v)]
    if all(_number(v) for v in others):
        return kind, label
    return None


def footnote_rows(rows: Sequence[tuple[int, Sequence[object]]]) -> list[int]:
    """Positions of the footnotes under a table: the rows after its last row of two or more
    cells that hold one text cell alone, reading like a note ('Source: ...', 'Note ...', '*')
    or running to four words or more (a lone code or name is a line missing its cells)."""
    found: list[int] = []
    for position in range(len(rows) - 1, -1, -1):
        cells = [v for v in rows[position][1] if not _blank(v)]
        if len(cells) != 1:
            break
        text = cells[0]
        if text.__class__ is not str or total_kind(text):
            break
        if not (_FOOTNOTE_START.match(text.strip()) or len(text.split()) >= 4):
            break
        found.append(position)
    return sorted(found)


def source_from(text: str) -> str | None:
    """'Source: Rivermouth MBC Corporate Finance, March 2010' -> the part after 'Source:'."""
    match = _SOURCE.match(text)
    return parse.text(match["text"]) if match else None


@dataclass
class Check:
    """A total or sub-total row's amounts as written, to set against the lines it covers."""
    position: int  # how many lines come before it
    row: int
    kind: str
    label: str
    cells: dict[str, object]  # money column -> its cell


def reconcile(checks: list[Check], column: str, header: str, amounts: list[object],
              thousands: bool) -> list[tuple[int, str, str, str]]:
    """(row, cell as written, message, advice) for each total or sub-total of `column` that
    does not equal the lines it covers: a sub-total covers the lines since the last
    sub-total or total, a total those since the last total. `amounts` are the lines' parsed
    amounts (a Decimal, or anything else for a cell that did not parse: a total over one
    is not checked, as that line is refused anyway)."""
    found: list[tuple[int, str, str, str]] = []
    since_sub = since_total = 0
    for check in sorted(checks, key=lambda c: (c.position, c.row)):
        start = since_sub if check.kind == SUBTOTAL else since_total
        covered = amounts[start:check.position]
        since_sub = check.position
        if check.kind == TOTAL:
            since_total = check.position
        cell = check.cells.get(column)
        if _blank(cell) or not all(isinstance(a, Decimal) for a in covered):
            continue
        try:
            stated = parse.money(cell, thousands)
        except parse.CellError:
            continue
        added = sum(covered, Decimal(0))
        if not covered and stated:
            found.append((check.row, str(cell).strip(), f"is a {check.kind} with no lines "
                          "above it to cover", f"Put each {check.kind} under the lines it adds "
                          "up, or delete it."))
        elif stated != added:
            lines = f"the {len(covered)} lines it covers add" if len(covered) != 1 else \
                "the line it covers comes"
            found.append((check.row, str(cell).strip(),
                          f"is a {check.kind} of {format_gbp_full(pence_from_decimal(stated))}"
                          f" but {lines} to "
                          f"{format_gbp_full(pence_from_decimal(added))}"
                          f" ({format_gbp_full(pence_from_decimal(abs(stated - added)))} "
                          "apart)", f"Check the {header} of the lines above it and the "
                          f"{check.kind} itself: a line may be missing, repeated or mistyped."))
    return found
