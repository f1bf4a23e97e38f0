"""`totalplace bench`: the count's speed on generated data of realistic and national scale."""

from __future__ import annotations

import io
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from totalplace_core.classifications import COFOG_GROUPS
from totalplace_core.count import service as count_service
from totalplace_core.io import importer
from totalplace_core.store import Store

YEARS = ("2008-09", "2009-10")


def _place_frames(i: int, lines_per_year: int, rng: np.random.Generator) -> dict:
    place_id, name = f"bench-{i}", f"Bench place {i:03d}"
    orgs = [f"ORG{j:02d}" for j in range(30)]
    n = lines_per_year * len(YEARS)
    transfer = rng.random(n) < 0.05
    frame = pd.DataFrame({
        "line_id": [f"{place_id}-{k}" for k in range(n)],
        "place_id": place_id,
        "year": np.repeat(YEARS, lines_per_year),
        "org_code": rng.choice(orgs, n),
        "cofog_code": rng.choice(list(COFOG_GROUPS), n),
        "amount_pence": rng.integers(1_000_00, 50_000_000_00, n),
        "basis": rng.choice(["actual", "estimate", "proxy"], n, p=[0.65, 0.25, 0.10]),
        "source": "generated for the benchmark",
        "transfer_to_org_code": np.where(transfer, rng.choice([*orgs, "GONE"], n), None),
    })
    org_frame = pd.DataFrame({"org_id": [f"{place_id}-{o}" for o in orgs], "place_id": place_id,
                              "org_code": orgs, "org_name": orgs, "kind": "council"})
    place = pd.DataFrame([{"place_id": place_id, "place_name": name, "population": 300_000}])
    return {"place": place, "organisation": org_frame, "spend_line": frame}


def _timed(label: str, fn: Callable[[], object], repeat: int = 5) -> object:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    print(f"  {label:<46}median {1000 * float(np.median(times)):8.1f} ms  "
          f"(best {1000 * min(times):.1f} ms, {repeat} runs)")
    return result


def run(places: int, lines_per_year: int, path: Path | None = None) -> None:
    rng = np.random.default_rng(2009)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(path or Path(tmp) / "bench.duckdb")
        print(f"{places} places x {len(YEARS)} years x {lines_per_year:,} lines "
              f"= {places * len(YEARS) * lines_per_year:,} spend lines")
        start = time.perf_counter()
        for i in range(places):
            frames = _place_frames(i, lines_per_year, rng)
            store.replace_place(frames["place"].iloc[0]["place_name"], frames)
        seconds = time.perf_counter() - start
        print(f"  {'load (one transaction per place)':<46}total  {seconds:8.2f} s")
        name = "Bench place 000"
        _timed("read one place's lines", lambda: store.spend_lines("bench-0"))
        _timed("count one place-year (page headline)",
               lambda: count_service.place_count(store, name, "2009-10"))
        view = _timed("whole count page data (count_view)",
                      lambda: count_service.count_view(store, name, "2009-10"))
        kept = count_service.counted(view.lines, "2009-10")
        _timed("drill-down tree for the treemap", lambda: count_service.drill(kept))
        _timed(f"count every place for a year ({places} places)",
               lambda: count_service.counts_for_year(store, "2009-10"), repeat=1)
        store.close()


def _template_rows(n: int) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    orgs = book.create_sheet("Organisations")
    orgs.append(["Organisation code", "Organisation name", "Kind of body"])
    orgs.append(["HMBC", "Borough council", "council"])
    sheet = book.create_sheet("Spend lines")
    sheet.append(["Financial year", "Organisation code", "COFOG group", "Amount (£)", "Basis",
                  "Source", "Note"])
    groups = list(COFOG_GROUPS)
    for i in range(n):
        sheet.append(["2009-10", "HMBC", groups[i % len(groups)], f"£{i + 1:,}", "actual",
                      "Accounts", f"line {i}"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run_import(rows: int) -> None:
    print(f"== import: a workbook of {rows:,} spend lines ==")
    data = _template_rows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "import.duckdb")
        place = pd.DataFrame([{"place_id": "p", "place_name": "Bench", "population": 300_000}])
        store.replace_place("Bench", {"place": place})
        start = time.perf_counter()
        preview = importer.check_file(store, "bench.xlsx", data, "Bench")
        checked = time.perf_counter() - start
        importer.commit(store, preview, "bench.xlsx", data)
        committed = time.perf_counter() - start - checked
        print(f"  {'read, check and preview':<46}total  {checked:8.2f} s "
              f"({rows / checked:,.0f} rows/s)")
        print(f"  {'commit (one transaction)':<46}total  {committed:8.2f} s")
        store.close()


def main(scale: str) -> None:
    sizes = {"realistic": (1, 400), "national": (150, 3_000)}
    for label, (places, lines) in sizes.items():
        if scale in (label, "all"):
            print(f"== {label} ==")
            run(places, lines)
    if scale in ("import", "all"):
        run_import(100_000)
