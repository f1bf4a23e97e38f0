"""`totalplace serve`: run the app (what `make run` does), warmed before the first visitor
(totalplace_core/server.py says why). `totalplace passphrase`: the facilitator's passphrase
hash to put in .streamlit/secrets.toml before serving a room (totalplace_core/roles.py)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from totalplace_core import roles
from totalplace_core.server import start, wait_and_warm


def cmd_serve(args: argparse.Namespace) -> int:
    # --db names the store for the app: a file or the shared store's address
    env = os.environ | ({"TOTALPLACE_STORE": args.db if "://" in args.db else
                         f"duckdb://{Path(args.db).resolve()}"} if args.db else {})
    proc = start(args.address, args.port, env)
    host = "127.0.0.1" if args.address in ("0.0.0.0", "::") else args.address
    if not wait_and_warm(f"http://{host}:{args.port}"):
        print("totalplace: the app did not answer its health check; see the messages above.",
              file=sys.stderr)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        return proc.wait()


def cmd_passphrase(args: argparse.Namespace) -> int:
    """Print the hash of a passphrase typed twice (or one line on stdin, for scripts); the
    passphrase itself is never printed or written."""
    if sys.stdin.isatty():
        typed = getpass.getpass("Facilitator passphrase: ")
        if getpass.getpass("The same again: ") != typed:
            print("totalplace: the two passphrases differ; nothing was made.", file=sys.stderr)
            return 2
    else:
        typed = sys.stdin.readline().rstrip("\r\n")
    if len(typed) < roles.MIN_LENGTH:
        print(f"totalplace: a passphrase needs at least {roles.MIN_LENGTH} characters (a few "
              "words are easy to say and hard to guess).", file=sys.stderr)
        return 2
    print("# Put this line in .streamlit/secrets.toml (never in the repository), or set\n"
          f"# {roles.ENV_HASH} to the quoted value, then start the app:",
          file=sys.stderr)
    print(f'{roles.SECRET_HASH} = "{roles.hash_passphrase(typed)}"')
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"serve": cmd_serve,
                                                            "passphrase": cmd_passphrase}
