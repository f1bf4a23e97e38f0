"""`totalplace cofog`: the classification every figure is filed under (no database needed)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from totalplace_core.classifications import cofog_groups


def cmd_cofog(args: argparse.Namespace) -> int:
    groups = [{"code": g.code, "name": g.name, "division": g.division} for g in cofog_groups()]
    if args.json:
        print(json.dumps(groups, indent=2))
    else:
        for g in groups:
            print(f"{g['code']:<6}{g['name']}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"cofog": cmd_cofog}
