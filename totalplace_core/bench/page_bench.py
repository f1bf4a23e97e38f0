"""Each page's server time per rerun (Streamlit's AppTest), against a blank one-line page and
against the same page on the demo place: a rerun should cost the same whatever the data.

AppTest runs in a child process (scripts/page_rerun_times.py), one per database, so this
process never imports Streamlit or holds a file a server will need."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from totalplace_core.bench import datasets
from totalplace_core.bench.timing import Figure

REPO = Path(__file__).resolve().parents[2]
CHILD = REPO / "scripts" / "page_rerun_times.py"
PAGES = ("home", "count", "wall", "workshop", "data", "join", "wards", "assets", "journeys")


def _measure_in_child(db: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, str(CHILD), str(db)],
                          capture_output=True, text=True, cwd=REPO, check=False)
    if done.returncode:
        raise RuntimeError(f"page bench failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(data: Path, scale: str, work: Path) -> list[Figure]:
    here = _measure_in_child(data)
    demo = here if scale == "demo" else _measure_in_child(
        datasets.prepare("demo", work / "demo-pages.duckdb"))
    figures = []
    for name in PAGES:
        figures.append(Figure(f"{name} page rerun, {scale}", here[name] * 1000,
                              here["blank"] * 1000, floor_name="blank page", goal=30))
        if scale != "demo":
            figures.append(Figure(f"{name} page rerun, {scale}", here[name] * 1000,
                                  demo[name] * 1000, floor_name="same page on demo", goal=1.5))
    return figures
