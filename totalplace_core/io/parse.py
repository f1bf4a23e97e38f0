"""Reading one cell, forgiving where the intent is clear: '£1,234', '1.2m', '(500)',
'7.1' or 'Hospital services' for COFOG 07.3, '2009/10', Excel dates and UK dd/mm/yyyy."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from totalplace_core.classifications import COFOG_DIVISIONS, COFOG_GROUPS
from totalplace_core.io.limits import NUMBER_CHARS, NUMBER_DIGITS
from totalplace_core.money import AmountError, parse_gbp

MISSING, FORMAT, CODE, INCONSISTENT, DUPLICATE = (
    "Missing", "Wrong format", "Unknown code", "Inconsistent", "Duplicate")


class CellError(ValueError):
    def __init__(self, category: str, message: str, advice: str = "") -> None:
        super().__init__(message)
        self.category, self.message, self.advice = category, message, advice


TOO_LARGE = ("is far too large a number",
             f"No figure in the template has more than {NUMBER_DIGITS} digits before its point.")


def _too_large(value: object) -> bool:
    """A number no column holds, found without making it an int (int() of 1e999999999
    would take minutes): more than NUMBER_DIGITS digits before its point, or a text longer
    than any number is written."""
    if isinstance(value, str):
        return len(value.strip()) > NUMBER_CHARS
    if isinstance(value, int):
        return value.bit_length() > 4 * NUMBER_DIGITS
    if isinstance(value, float):
        return math.isfinite(value) and abs(value) >= 10.0**NUMBER_DIGITS
    if isinstance(value, Decimal):
        return value.is_finite() and value != 0 and value.adjusted() >= NUMBER_DIGITS
    return False


def money(value: object, thousands: bool = False) -> Decimal:
    """Pounds, exact (money.parse_gbp, the app's one parser), as a cell problem if not."""
    if _too_large(value):
        raise CellError(FORMAT, *TOO_LARGE)
    try:
        pounds = parse_gbp(value, thousands)
    except AmountError as exc:
        raise CellError(FORMAT, exc.message, exc.advice) from exc
    except ArithmeticError as exc:  # more digits than a Decimal keeps to round to the penny
        raise CellError(FORMAT, *TOO_LARGE) from exc
    if _too_large(pounds):  # '1.2bn' in £000
        raise CellError(FORMAT, *TOO_LARGE)
    return pounds


NOT_COFOG = "is not a COFOG group or name"
# Compiled once: these run for every cell of a column.
_COFOG_CODE = re.compile(r"^(\d{1,2})\.(\d)\b")
_COFOG_DIVISION = re.compile(r"\d{1,2}")
_COFOG_BY_NAME = {name.lower(): code for code, name in COFOG_GROUPS.items()}
_YEAR = re.compile(r"(\d{2}|\d{4})\s*[-/–]\s*(\d{2}|\d{4})")
_SPACES = re.compile(r"\s+")


def cofog(value: object) -> str:
    text = str(value).strip()
    match = _COFOG_CODE.match(text)
    if match:
        code = f"{int(match[1]):02d}.{match[2]}"
        if code in COFOG_GROUPS:
            return code
        raise CellError(CODE, "is not a COFOG group", "Groups run 01.1 to 10.9; see the "
                        "COFOG sheet of the template.")
    if text.lower() in _COFOG_BY_NAME:
        return _COFOG_BY_NAME[text.lower()]
    if _COFOG_DIVISION.fullmatch(text) and f"{int(text):02d}" in COFOG_DIVISIONS:
        raise CellError(CODE, "is a COFOG division, not a group",
                        "Give the group, e.g. 07.3 rather than 07.")
    raise CellError(CODE, NOT_COFOG,
                    "Use a code such as 07.3 or a name such as Hospital services.")


def year(value: object) -> str:
    """'2009-10' from 2009-10, 2009/10, 2009-2010, 09/10."""
    text = str(value).strip()
    match = _YEAR.fullmatch(text)
    if match:
        start = int(match[1]) if len(match[1]) == 4 else 2000 + int(match[1])
        end = int(match[2][-2:])
        if (start + 1) % 100 == end:
            return f"{start}-{end:02d}"
    raise CellError(FORMAT, "is not a financial year", "Write it as 2009-10.")


def choice(value: object, choices: tuple[str, ...]) -> str:
    text = _SPACES.sub(" ", str(value).strip())
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
    if _too_large(value):
        raise CellError(FORMAT, *TOO_LARGE)
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation as exc:
        raise CellError(FORMAT, "is not a number", "Write digits only, e.g. 12.5.") from exc
    if not number.is_finite():  # 'inf' and 'nan' are Decimals, but no count or measure
        raise CellError(FORMAT, "is not a number", "Write digits only, e.g. 12.5.")
    if _too_large(number):  # '1e999999999': checked before anything makes it an int
        raise CellError(FORMAT, *TOO_LARGE)
    return number


def boolean(value: object) -> bool:
    text = str(value).strip().lower()
    if text in {"true", "yes", "y", "1"}:
        return True
    if text in {"false", "no", "n", "0"}:
        return False
    raise CellError(FORMAT, "is not yes or no", "Write yes or no.")


EXCEL_DAYS = (1, 2_958_465)  # the days Excel numbers, the last 9999-12-31


def day(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):  # an Excel serial
        if not (math.isfinite(value) and EXCEL_DAYS[0] <= value < EXCEL_DAYS[1] + 1):
            raise CellError(FORMAT, "is not a date", "Give a day from 1900 to 9999, written "
                            "as 2009-04-06 or 06/04/2009.")
        return date(1899, 12, 30) + timedelta(days=int(value))
    text = _ORDINAL.sub(r"\1", _SPACES.sub(" ", str(value).strip()))
    for pattern in _DAY_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(FORMAT, "is not a date", "Write it as 2009-04-06 or 06/04/2009.")


# Day first wherever day and month are both numbers, as in the UK: 06-04-2009 is 6 April.
# The year-first forms are ISO's; a time of midnight is what a CSV of Excel dates carries.
_DAY_FORMATS = (
    "%Y-%m-%d", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S",
    "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d-%m-%y", "%d.%m.%Y", "%d.%m.%y",
    "%d %B %Y", "%d %b %Y", "%d %B, %Y", "%d %b, %Y", "%d-%b-%Y", "%d-%b-%y",
    "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%A %d %B %Y", "%a %d %b %Y",
)
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.I)


