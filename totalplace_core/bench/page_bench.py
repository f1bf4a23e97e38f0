"""Each page's server time per rerun (Streamlit's AppTest), against a blank one-line page and
against the same page on the demo place: a rerun should cost the same whatever the data.

AppTest runs in a child process (`python -m totalplace_core.bench.page_bench DB`), one per
database, so this process never imports Streamlit or holds a file a server will need."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from totalplace_core.bench import datasets
from totalplace_core.bench.timing import Figure

REPO = Path(__file__).resolve().parents[2]
PAGES = {  # what a rerun shows: the page as it opens (its first tab, its first session)
    "home": None, "count": "pages/high_level_count.py", "wall": "pages/mapping_wall.py",
    "workshop": "pages/live_workshop.py", "data": "pages/data_in_and_out.py",
    "join": "pages/join_workshop.py", "wards": "pages/ward_explorer.py",
}
BLANK = 'import streamlit as st\nst.write("blank")\n'
RERUNS = 7


def _median(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[len(ordered) // 2]


def measure(db: str) -> dict[str, float]:
    """Median seconds per rerun of each page, and of a blank page (the floor)."""
    import time

    from streamlit.testing.v1 import AppTest

    os.environ["TOTALPLACE_DB"] = db
    result: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        blank = Path(tmp) / "blank.py"
        blank.write_text(BLANK, encoding="utf-8")
        jobs = {"blank": (str(blank), None), **{n: (str(REPO / "app.py"), p)
                                                for n, p in PAGES.items()}}
        for name, (script, page) in jobs.items():
            at = AppTest.from_file(script, default_timeout=600)
            at.run()
            if page:
                at.switch_page(page).run()
            at.run()  # warm: caches filled, as on any rerun after the first
            times = []
            for _ in range(RERUNS):
                start = time.perf_counter()
                at.run()
                times.append(time.perf_counter() - start)
            if at.exception:
                raise RuntimeError(f"{name}: {at.exception[0].message}")
            result[name] = _median(times)
    return result


def _measure_in_child(db: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-m", "totalplace_core.bench.page_bench", str(db)],
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


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1])))
