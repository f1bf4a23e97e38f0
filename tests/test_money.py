from decimal import Decimal

import pytest

from totalplace_core import money
from totalplace_core.money import (
    format_gbp,
    format_gbp_full,
    format_per_head,
    gbp_from_pence,
    pence_from_gbp_text,
)


@pytest.mark.parametrize(("pence", "shown"), [
    (231_456_000_000, "£2.31bn"),
    (84_523_000_000, "£845.2m"),
    (1_234_000, "£12.3k"),
    (95_000, "£950"),
    (-120_000_000, "-£1.2m"),
    (0, "£0"),
])
def test_short_form_follows_uk_conventions(pence: int, shown: str) -> None:
    assert format_gbp(pence) == shown


def test_exact_forms() -> None:
    assert format_gbp_full(123_456_789) == "£1,234,567.89"
    assert format_gbp_full(100_000) == "£1,000"
    assert format_per_head(812_349) == "£8,123"


def test_pence_are_exact_not_floats() -> None:
    assert pence_from_gbp_text("0.1") + pence_from_gbp_text("0.2") == pence_from_gbp_text("0.3")
    assert pence_from_gbp_text("1234567.895") == 123_456_790
    assert gbp_from_pence(12_345) == Decimal("123.45")
    with pytest.raises(ValueError, match="not an amount"):
        pence_from_gbp_text("12 apples")


# -- one parser for every amount a person or a spreadsheet gives ----------------------------
@pytest.mark.parametrize(("given", "pounds"), [
    ("£1,234", "1234"), ("(£1,234)", "-1234"), ("-500", "-500"), ("1.2m", "1200000"),
    ("350k", "350000"), ("£2bn", "2000000000"), (" 12.50 ", "12.50"), (1234.5, "1234.50"),
    (1234.567, "1234.57"), (Decimal("7"), "7.00")])
def test_amounts_read_the_same_everywhere(given: object, pounds: str) -> None:
    assert money.parse_gbp(given) == Decimal(pounds)


@pytest.mark.parametrize("given", ["£1,234.567", "lots", "(500", "1e9", "", None, True,
                                   float("nan"), float("inf")])
def test_what_is_not_an_amount_is_refused(given: object) -> None:
    with pytest.raises(money.AmountError):
        money.parse_gbp(given)


def test_the_importer_and_the_wall_agree() -> None:
    from totalplace_core.io import parse
    from totalplace_core.wall.edits import parse_amount
    from totalplace_core.wall.errors import WallInputError

    assert parse.money("£1,250,000.50") * 100 == parse_amount("£1,250,000.50")
    for typed in ("£1,234.567", "lots"):
        with pytest.raises(parse.CellError):
            parse.money(typed)
        with pytest.raises(WallInputError):
            parse_amount(typed)
