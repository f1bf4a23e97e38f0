"""A write transaction on the shared PostgreSQL store, spoken to as the DuckDB cursor the store's
write code already uses: `?` and `$name` parameters, `fetchall`/`fetchone`/`df`, frames
registered by name and inserted by column name.

The store's write SQL is kept to what both engines read alike (explicit column lists, GROUP
BY columns, FILTER (WHERE ...)); what differs is here, in one place: placeholders become
PostgreSQL's `$n` (psycopg's RawCursor), a registered frame becomes a temporary table filled
by COPY, and `insert_frame` is a COPY into the table. Each statement's target table is noted,
so the commit can move that table's version and every server refreshes its copy."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import psycopg

from totalplace_core.store.errors import StoreError
from totalplace_core.store.pg_schema import SEQ

_WRITES = re.compile(r"^\s*(INSERT\s+INTO|DELETE\s+FROM|UPDATE)\s+(\w+)", re.IGNORECASE)
# A quoted string, a ? or a $name: strings are copied as they are.
_TOKENS = re.compile(r"'(?:[^']|'')*'|\?|\$([A-Za-z_]\w*|\d+)")
_INTEGER = {"smallint", "integer", "bigint"}


def to_dollars(sql: str, params: Sequence[Any] | dict[str, Any] | None
               ) -> tuple[str, list[Any]]:
    """DuckDB's `?` (in order) or `$name`/`$1` (by name or number) as PostgreSQL's `$n`."""
    values: list[Any] = []
    names: dict[str, int] = {}
    given = params if params is not None else []

    def swap(found: re.Match[str]) -> str:
        token = found.group(0)
        if token.startswith("'"):
            return token
        if token == "?":
            values.append(given[len(values)])  # type: ignore[index]
            return f"${len(values)}"
        key = found.group(1)
        if key not in names:
            values.append(given[key] if isinstance(given, dict) else given[int(key) - 1])
            names[key] = len(values)
        return f"${names[key]}"

    return _TOKENS.sub(swap, sql), values


def plain_value(value: Any, pg_type: str | None = None) -> Any:
    """A pandas or numpy value as the Python value PostgreSQL's column takes: missing values
    become NULL, whole floats in integer columns become ints (pandas turns an int column
    with a blank into floats), timestamps in date columns become dates."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if value.__class__ is str and "\x00" in value:  # the checks before refuse it in words
        raise StoreError("A text holds an invisible NUL character (code 0), which the "
                         "shared store cannot hold: nothing was saved. Retype it.")
    if isinstance(value, float | np.floating) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if pg_type in _INTEGER and isinstance(value, float) and value.is_integer():
        return int(value)
    if pg_type == "date" and isinstance(value, datetime):
        return value.date()
    return value


def _type_of(series: pd.Series) -> str:
    """A PostgreSQL type for a frame's column that no table names."""
    kind = series.dtype.kind
    if kind in "iu":
        return "BIGINT"
    if kind == "f":
        return "DOUBLE PRECISION"
    if kind == "b":
        return "BOOLEAN"
    if kind == "M":
        return "TIMESTAMP"
    first = next((v for v in series if plain_value(v) is not None), None)
    for python, pg in ((bool, "BOOLEAN"), (int, "BIGINT"), (float, "DOUBLE PRECISION"),
                       (Decimal, "NUMERIC"), (datetime, "TIMESTAMP"), (date, "DATE")):
        if isinstance(plain_value(first), python):
            return pg
    return "TEXT"


class PgCursor:
    """One transaction's cursor; made and committed by `pg_primary.Primary.transaction`."""

    dialect = "postgres"

    def __init__(self, conn: psycopg.Connection, column_types: Any) -> None:
        self._conn = conn
        self._cur = psycopg.RawCursor(conn)
        self._column_types = column_types  # table -> {column: PostgreSQL type}
        self.written: set[str] = set()
        self.rewritten: set[str] = set()  # deleted from or updated: copied whole next time
        self._keep: list[int] | None = None
        # What this transaction read under a lock it holds to the end (a session's state):
        # it cannot change before the commit, so it is read once.
        self.memo: dict[str, Any] = {}

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None
                ) -> PgCursor:
        text, values = to_dollars(sql, params)
        found = _WRITES.match(text)
        if found:
            self.written.add(found.group(2).lower())
            if not found.group(1).upper().startswith("INSERT"):
                self.rewritten.add(found.group(2).lower())
        self._cur.execute(text, [plain_value(v) for v in values])
        columns = [d.name for d in self._cur.description or []]
        # The store's own bookkeeping (pg_schema.SEQ) is never handed to the write code: a
        # row read and appended again as its next version must be stamped afresh.
        self._keep = None if SEQ not in columns else [
            i for i, name in enumerate(columns) if name != SEQ]
        return self

    def _kept(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        return row if self._keep is None else tuple(row[i] for i in self._keep)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.execute(sql, row)

    @property
    def description(self) -> Any:
        return self._kept(tuple(self._cur.description or ()))

    def fetchall(self) -> list[tuple[Any, ...]]:
        return [self._kept(row) for row in self._cur.fetchall()]

    def fetchone(self) -> tuple[Any, ...] | None:
        row = self._cur.fetchone()
        return None if row is None else self._kept(row)

    def df(self) -> pd.DataFrame:
        return pd.DataFrame(self.fetchall(), columns=[d.name for d in self.description])

    def lock(self, key: str) -> None:
        """Hold `key` until this transaction ends: writers on every server queue on it."""
        self._cur.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [key])

    def register(self, name: str, frame: pd.DataFrame, like: str | None = None) -> None:
        """`frame` as a temporary table `name` for this transaction; its columns take the
        types of the same columns of table `like` (else a type read from the values)."""
        if not name.isidentifier():
            raise ValueError(f"{name!r} is not a name")
        known = self._column_types(like) if like else {}
        columns = [f'"{c}" {known.get(c) or _type_of(frame[c])}' for c in frame.columns]
        self._cur.execute(f'DROP TABLE IF EXISTS "{name}"')
        self._cur.execute(f'CREATE TEMP TABLE "{name}" ({", ".join(columns)}) ON COMMIT DROP')
        self._copy(name, frame, known)

    def unregister(self, name: str) -> None:
        self._cur.execute(f'DROP TABLE IF EXISTS "{name}"')

    def insert_frame(self, table: str, frame: pd.DataFrame) -> int:
        """The frame's rows into `table`, its columns matched by name (COPY)."""
        types = self._column_types(table)
        unknown = [c for c in frame.columns if c not in types]
        if unknown:
            raise ValueError(f"{table} has no column {unknown[0]!r}")
        self.written.add(table)
        self._copy(table, frame, types)
        return len(frame)

    def _copy(self, table: str, frame: pd.DataFrame, types: dict[str, str]) -> None:
        names = ", ".join(f'"{c}"' for c in frame.columns)
        kinds = [types.get(c) for c in frame.columns]
        with self._cur.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in frame.itertuples(index=False, name=None):
                copy.write_row([plain_value(v, k) for v, k in zip(row, kinds, strict=True)])
