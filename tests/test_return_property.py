"""For any return an officer might send, every row is accounted for and every pound counted
once: generated with hypothesis, each a Spend lines sheet (an .xlsx, a CSV, or a UTF-16
tab-separated 'Unicode Text' save) of random lines for the demo place, Harrowdale, with:

- amounts written every way the one money parser reads (a number cell, £1,234.56, (500),
  −500 with the Unicode minus, 1,234-, £1.2 million, £350k), or in £000;
- bodies by code or by a name as officers write it; COFOG groups by code or name, or CIPFA
  service lines (some split across groups by the shipped table);
- the template's headers or officers' own words, in any order, one row or two (a band
  merged over some names, the rest merged down), under title rows;
- correct sub-totals and totals between the lines, labelled as people label them;
- footnotes under the table, a 'Source: ...' one filling the lines' empty sources;
- and sometimes one sub-total or total that does not add up.

For each: rows read = ready + skipped + refused on the sheet, with exactly the lines, totals
and footnotes written; a return with a wrong total is refused at that row's amount and
nowhere else; any other passes, and once imported (into a fresh copy of the demo place) its
bodies' lines for its year add up to the sum of the generated amounts, to the penny, as the
preview said. 25 examples in the default run; `pytest -m long` runs 500 or more (more with
TOTALPLACE_FUZZ_EXAMPLES)."""

from __future__ import annotations

import csv
import io
import os
import shutil
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from totalplace_core.io import importer
from totalplace_core.io.accounting import accounts
from totalplace_core.money import format_gbp_full
from totalplace_core.store import Store

PLACE = "Harrowdale"
SHEET = "Spend lines"
YEARS = {"2009-10": ("2009-10", "2009/10", "2009-2010", "09/10", "2009 - 10"),
         "2008-09": ("2008-09", "2008/09", "2008-2009", "08/09")}
# Each body as officers write it; every one of these is matched to the code.
BODIES = {
    "HMBC": ("HMBC", "Harrowdale MBC", "harrowdale metropolitan borough council",
             "Harrowdale Metropolitan Borough Council  ", "HARROWDALE MBC"),
    "HPCT": ("HPCT", "Harrowdale PCT", "Harrowdale  Primary Care Trust",
             "NHS Harrowdale Primary Care Trust"),
    "HHFT": ("HHFT", "Harrowdale Hospitals NHS FT",
             "Harrowdale Hospitals NHS Foundation Trust."),
    "HFRA": ("HFRA", "Harrowdale Fire & Rescue Authority", "harrowdale fire and rescue authority"),
    "HPA": ("HPA", "Harrowdale Police Authority ", "Harrowdale  Police  Authority"),
    "HPMH": ("HPMH", "Harrowdale & Pennine Mental Health NHS Trust"),
}
# A function as written, and how many lines it makes (a CIPFA line splits by the shipped
# table, totalplace_core/io/cipfa_to_cofog.csv).
FUNCTIONS = {"07.3": 1, "Hospital services": 1, "9.1": 1, "03.1": 1, "10.4": 1,
             "Public health services": 1, "Children's and Education Services": 3,
             "Adult Social Care": 2, "Highways and Transport Services": 1,
             "Cultural and Related Services": 2, "Central Services": 1}
HEADERS = {
    "year": ("Financial year", "Year", "FY", "Period"),
    "body": ("Organisation code", "Body", "Organisation", "Spending body", "Agency"),
    "cofog": ("COFOG group", "Function", "COFOG"),
    "theme": ("Service line or theme", "Service", "Service area", "Theme"),
    "amount": ("Amount (£)", "Net expenditure", "Value", "Spend", "Outturn"),
    "basis": ("Basis", "Data basis"),
    "source": ("Source", "Data source"),
    "note": ("Note", "Notes", "Comments"),
}
IN_THOUSANDS = ("Amount (£000)", "Net expenditure £000", "Value (£'000)", "Outturn £000")
SUBTOTALS = ("Sub-total", "Subtotal", "Sub total", "SUB-TOTAL: NHS bodies",
             "Sub-total – council", "Subtotal - police")
