"""Reading one cell, forgiving where the intent is clear: '£1,234', '1.2m', '(500)',
'7.1' or 'Hospital services' for COFOG 07.3, '2009/10', Excel dates and UK dd/mm/yyyy."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from totalplace_core.classifications import COFOG_DIVISIONS, COFOG_GROUPS
from totalplace_core.money import AmountError, parse_gbp

MISSING, FORMAT, CODE, INCONSISTENT, DUPLICATE = (
    "Missing", "Wrong format", "Unknown code", "Inconsistent", "Duplicate")


class CellError(ValueError):
    def __init__(self, category: str, message: str, advice: str = "") -> None:
        super().__init__(message)
        self.category, self.message, self.advice = category, message, advice


def money(value: object, thousands: bool = False) -> Decimal:
    """Pounds, exact (money.parse_gbp, the app's one parser), as a cell problem if not."""
    try:
        return parse_gbp(value, thousands)
    except AmountError as exc:
        raise CellError(FORMAT, exc.message, exc.advice) from exc


def cofog(value: object) -> str:
    text = str(value).strip()
    match = re.match(r"^(\d{1,2})\.(\d)\b", text)
    if match:
        code = f"{int(match[1]):02d}.{match[2]}"
        if code in COFOG_GROUPS:
            return code
        raise CellError(CODE, "is not a COFOG group", "Groups run 01.1 to 10.9; see the "
                        "COFOG sheet of the template.")
    by_name = {name.lower(): code for code, name in COFOG_GROUPS.items()}
    if text.lower() in by_name:
        return by_name[text.lower()]
    if re.fullmatch(r"\d{1,2}", text) and f"{int(text):02d}" in COFOG_DIVISIONS:
        raise CellError(CODE, "is a COFOG division, not a group",
                        "Give the group, e.g. 07.3 rather than 07.")
    raise CellError(CODE, "is not a COFOG group or name",
                    "Use a code such as 07.3 or a name such as Hospital services.")


def year(value: object) -> str:
    """'2009-10' from 2009-10, 2009/10, 2009-2010, 09/10."""
    text = str(value).strip()
    match = re.fullmatch(r"(\d{2}|\d{4})\s*[-/–]\s*(\d{2}|\d{4})", text)
    if match:
        start = int(match[1]) if len(match[1]) == 4 else 2000 + int(match[1])
        end = int(match[2][-2:])
        if (start + 1) % 100 == end:
            return f"{start}-{end:02d}"
    raise CellError(FORMAT, "is not a financial year", "Write it as 2009-10.")


def choice(value: object, choices: tuple[str, ...]) -> str:
    text = re.sub(r"\s+", " ", str(value).strip())
    for option in choices:
        if text.lower() == option.lower():
            return option
    raise CellError(CODE, "is not one of the allowed values",
                    "Choose from: " + ", ".join(choices) + ".")


def integer(value: object) -> int:
    number = decimal(value)
    if number != number.to_integral_value():
        raise CellError(FORMAT, "is not a whole number", "Remove the decimals.")
    return int(number)


def decimal(value: object) -> Decimal:
    if isinstance(value, bool):
        raise CellError(FORMAT, "is not a number")
    try:
        return Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation as exc:
        raise CellError(FORMAT, "is not a number", "Write digits only, e.g. 12.5.") from exc


def boolean(value: object) -> bool:
    text = str(value).strip().lower()
    if text in {"true", "yes", "y", "1"}:
        return True
    if text in {"false", "no", "n", "0"}:
        return False
    raise CellError(FORMAT, "is not yes or no", "Write yes or no.")


def day(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):  # an Excel serial number
        return date(1899, 12, 30) + timedelta(days=int(value))
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(FORMAT, "is not a date", "Write it as 2009-04-06 or 06/04/2009.")


def text(value: object) -> str:
    cleaned = re.sub(r"\s+", " ", str(value)).strip()
    # An apostrophe our CSV export put before =, +, - or @ to stop a spreadsheet running it.
    if cleaned[:1] == "'" and cleaned[1:2] in ("=", "+", "-", "@"):
        return cleaned[1:]
    return cleaned


def cell(kind: str, value: object, choices: tuple[str, ...] = (),
         thousands: bool = False) -> object:
    """Parse one non-empty cell by the column's kind."""
    parsers = {
        "text": text, "cofog": cofog, "year": year, "integer": integer,
        "decimal": decimal, "boolean": boolean, "date": day,
    }
    if kind == "money":
        return money(value, thousands)
    if kind == "choice":
        return choice(value, choices)
    return parsers[kind](value)
