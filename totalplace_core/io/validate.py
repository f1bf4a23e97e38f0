"""Checking every row of every sheet in one pass, and saying exactly where each problem is:
sheet, column letter, row, the header as the user wrote it, and the value found."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
from openpyxl.utils import get_column_letter

from totalplace_core.io import parse
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


def _is_total(values: tuple[object, ...]) -> bool:
    return any(isinstance(v, str) and v.strip().lower().startswith(("total", "grand total"))
               for v in values)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


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
        records = [r for r in (self.record(n, v) for n, v in self.data_rows()) if r]
        return pd.DataFrame(records, columns=self.output_columns())

    def data_rows(self) -> Iterable[tuple[int, tuple[object, ...]]]:
        for row_no, values in self.raw.rows:
            if row_no <= self.layout.header_row:
                continue
            if _is_total(values):
                self.parsed.notices.append(
                    f"{self.sheet.name} row {row_no} looks like a totals row and was skipped.")
                continue
            yield row_no, values

    def output_columns(self) -> list[str]:
        cols = ["_row"]
        for c in self.sheet.columns:
            cols += [c.name, f"{c.name}_text"] if c.kind == "money" else [c.name]
        return cols

    def record(self, row_no: int, values: tuple[object, ...]) -> dict | None:
        record: dict[str, object] = {"_row": row_no}
        before = len(self.parsed.problems)
        for column in self.sheet.columns:
            index = self.layout.columns.get(column.name, (None,))[0]
            value = values[index] if index is not None and index < len(values) else None
            record[column.name] = self.cell(column, row_no, value)
            if column.kind == "money":
                record[f"{column.name}_text"] = None if _blank(value) else str(value).strip()
        return record if len(self.parsed.problems) == before else None

    def cell(self, column: Column, row_no: int, value: object) -> object:
        if _blank(value):
            if column.required and column.name in self.layout.columns:
                self.problem(parse.MISSING, column.name, row_no, value, "is empty",
                             f"Fill in {column.header.lower()}: {column.description}")
            return None
        try:
            return parse.cell(column.kind, value, column.choices,
                              column.name in self.layout.thousands)
        except parse.CellError as err:
            self.problem(err.category, column.name, row_no, value, err.message, err.advice)
            return None


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
            parsed.frames[sheet.name] = _duplicates(sheet, frame, parsed)
    if not parsed.frames and not parsed.problems:
        names = ", ".join(s.name for s in SHEETS)
        parsed.problems.append(Problem(
            parse.MISSING, ", ".join(r.name for r in book.sheets), "-", 1, "", "",
            "is not a sheet of the template", f"Name each sheet as the template does: {names}."))
    return parsed
