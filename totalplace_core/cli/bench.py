"""`totalplace bench`: speed figures on generated data."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def cmd_bench(args: argparse.Namespace) -> int:
    from totalplace_core import bench

    bench.main(args.scale)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"bench": cmd_bench}
