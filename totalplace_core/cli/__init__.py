"""`totalplace`: build the demo, check the figures, serve the app, outside the browser.

One entry point; each tool's commands live in their own module with `add_parsers` and
`COMMANDS`. A command module is imported only when its command runs, so `totalplace` starts
without loading pandas, DuckDB or plotly for a command that does not need them."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from totalplace_core.cli import arguments

# command -> the module of totalplace_core.cli that runs it
MODULES: dict[str, str] = {
    "demo": "count", "cofog": "classification", "count": "count",
    "flows": "wall",
    "wards": "wards", "factsheet": "factsheet", "report": "report",
    "assets": "assets", "colocate": "assets",
    "journey": "journeys",
    "template": "data", "import": "data", "export": "data", "imports": "data", "undo": "data",
    "sessions": "workshop", "session-export": "workshop",
    "backup": "backup", "restore": "backup", "migrate": "backup",
    "bench": "bench",
    "serve": "serve", "passphrase": "serve",
}


def _module(name: str):
    return importlib.import_module(f"totalplace_core.cli.{name}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="totalplace", description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="a DuckDB file or a postgresql:// address (default: "
                                     "$TOTALPLACE_STORE, $TOTALPLACE_DB or data/)")
    sub = parser.add_subparsers(dest="command", required=True)
    arguments.add_all(sub)
    return parser


# Commands that read a database already made: given none, they say so (and exit 2) rather
# than make an empty file and then find nothing in it.
READS_DATABASE = frozenset({
    "count", "flows", "wards", "factsheet", "report", "assets", "colocate", "journey", "export",
    "imports", "undo", "sessions", "session-export", "backup"})


def _no_database(args: argparse.Namespace) -> str | None:
    """Why the command cannot run, if it reads a database and there is none."""
    if args.command not in READS_DATABASE:
        return None
    from totalplace_core.store.location import store_address

    db = store_address(args.db)
    if isinstance(db, str) or db.exists():  # a shared store says itself what it lacks
        return None
    return (f"there is no database at {db}: build the demo (totalplace demo), import a file "
            "(totalplace import FILE) or put a backup back (totalplace restore FILE), or point "
            "--db at the right file.")


def _plainly(exc: Exception) -> str | None:
    """One line for what a user can put right (a refusal of the store, a file missing or not
    readable, a database DuckDB cannot read); None for anything else, a fault to be seen
    whole. The store and DuckDB are only imported (so can only refuse) when a command needed
    them, which keeps light commands light."""
    store, duckdb = sys.modules.get("totalplace_core.store"), sys.modules.get("duckdb")
    if store is not None and isinstance(exc, store.StoreError):
        return str(exc)
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"cannot use {exc.filename}: {(exc.strerror or str(exc)).lower()}."
    if duckdb is not None and isinstance(exc, duckdb.IOException | duckdb.SerializationException):
        said = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        return (f"the database could not be read ({said}): it may be damaged; put a backup "
                "back with totalplace restore FILE.")
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands = _module(MODULES[args.command]).COMMANDS
    try:
        missing = _no_database(args)
        if missing:
            print(f"totalplace: {missing}", file=sys.stderr)
            return 2
        return commands[args.command](args)
    except BrokenPipeError:
        # The reader stopped early (`totalplace wards ... | head`): not an error. Python's
        # documented way out: point stdout at devnull so the flush at exit cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        said = _plainly(exc)
        if said is None:
            raise
        print(f"totalplace: {said}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
