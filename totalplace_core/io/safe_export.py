"""Safe exports: no cell a spreadsheet would run as a formula, and text shown as typed.

A CSV has no types, so text a spreadsheet would run (=, +, -, @ first) gets an apostrophe,
which the importer takes off again (io.parse.text). An xlsx cell has a type: such text is
written as a string cell with Excel's quote prefix (the apostrophe Excel keeps out of
sight), so '- more youth workers' shows exactly so, and is not run even after an edit."""

from __future__ import annotations

import re

import pandas as pd
from openpyxl.cell.cell import Cell

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def neutralise(value: object) -> object:
    """Prefix text that a spreadsheet would evaluate with an apostrophe; numbers pass."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def as_typed(cell: Cell) -> None:
    """An xlsx cell holding text a spreadsheet would run: a string cell, quote-prefixed."""
    if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so Excel opens £ signs correctly."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")
