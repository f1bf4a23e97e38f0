"""`totalplace`: build the demo, check the figures, serve the app, outside the browser.

One entry point; each tool's commands live in their own module with `add_parsers` and
`COMMANDS`. A command module is imported only when its command runs, so `totalplace` starts
without loading pandas, DuckDB or plotly for a command that does not need them."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from totalplace_core.cli import arguments

# command -> the module of totalplace_core.cli that runs it
MODULES: dict[str, str] = {
    "demo": "count", "cofog": "classification", "count": "count",
    "flows": "wall",
    "wards": "wards", "factsheet": "factsheet",
    "assets": "assets", "colocate": "assets",
    "journey": "journeys",
    "template": "data", "import": "data", "export": "data", "imports": "data", "undo": "data",
    "sessions": "workshop", "session-export": "workshop",
    "bench": "bench",
    "serve": "serve",
}


def _module(name: str):
    return importlib.import_module(f"totalplace_core.cli.{name}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="totalplace", description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="DuckDB file (default: $TOTALPLACE_DB or data/)")
    sub = parser.add_subparsers(dest="command", required=True)
    arguments.add_all(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands = _module(MODULES[args.command]).COMMANDS
    try:
        return commands[args.command](args)
    except Exception as exc:
        # A refusal from the store is said plainly; the store is only imported (and so can only
        # refuse) when the command needed it, which keeps light commands light.
        store = sys.modules.get("totalplace_core.store")
        if store is not None and isinstance(exc, store.StoreError):
            print(f"totalplace: {exc}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
