"""Checking every row of every sheet in one pass, and saying exactly where each problem is:
sheet, column letter, row, the header as the user wrote it, and the value found."""

from __future__ import annotations

from itertools import zip_longest

import pandas as pd
from openpyxl.utils import get_column_letter

from totalplace_core.io import cipfa, locations, parse, row_kinds
from totalplace_core.io.layout import Layout, find_layout, norm
from totalplace_core.io.parsed import Parsed, Problem
from totalplace_core.io.read import RawBook, RawSheet
from totalplace_core.io.row_kinds import TOTAL_FIRST, Skipped
from totalplace_core.io.sheet_checks import duplicates, in_range
from totalplace_core.io.spec import SHEETS, Column, Sheet

__all__ = ["TOTAL_FIRST", "Parsed", "Problem", "frame_columns", "parse_book"]
# The columns whose being empty, but for a totals label, says a row is not a line.
LINE_COLUMNS = ("year", "org_code")


def _match_sheet(name: str, sheets: tuple[Sheet, ...]) -> Sheet | None:
    return next((s for s in sheets if norm(s.name) == norm(name)), None)


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
        self.checks: list[row_kinds.Check] = []

    def problem(self, category: str, name: str, row: int, value: object, message: str,
                advice: str = "") -> None:
        index, header = self.layout.columns.get(name, (None, self.sheet.column(name).header))
        letter = get_column_letter(index + 1) if index is not None else "-"
        self.parsed.problems.append(Problem(category, self.sheet.name, letter, row, header,
                                            "" if value is None else str(value), message,
                                            advice))

    def read(self) -> pd.DataFrame | None:
        layout = find_layout(self.sheet, self.raw)
        if layout is None:
            self.parsed.problems.append(Problem(
                parse.MISSING, self.sheet.name, "-", self.raw.rows[0][0] if self.raw.rows else 1,
                "", "", "has no header row the app recognises",
                "Keep the template's header row (its column names) above the data."))
            return None
        self.layout = layout
        self._clashes(layout)
        row_nos, rows = self.data_rows()
        self._cofog_from_theme()
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
        columns = list(zip_longest(*rows))  # short rows padded with None
        frame = self.frame(row_nos, columns)
        if self.sheet.table == "spend_line" and len(frame):
            frame, done = cipfa.expand(frame, self.sheet.name)
            self.parsed.conversions += done
        return frame

    def _clashes(self, layout: Layout) -> None:
        for name, places in layout.clashes:
            (first, one), (second, two) = places[:2]
            self.parsed.problems.append(Problem(
                parse.INCONSISTENT, self.sheet.name, get_column_letter(second + 1),
                layout.header_row, two, two, f"and '{one}' (column "
                f"{get_column_letter(first + 1)}) both name the column "
                f"{self.sheet.column(name).header}",
                "Rename or delete one of the two, so each column is read once."))

    def _cofog_from_theme(self) -> None:
        """A return with its CIPFA service lines in a 'Service' column and no COFOG column:
        the function is read from the service line (each converted, or refused by cell)."""
        columns = self.layout.columns
        if self.sheet.table == "spend_line" and "cofog_code" not in columns \
                and "theme" in columns:
            columns["cofog_code"] = columns["theme"]
            self.parsed.notices.append(
                f"{self.sheet.name}: there is no COFOG column, so each line's COFOG group was "
                f"worked out from its CIPFA service line (column "
                f"{get_column_letter(columns['theme'][0] + 1)}, '{columns['theme'][1]}').")

    def data_rows(self) -> tuple[list[int], list[tuple[object, ...]]]:
        """The rows below the header that are lines: footnotes under the table and totals
        rows are set aside (listed, and the totals kept to check against their lines)."""
        rows = [(n, v) for n, v in self.raw.rows if n > self.layout.header_row]
        self.parsed.read_rows[self.sheet.name] = [n for n, _ in rows]
        name = self.sheet.name
        notes = set(row_kinds.footnote_rows(rows))
        sources = [s for p in sorted(notes) if (s := row_kinds.source_from(
            next(str(v) for v in rows[p][1] if v is not None and str(v).strip())))]
        line_columns = [self.layout.columns[c][0] for c in LINE_COLUMNS
                        if c in self.layout.columns]
        money = [c.name for c in self.sheet.columns
                 if c.kind == "money" and c.name in self.layout.columns]
        kept: list[tuple[int, tuple[object, ...]]] = []
        labelled = row_kinds.labelled_rows(rows)
        for position, (row_no, values) in enumerate(rows):
            if position in notes:
                text = next(str(v).strip() for v in values if v is not None and str(v).strip())
                self.parsed.skipped.append(Skipped(name, row_no, row_kinds.FOOTNOTE, text,
                                                   "a note under the table"))
                continue
            total = row_kinds.is_total_row(values, line_columns) \
                if position in labelled else None
            if total is None:
                kept.append((row_no, values))
                continue
            kind, label = total
            cells = {c: values[self.layout.columns[c][0]] if self.layout.columns[c][0]
                     < len(values) else None for c in money}
            self.checks.append(row_kinds.Check(len(kept), row_no, kind, label, cells))
            self.parsed.skipped.append(Skipped(
                name, row_no, kind, label, f"a {kind} row: checked against the lines it "
                "covers, not imported"))
        if sources and "source" in {c.name for c in self.sheet.columns}:
            kept = self._source_from_footnote(kept, sources[0])
        return [n for n, _ in kept], [v for _, v in kept]

    def _source_from_footnote(self, kept: list, source: str) -> list:
        """Lines with no source take the footnote's 'Source: ...' (said, by row)."""
        columns = self.layout.columns
        if "source" not in columns:
            width = max([len(v) for _, v in kept] + [len(self.raw.rows[0][1])])
            columns["source"] = (width, "Source (from the footnote)")
        index = columns["source"][0]
        filled = []
        out = []
        for row_no, values in kept:
            cell = values[index] if index < len(values) else None
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                values = (*values, *([None] * (index + 1 - len(values))))
                values = (*values[:index], source, *values[index + 1:])
                filled.append(row_no)
            out.append((row_no, values))
        if filled:
            self.parsed.notices.append(
                f"{self.sheet.name}: {len(filled)} line{'s' if len(filled) != 1 else ''} "
                f"had no source and took the footnote's: '{source}' (rows "
                f"{_row_list(filled)}).")
        return out

    def _reconcile(self, name: str, amounts: list[object], thousands: bool) -> None:
        """Each total and sub-total against the lines it covers: a mismatch is a problem at
        the total's cell, so nothing is imported until the return adds up."""
        header = self.layout.columns.get(name, (None, name))[1]
        for row, cell, message, advice in row_kinds.reconcile(self.checks, name, header,
                                                              amounts, thousands):
            self.problem(parse.INCONSISTENT, name, row, cell, message, advice)

    def output_columns(self) -> list[str]:
        return frame_columns(self.sheet)

    def frame(self, row_nos: list[int], columns: list[tuple[object, ...]]) -> pd.DataFrame:
        """Every cell parsed; a row with any problem is left out of the frame. Problems are
        reported row by row, left to right, as a reader scans the sheet."""
        found: list[tuple[int, int, tuple]] = []  # (row position, column position, problem)
        data: dict[str, list[object]] = {"_row": row_nos}
        blank_column = (None,) * len(row_nos)
        for position, column in enumerate(self.sheet.columns):
            index = self.layout.columns.get(column.name, (None,))[0]
            raw = columns[index] if index is not None and index < len(columns) else blank_column
            data[column.name] = self._column(column, raw, row_nos, position, found)
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

    def _column(self, column: Column, raw: tuple[object, ...], row_nos: list[int],
                position: int, found: list[tuple[int, int, tuple]]) -> list[object]:
        """One column's cells parsed, its problems added to `found`; a money column's
        totals checked against their lines first."""
        thousands = column.name in self.layout.thousands
        values = parse.column(column.kind, raw, column.choices, thousands,
                              cipfa.reader(self.parsed.cipfa_table)
                              if column.kind == "cofog" else None)
        if column.kind == "money" and self.checks:
            self._reconcile(column.name, values, thousands)
        must_fill = column.required and column.name in self.layout.columns
        blank, error = parse.BLANK, parse.CellError  # looked up once, not per cell
        for i in [i for i, v in enumerate(values) if v is blank or v.__class__ is error]:
            result, values[i] = values[i], None
            if result is not blank:
                found.append((i, position, (result.category, column.name, row_nos[i],
                                            raw[i], result.message, result.advice)))
            elif must_fill:
                found.append((i, position, (
                    parse.MISSING, column.name, row_nos[i], raw[i], "is empty",
                    f"Fill in {column.header.lower()}: {column.description}")))
        return values


