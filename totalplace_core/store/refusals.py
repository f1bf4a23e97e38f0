"""A write the database refused, said in words: the guard around an import's commit (and its
undo). The importer checks every rule of the schema first (io/ranges.py, io/limits.py, held
against the schema by tests/test_schema_mirror.py); this is for a rule it was not told
about. The transaction inside has rolled back: nothing of the write is kept."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from totalplace_core.store.errors import DB_ERRORS, StoreError


class WriteRefused(StoreError):
    """A write the database refused (a rule of its schema, a value it cannot hold): rolled
    back whole, and said in words, never as a traceback."""


# Each engine's own words for what it refused (DuckDB's, then PostgreSQL's), and ours. The
# importer checks every rule first (io/ranges.py, io/limits.py); this is the guard for one it
# was not told about.
_REFUSALS = (
    (re.compile(r"CHECK constraint failed on table (\w+) with expression CHECK\(\((.*)\)\)"),
     "a value breaks the rule {2} of the {1} table"),
    (re.compile(r"NOT NULL constraint failed: (\w+)\.(\w+)"),
     "{2} is empty on a row of the {1} table, and the database needs it"),
    (re.compile(r'Duplicate key "(.*)" violates (?:unique|primary key) constraint'),
     "a row repeats one already held ({1})"),
    (re.compile(r"value (\S+) can't be cast because the value is out of range for the "
                r"destination type (\w+)"),
     "{1} is too large for the database (it holds {2})"),
    (re.compile(r"Could not cast value (\S+) to (DECIMAL\(\d+,\d+\))"),
     "{1} is too large for the database (it holds {2})"),
    (re.compile(r"Overflow in (\w+)"), "a total is too large for the database (overflow "
                                        "in {1})"),
    (re.compile(r'new row for relation "(\w+)" violates check constraint "(\w+)"'),
     "a value breaks the rule {2} of the {1} table"),
    (re.compile(r'null value in column "(\w+)" of relation "(\w+)" violates not-null'),
     "{1} is empty on a row of the {2} table, and the database needs it"),
    (re.compile(r'duplicate key value violates unique constraint "(\w+)"'),
     "a row repeats one already held ({1})"),
    (re.compile(r'value "?([^"\s]+)"? is out of range for type (\w+)'),
     "{1} is too large for the database (it holds {2})"),
    (re.compile(r"(\w+) out of range|numeric field overflow"),
     "a value or total is too large for the database ({0})"),
    (re.compile(r"[Cc]onflict|could not serialize|deadlock detected"),
     "another write changed the same rows at the same moment; try again"),
)


_HOLDS = {"INT16": "whole numbers up to 32,767", "INT32": "whole numbers up to 2,147,483,647",
          "INT64": "whole numbers up to 9,223,372,036,854,775,807"}
_HOLDS |= {"smallint": _HOLDS["INT16"], "integer": _HOLDS["INT32"], "bigint": _HOLDS["INT64"]}
_FIXED = re.compile(r"DECIMAL\((\d+),(\d+)\)")


def _holds(type_name: str) -> str:
    fixed = _FIXED.fullmatch(type_name)
    if fixed:
        return f"numbers of up to {int(fixed[1]) - int(fixed[2])} digits before the point"
    return _HOLDS.get(type_name, type_name)


def in_words(exc: BaseException) -> str:
    """What the database refused, in a sentence a finance officer can act on."""
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    for pattern, words in _REFUSALS:
        found = pattern.search(message)
        if found:
            parts = [found[0], *found.groups()]
            return words.format(*parts[:2], *map(_holds, parts[2:]))
    detail = message.split(": ", 1)[-1]
    return f"the database refused it ({detail[:200]})"


@contextmanager
def refused_in_words(nothing: str) -> Iterator[None]:
    """Any error of the database inside, around a transaction that has rolled back, as a
    WriteRefused reading '<nothing>: <the reason in words>'."""
    try:
        yield
    except StoreError:
        raise
    except (*DB_ERRORS, OverflowError) as exc:  # OverflowError: an int pandas cannot hold
        raise WriteRefused(f"{nothing}: {in_words(exc)}.") from exc