def text(value: object) -> str:
    cleaned = _SPACES.sub(" ", str(value)).strip()
    # An apostrophe our CSV export put before =, +, - or @ to stop a spreadsheet running it.
    if cleaned[:1] == "'" and cleaned[1:2] in ("=", "+", "-", "@"):
        return cleaned[1:]
    return cleaned


_PARSERS: dict[str, Callable[[object], object]] = {
    "text": text, "cofog": cofog, "year": year, "integer": integer,
    "decimal": decimal, "boolean": boolean, "date": day,
}


def cell(kind: str, value: object, choices: tuple[str, ...] = (),
         thousands: bool = False) -> object:
    """Parse one non-empty cell by the column's kind."""
    if kind == "money":
        return money(value, thousands)
    if kind == "choice":
        return choice(value, choices)
    return _PARSERS[kind](value)


# -- a whole column at once: the importer's path -----------------------------------------
# Same answers as `cell` for every value, faster for the common case. A column repeats a
# few texts (years, codes, bases, sources) thousands of times, so each distinct text is
# parsed once (the parsers are pure), and text that needs no cleaning is kept as it is.
# Only exact `str` values are remembered: 1, 1.0 and True are equal as dict keys but do not
# parse alike.

BLANK = object()  # an empty cell: None, or text that is only spaces
_UNSEEN = object()


def _plain_text(value: str) -> bool:
    """Text that `text` would return unchanged: printable (so no whitespace but the ASCII
    space), no double space, nothing to strip, no formula guard to undo."""
    return (value[:1] not in ("", " ", "'") and value[-1:] != " " and "  " not in value
            and value.isprintable())


def _one(parse_one: Callable[[object], object], value: object) -> object:
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return BLANK
    try:
        return parse_one(value)
    except CellError as err:
        return err


def column(kind: str, values: Sequence[object], choices: tuple[str, ...] = (),
           thousands: bool = False,
           parser: Callable[[object], object] | None = None) -> list[object]:
    """`cell` over a column: per value, what it parses to, BLANK for an empty cell, or the
    CellError it raised (returned, so one bad cell does not stop the rest being read).
    `parser`, when given, reads each non-empty cell instead (a COFOG cell that may hold a
    CIPFA line)."""
    if parser is not None:
        parse_one = parser
    elif kind == "money":
        def parse_one(value: object) -> object:
            return money(value, thousands)
    elif kind == "choice":
        def parse_one(value: object) -> object:
            return choice(value, choices)
    else:
        parse_one = _PARSERS[kind]
    memo: dict[str, object] = {}
    results = []
    add = results.append
    for value in values:
        if value is None:
            add(BLANK)
        elif value.__class__ is str:
            found = memo.get(value, _UNSEEN)
            if found is _UNSEEN:
                found = value if kind == "text" and _plain_text(value) else _one(parse_one,
                                                                                   value)
                memo[value] = found
            add(found)
        else:
            add(_one(parse_one, value))
    return results
