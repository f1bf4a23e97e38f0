"""The store against a real DuckDB file: migrations, transactions, the write lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from totalplace_core.store import Store, StoreError, StoreLockedError
from totalplace_core.store.migrations import MIGRATIONS


def test_migrations_apply_once(tmp_path: Path) -> None:
    path = tmp_path / "m.duckdb"
    with Store(path) as store:
        assert store.schema_version() == MIGRATIONS[-1][0]
    with Store(path) as store:  # reopening applies nothing twice
        assert store.rows("SELECT count(*) FROM schema_migration")[0][0] == len(MIGRATIONS)


def test_failed_write_leaves_nothing(empty_store: Store) -> None:
    good = pd.DataFrame([{"place_id": "p1", "place_name": "Testshire", "population": 10}])
    bad_ward = pd.DataFrame([{"ward_id": "w1", "place_id": "p1", "ward_code": "W1",
                              "ward_name": "North", "pop_0_17": -5, "pop_18_64": 1,
                              "pop_65_plus": 1}])
    with pytest.raises(Exception, match=r"(?i)constraint"):
        empty_store.replace_place("Testshire", {"place": good, "ward": bad_ward})
    assert empty_store.places().empty


def test_replace_place_swaps_whole_place(empty_store: Store) -> None:
    for population in (10, 20):
        frame = pd.DataFrame([{"place_id": f"p{population}", "place_name": "Testshire",
                               "population": population}])
        empty_store.replace_place("Testshire", {"place": frame})
    places = empty_store.places()
    assert list(places["population"]) == [20]


def test_unknown_place_names_the_known_ones(demo_store: Store) -> None:
    from totalplace_core.store import require_place

    with pytest.raises(StoreError, match=r"No place called 'Nowhere'.*Harrowdale"):
        require_place(demo_store, "Nowhere")


def test_second_process_gets_a_clear_lock_message(tmp_path: Path) -> None:
    path = tmp_path / "locked.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from totalplace_core.store import Store
            s = Store({str(path)!r}); print("open", flush=True); time.sleep(30)
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreLockedError, match=f"open in process {holder.pid}"):
            Store(path)
    finally:
        holder.kill()
        holder.wait()
