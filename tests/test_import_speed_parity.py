"""The importer's fast paths answer exactly as the general ones do.

The import check reads a column at a time (parse.column, validate's reader), spells values
for the preview's diff without a Decimal where it can, and finds totals rows by their first
character. Each is compared here with the plain, row-by-row way on varied cells: the same
parsed values (type and spelling, not only equal), the same problems in the same order.
Nothing here is timed; `totalplace bench --sections import` is."""

from __future__ import annotations

import io
import random
import re
import uuid
import zipfile
from datetime import date, datetime, time
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from totalplace_core.classifications import BASES, ORG_KINDS
from totalplace_core.io import (
    cipfa,
    importer,
    load,
    locations,
    parse,
    read,
    row_kinds,
    validate,
)
from totalplace_core.io.layout import find_layout
from totalplace_core.io.spec import SHEETS, Sheet

# Cells as finance officers and spreadsheets write them, repeats included (the fast path
# remembers each text), with 1, 1.0 and True together (equal as dict keys, not as cells).
CELLS: list[object] = [
    None, "", " ", "  \t", "\xa0", "\u3000", "x", " x ", "x ", "a  b", "a\tb", "a\nb", "a\u00a0b",
    "x\u2028y", "\x1cx", "é", "Café and library", "'=SUM(A1)", "'-1", "'x", "'", "=1", "@x",
    "2009-10", "2009/10", "09-10", "2009-2010", "1999-00", "2009-11", "2009 - 10", "2009–10",
    "07.3", "7.3", "07", "7", "99.9", "10.2 Old age", "Hospital services", "hospital SERVICES",
    " 07.3 ", "07.3", "£1,234", "1.2m", "(500)", "-12.50", "£2.5bn", "12k", " £ 1,000 ",
    "about 5k", "1.234", "£1,234.567", "1e3", "nan", "£1,234", "(£1,234.50)", "-£5", ".5",
    0, 1, -1, 2, 1.0, 1.5, 0.1, -0.0, 0.0, 1234.5, 1234.567, 1e20, 1e-7, 3, True, False,
    Decimal("1.50"), Decimal("2"), "actual", "Actual", " ACTUAL ", "estimate", "proxy", "guess",
    "council", "NHS  provider", "grant", "yes", "No", "y", "n", "0", "1", "true", "maybe",
    date(2009, 4, 6), datetime(2009, 4, 6, 12, 0), time(9, 30), "2009-04-06", "06/04/2009",
    "6/4/09", "6 April 2009", "6 Apr 2009", "31/02/2009", 39909, 39909.75, "12", "12.5",
    "1,200", " 3 ", "-2", "+2", "1e2", "١٢", "line 1", "line 1", "1", 1, 1.0, True, "yes",
]
KINDS: list[tuple[str, tuple[str, ...], bool]] = [
    ("text", (), False), ("cofog", (), False), ("year", (), False), ("integer", (), False),
    ("decimal", (), False), ("boolean", (), False), ("date", (), False),
    ("money", (), False), ("money", (), True), ("choice", BASES, False),
    ("choice", ORG_KINDS, False),
]


