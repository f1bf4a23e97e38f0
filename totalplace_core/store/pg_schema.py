"""The shared PostgreSQL store's schema: the same numbered migrations as the DuckDB file, run by
`totalplace migrate` (never by an app server starting), plus what only a shared store needs.

- `data_version`: a counter per area (`area:workshop`) and per table (`table:force`), moved
  in the same transaction as every write. Each server polls it to know what to re-read, and
  its caches are keyed by the area counters, so a server never shows older figures than the
  last write it knows of, whichever server made it.
- `tp_seq` on the appended tables (live entries, sessions, wall notes): the table's counter
  at the commit that wrote the row. Writers of a table take its counter's row lock in turn,
  so once a server reads counter N, every row stamped N or less is committed: it copies just
  the rows stamped since its last copy, exactly, where a whole copy of a table of 50,000
  entries took 0.4-0.8 s on every write. `rewrite:<table>` moves when rows are deleted or
  updated; the next copy of that table is then whole.
- Indexes for what writes look up (an import replaces a place's lines; a summary is rebuilt
  per place): DuckDB scans by row-group ranges instead."""

from __future__ import annotations

import re
from collections.abc import Iterable

import psycopg

from totalplace_core.store.errors import StoreError
from totalplace_core.store.migrations import MIGRATIONS
from totalplace_core.store.versions import AREAS

# DuckDB's spelling -> PostgreSQL's; the rest of the migrations' DDL reads alike in both.
_TYPES = ((re.compile(r"\bDOUBLE\b(?!\s+PRECISION)", re.IGNORECASE), "DOUBLE PRECISION"),)
_LOCK = "totalplace:migrate"
# Tables only ever appended to while the app runs (a change is a new version row).
APPENDED = ("workshop_session", "force", "orid_answer", "workshop_action", "wall_note")
SEQ = "tp_seq"
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS spend_line_place_year ON spend_line (place_id, year)",
    "CREATE INDEX IF NOT EXISTS spend_summary_place ON spend_summary (place_id, year)",
    "CREATE INDEX IF NOT EXISTS flow_place_year ON flow (place_id, year)",
    "CREATE INDEX IF NOT EXISTS touchpoint_case ON touchpoint (place_id, case_code)",
    "CREATE INDEX IF NOT EXISTS snap_spend_line_batch ON snap_spend_line (replaced_by)",
)


def postgres_ddl(statement: str) -> str:
    for pattern, replacement in _TYPES:
        statement = pattern.sub(replacement, statement)
    return statement


def tables(conn: psycopg.Connection) -> list[str]:
    """The app's tables in the shared store, bookkeeping left out."""
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = "
        "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name").fetchall()
    return [r[0] for r in rows if r[0] not in ("schema_migration", "data_version")]


def schema_version(conn: psycopg.Connection) -> int | None:
    """The newest migration applied, or None for a database this app has not set up."""
    found = conn.execute("SELECT to_regclass('schema_migration') IS NOT NULL").fetchone()
    if not found or not found[0]:
        return None
    return conn.execute("SELECT coalesce(max(version), 0) FROM schema_migration").fetchone()[0]


def require_current(conn: psycopg.Connection, shown: str) -> None:
    """Refuse a shared store this app cannot use as it stands, saying what to run."""
    known = MIGRATIONS[-1][0]
    found = schema_version(conn)
    if found is None:
        raise StoreError(f"The shared store {shown} has no Total Place tables yet: run "
                         "'totalplace migrate' once (docs/DEPLOY.md), then start the app.")
    if found > known:
        raise StoreError(f"The shared store {shown} was set up by a newer Total Place Studio "
                         f"(schema {found}; this one knows up to {known}): update the app.")
    if found < known:
        raise StoreError(f"The shared store {shown} is at schema {found}; this app needs "
                         f"{known}: run 'totalplace migrate' (docs/DEPLOY.md).")


def migrate(conn: psycopg.Connection) -> list[str]:
    """Apply the migrations the shared store lacks, all in one transaction, holding a lock so
    two servers or commands migrating at once take turns; returns the names applied."""
    applied: list[str] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [_LOCK])
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY "
                     "KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP)")
        conn.execute("CREATE TABLE IF NOT EXISTS data_version (name VARCHAR PRIMARY KEY, "
                     "version BIGINT NOT NULL)")
        done = {r[0] for r in conn.execute("SELECT version FROM schema_migration").fetchall()}
        if done and max(done) > MIGRATIONS[-1][0]:
            raise StoreError(f"This shared store was set up by a newer Total Place Studio "
                             f"(schema {max(done)}): update the app; nothing was changed.")
        for version, name, statements in MIGRATIONS:
            if version in done:
                continue
            for statement in statements:
                conn.execute(postgres_ddl(statement))  # type: ignore[arg-type]
            conn.execute("INSERT INTO schema_migration VALUES (%s, %s, now() AT TIME ZONE "
                         "'UTC')", [version, name])
            applied.append(name)
        for statement in _INDEXES:
            conn.execute(statement)  # type: ignore[arg-type]
        for table in APPENDED:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {SEQ} BIGINT")
            conn.execute(f"CREATE INDEX IF NOT EXISTS {table}_{SEQ} ON {table} ({SEQ})")
        names = [f"area:{a}" for a in AREAS] + [
            f"{kind}:{t}" for t in tables(conn) for kind in ("table", "rewrite")]
        conn.execute("INSERT INTO data_version SELECT unnest(%s::text[]), 0 "
                     "ON CONFLICT (name) DO NOTHING", [names])
        if applied:  # every server reads everything again
            conn.execute("UPDATE data_version SET version = version + 1")
    return applied


def bump(conn: psycopg.Connection, areas: Iterable[str], written: Iterable[str],
         rewritten: Iterable[str] = ()) -> None:
    """Move the counters of `areas`, of the tables `written` and of those `rewritten`
    (deleted from or updated), in the writer's transaction, and stamp the appended rows it
    wrote with their table's new counter. Rows are locked in name order, so two writers
    never wait on each other in a circle."""
    written = set(written)
    names = sorted({f"area:{a}" for a in areas} | {f"table:{t}" for t in written}
                   | {f"rewrite:{t}" for t in rewritten})
    conn.execute("SELECT name FROM data_version WHERE name = ANY(%s) ORDER BY name FOR UPDATE",
                 [names])
    moved = dict(conn.execute("UPDATE data_version SET version = version + 1 WHERE name = "
                              "ANY(%s) RETURNING name, version", [names]).fetchall())
    for table in sorted(written & set(APPENDED)):  # ours are the only unstamped rows we see
        conn.execute(f"UPDATE {table} SET {SEQ} = %s WHERE {SEQ} IS NULL",  # type: ignore
                     [moved[f"table:{table}"]])
