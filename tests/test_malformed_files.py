"""No file makes the import crash: malformed workbooks and CSVs, generated with hypothesis
from small valid files for the demo place, each either import (and their undo puts every
table back) or are refused with problems located by sheet, column and row; none raises,
hangs or leaves a partial import (every table of the store compared before and after).

A fixed sample of 15 runs in the default suite; `pytest -m long` runs 1,000 or more (more
with TOTALPLACE_FUZZ_EXAMPLES) and prints what became of them. The named cases first: each
value that once crashed or span the import, with the message a finance officer now sees."""

from __future__ import annotations

import csv
import faulthandler
import io
import os
import re
import shutil
import signal
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from totalplace_core.cli import main
from totalplace_core.io import importer, ranges, report
from totalplace_core.io.read import FileRefused
from totalplace_core.store import Store, StoreError
from totalplace_core.store.migrations import PLACE_TABLES

PLACE = "Harrowdale"
HANG_SECONDS = 20  # an example slower than this has hung: the check must never spin
SPEND = ["Financial year", "Organisation code", "COFOG group", "Amount (£)", "Basis", "Source",
         "Note"]
# Small valid sheets for the demo place: new codes beside its own (HMBC, HD01, UC003 ...), so
# an import both adds and replaces, and its undo has something to put back.
BASE: dict[str, list[list[object]]] = {
    "Place": [["Place name", "Population", "Fictional?", "Description"],
              [PLACE, 286_400, "yes", "A fictional borough."]],
    "Organisations": [["Organisation code", "Organisation name", "Kind of body"],
                      ["FZ1", "Fuzz Trust", "voluntary sector"],
                      ["FZ2", "Fuzz Council", "council"]],
    "Spend lines": [SPEND, ["2009-10", "FZ1", "07.3", "£1,234", "actual", "Accounts", "a"],
                    ["2009-10", "FZ1", "Hospital services", 12.5, "estimate", "Own", "b"],
                    ["2009-10", "FZ2", "09.1", "(500)", "proxy", "Share", "c"],
                    ["2008-09", "HMBC", "10.2", "1.2m", "actual", "Accounts", "d"]],
    "Flow nodes": [["Node code", "Node name", "Tier", "Organisation code"],
                   ["FZ_N", "Fuzz node", "service", "FZ1"]],
    "Flows": [["Financial year", "From node", "To node", "Funding stream", "Amount (£)",
               "Kind of flow", "Ring-fenced?"],
              ["2009-10", "SRC_TAX", "FZ_N", "Fuzz grant", 1000, "grant", "no"]],
    "Wards": [["Ward code", "Ward name", "Residents 0-17", "Residents 18-64", "Residents 65+",
               "Need index"], ["HD01", "Ashby Moor", 2450, 9000, 2000, 104.5]],
    "Assets": [["Asset code", "Organisation code", "Asset name", "Kind of building", "Latitude",
                "Longitude", "Easting", "Northing", "Ward code", "Floor area (m²)",
                "Running cost (£ a year)", "Utilisation (%)"],
               ["FZA1", "FZ1", "Fuzz hall", "office", 53.4775, -2.2676, None, None, "HD01",
                1200, 150_000, 60],
               ["FZA2", "HMBC", "Fuzz depot", "depot", None, None, 383_800, 398_200, None,
                None, 20_000, None]],
    "Unit costs": [["Unit cost code", "Service", "Kind of agency", "Unit", "Cost (£)",
                    "Price year", "Source"],
                   ["FZU1", "Fuzz visit", "council", "per visit", 120, "2009-10", "Own"]],
    "Case studies": [["Case code", "Title", "Summary", "Consent and anonymisation checked",
                      "Staff hourly rate (£)", "Mileage rate (pence per km)"],
                     ["FZC", "The Fuzz family", "Made up.", "yes", 32, 24.9]],
    "Case members": [["Case code", "Member code", "Role", "Age"], ["FZC", "FZC1", "mother", 36]],
    "Touchpoints": [["Case code", "Scenario", "Date", "Organisation code", "Unit cost code",
                     "Quantity", "Staff hours", "Distance (km)", "Repeat contacts",
                     "Emotional mark", "Avoidable?", "Cost override (£)", "Why overridden",
                     "Note"],
                    ["FZC", "current", date(2009, 4, 6), "FZ1", "FZU1", 1, 2.5, 3.2, 0, -1,
                     "no", None, None, "first"],
                    ["FZC", "current", "14/04/2009", "HMBC", "UC003", 2, None, None, 1, 2,
                     "yes", 90, "Longer visit", "second"]],
}
SHEET_NAMES = list(BASE)