def _general(kind: str, value: object, choices: tuple[str, ...], thousands: bool) -> object:
    """The row-by-row way: blank, or parse.cell's answer, or its CellError (or the
    exception type, for a value that makes parse.cell itself fail)."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return "BLANK"
    try:
        return _spelt(parse.cell(kind, value, choices, thousands))
    except parse.CellError as err:
        return ("problem", err.category, err.message, err.advice)
    except Exception as exc:  # the same failure either way is what counts
        return ("raised", type(exc).__name__)


def _spelt(value: object) -> tuple[str, str]:
    return type(value).__name__, repr(value)


def _fast(kind: str, values: list[object], choices: tuple[str, ...],
          thousands: bool) -> list[object]:
    out: list[object] = []
    for result in parse.column(kind, values, choices, thousands):
        if result is parse.BLANK:
            out.append("BLANK")
        elif isinstance(result, parse.CellError):
            out.append(("problem", result.category, result.message, result.advice))
        else:
            out.append(_spelt(result))
    return out


@pytest.mark.parametrize(("kind", "choices", "thousands"), KINDS)
def test_a_column_parses_as_each_cell_would(kind: str, choices: tuple[str, ...],
                                            thousands: bool) -> None:
    values = [v for v in CELLS if not isinstance(_general(kind, v, choices, thousands), tuple)
              or _general(kind, v, choices, thousands)[0] != "raised"]
    for order in (values, values[::-1], random.Random(kind).sample(values, len(values))):
        expected = [_general(kind, v, choices, thousands) for v in order]
        assert _fast(kind, order, choices, thousands) == expected


def test_values_that_once_broke_the_cell_parser_are_problems_on_both_paths() -> None:
    # A date too far out (an OverflowError), a NaN serial (a ValueError), and numbers that
    # were made ints or rounded to the penny before their size was known (a spin, an
    # InvalidOperation): each is now a located problem, the same on either path.
    for kind, value in (("date", 10**20), ("date", float("nan")), ("date", 2_958_466),
                        ("integer", "1e999999999"),
                        ("decimal", 10**30), ("money", 1e30), ("money", "9" * 40)):
        with pytest.raises(parse.CellError) as general:
            parse.cell(kind, value)
        found = parse.column(kind, ["07.3", value])[1]
        assert isinstance(found, parse.CellError)
        assert (found.category, found.message) == (general.value.category,
                                                   general.value.message)


def test_an_infinity_is_not_a_number_on_either_path() -> None:
    # It once escaped both as an OverflowError (int() of an infinite Decimal).
    for kind in ("integer", "decimal"):
        for value in ("inf", float("inf"), "nan", "-Infinity"):
            with pytest.raises(parse.CellError, match="is not a number"):
                parse.cell(kind, value)
            found = parse.column(kind, ["1", value])[1]
            assert isinstance(found, parse.CellError) and found.message == "is not a number"


# -- whole sheets: validate's column-wise reader against the row-by-row way ---------------

GOOD: dict[str, list[object]] = {
    "text": ["HMBC", "HPCT", " x ", "a  b", "Schools", "line 1", "'=SUM(A1)", None, "", "é"],
    "year": ["2009-10", "2009/10", "09-10", "2009-2010", " 2010-11 ", None],
    "cofog": ["07.3", "7.3", "Hospital services", "10.2 Old age", "09.1", None],
    "money": [1, 1.5, 1234.5, -0.0, "£1,234", "1.2m", "(500)", " £ 1,000 ", "12k", None],
    "choice": [" ACTUAL ", "NHS  provider", "current", None],
    "integer": [1, 2, 12, "12", "1,200", 3.0, None],
    "decimal": [1.5, "12.5", 3, "1,200.5", None],
    "boolean": ["yes", "No", True, False, 1, None],
    "date": [date(2009, 4, 6), datetime(2009, 4, 6, 12, 0), "2009-04-06", "06/04/2009", 39909,
             None],
}
MONEY = next(c for c in SHEETS[2].columns if c.kind == "money")
NOISE = [v for v in CELLS if not isinstance(v, (int, float)) or isinstance(v, bool)
         or abs(v) < 10**6] + ["Total", "  total spend", "Grand total", "GRAND TOTAL x",
                               "totally", "Tot", "g", "t", "Sub-total: NHS", "subtotals",
                               "Total Place deep-dive theme: x", "Source: the accounts",
                               "s"]


def _messy_sheet(sheet: Sheet, rnd: random.Random, rows: int) -> read.RawSheet:
    """A sheet with a title, shuffled and renamed headers, a column missing or an extra
    one, short and long rows, totals rows, and mostly sensible cells with noise."""
    columns: list[object] = list(sheet.columns)
    rnd.shuffle(columns)
    if rnd.random() < 0.3:
        columns.pop()
    if rnd.random() < 0.4:
        columns.insert(rnd.randrange(len(columns) + 1), None)
    header = ["Extra" if c is None else c.header if rnd.random() < 0.8 else c.name
              for c in columns]
    body = []
    for _ in range(rows):
        cells = []
        for j in range(max(0, len(header) + rnd.choice([-2, -1, 0, 0, 0, 1]))):
            column = columns[j] if j < len(columns) else None
            if column is None or rnd.random() < 0.08:
                cells.append(rnd.choice(NOISE))
            elif column.kind == "choice" and rnd.random() < 0.6:
                cells.append(rnd.choice(column.choices))
            elif column.kind == "text" and rnd.random() < 0.3:
                cells.append(f"n{rnd.randrange(300)}")
            else:
                cells.append(rnd.choice(GOOD[column.kind]))
        if any(v is not None and str(v).strip() != "" for v in cells):
            body.append(tuple(cells))
    return read.RawSheet(sheet.name, [(1, ("Return to the Total Place team",)),
                                      (3, tuple(header))]
                         + [(i + 4, values) for i, values in enumerate(body)])


def _reference_row(reader: validate._SheetReader, row_no: int,
                   values: tuple[object, ...]) -> dict[str, object] | None:
    """One row as the reader used to take it: each cell through parse.cell, in turn."""
    layout, parsed = reader.layout, reader.parsed
    record: dict[str, object] = {"_row": row_no}
    before = len(parsed.problems)
    for column in reader.sheet.columns:
        index = layout.columns.get(column.name, (None,))[0]
        value = values[index] if index is not None and index < len(values) else None
        blank = value is None or (isinstance(value, str) and value.strip() == "")
        record[column.name] = None
        if blank and column.required and column.name in layout.columns:
            reader.problem(parse.MISSING, column.name, row_no, value, "is empty",
                           f"Fill in {column.header.lower()}: {column.description}")
        elif not blank:
            try:
                record[column.name] = cipfa.reader(parsed.cipfa_table)(value) \
                    if column.kind == "cofog" else parse.cell(
                        column.kind, value, column.choices, column.name in layout.thousands)
            except parse.CellError as err:
                reader.problem(err.category, column.name, row_no, value, err.message,
                               err.advice)
        if column.kind == "money":
            record[f"{column.name}_text"] = None if blank else str(value).strip()
    if reader.sheet.table == "asset" and len(parsed.problems) == before:
        _reference_location(reader, row_no, record)
    return record if len(parsed.problems) == before else None


def _reference_location(reader: validate._SheetReader, row_no: int,
                        record: dict[str, object]) -> None:
    """An Assets row's location rule (io.locations) on this row alone, its problems left to
    right; the reader applies it to the sheet's rows at once, converting in one call."""
    data = {name: [record[name]] for name in locations.RANGES}
    order = [c.name for c in reader.sheet.columns]
    for _, _, args in sorted(locations.locate_rows(data, [row_no], set()),
                             key=lambda found: order.index(found[1])):
        reader.problem(*args)
    record["lat"], record["lon"] = data["lat"][0], data["lon"][0]


