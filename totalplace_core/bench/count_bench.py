"""The count against its floors: the same answer written by hand in one DuckDB query on the
same file, and in pandas from a frame already in memory.

The app's answers are cached by data version; here each timed call first moves the version on,
so what is timed is the real work (the SQL and the Python around it), not a cache lookup."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from totalplace_core.bench import datasets
from totalplace_core.bench.timing import Figure, median_s
from totalplace_core.count import service as count_service
from totalplace_core.store import Store, require_place


def pandas_count(lines: pd.DataFrame) -> pd.DataFrame:
    """Every place's count for one year in pandas, as a pandas user would write it: the same
    figures as the app's (gross, netted, unmatched, counted by division and by basis)."""
    reporting = lines[["place_id", "org_code"]].drop_duplicates().assign(reports=True)
    marked = lines.merge(reporting.rename(columns={"org_code": "transfer_to_org_code"}),
                         on=["place_id", "transfer_to_org_code"], how="left")
    is_transfer = marked["transfer_to_org_code"].fillna("") != ""
    netted = is_transfer & marked["reports"].fillna(False).astype(bool)
    marked = marked.assign(netted=netted, unmatched=is_transfer & ~netted,
                           division=marked["cofog_code"].str[:2])
    kept = marked[~marked["netted"]]
    totals = marked.groupby("place_id").agg(gross=("amount_pence", "sum"))
    totals["netted"] = marked[marked["netted"]].groupby("place_id")["amount_pence"].sum()
    totals["unmatched"] = marked[marked["unmatched"]].groupby("place_id")["amount_pence"].sum()
    totals["bodies"] = kept.groupby("place_id")["org_code"].nunique()
    by_division = kept.groupby(["place_id", "division"])["amount_pence"].sum().unstack()
    by_basis = kept.groupby(["place_id", "basis"])["amount_pence"].sum().unstack()
    return totals.join(by_division).join(by_basis, rsuffix="_basis")


def _fresh(store: Store, work):
    """`work()` after moving the count's data version on, so nothing comes from the cache."""
    def run():
        store.versions.bump(("spend",))
        return work()
    return run


def run(data: Path, scale: str, work: Path) -> list[Figure]:
    place, year = datasets.bench_place(data), datasets.bench_year(data)
    with Store(data) as store:
        place_id = require_place(store, place)["place_id"]
        places = len(store.places())
        one = median_s(_fresh(store, lambda: count_service.place_count(store, place, year)))
        one_floor = median_s(lambda: store.floor_count(year, place_id))
        every = median_s(_fresh(store, lambda: count_service.counts_for_year(store, year)),
                         repeat=3)
        every_floor = median_s(lambda: store.floor_count(year), repeat=3)
        in_memory = store.lines_for_pandas(year)
        every_pandas = median_s(lambda: pandas_count(in_memory), repeat=3)
    return [
        Figure(f"count one place-year ({place}, {year})", one * 1000, one_floor * 1000,
               floor_name="hand-written SQL", goal=1.5),
        Figure(f"count every place for a year ({places} places)", every * 1000,
               every_floor * 1000, floor_name="hand-written SQL", goal=1.5),
        Figure(f"count every place for a year ({places} places)", every * 1000,
               every_pandas * 1000, floor_name="pandas from memory", goal=10,
               higher_is_better=True),
    ]