TOTALS = ("Total", "TOTAL", "Grand total", "Grand Total", "Total 2009-10",
          "Total: all bodies", "Totals")
NOTES = ("Note: figures are net of fees and charges.", "N.B. Capital spend is excluded",
         "Figures prepared by Corporate Finance from the ledger, March 2010")
SOURCE_NOTES = ("Harrowdale MBC Corporate Finance, March 2010",
                "NHS Harrowdale finance team, 31 March 2010")
ON_NOTE = ("Total Place deep-dive theme: older people", "Passported", None, None)


@dataclass
class Line:
    code: str
    body: str
    function: str
    theme: str
    pence: int
    amount: object
    basis: str
    source: str | None
    note: str | None


@dataclass
class Total:
    kind: str  # sub-total | total
    label: str
    at: str  # the column its label is in
    pence: int  # as it should be
    amount: object  # as written (out by `wrong` pence when this is the wrong one)
    wrong: int = 0


@dataclass
class Return:
    fmt: str  # xlsx | csv | tsv16
    year: str
    year_written: str
    columns: list[str]
    headers: dict[str, str]
    titles: list[str]
    band: tuple[int, int, str] | None  # a two-row header: first, last column, its text
    rows: list[Line | Total]
    footnotes: list[str]
    source_note: str | None
    numbers: dict[int, Line | Total | str] = field(default_factory=dict)  # by sheet row

    @property
    def lines(self) -> list[Line]:
        return [r for r in self.rows if isinstance(r, Line)]

    @property
    def wrong(self) -> list[int]:
        """The rows of the totals typed wrong, once the return is written (as_file)."""
        return [n for n, r in self.numbers.items() if isinstance(r, Total) and r.wrong]


def _pounds(value: Decimal) -> str:
    return f"{abs(value):,f}"


def _written(pence: int, form: str, thousands: bool, fmt: str) -> object:
    """`pence` as an officer writes it in `form` (in £000 when `thousands`)."""
    value = Decimal(pence) / (100_000 if thousands else 100)
    sign = "-" if pence < 0 else ""
    if form == "number":
        if fmt != "xlsx":
            return str(value)
        return int(value) if value == value.to_integral_value() else float(value)
    if form == "million":
        return f"{sign}£{abs(Decimal(pence)) / 100_000_000:f} million"
    if form == "k":
        return f"{sign}£{(abs(Decimal(pence)) / 100_000).normalize():f}k"
    return {"plain": f"{value:f}", "pounds": f"{sign}£{_pounds(value)}",
            "brackets": f"({_pounds(value)})", "minus": f"\u2212{_pounds(value)}",
            "trailing": f"{_pounds(value)}-"}[form]


@st.composite
def amounts(draw: st.DrawFn, thousands: bool, fmt: str) -> tuple[int, object]:
    forms = ["number", "plain", "pounds"]
    if draw(st.integers(0, 5)) == 0:
        pence = -draw(st.integers(1, 10**9))
        forms += ["brackets", "minus", "trailing", "pounds"]
    elif not thousands and draw(st.booleans()):
        pence = draw(st.integers(0, 500_000)) * 100_000  # whole thousands of pounds
        forms += ["million", "k"]
    else:
        pence = draw(st.integers(0, 5 * 10**11))
    form = draw(st.sampled_from(forms))
    return pence, _written(pence, form, thousands, fmt)


@st.composite
def lines(draw: st.DrawFn, number: int, thousands: bool, fmt: str, blank_sources: bool
          ) -> Line:
    code = draw(st.sampled_from(sorted(BODIES)))
    pence, amount = draw(amounts(thousands, fmt))
    source = None if blank_sources and draw(st.booleans()) else f"{code} accounts 2009-10"
    return Line(code, draw(st.sampled_from(BODIES[code])), draw(st.sampled_from(
        sorted(FUNCTIONS))), f"Cost centre {number:03d}", pence, amount,
        draw(st.sampled_from(("actual", "Estimate", "PROXY", " actual "))), source,
        draw(st.sampled_from(ON_NOTE)))


