"""Checking every row of every sheet in one pass, and saying exactly where each problem is:
sheet, column letter, row, the header as the user wrote it, and the value found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import zip_longest

import pandas as pd
from openpyxl.utils import get_column_letter

from totalplace_core.io import locations, parse, ranges
from totalplace_core.io.read import RawBook, RawSheet
from totalplace_core.io.spec import SHEETS, Column, Sheet

_THOUSANDS = re.compile(r"£\s*'?000s?|£\s*k\b|\(\s*000s?\s*\)|in thousands|thousands of pounds",
                        re.I)
HEADER_SEARCH_ROWS = 15


@dataclass(frozen=True)
class Problem:
    category: str
    sheet: str
    column: str
    row: int
    header: str
    value: str
    message: str
    advice: str = ""


@dataclass
class Parsed:
    file_name: str
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)  # by sheet name
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # sheet -> column name -> (letter, header as written), for problems found later
    headers: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.frames)

    def rows(self) -> int:
        return sum(len(f) for f in self.frames.values())


def _norm(text: object) -> str:
    return re.sub(r"[^a-z0-9]+", "", _THOUSANDS.sub("", str(text or "")).lower())


def _names(column: Column) -> set[str]:
    plain = column.name.removesuffix("_gbp")
    return {_norm(n) for n in (column.name, plain, column.header, *column.aliases)}


def _match_sheet(name: str, sheets: tuple[Sheet, ...]) -> Sheet | None:
    return next((s for s in sheets if _norm(s.name) == _norm(name)), None)


@dataclass
class _Layout:
    header_row: int
    columns: dict[str, tuple[int, str]]  # column name -> (index, header as written)
    thousands: set[str]


def _layout(sheet: Sheet, raw: RawSheet) -> _Layout | None:
    """The header row: the first of the top rows naming at least two template columns."""
    wanted = {c.name: _names(c) for c in sheet.columns}
    for position, (row_no, values) in enumerate(raw.rows[:HEADER_SEARCH_ROWS]):
        found: dict[str, tuple[int, str]] = {}
        for index, value in enumerate(values):
            key = _norm(value)
            name = next((n for n, alts in wanted.items() if key and key in alts), None)
            if name and name not in found:
                found[name] = (index, str(value).strip())
        if len(found) >= min(2, len(sheet.columns)):
            titles = " ".join(str(v) for _, vals in raw.rows[:position] for v in vals if v)
            money = {c.name for c in sheet.columns if c.kind == "money" and c.name in found}
            thousands = money if _THOUSANDS.search(titles) else {
                n for n in money if _THOUSANDS.search(found[n][1])}
            return _Layout(row_no, found, thousands)
    return None


_TOTAL_STARTS = ("total", "grand total")
# What a text reading 'Total ...' or 'Grand total ...' once stripped can start with: t or g
# in either case (no other character lowers to them) or whitespace (all of it is below
# U+3001). tests/test_import_speed_parity.py checks both against the whole of Unicode.
TOTAL_FIRST = frozenset("tTgG") | {chr(i) for i in range(0x3001) if chr(i).isspace()}


def _is_total(value: object) -> bool:
    return (isinstance(value, str) and value[:1] in TOTAL_FIRST
            and value.strip().lower().startswith(_TOTAL_STARTS))


def _total_rows(columns: list[tuple[object, ...]]) -> list[int]:
    """Positions of rows with a text cell reading 'Total ...' or 'Grand total ...', in any
    column (the template's or not). Each distinct value of a column is tested once; the
    cells holding one that is a total are then found (text equals only text)."""
    found: set[int] = set()
    for values in columns:
        try:
            totals = {v for v in set(values) if _is_total(v)}
        except TypeError:  # an unhashable value (not from a file): test every cell
            found.update(i for i, v in enumerate(values) if _is_total(v))
            continue
        if totals:
            found.update(i for i, v in enumerate(values) if v in totals)
    return sorted(found)


def _money_text(values: tuple[object, ...]) -> list[str | None]:
    """A money cell as typed, kept beside its amount; None when the cell is empty."""
    return [None if v is None else (v.strip() or None) if isinstance(v, str)
            else str(v).strip() for v in values]


def frame_columns(sheet: Sheet) -> list[str]:
    """A checked sheet's frame: its row numbers, each column, and a money cell as typed."""
    cols = ["_row"]
    for c in sheet.columns:
        cols += [c.name, f"{c.name}_text"] if c.kind == "money" else [c.name]
    return cols


class _SheetReader:
    def __init__(self, sheet: Sheet, raw: RawSheet, parsed: Parsed) -> None:
        self.sheet, self.raw, self.parsed = sheet, raw, parsed

    def problem(self, category: str, name: str, row: int, value: object, message: str,
                advice: str = "") -> None:
        index, header = self.layout.columns.get(name, (None, self.sheet.column(name).header))
        letter = get_column_letter(index + 1) if index is not None else "-"
        self.parsed.problems.append(Problem(category, self.sheet.name, letter, row, header,
                                            "" if value is None else str(value), message,
                                            advice))

    def read(self) -> pd.DataFrame | None:
        layout = _layout(self.sheet, self.raw)
        if layout is None:
            self.parsed.problems.append(Problem(
                parse.MISSING, self.sheet.name, "-", self.raw.rows[0][0] if self.raw.rows else 1,
                "", "", "has no header row the app recognises",
                "Keep the template's header row (its column names) above the data."))
            return None
        self.layout = layout
        self.parsed.headers[self.sheet.name] = {
            name: (get_column_letter(i + 1), header)
            for name, (i, header) in layout.columns.items()}
        for column in self.sheet.columns:
            if column.required and column.name not in layout.columns:
                self.problem(parse.MISSING, column.name, layout.header_row, None,
                             f"column '{column.header}' is missing",
                             "Add the column back, with the template's header.")
        if layout.thousands:
            self.parsed.notices.append(f"{self.sheet.name}: amounts are in £000 and were "
                                       "multiplied by 1,000.")
        if self.sheet.table == "asset":
            header = next(values for n, values in self.raw.rows if n == layout.header_row)
            self.parsed.notices += locations.unread_columns(self.sheet.name, header)
        row_nos, columns = self.data_rows()
        return self.frame(row_nos, columns)

    def data_rows(self) -> tuple[list[int], list[tuple[object, ...]]]:
        """The rows below the header, totals rows skipped (and said), as columns: a sheet is
        checked a column at a time, so each column's parser is chosen once."""
        rows = [(n, v) for n, v in self.raw.rows if n > self.layout.header_row]
        columns = list(zip_longest(*(v for _, v in rows)))  # short rows padded with None
        totals = _total_rows(columns)
        for position in totals:
            self.parsed.notices.append(f"{self.sheet.name} row {rows[position][0]} looks like "
                                       "a totals row and was skipped.")
        if totals:
            skipped = set(totals)
            rows = [r for i, r in enumerate(rows) if i not in skipped]
            columns = list(zip_longest(*(v for _, v in rows)))
        return [n for n, _ in rows], columns

    def output_columns(self) -> list[str]:
        return frame_columns(self.sheet)

    def frame(self, row_nos: list[int], columns: list[tuple[object, ...]]) -> pd.DataFrame:
        """Every cell parsed; a row with any problem is left out of the frame. Problems are
        reported row by row, left to right, as a reader scans the sheet."""
        found: list[tuple[int, int, tuple]] = []  # (row position, column position, problem)
        data: dict[str, list[object]] = {"_row": row_nos}
        blank_column = (None,) * len(row_nos)
        blank, error = parse.BLANK, parse.CellError  # looked up once, not per cell
        for position, column in enumerate(self.sheet.columns):
            index = self.layout.columns.get(column.name, (None,))[0]
            raw = columns[index] if index is not None and index < len(columns) else blank_column
            values = parse.column(column.kind, raw, column.choices,
                                  column.name in self.layout.thousands)
            must_fill = column.required and column.name in self.layout.columns
            for i in [i for i, v in enumerate(values) if v is blank or v.__class__ is error]:
                result, values[i] = values[i], None
                if result is not blank:
                    found.append((i, position, (result.category, column.name, row_nos[i],
                                                raw[i], result.message, result.advice)))
                elif must_fill:
                    found.append((i, position, (
                        parse.MISSING, column.name, row_nos[i], raw[i], "is empty",
                        f"Fill in {column.header.lower()}: {column.description}")))
            data[column.name] = values
            if column.kind == "money":
                data[f"{column.name}_text"] = _money_text(raw)
        if self.sheet.table == "asset":  # a location is a pair, from one of two pairs
            order = {c.name: p for p, c in enumerate(self.sheet.columns)}
            found += [(i, order[name], args) for i, name, args in
                      locations.locate_rows(data, row_nos, {i for i, _, _ in found})]
        found.sort(key=lambda f: f[:2])
        for _, _, args in found:
            self.problem(*args)
        if found:
            bad = {i for i, _, _ in found}
            keep = [i for i in range(len(row_nos)) if i not in bad]
            data = {name: [values[i] for i in keep] for name, values in data.items()}
        if not data["_row"]:  # as from no records: every column object, not float
            return pd.DataFrame([], columns=self.output_columns())
        return pd.DataFrame(data, columns=self.output_columns())


def _duplicates(sheet: Sheet, frame: pd.DataFrame, parsed: Parsed) -> pd.DataFrame:
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


def _in_range(sheet: Sheet, frame: pd.DataFrame, parsed: Parsed) -> pd.DataFrame:
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


def parse_book(book: RawBook, sheets: tuple[Sheet, ...] = SHEETS) -> Parsed:
    """Every sheet the template knows, read and checked; sheets it does not know are named.
    The demo passes its extra sheets (io.seed_spec) to be read by the same rules."""
    parsed = Parsed(book.file_name, notices=list(book.notices))
    for raw in book.sheets:
        sheet = _match_sheet(raw.name, sheets)
        if sheet is None:
            if raw.rows and _norm(raw.name) not in {"instructions", "cofog", "lists"}:
                parsed.notices.append(f"Sheet '{raw.name}' was not read: the template has no "
                                      "sheet of that name.")
            continue
        frame = _SheetReader(sheet, raw, parsed).read()
        if frame is not None:
            frame = _in_range(sheet, frame, parsed)
            parsed.frames[sheet.name] = _duplicates(sheet, frame, parsed)
    if not parsed.frames and not parsed.problems:
        names = ", ".join(s.name for s in SHEETS)
        parsed.problems.append(Problem(
            parse.MISSING, ", ".join(r.name for r in book.sheets), "-", 1, "", "",
            "is not a sheet of the template", f"Name each sheet as the template does: {names}."))
    return parsed