# -- values that once crashed or span the check, and what a finance officer sees now -------

NAMED: dict[str, tuple[str, list[list[object]], str]] = {
    "population 0": ("Place", [["Place name", "Population"], [PLACE, 0]],
                     "Place, column B (Population), row 2: '0' is below 1. Give a number "
                     "from 1 to 2,147,483,647."),
    "population -1": ("Place", [["Place name", "Population"], [PLACE, -1]],
                      "Place, column B (Population), row 2: '-1' is below 1."),
    "population 10^19": ("Place", [["Place name", "Population"], [PLACE, "10000000000000000000"]],
                         "Place, column B (Population), row 2: '10000000000000000000' is far "
                         "too large a number."),
    "population beyond INTEGER": ("Place", [["Place name", "Population"], [PLACE, 3 * 10**9]],
                                  "Place, column B (Population), row 2: '3000000000' is more "
                                  "than 2,147,483,647."),
    "NaN in a number column": ("Wards", [BASE["Wards"][0], ["HD01", "Ashby Moor", "NaN", 1, 1]],
                               "Wards, column C (Residents 0-17), row 2: 'NaN' is not a number."),
    "Infinity in a number column": ("Case members", [BASE["Case members"][0],
                                                     ["ASH", "ASH9", "aunt", "Infinity"]],
                                    "Case members, column D (Age), row 2: 'Infinity' is not a "
                                    "number."),
    "1e999999999 in a number cell": ("Place", [["Place name", "Population"],
                                               [PLACE, "1e999999999"]],
                                     "Place, column B (Population), row 2: '1e999999999' is far "
                                     "too large a number."),
    "a quantity of -1": ("Touchpoints", [BASE["Touchpoints"][0][:6],
                                         ["ASH", "current", "2009-04-06", "HPA", "UC003", -1]],
                         "Touchpoints, column F (Quantity), row 2: '-1' is below zero."),
    "an amount beyond BIGINT": ("Spend lines", [SPEND, ["2009-10", "HMBC", "07.3",
                                                        "£92,233,720,368,547,758.08", "actual",
                                                        "x"]],
                                "Spend lines, column D (Amount (£)), row 2: "
                                "'£92,233,720,368,547,758.08' is more than £10,000,000,000,000."),
    "a negative flow": ("Flows", [BASE["Flows"][0], ["2009-10", "SRC_TAX", "SRC_DWP", "s", -5,
                                                     "grant"]],
                        "Flows, column E (Amount (£)), row 2: '-5' is below zero. Give a number "
                        "from £0 to £10,000,000,000,000."),
    "a utilisation over 100": ("Assets", [BASE["Assets"][0][:12],
                                          [*BASE["Assets"][1][:11], 101]],
                               "Assets, column L (Utilisation (%)), row 2: '101' is more than "
                               "100."),
    "a date beyond Excel's": ("Touchpoints", [BASE["Touchpoints"][0][:6],
                                              ["ASH", "current", 10**12, "HPA", "UC003", 1]],
                              "Touchpoints, column C (Date), row 2: '1000000000000' is not a "
                              "date."),
    "a second place": ("Place", [["Place name", "Population"], [PLACE, 5], ["Elsewhere", 6]],
                       "Place, column A (Place name), row 3: 'Elsewhere' is a second place"),
}


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name[:31] or "Sheet")
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _state(store: Store) -> dict[str, tuple[int, int]]:
    """Every table the store holds a place in (and the deflators): rows and a checksum."""
    return {t: tuple(store.rows(f"SELECT count(*), coalesce(sum(hash(x)), 0) FROM {t} x")[0])
            for t in (*PLACE_TABLES, "deflator")}


