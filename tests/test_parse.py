"""Reading one cell: forgiving where intent is clear, precise about what is wrong."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from totalplace_core.io import parse


@pytest.mark.parametrize(("typed", "pounds"), [
    ("£1,234", "1234"), ("1.2m", "1200000"), ("(500)", "-500"), ("-12.50", "-12.50"),
    ("£2.5bn", "2500000000"), ("12k", "12000"), (1234.5, "1234.5"), (" £ 1,000 ", "1000"),
])
def test_money(typed: object, pounds: str) -> None:
    assert parse.money(typed) == Decimal(pounds)


def test_money_in_thousands_and_nonsense() -> None:
    assert parse.money("1,234", thousands=True) == Decimal("1234000")
    with pytest.raises(parse.CellError, match="not an amount"):
        parse.money("about 5k")


@pytest.mark.parametrize(("typed", "code"), [
    ("07.3", "07.3"), ("7.3", "07.3"), ("Hospital services", "07.3"),
    ("hospital SERVICES", "07.3"), ("10.2 Old age", "10.2"),
])
def test_cofog(typed: str, code: str) -> None:
    assert parse.cofog(typed) == code


@pytest.mark.parametrize(("typed", "year"), [
    ("2009-10", "2009-10"), ("2009/10", "2009-10"), ("2009-2010", "2009-10"),
    ("09-10", "2009-10"), ("1999-00", "1999-00"),
])
def test_financial_years(typed: str, year: str) -> None:
    assert parse.year(typed) == year


@pytest.mark.parametrize(("typed", "day"), [
    ("2009-04-06", date(2009, 4, 6)), ("06/04/2009", date(2009, 4, 6)),
    (datetime(2009, 4, 6, 0, 0), date(2009, 4, 6)), (39909, date(2009, 4, 6)),
    ("6 April 2009", date(2009, 4, 6)),
])
def test_dates_as_text_or_excel_dates(typed: object, day: date) -> None:
    assert parse.day(typed) == day


def test_text_undoes_our_own_formula_guard() -> None:
    assert parse.text("'=SUM(A1)") == "=SUM(A1)"
    assert parse.text("  two   spaces ") == "two spaces"