def _total(draw: st.DrawFn, kind: str, pence: int, columns: list[str], thousands: bool,
           fmt: str) -> Total:
    label = draw(st.sampled_from(SUBTOTALS if kind == "sub-total" else TOTALS))
    at = draw(st.sampled_from([c for c in columns if c != "amount"]))
    form = draw(st.sampled_from(["number", "plain", "pounds"]))
    return Total(kind, label, at, pence, _written(pence, form, thousands, fmt))


@st.composite
def _body(draw: st.DrawFn, columns: list[str], thousands: bool, fmt: str,
          blank_sources: bool) -> list[Line | Total]:
    """Groups of lines, each followed by nothing, a sub-total or a total of what it covers:
    a sub-total the lines since the last sub-total or total, a total those since the last
    total."""
    rows: list[Line | Total] = []
    since_sub = since_total = 0
    for _ in range(draw(st.integers(1, 4))):
        for _ in range(draw(st.integers(1, 4))):
            line = draw(lines(len(rows) + 1, thousands, fmt, blank_sources))
            rows.append(line)
            since_sub += line.pence
            since_total += line.pence
        kind = draw(st.sampled_from((None, "sub-total", "sub-total", "total")))
        if kind:
            rows.append(_total(draw, kind, since_sub if kind == "sub-total" else since_total,
                               columns, thousands, fmt))
            since_sub = 0
            since_total = 0 if kind == "total" else since_total
    if draw(st.booleans()):
        rows.append(_total(draw, "total", since_total, columns, thousands, fmt))
    return rows


def _mistype(draw: st.DrawFn, rows: list[Line | Total], thousands: bool, fmt: str) -> None:
    """One total or sub-total typed wrong, by a penny to a million pounds either way."""
    totals = [r for r in rows if isinstance(r, Total)]
    if not totals or draw(st.integers(0, 3)) != 0:
        return
    total = draw(st.sampled_from(totals))
    total.wrong = draw(st.integers(1, 10**8)) * draw(st.sampled_from((1, -1)))
    total.amount = _written(total.pence + total.wrong, "number", thousands, fmt)


@st.composite
def returns(draw: st.DrawFn) -> Return:
    fmt = draw(st.sampled_from(("xlsx", "xlsx", "csv", "tsv16")))
    year = draw(st.sampled_from(sorted(YEARS)))
    source_note = draw(st.sampled_from((None, *SOURCE_NOTES)))
    columns = ["year", "body", "cofog", "theme", "amount", "basis", "source", "note"]
    if source_note and draw(st.booleans()):
        columns.remove("source")  # the footnote gives every line its source
    if draw(st.booleans()):
        columns.remove("note")
    columns = draw(st.permutations(columns))
    thousands = draw(st.sampled_from((None, None, "header", "title")))
    headers = {c: draw(st.sampled_from(HEADERS[c])) for c in columns}
    if thousands == "header":
        headers["amount"] = draw(st.sampled_from(IN_THOUSANDS))
    titles = draw(st.lists(st.sampled_from((
        "Total Place: Harrowdale partners' return", "Harrowdale count of public spend",
        "Prepared for the Total Place board")), max_size=2, unique=True))
    if thousands == "title":
        titles.append("All figures in £000")
    band = None
    if fmt == "xlsx" and draw(st.booleans()):
        at = columns.index("amount")
        # Over two or three names, the amount's among them (a band over one name alone:
        # see test_real_returns.py).
        spans = [(first, last) for first in range(len(columns))
                 for last in range(first + 1, min(len(columns), first + 3))
                 if first <= at <= last]
        band = (*draw(st.sampled_from(spans)),
                draw(st.sampled_from(("Expenditure", "2009-10 outturn"))))
    rows = draw(_body(columns, bool(thousands), fmt, source_note is not None))
    _mistype(draw, rows, bool(thousands), fmt)
    footnotes = draw(st.lists(st.sampled_from(NOTES), max_size=2, unique=True))
    if source_note:
        footnotes.insert(draw(st.integers(0, len(footnotes))), f"Source: {source_note}")
    return Return(fmt, year, draw(st.sampled_from(YEARS[year])), columns, headers, titles,
                  band, rows, footnotes, source_note)


