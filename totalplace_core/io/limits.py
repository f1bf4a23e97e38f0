"""What the store can hold, in a template column's terms: the one place the importer's size
limits come from. A column's store type is its kind's (STORE_TYPES) unless the column names
its own (io/spec.py `store`); its bounds are its own range within what that type holds.

Every limit is checked on reading (io/ranges.py), so a file is refused by sheet, column and
row before the store is asked; tests/test_schema_mirror.py holds the spec against the schema
of a fresh store (types, NOT NULL and every CHECK), so a migration cannot add a rule the
check does not know."""

from __future__ import annotations

import re
from decimal import Decimal

STORE_TYPES = {"text": "VARCHAR", "choice": "VARCHAR", "cofog": "VARCHAR", "year": "VARCHAR",
               "money": "BIGINT", "integer": "INTEGER", "decimal": "DOUBLE", "date": "DATE",
               "boolean": "BOOLEAN"}
WHOLE_NUMBER_BITS = {"SMALLINT": 16, "INTEGER": 32, "BIGINT": 64}
BIGINT_MAX = 2**63 - 1
_FIXED_POINT = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")
# Tighter than BIGINT, on purpose: no line of a place is £10 trillion (it is a typo, or pence
# typed as pounds), 10^15 pence is exact in a float (pandas holds a column with a gap as
# floats), and a place's totals are summed as BIGINT (a file's are checked, io/importer.py).
MONEY_LIMIT_GBP = 10**13
# A DOUBLE holds every whole number exactly below 2^53: a measure beyond 10^15 is a typo.
MEASURE_LIMIT = 10**15
# Excel's most characters in a cell: what the app exports can always be opened and read back.
TEXT_LIMIT = 32_767
# No figure in a file has more digits than this before its point (BIGINT has 19): a longer
# one is refused as it is read, before it is ever made an int (int('9' * 10**6) is slow).
NUMBER_DIGITS = 19
NUMBER_CHARS = 64  # the longest text read as a number: '£1,234,567,890,123.45' is 21


def held(store_type: str, kind: str) -> tuple[Decimal, Decimal] | None:
    """The least and most a store type holds, in the column's unit (pounds for money, held
    in pence); None for a type that holds no number."""
    if store_type in WHOLE_NUMBER_BITS:
        most = 2 ** (WHOLE_NUMBER_BITS[store_type] - 1)
        low, high = Decimal(-most), Decimal(most - 1)
        if kind == "money":
            low = max(low / 100, Decimal(-MONEY_LIMIT_GBP))
            high = min(high / 100, Decimal(MONEY_LIMIT_GBP))
        return low, high
    fixed = _FIXED_POINT.fullmatch(store_type)
    if fixed:
        digits, places = int(fixed[1]), int(fixed[2])
        most = Decimal(10) ** (digits - places) - Decimal(10) ** -places
        return -most, most
    if store_type == "DOUBLE":
        return Decimal(-MEASURE_LIMIT), Decimal(MEASURE_LIMIT)
    return None
