"""Checks across a sheet's rows once each row is read: numbers in range and cells another
makes required (io.ranges), and rows that repeat another's key."""

from __future__ import annotations

import pandas as pd

from totalplace_core.io import parse, ranges
from totalplace_core.io.parsed import Parsed, Problem
from totalplace_core.io.spec import Sheet


def duplicates(sheet: Sheet, frame: pd.DataFrame, parsed: Parsed,
               changed: set[int] | None = None) -> pd.DataFrame:
    """Rows that repeat another's key, each said once. With `changed` (rows whose codes were
    read from names), only the repeats that change made: 'HMBC' and 'Harrowdale MBC' on two
    otherwise equal rows are one line written twice."""
    key = [k for k in sheet.key if k in frame.columns]
    repeated = frame[frame.duplicated(key, keep=False)]
    said = {p.row for p in parsed.problems
            if p.sheet == sheet.name and p.category == parse.DUPLICATE}
    for _, group in repeated.groupby(key, dropna=False, sort=False):
        rows = [int(r) for r in group["_row"]]
        if changed is not None and not changed.intersection(rows):
            continue
        first = rows[0]
        for row in [r for r in rows[1:] if r not in said and r != first]:
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