@pytest.fixture(scope="module")
def store(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("malformed") / "store.duckdb"
    shutil.copy(demo_db, path)
    with Store(path) as s:
        yield s


@pytest.mark.parametrize("case", NAMED)
def test_each_value_that_broke_the_import_is_refused_where_it_is(store: Store,
                                                                 case: str) -> None:
    sheet, rows, line = NAMED[case]
    before = _state(store)
    started = time.monotonic()
    preview = importer.check_file(store, "bad.xlsx", _xlsx({sheet: rows}), PLACE)
    assert time.monotonic() - started < 5
    assert not preview.ok
    assert line in report.as_text(preview.parsed)
    assert _state(store) == before


def test_a_place_whose_amounts_add_up_beyond_the_store_is_refused(store: Store) -> None:
    rows = [SPEND] + [["2009-10", "HMBC", f"0{1 + i % 9}.1", "£9,000,000,000,000", "actual",
                       "x", f"n{i}"] for i in range(10_500)]  # £94.5 quadrillion
    preview = importer.check_file(store, "huge.xlsx", _xlsx({"Spend lines": rows}), PLACE)
    text = report.as_text(preview.parsed)
    assert "Spend lines, column D (Amount (£)), row 2: '£9,000,000,000,000' brings the " \
           "Amount (£) of Harrowdale to a total beyond what the database can add up" in text


def test_a_store_error_at_commit_is_a_plain_refusal_and_changes_nothing(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the range check taken away, a population of 0 meets the store's CHECK."""
    monkeypatch.setattr(ranges, "found", lambda sheet, frame: [])
    data = _xlsx({"Place": [["Place name", "Population"], [PLACE, 0]],
                  "Spend lines": BASE["Spend lines"], "Organisations": BASE["Organisations"]})
    preview = importer.check_file(store, "zero.xlsx", data, PLACE)
    assert preview.ok
    before = _state(store)
    with pytest.raises(StoreError) as refused:
        importer.commit(store, preview, "zero.xlsx", data)
    assert str(refused.value) == ("Nothing was imported: a value breaks the rule population > 0 "
                                  "of the place table.")
    assert _state(store) == before


def test_the_command_line_says_the_refusal_in_a_line(
        demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setattr(ranges, "found", lambda sheet, frame: [])
    path = tmp_path / "zero.xlsx"
    path.write_bytes(_xlsx({"Place": [["Place name", "Population"], [PLACE, 0]]}))
    assert main(["--db", str(demo_copy), "import", str(path)]) == 2
    assert capsys.readouterr().err == ("totalplace: Nothing was imported: a value breaks the "
                                       "rule population > 0 of the place table.\n")


# -- generated files ------------------------------------------------------------------------

ODD_VALUES = [
    0, -1, 1, 2**31, 2**31 - 1, -(2**31) - 1, 2**63, 10**19, 10**30, -(10**19), 1e308, -1e308,
    float("nan"), float("inf"), float("-inf"), 1e-300, 5e-324, 0.1, -0.0, 1.005, 2958466,
    12345678901.5, "1e999999999", "-1e999999999", "1e-999999999", "NaN", "Infinity", "-inf",
    "9" * 25, "9" * 80, "£92,233,720,368,547,758.08", "(£1,000,000,000,000,000)", "1.2bn",
    "12k", "=1+1", "=A1*2", "@SUM(A1)", "+44 7700 900123", "- more youth workers", "#N/A",
    "#DIV/0!", "", " ", "\t", "Total", "grand total", "yes", "no", "maybe", "07.3", "99.9",
    "2009-10", "2009-11", "current", "redesigned", "actual", "council", "HMBC", "XXX", "FZ1",
    "UC003", "HD01", date(1900, 1, 1), date(9999, 12, 31), datetime(2009, 4, 6, 12, 0),
    clock(9, 30), True, False, None, "x" * 40_000, "31/02/2009", "0.000000000000000000001",
    "١٢", "½", "\u00a0", "'=SUM(A1)", "![x](http://example.com/x.png)", "<b>bold</b>",
]
VALUE = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=40),
    st.dates(),
)


Rows = list[list[object]]


def _cell(rows: Rows, draw: st.DrawFn, row: int, col: int) -> Rows:
    rows[draw(st.integers(1, len(rows) - 1)) if len(rows) > 1 else 0][col:col + 1] = \
        [draw(VALUE)]
    return rows


def _header(rows: Rows, draw: st.DrawFn, row: int, col: int) -> Rows:
    rows[0][col:col + 1] = [draw(st.one_of(st.text(max_size=20), st.sampled_from(
        ["Amount (£000)", "amount", "Population", "Ward code", "", None])))]
    return rows


def _shuffle(rows: Rows, draw: st.DrawFn, row: int, col: int) -> Rows:
    order = draw(st.permutations(range(max(len(r) for r in rows))))
    return [[r[i] if i < len(r) else None for i in order] for r in rows]


def _swap(rows: Rows, draw: st.DrawFn, row: int, col: int) -> Rows:
    width = max(len(r) for r in rows)
    other = draw(st.integers(0, width - 1))
    for r in rows:
        r.extend([None] * (width - len(r)))
        r[col], r[other] = r[other], r[col]
    return rows


def _at(rows: Rows, row: int, *instead: list[object]) -> Rows:
    """The rows with row `row` replaced by `instead` (none, it, copies, others)."""
    return [*rows[:row], *instead, *rows[row + 1:]]


# What careless or hostile hands do to a sheet: (rows, draw, a row, a column) -> rows.
CHANGES = {
    "cell": _cell, "header": _header, "shuffle": _shuffle, "swap": _swap,
    "drop column": lambda rows, draw, row, col: [r[:col] + r[col + 1:] for r in rows],
    "duplicate": lambda rows, draw, row, col: _at(rows, row, rows[row], list(rows[row])),
    "blank row": lambda rows, draw, row, col: _at(rows, row, [None] * 4, rows[row]),
    "total": lambda rows, draw, row, col: [*rows, ["Total", None, None, 1_000_000]],
    "title": lambda rows, draw, row, col: [[draw(st.sampled_from(
        ["Return (£000)", "Return", "in thousands"]))], *rows],
    "truncate": lambda rows, draw, row, col: _at(rows, row, rows[row][:col]),
    "many rows": lambda rows, draw, row, col: [*rows, *(list(rows[-1]) for _ in range(
        draw(st.integers(1, 300))))],
    "wide row": lambda rows, draw, row, col: _at(rows, row, [*rows[row], *(
        draw(VALUE) for _ in range(draw(st.integers(1, 30))))]),
}
ACTIONS = [*["cell"] * 6, *CHANGES, "rename sheet", "junk sheet"]


@st.composite
def _mutated(draw: st.DrawFn) -> dict[str, Rows]:
    """The base sheets, some left out, each changed as careless or hostile hands do."""
    keep = draw(st.one_of(st.just(SHEET_NAMES), st.lists(  # all of them, or some
        st.sampled_from(SHEET_NAMES), min_size=1, max_size=len(SHEET_NAMES), unique=True)))
    sheets = {name: [list(r) for r in BASE[name]] for name in SHEET_NAMES if name in keep}
    for _ in range(draw(st.one_of(st.integers(0, 1), st.integers(0, 8)))):
        name = draw(st.sampled_from(list(sheets)))
        rows, action = sheets[name], draw(st.sampled_from(ACTIONS))
        if action == "rename sheet":
            new = draw(st.sampled_from([name.upper(), f" {name.lower()} ", "Sheet1", "Spend"]))
            sheets[new] = sheets.pop(name)
        elif action == "junk sheet":
            sheets["Notes"] = [[draw(VALUE) for _ in range(3)] for _ in range(3)]
        elif rows:
            row = draw(st.integers(0, len(rows) - 1))
            col = draw(st.integers(0, max(1, max(len(r) for r in rows)) - 1))
            sheets[name] = CHANGES[action](rows, draw, row, col)
    return sheets


def _cell_value(value: object) -> object:
    """What openpyxl can write: illegal control characters out (a real xlsx has none)."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, date) and value.year < 1900:
        return value.isoformat()
    return value


def _workbook(sheets: dict[str, Rows], draw: st.DrawFn) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        title = ILLEGAL_CHARACTERS_RE.sub("", re.sub(r"[\[\]:*?/\\]", "", name))[:31].strip()
        sheet = book.create_sheet(title if title and title not in book.sheetnames else None)
        for row in rows:
            sheet.append([_cell_value(v) for v in row])
    sheet = book.worksheets[draw(st.integers(0, len(book.worksheets) - 1))]
    if draw(st.integers(0, 4)) == 0 and sheet.max_row > 2:  # merged cells, as in a title
        top = draw(st.integers(1, sheet.max_row - 1))
        sheet.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=2)
    if draw(st.integers(0, 4)) == 0:  # a date format on a column of numbers
        column = draw(st.integers(1, 6))
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row, column).number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    if draw(st.integers(0, 9)) == 0:  # a number cell whose text is not one
        data = _corrupt_a_number(data, draw(st.sampled_from(["nan", "1e999999999", "abc", "",
                                                            "99999999999999999999999"])))
    return data


def _corrupt_a_number(data: bytes, text: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    for name in sorted(p for p in parts if p.startswith("xl/worksheets/")):
        parts[name], done = re.subn(rb'(t="n"[^>]*><v>)[^<]*(</v>)',
                                    rb"\g<1>" + text.encode() + rb"\g<2>", parts[name], count=1)
        if done:
            break
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in parts.items():
            zf.writestr(name, content)
    return out.getvalue()


def _csv(rows: list[list[object]], draw: st.DrawFn) -> bytes:
    text = io.StringIO()
    csv.writer(text, delimiter=draw(st.sampled_from([",", ",", ";", "\t"]))).writerows(
        [["" if v is None else v for v in row] for row in rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    data = text.getvalue().encode(encoding, errors="replace")
    if data and draw(st.integers(0, 4)) == 0:  # a damaged byte
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    return data


@st.composite
def malformed_files(draw: st.DrawFn) -> tuple[str, bytes]:
    sheets = draw(_mutated())
    if draw(st.integers(0, 3)) == 0:  # a CSV is read as spend lines, whatever it holds
        rows = sheets.get("Spend lines") or next(iter(sheets.values()))
        return "return.csv", _csv(rows, draw)
    return "return.xlsx", _workbook(sheets, draw)


class Hung(Exception):
    pass


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """An example slower than `seconds` fails as hung; one stuck in C code (where no Python
    signal handler runs) is ended by faulthandler, with every thread's traceback."""
    def hung(*_: object) -> None:
        raise Hung(f"an example took more than {seconds} s")
    previous = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    faulthandler.dump_traceback_later(seconds * 3, exit=True, file=sys.__stderr__)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        faulthandler.cancel_dump_traceback_later()


def _located(problem: object) -> bool:
    return (bool(problem.sheet) and isinstance(problem.row, int) and problem.row >= 1
            and bool(problem.message) and re.fullmatch(r"[A-Z]{1,3}|-", problem.column)
            and (problem.column == "-" or bool(problem.header)))


def _imports_or_is_refused(store: Store, name: str, data: bytes, seen: Counter) -> None:
    before = _state(store)
    started = time.monotonic()
    with _time_limit(HANG_SECONDS):
        try:
            preview = importer.check_file(store, name, data, PLACE)
        except FileRefused as refused:
            assert name in str(refused)
            seen["refused unread"] += 1
        else:
            text = report.as_text(preview.parsed)  # the page's and the CLI's report
            report.grouped(preview.parsed.problems)
            if not preview.ok:
                assert preview.parsed.problems or preview.place_name is None, text
                assert all(_located(p) for p in preview.parsed.problems), text
                seen["refused with located problems"] += 1
            else:
                batch = importer.commit(store, preview, name, data, who="fuzz")
                assert _state(store) != before
                store.undo_import(batch)
                seen["imported and undone"] += 1
    took = time.monotonic() - started
    assert took < HANG_SECONDS, f"{took:.0f} s: hung"  # even where a refusal hid the alarm
    seen["slowest (s)"] = max(seen["slowest (s)"], round(took, 2))
    after = _state(store)
    after["import_batch"] = before["import_batch"]  # an undone import stays listed
    assert after == before, "a partial import"


# The default run's fixed sample is small (each file is a real check, import and undo on the
# demo); the thousand and more are the long run's.
FAST = settings(max_examples=15, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LONG = settings(FAST, derandomize=False,
                max_examples=max(1_000, int(os.environ.get("TOTALPLACE_FUZZ_EXAMPLES", 0))))


@FAST
@given(file=malformed_files())
def test_a_sample_of_malformed_files_import_or_are_refused(store: Store,
                                                          file: tuple[str, bytes]) -> None:
    _imports_or_is_refused(store, *file, Counter())


@pytest.mark.long
def test_a_thousand_malformed_files_import_or_are_refused(
        store: Store, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture) -> None:
    if "long" not in (request.config.getoption("markexpr") or ""):  # as in -m "not browser"
        pytest.skip("minutes long: run it with pytest -m long")
    seen: Counter = Counter()

    @LONG
    @given(file=malformed_files())
    def run(file: tuple[str, bytes]) -> None:
        seen["files"] += 1
        _imports_or_is_refused(store, *file, seen)

    started = time.monotonic()
    run()
    with capsys.disabled():
        print(f"\nmalformed files: {dict(seen)} in {time.monotonic() - started:.0f} s")
    assert seen["files"] >= 1_000
    assert seen["imported and undone"] and seen["refused with located problems"]