# -- writing the return as a file --------------------------------------------------------

def _cells(ret: Return, row: Line | Total) -> list[object]:
    if isinstance(row, Total):
        return [row.label if c == row.at else row.amount if c == "amount" else None
                for c in ret.columns]
    values = {"year": ret.year_written, "body": row.body, "cofog": row.function,
              "theme": row.theme, "amount": row.amount, "basis": row.basis,
              "source": row.source, "note": row.note}
    return [values[c] for c in ret.columns]


def _sheet_rows(ret: Return) -> list[list[object] | None]:
    """The sheet from row 1 (None a blank row); numbers each data row in `ret.numbers`."""
    out: list[list[object] | None] = [[t] for t in ret.titles]
    if ret.titles:
        out.append(None)
    names = [ret.headers[c] for c in ret.columns]
    if ret.band:
        first, last, text = ret.band
        out.append([text if i == first else None if first < i <= last else name
                    for i, name in enumerate(names)])
        out.append([name if first <= i <= last else None for i, name in enumerate(names)])
    else:
        out.append(names)
    for row in ret.rows:
        out.append(_cells(ret, row))
        ret.numbers[len(out)] = row
    if ret.footnotes:
        out.append(None)
    for text in ret.footnotes:
        out.append([text])
        ret.numbers[len(out)] = text
    return out


def _xlsx(ret: Return, rows: list[list[object] | None]) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = SHEET
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row or [], start=1):
            if value is not None:
                ws.cell(number, column, value)
    if ret.band:
        first, last, _ = ret.band
        top = len(ret.titles) + (2 if ret.titles else 1)
        for i in range(len(ret.columns)):
            if not first <= i <= last:
                ws.merge_cells(start_row=top, end_row=top + 1, start_column=i + 1,
                               end_column=i + 1)
        if last > first:
            ws.merge_cells(start_row=top, end_row=top, start_column=first + 1,
                           end_column=last + 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(ret: Return, rows: list[list[object] | None]) -> bytes:
    """As Excel saves it: every row as wide as the table; CSV UTF-8, or 'Unicode Text'."""
    width = len(ret.columns)
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t" if ret.fmt == "tsv16" else ",",
                        lineterminator="\r\n")
    for row in rows:
        cells = ["" if v is None else str(v) for v in (row or [])]
        writer.writerow(cells + [""] * (width - len(cells)))
    return out.getvalue().encode("utf-16" if ret.fmt == "tsv16" else "utf-8")


def as_file(ret: Return) -> tuple[str, bytes]:
    rows = _sheet_rows(ret)
    if ret.fmt == "xlsx":
        return "return.xlsx", _xlsx(ret, rows)
    return ("return.txt" if ret.fmt == "tsv16" else "return.csv"), _text(ret, rows)


# -- the property --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def stores(demo_db: Path, tmp_path_factory: pytest.TempPathFactory):
    """One copy of the demo place to check every return against (checking writes nothing),
    and a way to a fresh one for each return that is imported."""
    folder = tmp_path_factory.mktemp("return_property")
    shutil.copy(demo_db, folder / "check.duckdb")

    def fresh() -> Store:
        shutil.copy(demo_db, folder / "import.duckdb")
        return Store(folder / "import.duckdb")

    with Store(folder / "check.duckdb") as store:
        yield store, fresh


