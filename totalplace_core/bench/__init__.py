"""`totalplace bench`: speed on generated data, as ratios to floors measured in the same run.

Each section measures one thing against its floor (hand-written SQL on the same file, pandas
from memory, a blank page, openpyxl reading the raw file, one writer alone) and returns
`Figure`s; see BENCHMARKS.md for what each means. Sections import what they need when they
run, so `totalplace --help` stays light."""

from __future__ import annotations

import importlib
import json
import platform
import tempfile
import time
from pathlib import Path

from totalplace_core.bench.timing import Figure

SCALES = ("demo", "county", "national")
# section -> module of totalplace_core.bench with run(data: Path, scale: str, work: Path)
SECTIONS: dict[str, str] = {
    "count": "count_bench",
    "pages": "page_bench",
    "import": "import_bench",
    "workshop": "workshop_bench",
    "memory": "memory_bench",
    "assets": "assets_bench",
    "shared": "shared_bench",
}


def machine() -> str:
    import os

    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}")


def run(scale: str, data: Path | None = None, sections: tuple[str, ...] = tuple(SECTIONS),
        as_json: bool = False) -> list[Figure]:
    """Generate (or reuse) the data for `scale`, run each section, print the table."""
    from totalplace_core.bench import datasets

    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="totalplace-bench-") as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        path = datasets.prepare(scale, data or work / f"{scale}.duckdb")
        say = (lambda *_: None) if as_json else print
        say(f"totalplace bench --scale {scale}: {machine()}")
        say(f"  data ready in {time.perf_counter() - start:.1f} s: {datasets.describe(path)}")
        for name in sections:
            module = importlib.import_module(f"totalplace_core.bench.{SECTIONS[name]}")
            say(f"== {name} ==")
            for figure in module.run(path, scale, work):
                figures.append(figure)
                say(figure.line())
    if as_json:
        print(json.dumps({"scale": scale, "machine": machine(),
                          "figures": [f.as_dict() for f in figures]}, indent=2))
    return figures
