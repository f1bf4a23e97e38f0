"""What the store raises, and which errors of either engine mean what."""

from __future__ import annotations

import duckdb
import psycopg


class StoreError(Exception):
    """A problem with the database a user can act on; its message is shown as is."""


class StoreLockedError(StoreError):
    pass


# Any error of either engine (the embedded DuckDB file or the shared PostgreSQL store).
DB_ERRORS: tuple[type[Exception], ...] = (duckdb.Error, psycopg.Error)
# Two writers took the same (id, version), or the engine chose one of them to give way:
# the write is tried again from the start.
CLASH_ERRORS: tuple[type[Exception], ...] = (
    duckdb.ConstraintException, duckdb.TransactionException,
    psycopg.errors.UniqueViolation, psycopg.errors.SerializationFailure,
    psycopg.errors.DeadlockDetected)


def is_version_clash(exc: BaseException) -> bool:
    """A clash of two writers, not a rule of the schema broken by one of them."""
    if isinstance(exc, duckdb.TransactionException | psycopg.errors.SerializationFailure
                  | psycopg.errors.DeadlockDetected | psycopg.errors.UniqueViolation):
        return True
    return isinstance(exc, duckdb.ConstraintException) and "Duplicate key" in str(exc)
