"""Settings every module of the generator shares: the seed, the years and where files go."""

from __future__ import annotations

from pathlib import Path

# Fixed so that every run draws the same numbers and writes the same bytes.
SEED = 20100331

# The two financial years the demo counts, earliest first.
YEARS = ("2008-09", "2009-10")

# The fixed amounts are 2009-10 figures; 2008-09 is derived from them by dividing by a growth
# factor. Unit costs are priced in this year too, and deflators are based on it.
AMOUNTS_YEAR = "2009-10"

# How a spend line may be shared among wards (data/demo/README.md, "driver").
DRIVERS = ("ward_actual", "population", "pop_0_17", "pop_65_plus", "need_index")

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "data" / "demo"