def _reference_amount(column: object, value: object, thousands: bool) -> object:
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    try:
        return parse.cell(column.kind, value, column.choices, thousands)
    except parse.CellError as err:
        return err


def _reference_total(values: tuple[object, ...], line_columns: list[int]) -> str | None:
    """The row's totals label when it is a totals row, by the rule written out plainly."""
    label = next((str(v).strip() for v in values if isinstance(v, str) and re.match(
        r"(grand\s*totals?|sub[\s\-–]*totals?|totals?)\b", v.strip().lower())), None)
    if label is None:
        return None
    at = next(i for i, v in enumerate(values) if isinstance(v, str) and v.strip() == label)
    blank_line = bool(line_columns) and all(
        i == at or i >= len(values) or values[i] is None or str(values[i]).strip() == ""
        for i in line_columns)
    numbers = all(_reference_amount(MONEY, v, False).__class__ is Decimal
                  for i, v in enumerate(values) if i != at and v is not None
                  and not (isinstance(v, str) and not v.strip()))
    return label if blank_line or numbers else None


def _reference_reconcile(reader: validate._SheetReader, lines: list, checks: list) -> None:
    """Each total against its lines, from amounts parsed one cell at a time."""
    layout = reader.layout
    for column in [c for c in reader.sheet.columns
                   if c.kind == "money" and c.name in layout.columns]:
        thousands = column.name in layout.thousands
        index = layout.columns[column.name][0]
        amounts = [_reference_amount(column, v[index] if index < len(v) else None, thousands)
                   for _, v in lines]
        for row, cell, message, advice in row_kinds.reconcile(
                checks, column.name, layout.columns[column.name][1], amounts, thousands):
            reader.problem(parse.INCONSISTENT, column.name, row, cell, message, advice)


def _reference(sheet: Sheet, raw: read.RawSheet) -> validate.Parsed:
    """The reader as it was, one row and one cell at a time through parse.cell; totals and
    footnotes found by the rules of io.row_kinds, written out here row by row."""
    parsed = validate.Parsed("x.xlsx")
    reader = validate._SheetReader(sheet, raw, parsed)
    layout = find_layout(sheet, raw)
    assert layout is not None
    reader.layout = layout
    for column in sheet.columns:
        if column.required and column.name not in layout.columns:
            reader.problem(parse.MISSING, column.name, layout.header_row, None,
                           f"column '{column.header}' is missing",
                           "Add the column back, with the template's header.")
    if layout.thousands:
        parsed.notices.append(f"{sheet.name}: amounts are in £000 and were multiplied by "
                              "1,000.")
    below = [(n, v) for n, v in raw.rows if n > layout.header_row]
    notes = set(row_kinds.footnote_rows(below))
    line_columns = [layout.columns[c][0] for c in ("year", "org_code") if c in layout.columns]
    lines, checks = [], []
    for position, (row_no, values) in enumerate(below):
        if position in notes:
            continue
        label = _reference_total(values, line_columns)
        if label is not None:
            kind = "sub-total" if label.lower().startswith("sub") else "total"
            checks.append(row_kinds.Check(len(lines), row_no, kind, label, {
                c.name: values[layout.columns[c.name][0]]
                if layout.columns[c.name][0] < len(values) else None
                for c in sheet.columns if c.kind == "money" and c.name in layout.columns}))
            continue
        lines.append((row_no, values))
    _reference_reconcile(reader, lines, checks)
    records = []
    for row_no, values in lines:
        record = _reference_row(reader, row_no, values)
        if record is not None:
            records.append(record)
    parsed.frames[sheet.name] = pd.DataFrame(records, columns=reader.output_columns())
    return parsed


