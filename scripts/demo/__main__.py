"""Write the fictional Harrowdale demo files into data/demo/ (deterministic).

    python scripts/make_demo_files.py [--out DIR] [--check-only]
    python -m scripts.demo [--out DIR] [--check-only]     (from the repository root)

Harrowdale is an invented metropolitan borough. Its figures are made up, at the scale and in the
proportions the 2009-10 Total Place pilots found. Only the standard library and openpyxl are used
and the random generator has a fixed seed, so every run writes the same bytes. File names,
columns and vocabularies follow data/demo/README.md. The run ends with a self-check that reads
the written files back and raises if any figure the demo promises is out of range.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from .assets import write_assets
from .checks.self_check import print_report, self_check
from .deflators import write_deflators
from .flows import write_flows
from .journeys import write_journeys
from .organisations import write_organisations
from .place_and_wards import write_place_and_wards
from .settings import DEFAULT_OUT, SEED
from .spend_lines import write_spend_lines
from .unit_costs import write_unit_costs
from .workshops import write_workshops


def write_all(out: Path, rng: random.Random) -> None:
    """Every demo file. The files that draw random numbers share one generator, so keep this
    order (wards, spend lines, flows, assets, touchpoints) or every later file changes."""
    wards = write_place_and_wards(out, rng)
    write_organisations(out)
    write_spend_lines(out, rng, wards)
    write_flows(out, rng)
    write_assets(out, rng, wards)
    write_unit_costs(out)
    write_journeys(out, rng)
    write_workshops(out)
    write_deflators(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check-only", action="store_true", help="only check existing files")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.check_only:
        write_all(args.out, random.Random(SEED))
    print_report(self_check(args.out))


if __name__ == "__main__":
    main()