def _row_list(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:8])
    return shown + (f" and {len(rows) - 8} more" if len(rows) > 8 else "")


def _own_cipfa_table(book: RawBook, parsed: Parsed) -> None:
    """The return's own 'CIPFA to COFOG' sheet, when it has one, replaces the shipped
    table; its faults are problems by cell."""
    raw = next((r for r in book.sheets if norm(r.name) == norm(cipfa.SHEET)), None)
    if raw is None:
        return
    table, faults = cipfa.table_from_sheet(raw.rows)
    for row, index, value, message in faults:
        parsed.problems.append(Problem(parse.FORMAT, cipfa.SHEET, get_column_letter(index + 1),
                                       row, cipfa.HEADERS[index], value, message,
                                       "Give a COFOG group such as 10.2 and shares that add "
                                       "up to 100 for each CIPFA line."))
    if table is not None and table != parsed.cipfa_table:
        parsed.cipfa_table = table
        parsed.notices.append(f"The file's own '{cipfa.SHEET}' sheet was used to convert "
                              "CIPFA service lines.")


def parse_book(book: RawBook, sheets: tuple[Sheet, ...] = SHEETS) -> Parsed:
    """Every sheet the template knows, read and checked; sheets it does not know are named.
    The demo passes its extra sheets (io.seed_spec) to be read by the same rules."""
    parsed = Parsed(book.file_name, notices=list(book.notices))
    _own_cipfa_table(book, parsed)
    for raw in book.sheets:
        sheet = _match_sheet(raw.name, sheets)
        if sheet is None:
            if raw.rows and norm(raw.name) not in {"instructions", "cofog", "lists",
                                                   norm(cipfa.SHEET)}:
                parsed.notices.append(f"Sheet '{raw.name}' was not read: the template has no "
                                      "sheet of that name.")
            continue
        frame = _SheetReader(sheet, raw, parsed).read()
        if frame is not None:
            frame = in_range(sheet, frame, parsed)
            parsed.frames[sheet.name] = duplicates(sheet, frame, parsed)
    if not parsed.frames and not parsed.problems:
        names = ", ".join(s.name for s in SHEETS)
        parsed.problems.append(Problem(
            parse.MISSING, ", ".join(r.name for r in book.sheets), "-", 1, "", "",
            "is not a sheet of the template", f"Name each sheet as the template does: {names}."))
    return parsed