def _accounted(ret: Return, preview: importer.Preview) -> None:
    table = accounts(preview.parsed).set_index("sheet")
    assert list(table.index) == [SHEET]
    row = table.loc[SHEET]
    assert row["rows read"] == row["ready"] + row["skipped"] + row["refused"]
    kinds = {n: (r.kind if isinstance(r, Total) else "footnote")
             for n, r in ret.numbers.items() if not isinstance(r, Line)}
    assert {s.row: s.kind for s in preview.parsed.skipped} == kinds
    assert (row["rows read"], row["ready"], row["skipped"], row["refused"]) == (
        len(ret.numbers), len(ret.lines), len(kinds), 0)


def _refused_at_the_wrong_total(ret: Return, preview: importer.Preview, store: Store
                                ) -> None:
    """Refused at the wrong total's amount and nowhere else; nothing can be imported."""
    letter = get_column_letter(ret.columns.index("amount") + 1)
    assert not preview.ok
    assert [(p.sheet, p.column, p.row, p.category) for p in preview.parsed.problems] == [
        (SHEET, letter, row, "Inconsistent") for row in ret.wrong]
    with pytest.raises(ValueError, match="only a file that passed"):
        importer.commit(store, preview, "return", b"")


def _counted_once_imported(ret: Return, preview: importer.Preview, fresh, name: str,
                           data: bytes) -> None:
    pence = sum(line.pence for line in ret.lines)
    pieces = sum(FUNCTIONS[line.function] for line in ret.lines)
    table = accounts(preview.parsed).set_index("sheet")
    assert (table.loc[SHEET, "lines"], table.loc[SHEET, "amount"]) == (
        pieces, format_gbp_full(pence))
    bodies = sorted({line.code for line in ret.lines})
    with fresh() as store:
        importer.commit(store, preview, name, data)
        stored = store.rows(
            "SELECT l.theme, l.amount_pence, l.source FROM spend_line l JOIN place p "
            "USING (place_id) WHERE p.place_name = ? AND l.year = ? AND l.org_code IN "
            f"({', '.join('?' * len(bodies))})", [PLACE, ret.year, *bodies])
    assert (sum(int(p) for _, p, _ in stored), len(stored)) == (pence, pieces)
    sources = {line.theme: line.source if "source" in ret.columns and line.source
               else ret.source_note for line in ret.lines}
    assert {theme: source for theme, _, source in stored} == sources


def _imports_or_is_refused_where_wrong(stores, ret: Return) -> None:
    store, fresh = stores
    name, data = as_file(ret)
    preview = importer.check_file(store, name, data, PLACE)
    problems = [(p.column, p.row, p.message) for p in preview.parsed.problems]
    _accounted(ret, preview)
    if ret.wrong:
        _refused_at_the_wrong_total(ret, preview, store)
    else:
        assert preview.ok, problems
        _counted_once_imported(ret, preview, fresh, name, data)


FAST = settings(max_examples=25, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LONG = settings(FAST, derandomize=False,
                max_examples=max(500, int(os.environ.get("TOTALPLACE_FUZZ_EXAMPLES", 0))))


@FAST
@given(ret=returns())
def test_any_return_accounts_for_every_row_and_counts_every_pound_once(stores, ret: Return
                                                                      ) -> None:
    _imports_or_is_refused_where_wrong(stores, ret)


@pytest.mark.long
def test_many_returns_account_for_every_row_and_count_every_pound_once(
        stores, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture) -> None:
    if "long" not in (request.config.getoption("markexpr") or ""):  # as in -m "not browser"
        pytest.skip("minutes long: run it with pytest -m long")
    seen = {"returns": 0, "refused at a wrong total": 0}

    @LONG
    @given(ret=returns())
    def run(ret: Return) -> None:
        _imports_or_is_refused_where_wrong(stores, ret)
        seen["returns"] += 1
        seen["refused at a wrong total"] += bool(ret.wrong)  # rows numbered once written

    started = time.monotonic()
    run()
    with capsys.disabled():
        print(f"\ngenerated returns: {seen} in {time.monotonic() - started:.0f} s")
    assert seen["returns"] >= 500
    assert 0 < seen["refused at a wrong total"] < seen["returns"]
