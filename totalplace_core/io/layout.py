"""Where a sheet's table is: its header (one row, or a band of merged cells above the column
names), which column is which (the template's headers and the words officers use for them,
io/header_words.csv), and whether its amounts are in £000."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from totalplace_core.io.read import RawSheet
from totalplace_core.io.spec import Column, Sheet

THOUSANDS = re.compile(r"£\s*'?000s?|£\s*k\b|\(\s*000s?\s*\)|in thousands|thousands of pounds",
                       re.I)
HEADER_SEARCH_ROWS = 15
# A header can run over this many rows: a band ('Expenditure 2009-10') above the names.
HEADER_DEPTH = 3


def norm(text: object) -> str:
    """A header as compared: letters and digits only, lower case, '£000' taken out."""
    return re.sub(r"[^a-z0-9]+", "", THOUSANDS.sub("", str(text or "")).lower())


def names(column: Column) -> tuple[str, ...]:
    """The column's header as compared first, then every other way of heading it."""
    plain = column.name.removesuffix("_gbp")
    others = [norm(n) for n in (column.name, plain, *column.aliases)]
    return (norm(column.header), *[n for n in others if n != norm(column.header)])


@dataclass
class Layout:
    header_row: int  # the last row of the header: data starts below it
    columns: dict[str, tuple[int, str]]  # column name -> (index, header as written)
    thousands: set[str]
    first_header_row: int = 0
    # a column named by two header cells: (column name, (index, header) of each)
    clashes: list[tuple[str, list[tuple[int, str]]]] = field(default_factory=list)


def filled_header_rows(raw: RawSheet) -> list[tuple[int, list[object]]]:
    """The top rows, with a merged cell's value in every cell it spans (Excel keeps it in
    the first only): a header merged down two rows names the column in both."""
    top = [(n, list(values)) for n, values in raw.rows[:HEADER_SEARCH_ROWS]]
    if not top or not raw.merges:
        return top
    by_number = {n: values for n, values in top}
    last = top[-1][0]
    for r1, c1, r2, c2 in raw.merges:
        if r1 > last or r1 not in by_number:
            continue
        first = by_number[r1]
        value = first[c1 - 1] if c1 - 1 < len(first) else None
        if value is None:
            continue
        for r in range(r1, min(r2, last) + 1):
            row = by_number.get(r)
            if row is None:  # a row of only merged-away cells was not kept: add it back
                row = by_number[r] = []
                top.append((r, row))
            row.extend([None] * (c2 - len(row)))
            for c in range(c1 - 1, c2):
                if row[c] is None:
                    row[c] = value
    return sorted(top, key=lambda item: item[0])


def _matches(values: list[object], wanted: dict[str, tuple[str, ...]]) -> dict[str, list[tuple]]:
    found: dict[str, list[tuple[int, str]]] = {}
    for index, value in enumerate(values):
        key = norm(value)
        # A column's own header first, then the words officers use: 'Organisation name' is
        # the name column's header, though 'organisation' alone heads the code column.
        name = next((n for n, alts in wanted.items() if key and key == alts[0]), None) or \
            next((n for n, alts in wanted.items() if key and key in alts), None)
        if name:
            found.setdefault(name, []).append((index, str(value).strip()))
    return found


def _block(rows: list[tuple[int, list[object]]], wanted: dict[str, tuple[str, ...]]
           ) -> dict[str, list[tuple[int, str]]]:
    """The columns a block of header rows names: for each position, the lowest row whose
    cell names a column (the name under a band, not the band)."""
    width = max((len(v) for _, v in rows), default=0)
    found: dict[str, list[tuple[int, str]]] = {}
    for index in range(width):
        for _, values in reversed(rows):
            cell = _matches([values[index] if index < len(values) else None], wanted)
            if cell:
                name, [(_, header)] = next(iter(cell.items()))
                found.setdefault(name, []).append((index, header))
                break
    return found


def find_layout(sheet: Sheet, raw: RawSheet) -> Layout | None:
    """The header: the first of the top rows naming at least two template columns, joined
    by the rows just below it while they name more (a two-row header)."""
    wanted = {c.name: names(c) for c in sheet.columns}
    top = filled_header_rows(raw)
    least = min(2, len(sheet.columns))
    for position, (row_no, values) in enumerate(top):
        if len(_matches(values, wanted)) < least:
            continue
        best, end = _matches(values, wanted), position
        # A header cell merged down from this row says the header runs to the merge's end.
        merged_to = max((r2 for r1, _, r2, _ in raw.merges if r1 == row_no and r2 > r1),
                        default=row_no)
        for depth in range(1, HEADER_DEPTH):
            if position + depth >= len(top):
                break
            joined = _block(top[position:position + depth + 1], wanted)
            within = top[position + depth][0] <= merged_to
            if len(joined) > len(best) or (within and len(joined) >= len(best)):
                best, end = joined, position + depth
        header_row = top[end][0]
        columns = {name: places[0] for name, places in best.items()}
        clashes = [(name, places) for name, places in best.items() if len(places) > 1]
        titles = " ".join(str(v) for _, vals in top[:end] for v in vals if v)
        money = {c.name for c in sheet.columns if c.kind == "money" and c.name in columns}
        thousands = money if THOUSANDS.search(titles) else {
            n for n in money if THOUSANDS.search(columns[n][1])}
        return Layout(header_row, columns, thousands, row_no, clashes)
    return None
