"""A journey's stops as a programme lead types or pastes them into the page's table, checked
row by row: every problem is named by row (counting from the top of the table as shown) and
column, and nothing is saved while any row is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from totalplace_core.io import parse
from totalplace_core.io.spec import SHEET_BY_NAME
from totalplace_core.money import AmountError, parse_gbp, pence_from_decimal

# The editor's columns, as the page shows them, and the store's column behind each.
EDITOR_COLUMNS: dict[str, str] = {
    "Date": "touch_date", "Agency": "org_code", "Unit cost": "unit_cost_code",
    "Quantity": "quantity", "Staff hours": "staff_hours", "Distance (km)": "distance_km",
    "Repeat contacts": "repeat_contacts", "Feeling (-2 to +2)": "emotional_mark",
    "How it felt": "emotional_note", "Avoidable": "is_avoidable",
    "Cost override (£)": "cost_override_pence", "Why overridden": "override_reason",
    "Note": "note",
}
REQUIRED = ("Date", "Agency", "Unit cost", "Quantity")
# The template's own limits (io/spec.py's Touchpoints columns): a file and the page's table
# accept the same stops.
LIMITS = {label: SHEET_BY_NAME["Touchpoints"].column(EDITOR_COLUMNS[label]).high
          for label in ("Quantity", "Staff hours", "Distance (km)", "Repeat contacts")}
TEXT_LIMIT = 500


class StopProblems(ValueError):
    """Every problem in the table; nothing was saved."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the stops; nothing was saved.")
        self.problems = problems


@dataclass(frozen=True)
class Known:
    """What a stop may name: agencies (body codes) and unit-cost codes of the library."""

    agencies: frozenset[str]
    unit_costs: frozenset[str]


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) \
        or (isinstance(value, str) and not value.strip())


def _number(value: object, column: str, whole: bool) -> Decimal:
    number = Decimal(parse.integer(value) if whole else parse.decimal(value))
    if not number.is_finite():
        raise parse.CellError(parse.FORMAT, "is not a finite number")
    if number < 0:
        raise parse.CellError(parse.FORMAT, "is below zero")
    if column in LIMITS and number > LIMITS[column]:
        raise parse.CellError(parse.FORMAT, f"is more than {LIMITS[column]:,}")
    return number


def _code(column: str, known: Known) -> Any:
    """A body or unit-cost code as the store spells it, whatever case it was typed in."""
    allowed = {c.upper(): c for c in (known.agencies if column == "Agency"
                                      else known.unit_costs)}

    def read(value: object) -> str:
        code = parse.text(value)
        if code.upper() not in allowed:
            raise parse.CellError(parse.FORMAT, f"'{code}' is not a known "
                                  + ("body code" if column == "Agency" else "unit-cost code"))
        return allowed[code.upper()]
    return read


def _mark(value: object) -> int:
    mark = parse.integer(value)
    if not -2 <= mark <= 2:
        raise parse.CellError(parse.FORMAT, "is not between -2 and +2")
    return mark


def _override(value: object) -> int:
    try:
        pounds = parse_gbp(value)
    except AmountError as exc:
        raise parse.CellError(parse.FORMAT, exc.message) from exc
    if pounds < 0:
        raise parse.CellError(parse.FORMAT, "is below zero")
    return pence_from_decimal(pounds)


def _text(value: object) -> str:
    text = parse.text(value)
    if len(text) > TEXT_LIMIT:
        raise parse.CellError(parse.FORMAT, f"is longer than {TEXT_LIMIT} characters")
    return text


def _cell(column: str, value: object, known: Known) -> Any:
    """One cell's value for the store, or a parse.CellError saying what is wrong."""
    readers = {
        "Date": parse.day, "Agency": _code("Agency", known),
        "Unit cost": _code("Unit cost", known),
        "Quantity": lambda v: float(_number(v, "Quantity", whole=False)),
        "Staff hours": lambda v: float(_number(v, "Staff hours", whole=False)),
        "Distance (km)": lambda v: float(_number(v, "Distance (km)", whole=False)),
        "Repeat contacts": lambda v: int(_number(v, "Repeat contacts", whole=True)),
        "Feeling (-2 to +2)": _mark,
        "Avoidable": lambda v: v if isinstance(v, bool) else parse.boolean(v),
        "Cost override (£)": _override}
    return readers.get(column, _text)(value)


def checked_stops(table: pd.DataFrame, known: Known) -> pd.DataFrame:
    """The edited table as touchpoint rows, or StopProblems naming every bad cell."""
    problems: list[str] = []
    rows: list[dict[str, Any]] = []
    for number, (_, row) in enumerate(table.iterrows(), start=1):
        if all(_blank(row.get(c)) for c in EDITOR_COLUMNS):
            continue  # the editor's empty last row
        out: dict[str, Any] = {"is_avoidable": False}
        for column, field in EDITOR_COLUMNS.items():
            value = row.get(column)
            if _blank(value):
                if column in REQUIRED:
                    problems.append(f"Row {number}, {column}: is empty.")
                continue
            try:
                out[field] = _cell(column, value, known)
            except parse.CellError as exc:
                problems.append(f"Row {number}, {column}: {exc.message} ({value!s:.40}).")
        if out.get("cost_override_pence") is not None and not out.get("override_reason"):
            problems.append(f"Row {number}, Why overridden: say why the library's cost does "
                            "not fit this stop.")
        rows.append(out)
    if problems:
        raise StopProblems(problems)
    return pd.DataFrame(rows, columns=[*EDITOR_COLUMNS.values()])


def editor_table(stops: pd.DataFrame) -> pd.DataFrame:
    """A scenario's costed stops as the editor shows them (codes, not names)."""
    out = pd.DataFrame({label: stops[field] for label, field in EDITOR_COLUMNS.items()
                        if field != "cost_override_pence"})
    out.insert(10, "Cost override (£)", [None if pd.isna(p) else float(p) / 100
                                         for p in stops["cost_override_pence"]])
    out["Date"] = pd.to_datetime(out["Date"]).dt.date
    return out
