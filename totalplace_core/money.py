"""Money as integer pence: parsed exactly from text, shown with UK conventions."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENCE_PER_POUND = 100
_SCALE = {"": 1, "k": 1_000, "thousand": 1_000, "m": 1_000_000, "mn": 1_000_000,
          "million": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000,
          "billion": 1_000_000_000}
# A minus as people and programs write it: hyphen, the Unicode minus (U+2212) and the dashes
# word processors substitute, before or after the pound sign, or after the number as ledger
# exports write a credit ('1,234-').
_MINUS = "-\u2212\u2013\u2012\ufe63\uff0d"
_AMOUNT = re.compile(
    rf"^(?P<sign>[{_MINUS}])?(?:gbp|£)?(?P<sign2>[{_MINUS}])?"
    r"(?P<num>\d[\d,]*(\.\d+)?|\.\d+)"
    r"(?P<scale>k|thousand|mn|million|m|bn|billion|b)?"
    rf"(?P<trail>[{_MINUS}])?$")
_PENNY = Decimal("0.01")
AMOUNT_ADVICE = ("Write a number such as 1234.56, £1,234, (500), -500 or £1.2 million; no "
                 "other words or notes.")


class AmountError(ValueError):
    """Not an amount of money: `message` says what is wrong, `advice` how to write it."""

    def __init__(self, message: str, advice: str = AMOUNT_ADVICE) -> None:
        super().__init__(message)
        self.message, self.advice = message, advice


def parse_gbp(value: object, thousands: bool = False) -> Decimal:
    """Pounds, exact, from what a person typed or a spreadsheet cell held: the one money
    parser of the app (the importer and the wall's editor both use it).

    Forgiving where the intent is clear: '£1,234', '1.2m', '£1.2 million', '350k', '£2bn';
    '(500)', '-500', '−500' (the Unicode minus) and '1,234-' (a ledger's credit) for a
    negative; spaces anywhere. `thousands` when the sheet says its figures are in £000.
    Typed text with fractions of a penny is refused (a typo more often than not); a number
    from a spreadsheet cell is rounded to the penny, since a binary float cannot hold pennies
    exactly and formulas leave long tails."""
    if isinstance(value, bool) or value is None:
        raise AmountError("is not an amount in pounds")
    if isinstance(value, int | float | Decimal):
        pounds = Decimal(str(value))
        if not pounds.is_finite():
            raise AmountError("is not a finite amount")
        pounds = pounds * 1000 if thousands else pounds
        return pounds.quantize(_PENNY, rounding=ROUND_HALF_UP)
    text = str(value).replace(" ", "").replace("\u00a0", "").lower()
    negative = text.startswith("(") and text.endswith(")")
    match = _AMOUNT.match(text[1:-1] if negative else text)
    if not match:
        raise AmountError("is not an amount in pounds")
    pounds = Decimal(match["num"].replace(",", "")) * _SCALE[match["scale"] or ""]
    signs = sum(1 for part in ("sign", "sign2", "trail") if match[part]) + negative
    if signs > 1:
        raise AmountError("has more than one minus sign")
    pounds = -pounds if signs else pounds
    pounds = pounds * 1000 if thousands else pounds
    if pounds != pounds.quantize(_PENNY):
        raise AmountError("has fractions of a penny", "Round it to the penny: 1234.57, not "
                          "1234.567.")
    return pounds


def pence_from_gbp_text(text: str) -> int:
    """'1234.56' -> 123456. Strict: for files the app itself wrote (demo, exports)."""
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, AttributeError) as exc:
        raise ValueError(f"not an amount in pounds: {text!r}") from exc
    return pence_from_decimal(value)


def pence_from_decimal(value: Decimal) -> int:
    return int((value * PENCE_PER_POUND).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def gbp_from_pence(pence: int) -> Decimal:
    return Decimal(int(pence)) / PENCE_PER_POUND


def format_gbp(pence: int | float, digits: int = 1) -> str:
    """Short UK form for headlines: £2.31bn, £845.2m, £12.3k, £950. Negative as -£1.2m."""
    pounds = Decimal(round(pence)) / PENCE_PER_POUND
    sign = "-" if pounds < 0 else ""
    pounds = abs(pounds)
    for threshold, suffix, extra in ((Decimal(10**9), "bn", 1), (Decimal(10**6), "m", 0),
                                     (Decimal(10**3), "k", 0)):
        if pounds >= threshold:
            shown = (pounds / threshold).quantize(Decimal(1).scaleb(-(digits + extra)),
                                                  rounding=ROUND_HALF_UP)
            return f"{sign}£{shown:,}{suffix}"
    return f"{sign}£{pounds.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"


def format_change(pence: int) -> str:
    """A change with its sign: +£95.0m, -£1.2m."""
    return ("+" if pence > 0 else "") + format_gbp(pence)


def format_gbp_full(pence: int) -> str:
    """Exact, for tables and factsheets: £1,234,567.89 (pence dropped when whole)."""
    pounds = gbp_from_pence(pence)
    sign = "-" if pounds < 0 else ""
    pounds = abs(pounds)
    if pounds == pounds.to_integral_value():
        return f"{sign}£{int(pounds):,}"
    return f"{sign}£{pounds:,.2f}"


def format_per_head(pence: int | float) -> str:
    """Per-head figures are shown to the pound: £8,123."""
    pounds = (Decimal(round(pence)) / PENCE_PER_POUND).quantize(Decimal(1),
                                                                    rounding=ROUND_HALF_UP)
    return f"-£{abs(pounds):,}" if pounds < 0 else f"£{pounds:,}"


def format_pct(share: float, digits: int = 0) -> str:
    return f"{share:.{digits}f}%"
