"""Where the store is: an embedded DuckDB file (the default) or a shared PostgreSQL database.

`TOTALPLACE_STORE` names it: `duckdb:///path/to/file.duckdb` or
`postgresql://user@host:port/db`. `TOTALPLACE_DB` (a file path, the older setting) and the
file in data/ are the fallbacks, so `make run` needs nothing but Python. A password never has
to be in the address: libpq reads PGPASSWORD and ~/.pgpass (docs/DEPLOY.md)."""

from __future__ import annotations

import os
import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
ENV_STORE = "TOTALPLACE_STORE"
ENV_DB = "TOTALPLACE_DB"
_POSTGRES = re.compile(r"^postgres(ql)?://", re.IGNORECASE)
_DUCKDB = "duckdb://"


def is_postgres(address: str | Path | None) -> bool:
    return isinstance(address, str) and bool(_POSTGRES.match(address))


def default_db_path() -> Path:
    """The embedded file: TOTALPLACE_STORE's duckdb:/// path, TOTALPLACE_DB, or data/."""
    named = os.environ.get(ENV_STORE) or ""
    if named.startswith(_DUCKDB):
        return Path(named[len(_DUCKDB):])
    return Path(os.environ.get(ENV_DB) or REPO_ROOT / "data" / "totalplace.duckdb")


def store_address(given: str | Path | None = None) -> str | Path:
    """A PostgreSQL address (str) or a DuckDB file (Path): `given` (a --db option, a path,
    either kind of address) or else the environment's."""
    if given is None or given == "":
        named = os.environ.get(ENV_STORE) or ""
        if is_postgres(named):
            return named
        return default_db_path()
    if is_postgres(given):
        return str(given)
    text = str(given)
    return Path(text[len(_DUCKDB):]) if text.startswith(_DUCKDB) else Path(text)


def shown(address: str | Path) -> str:
    """The address as it may be printed: a password in a URL is blanked."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", str(address))
