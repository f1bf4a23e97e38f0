"""Page rerun times for `totalplace bench` (its pages section runs this as a child process).

Outside totalplace_core on purpose: it drives the pages with Streamlit's AppTest, and the core
never imports Streamlit except in its ui module. One run per database file, so the bench
process itself neither imports Streamlit nor holds a file a server will need.

    python scripts/page_rerun_times.py DB.duckdb   # prints {"page": median seconds, ...}
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGES = {  # what a rerun shows: the page as it opens (its first tab, its first session)
    "home": None, "count": "pages/high_level_count.py", "wall": "pages/mapping_wall.py",
    "workshop": "pages/live_workshop.py", "data": "pages/data_in_and_out.py",
    "join": "pages/join_workshop.py", "wards": "pages/ward_explorer.py",
    "assets": "pages/asset_map.py", "journeys": "pages/family_journeys.py",
}
BLANK = 'import streamlit as st\nst.write("blank")\n'
RERUNS = 7


def _median(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[len(ordered) // 2]


def measure(db: str) -> dict[str, float]:
    """Median seconds per rerun of each page, and of a blank page (the floor)."""
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


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1])))
