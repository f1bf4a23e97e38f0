"""Databases on a PostgreSQL server made and dropped for tests and `totalplace bench`, and the
bench's generated file copied into one: SQL, so it lives in the store package."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import psycopg

from totalplace_core.store import pg_schema
from totalplace_core.store.pg_mirror import load_postgres_extension


def _quoted(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"{name!r} is not a database name this makes")
    return f'"{name}"'


def create_database(admin: str, name: str, template: str | None = None) -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {_quoted(name)} WITH (FORCE)")  # type: ignore
        conn.execute(f"CREATE DATABASE {_quoted(name)} "  # type: ignore[arg-type]
                     f"TEMPLATE {_quoted(template or 'template0')}")


def drop_database(admin: str, name: str) -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {_quoted(name)} WITH (FORCE)")  # type: ignore


def load_file(data: Path, url: str) -> None:
    """Migrate the database at `url`, then copy every table of the DuckDB file `data` into it
    in bulk (through DuckDB's postgres extension); every server reads it all afresh."""
    with psycopg.connect(url, autocommit=True) as conn:
        pg_schema.migrate(conn)
        tables = pg_schema.tables(conn)
    con = duckdb.connect()
    try:
        load_postgres_extension(con)
        con.execute(f"ATTACH '{data}' AS src (READ_ONLY)")
        con.execute(f"ATTACH '{url}' AS dst (TYPE postgres)")
        for table in tables:
            con.execute(f"INSERT INTO dst.public.{table} BY NAME SELECT * FROM src.main.{table}")
    finally:
        con.close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE data_version SET version = version + 1")


@contextmanager
def reading_over_attached(store: Any) -> Iterator[Any]:
    """The same Store, its reads run by DuckDB on the attached PostgreSQL tables instead of
    this server's copy: for the bench's measure of the road not taken (USE points unqualified
    table names at the attached database)."""
    def cursor() -> Any:
        @contextmanager
        def opened() -> Iterator[duckdb.DuckDBPyConnection]:
            cur = store._con.cursor()
            cur.execute("USE tp_primary.public")
            try:
                yield cur
            finally:
                cur.close()
        return opened()

    store.cursor = cursor
    try:
        yield store
    finally:
        del store.cursor
