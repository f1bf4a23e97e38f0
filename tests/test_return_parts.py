"""The parts of reading a real return, one at a time: the money and date forms officers
write, encodings, merged header cells, body names, CIPFA splits to the penny, totals rows
that are lines, footnotes, and two header cells for one column."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from totalplace_core.io import cipfa, parse, read, row_kinds
from totalplace_core.io.bodies import BodyMatcher
from totalplace_core.io.layout import find_layout
from totalplace_core.io.names import name_key
from totalplace_core.io.spec import SHEET_BY_NAME
from totalplace_core.io.validate import parse_book
from totalplace_core.money import AmountError, parse_gbp


@pytest.mark.parametrize(("typed", "pounds"), [
    ("−500", "-500"), ("\u2013500", "-500"), ("£1.2 million", "1200000"), ("1,234-", "-1234"),
    ("£-500", "-500"), ("-£500", "-500"), ("GBP 1,000", "1000"), ("2 billion", "2000000000"),
    ("1.5mn", "1500000"), ("12 thousand", "12000"), ("(£1,234.50)", "-1234.50"),
])
def test_amounts_as_officers_write_them(typed: str, pounds: str) -> None:
    assert parse_gbp(typed) == Decimal(pounds)


@pytest.mark.parametrize("typed", ["--5", "(−5)", "5--", "-5-", "£1.2 millions", "five"])
def test_amounts_that_say_two_things_are_refused(typed: str) -> None:
    with pytest.raises(AmountError):
        parse_gbp(typed)


@pytest.mark.parametrize("typed", ["06-04-2009", "2009/04/06", "April 6, 2009", "6th April 2009",
                                   "06-Apr-2009", "2009-04-06 00:00:00", "06.04.2009",
                                   "Monday 6 April 2009", "6/4/09"])
def test_dates_day_first_in_every_form(typed: str) -> None:
    assert parse.day(typed) == date(2009, 4, 6)


def test_a_day_that_does_not_exist_is_refused() -> None:
    with pytest.raises(parse.CellError):
        parse.day("31/02/2009")


TEXT = "Financial year\tOrganisation code\tAmount (£)\n2009-10\tHMBC\t−500\n"


@pytest.mark.parametrize(("encoding", "said"), [("utf-16", None), ("utf-16-le", "UTF-16"),
                                                ("utf-8", None)])
def test_unicode_text_csvs_are_read(encoding: str, said: str | None) -> None:
    book = read.read_book("return.txt", TEXT.encode(encoding))
    assert book.sheets[0].rows[1][1] == ("2009-10", "HMBC", "−500")
    assert bool(book.notices) == bool(said) and (not said or said in book.notices[0])


def test_windows_1252_keeps_the_pound_sign() -> None:
    book = read.read_book("return.csv", TEXT.replace("−", "-").encode("cp1252"))
    assert book.sheets[0].rows[0][1][2] == "Amount (£)"
    assert "Windows-1252" in book.notices[0]


def _workbook(rows: list[list[object]], merges: tuple[str, ...] = ()) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = "Spend lines"
    for row in rows:
        ws.append(row)
    for span in merges:
        ws.merge_cells(span)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_header_over_two_rows_with_merged_cells_names_every_column() -> None:
    data = _workbook([["Body", "Service", "Expenditure £000", None, None, None],
                      [None, None, "Financial year", "Basis", "Value", "Source"],
                      ["HMBC", "07.3", "2009-10", "actual", 12, "Accounts"]],
                     ("A1:A2", "B1:B2", "C1:F1"))
    raw = read.read_book("r.xlsx", data).sheets[0]
    assert raw.merges == [(1, 1, 2, 1), (1, 2, 2, 2), (1, 3, 1, 6)] or \
        sorted(raw.merges) == [(1, 1, 2, 1), (1, 2, 2, 2), (1, 3, 1, 6)]
    layout = find_layout(SHEET_BY_NAME["Spend lines"], raw)
    assert layout.header_row == 2 and layout.thousands == {"amount_gbp"}
    assert {n: i for n, (i, _) in layout.columns.items()} == {
        "org_code": 0, "theme": 1, "year": 2, "basis": 3, "amount_gbp": 4, "source": 5}


def test_two_headers_for_one_column_are_refused_at_the_header() -> None:
    parsed = parse_book(read.read_book("r.xlsx", _workbook([
        ["Financial year", "Organisation code", "COFOG group", "Net expenditure", "Value",
         "Basis", "Source"], ["2009-10", "HMBC", "07.3", 1, 1, "actual", "Accounts"]])))
    [problem] = parsed.problems
    assert (problem.column, problem.row, problem.value) == ("E", 1, "Value")
    assert "Net expenditure" in problem.message


@pytest.mark.parametrize(("values", "kind"), [
    (("Sub-total: NHS bodies", None, None, 2234), "sub-total"),
    (("Grand total", None, None, "£1,734"), "total"),
    (("Totals", 5, 6), "total"),
    ((None, "Subtotal", None, 12), "sub-total"),
])
def test_totals_rows_carry_no_line_of_their_own(values: tuple, kind: str) -> None:
    assert row_kinds.is_total_row(values, [1, 2])[0] == kind


@pytest.mark.parametrize("values", [
    ("2009-10", "HMBC", "07.3", 5, "Total Place deep-dive theme: health"),
    ("Total Place pilot: Harrowdale", "HMBC", None, 5),
    ("Totally", None, None, 5),
    ("Total", "2009-10", None, 5),
])
def test_a_row_with_a_line_of_its_own_is_a_line(values: tuple) -> None:
    assert row_kinds.is_total_row(values, [0, 1]) is None


def test_footnotes_are_the_one_cell_notes_under_the_table() -> None:
    rows = [(5, ("2009-10", "HMBC", 1)), (6, ("HPCT",)), (8, ("Source: HMBC finance, 2010",)),
            (9, ("* Figures are provisional",))]
    assert row_kinds.footnote_rows(rows) == [2, 3]
    assert row_kinds.source_from("Source: HMBC finance, 2010") == "HMBC finance, 2010"


BODIES = {"HMBC": "Harrowdale Metropolitan Borough Council", "NHSH": "NHS Harrowdale",
          "HFRA": "Harrowdale Fire and Rescue Authority", "HPCT": "Harrowdale Primary Care Trust",
          "RMBC": "Rivermouth Metropolitan Borough Council"}


@pytest.mark.parametrize(("written", "code"), [
    ("Harrowdale MBC", "HMBC"), ("NHS  Harrowdale ", "NHSH"), ("hmbc", "HMBC"),
    ("Harrowdale Fire & Rescue Authority", "HFRA"), ("Harrowdale PCT", "HPCT"),
    ("Harrowdale Metropolitan Borough Counci", "HMBC"), ("Rivermouth M.B.C.", "RMBC"),
    ("Rivermouth Borough", None),
])
def test_bodies_by_name_and_close_variants(written: str, code: str | None) -> None:
    found = BodyMatcher(BODIES).match(written)
    assert (found[0] if isinstance(found, tuple) else None) == code


def test_an_unknown_body_is_refused_with_the_nearest_names() -> None:
    refusal = BodyMatcher(BODIES).match("Harrowdale Council")
    assert "Harrowdale Metropolitan Borough Council (HMBC)" in refusal.advice


def test_name_keys_ignore_case_spacing_and_abbreviations() -> None:
    assert name_key(" Rivermouth  MBC ") == name_key("rivermouth metropolitan borough council")
    assert name_key("Health & Care") == name_key("health and care")


@settings(max_examples=200, deadline=None)
@given(st.integers(-10**15, 10**15),
       st.lists(st.integers(1, 9_999), min_size=1, max_size=5))
def test_a_split_adds_up_to_the_penny(pence: int, cuts: list[int]) -> None:
    edges = sorted({*cuts, 0, cipfa.BASIS_POINTS})
    parts = tuple((f"0{i}.1", b - a) for i, (a, b) in enumerate(pairwise(edges)))
    shares = cipfa.split_pence(pence, parts)
    assert sum(shares) == pence
    assert all(abs(s - Fraction(pence * p, cipfa.BASIS_POINTS)) < 1
               for s, (_, p) in zip(shares, parts, strict=True))


def test_the_shipped_cipfa_table_converts_and_splits() -> None:
    table = cipfa.shipped_table()
    line = table[cipfa.line_key("Childrens & Education services")]
    assert [code for code, _ in line.parts] == ["09.1", "09.2", "10.4"]
    assert sum(p for _, p in line.parts) == cipfa.BASIS_POINTS
    assert table[cipfa.line_key("Housing Services (GFRA only)")].parts == (("10.6", 10_000),)


def test_a_spanning_line_with_no_shares_is_refused_at_its_cell() -> None:
    table, faults = cipfa.table_from_sheet([(1, cipfa.HEADERS),
                                            (2, ("Central Services", "01.1", None, None)),
                                            (3, ("Central Services", "01.3", None, None))])
    assert faults == []
    with pytest.raises(parse.CellError, match=r"spans COFOG groups 01\.1, 01\.3"):
        cipfa.reader(table)("Central Services")
