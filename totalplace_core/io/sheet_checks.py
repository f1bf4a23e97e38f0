"""Checks across a sheet's rows once each row is read: numbers in range and cells another
makes required (io.ranges), and rows that repeat another's key."""

from __future__ import annotations

import pandas as pd

from totalplace_core.io import parse, ranges
from totalplace_core.io.parsed import Parsed, Problem
from totalplace_core.io.spec import Sheet


def duplicates(sheet: Sheet, frame: pd.DataFrame, parsed: Parsed) -> pd.DataFrame:
    key = [k for k in sheet.key if k in frame.columns]
    repeated = frame[frame.duplicated(key, keep=False)]
    for _, group in repeated.groupby(key, dropna=False, sort=False):
        first = int(group["_row"].iloc[0])
        for row in group["_row"].iloc[1:]:
            parsed.problems.append(Problem(
                parse.DUPLICATE, sheet.name, "-", int(row), "", "",
                f"repeats row {first} (same {', '.join(sheet.column(k).header for k in key)})",
                "Delete one of the two rows, or make them differ (e.g. in the note)."))
    return frame


def in_range(sheet: Sheet, frame: pd.DataFrame, parsed: Parsed) -> pd.DataFrame:
    """The sheet's numbers out of range and cells another makes required (io.ranges), as
    problems; their rows are left out, as a row with a bad cell is."""
    found = ranges.found(sheet, frame)
    if not found:
        return frame
    headers = parsed.headers.get(sheet.name, {})
    rows = frame["_row"].tolist()
    for position, name, category, value, message, advice in found:
        letter, header = headers.get(name, ("-", sheet.column(name).header))
        parsed.problems.append(Problem(category, sheet.name, letter, int(rows[position]),
                                       header, value, message, advice))
    return frame.drop(index=frame.index[sorted({f[0] for f in found})]).reset_index(drop=True)
