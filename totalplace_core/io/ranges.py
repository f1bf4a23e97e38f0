"""Checks of a cell beyond its kind, over a sheet once read: a number's range (its column's
own, within what its store type holds: io/spec.py Column.bounds), a text's length, and a cell
another cell of its row makes required (a cost override wants its reason). Each is found
before the store is asked: DuckDB adds no CHECK with ADD COLUMN, and a CHECK it does make
would refuse the whole file with an error no one can act on."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from totalplace_core.io import parse
from totalplace_core.io.spec import Column, Sheet

# (frame position, column name, category, value as typed or read, message, advice)
Found = tuple[int, str, str, str, str, str]
NUMBERS = ("money", "integer", "decimal")
SHOWN_CHARS = 40  # of a text too long to keep, in the problem list


def _limit(column: Column, number: Decimal) -> str:
    sign = "-" if number < 0 else ""
    return f"{sign}£{abs(number):,}" if column.kind == "money" else f"{number:,}"


def _span(column: Column, low: Decimal, high: Decimal) -> str:
    if column.above_low:
        return f"Give a number more than {_limit(column, low)}, up to {_limit(column, high)}."
    return f"Give a number from {_limit(column, low)} to {_limit(column, high)}."


def _empty(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or value == ""


def _shown(frame: pd.DataFrame, column: Column, i: int, value: object) -> str:
    """A cell as the user wrote it where the frame keeps that (money), else as read (a
    column of whole numbers with a gap is held as floats: 5.0 is shown as 5)."""
    if column.kind == "money":
        value = frame[f"{column.name}_text"].iloc[i]
    return "" if _empty(value) else str(int(value)) if isinstance(value, float) and \
        value.is_integer() else str(value)


def _below(column: Column, low: Decimal) -> str:
    if column.above_low:
        return "is zero or below" if low == 0 else f"is {_limit(column, low)} or below"
    return "is below zero" if low == 0 else f"is below {_limit(column, low)}"


def _outside(frame: pd.DataFrame, column: Column) -> list[Found]:
    low, high = column.bounds()
    values = frame[column.name].tolist()
    # Bounds as ints (or floats) for cells that are not Decimals: an int or a float compares
    # slowly with a Decimal. NaN (a gap in a column of floats) is not v == v; None is empty.
    whole = low == int(low) and high == int(high)
    fast = (int(low), int(high)) if whole else (float(low), float(high))
    outside = [i for i, v in enumerate(values) if v is not None and v == v and not (
        (low <= v <= high) if v.__class__ is Decimal else (fast[0] <= v <= fast[1]))]
    if column.above_low:
        outside = sorted({*outside, *(i for i, v in enumerate(values) if v == low)})
    found = []
    for i in outside:
        value = values[i]
        message = _below(column, low) if value <= low else \
            f"is more than {_limit(column, high)}"
        found.append((i, column.name, parse.FORMAT, _shown(frame, column, i, value), message,
                      _span(column, low, high)))
    return found


def _too_long(frame: pd.DataFrame, column: Column) -> list[Found]:
    most = column.max_chars
    return [(i, column.name, parse.FORMAT, value[:SHOWN_CHARS] + "…",
             f"is {len(value):,} characters long, more than {most:,}",
             f"Shorten it: a spreadsheet cell holds at most {most:,} characters.")
            for i, value in enumerate(frame[column.name].tolist())
            if value.__class__ is str and len(value) > most]


def _nul(frame: pd.DataFrame, column: Column) -> list[Found]:
    """A NUL character (a CSV written by a broken export): invisible, and the shared
    PostgreSQL store cannot hold one in text, so it is refused here for either store."""
    return [(i, column.name, parse.FORMAT, value.replace("\x00", "")[:SHOWN_CHARS],
             "holds an invisible NUL character (code 0), which the database cannot store",
             "Retype the cell, or export the file again from its program.")
            for i, value in enumerate(frame[column.name].tolist())
            if value.__class__ is str and "\x00" in value]


def _needed(frame: pd.DataFrame, sheet: Sheet, column: Column) -> list[Found]:
    given = sheet.column(column.needs)
    return [(i, column.name, parse.MISSING, "", f"is empty but {given.header} is given",
             f"Fill in {column.header.lower()}: {column.description}")
            for i, (value, other) in enumerate(zip(frame[column.name].tolist(),
                                                   frame[column.needs].tolist(), strict=True))
            if _empty(value) and not _empty(other)]


def found(sheet: Sheet, frame: pd.DataFrame) -> list[Found]:
    """Every such problem of a sheet's readable rows, row by row, left to right."""
    out: list[Found] = []
    for column in sheet.columns:
        if column.kind in NUMBERS:
            out += _outside(frame, column)
        elif column.kind == "text":
            out += _nul(frame, column)
            if column.max_chars is not None:
                out += _too_long(frame, column)
        if column.needs:
            out += _needed(frame, sheet, column)
    order = {c.name: p for p, c in enumerate(sheet.columns)}
    return sorted(out, key=lambda f: (f[0], order[f[1]]))
