"""Checks of a cell beyond its kind, over a sheet once read: a number's range, and a cell
another cell of its row makes required (a cost override wants its reason). Each is found
before the store is asked: DuckDB adds no CHECK with ADD COLUMN, and a CHECK it does make
would refuse the whole file with an error no one can act on."""

from __future__ import annotations

import pandas as pd

from totalplace_core.io import parse
from totalplace_core.io.spec import Column, Sheet

# (frame position, column name, category, value as typed or read, message, advice)
Found = tuple[int, str, str, str, str, str]


def _limit(column: Column, number: int) -> str:
    return f"£{number:,}" if column.kind == "money" else f"{number:,}"


def _span(column: Column) -> str:
    low, high = column.low, column.high
    if low is not None and high is not None:
        return f"Give a number from {_limit(column, low)} to {_limit(column, high)}."
    return f"Give {_limit(column, low)} or more." if low is not None else \
        f"Give {_limit(column, high)} or less."


def _empty(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or value == ""


def _shown(frame: pd.DataFrame, column: Column, values: list[object]) -> list[str]:
    """A cell as the user wrote it where the frame keeps that (money), else as read (a
    column of whole numbers with a gap is held as floats: 5.0 is shown as 5)."""
    typed = frame[f"{column.name}_text"].tolist() if column.kind == "money" else values
    return ["" if _empty(v) else str(int(v)) if isinstance(v, float) and v.is_integer()
            else str(v) for v in typed]


def _outside(frame: pd.DataFrame, column: Column) -> list[Found]:
    low, high = column.low, column.high
    values = frame[column.name].tolist()
    found = []
    for i, value in enumerate(values):
        if _empty(value):
            continue
        if low is not None and value < low:
            message = "is below zero" if low == 0 else f"is below {_limit(column, low)}"
        elif high is not None and value > high:
            message = f"is more than {_limit(column, high)}"
        else:
            continue
        found.append((i, column.name, parse.FORMAT, _shown(frame, column, values)[i],
                      message, _span(column)))
    return found


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
        if column.low is not None or column.high is not None:
            out += _outside(frame, column)
        if column.needs:
            out += _needed(frame, sheet, column)
    order = {c.name: p for p, c in enumerate(sheet.columns)}
    return sorted(out, key=lambda f: (f[0], order[f[1]]))
