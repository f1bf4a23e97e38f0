"""`totalplace serve`: run the app (what `make run` does), warmed before the first visitor
(totalplace_core/server.py says why)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from totalplace_core.server import start, wait_and_warm


def cmd_serve(args: argparse.Namespace) -> int:
    env = os.environ | ({"TOTALPLACE_DB": args.db} if args.db else {})
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


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"serve": cmd_serve}