def _same_frame(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert list(a.columns) == list(b.columns)
    assert [str(d) for d in a.dtypes] == [str(d) for d in b.dtypes]
    pd.testing.assert_frame_equal(a, b)
    for column in a.columns:  # Decimal('1.0') == Decimal('1'): compare the spelling too
        assert [_spelt(v) for v in a[column].tolist()] == [_spelt(v) for v in b[column].tolist()]


@pytest.mark.parametrize("seed", range(12))
def test_a_sheet_checked_by_columns_gives_what_row_by_row_gives(seed: int) -> None:
    rnd = random.Random(seed)
    for sheet in SHEETS:
        raw = _messy_sheet(sheet, rnd, rows=rnd.choice([0, 3, 80]))
        expected = _reference(sheet, raw)
        got = validate.Parsed("x.xlsx")
        frame = validate._SheetReader(sheet, raw, got).read()
        assert got.problems == expected.problems, sheet.name
        assert got.notices == expected.notices, sheet.name
        _same_frame(frame, expected.frames[sheet.name])


def test_the_first_characters_that_can_start_a_totals_row_are_all_of_them() -> None:
    everything = (chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    for char in everything:
        if char.isspace() or char.lower()[:1] in ("t", "g", "s"):
            assert char in validate.TOTAL_FIRST, hex(ord(char))


# -- the preview's diff, the new rows' ids, reading rows ----------------------------------

def test_ints_are_spelt_for_the_diff_as_decimal_spells_them() -> None:
    rnd = random.Random(1)
    ints = [0, 1, -1, 10, -10, 100, 5000, 123400, -123400, 10**17, 10**18 - 1, 10**18,
            -10**18, 10**30, 7 * 10**17, 12345678901234567890123456789000]
    ints += [rnd.randrange(-10**19, 10**19) for _ in range(2000)]
    ints += [rnd.randrange(-10**6, 10**6) * 10**rnd.randrange(15) for _ in range(2000)]
    assert [importer._plain_int(v) for v in ints] == [importer._plain(v) for v in ints]


def test_a_column_is_spelt_for_the_diff_as_series_map_spells_it() -> None:
    frame = pd.DataFrame({
        "text": ["a", None, "b|c", ""],
        "ints": [100, 0, -1230, 7],
        "floats": [1.0, float("nan"), 12.5, 1e20],
        "optional_ints": pd.array([1200, None, 5, 0], dtype="Int64"),
        "objects": [Decimal("1.50"), 100, None, True],
        "flags": [True, False, True, False],
        "days": pd.to_datetime(["2009-04-06", None, "2010-01-01", "2011-02-03"]),
        "dates": [date(2009, 4, 6), None, date(2010, 1, 1), pd.NaT],
    })
    frame["stored_text"] = frame["text"].astype("str")
    for column in frame.columns:
        assert importer._plain_column(frame, column) == frame[column].map(importer._plain).tolist()


def test_new_ids_are_random_uuids_spelt_as_uuid_spells_them() -> None:
    ids = load.new_ids(5000)
    assert len(set(ids)) == 5000 and load.new_ids(0) == []
    for text in ids:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 4 and parsed.variant == uuid.RFC_4122


def test_a_row_counts_as_filled_exactly_as_before() -> None:
    rows = [(), (None,), ("",), (" ", "\t", None), (None, 0), (None, "x"), (False,), ("\xa0",),
            (None, None, date(2009, 4, 6)), ("  ", 0.0), (None, "\u3000")]
    for row in rows:
        assert read._filled(row) == any(v is not None and str(v).strip() != "" for v in row)


def test_a_sheet_is_read_to_its_last_row_whatever_its_dimension_says() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Spend lines"
    for i in range(30):
        sheet.append([f"row {i}", i, None, "last" if i == 29 else None])
    out = io.BytesIO()
    book.save(out)
    # Say the sheet is A1:B10, as a tool that forgot to update it would.
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name], found = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B10"',
                                 parts[name])
    assert found == 1
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as zf:
        for part, content in parts.items():
            zf.writestr(part, content)
    rows = read.read_book("short.xlsx", damaged.getvalue()).sheets[0].rows
    assert len(rows) == 30 and rows[-1] == (30, ("row 29", 29, None, "last"))
