"""`totalplace bench`: speed on generated data, as ratios to floors measured in the same run
(see BENCHMARKS.md)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def cmd_bench(args: argparse.Namespace) -> int:
    from totalplace_core import bench

    sections = tuple(args.only) if args.only else tuple(bench.SECTIONS)
    figures = bench.run(args.scale, Path(args.data) if args.data else None, sections,
                        as_json=args.json)
    missed = [f.name for f in figures if f.meets_goal is False]
    return 1 if missed else 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"bench": cmd_bench}
