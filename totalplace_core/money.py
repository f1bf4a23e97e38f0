"""Money as integer pence: parsed exactly from text, shown with UK conventions."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENCE_PER_POUND = 100


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
