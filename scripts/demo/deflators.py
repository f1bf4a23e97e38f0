"""GDP deflators: deflators.csv, an index by financial year based on 2009-10 = 100.

The values are illustrative (fixed/deflators.json says so in the source column it supplies).
"""

from __future__ import annotations

from pathlib import Path

from . import fixed
from .csv_files import write_csv

DEFLATORS = fixed.document("deflators.json")


def write_deflators(out: Path) -> None:
    write_csv(
        out / "deflators.csv",
        ["year", "index", "base_year", "source"],
        [
            [year, f"{index:.1f}", DEFLATORS["base_year"], DEFLATORS["source"]]
            for year, index in DEFLATORS["index"].items()
        ],
    )
