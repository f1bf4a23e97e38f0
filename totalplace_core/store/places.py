"""The store: places and what every table shares, with each tool's queries mixed in.
Every SQL statement of the app is in this package."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from totalplace_core.store.assets import AssetQueries
from totalplace_core.store.backup import BackupQueries
from totalplace_core.store.bench_asset_floors import BenchAssetFloors
from totalplace_core.store.bench_floors import BenchFloors
from totalplace_core.store.connection import StoreError
from totalplace_core.store.count import CountQueries
from totalplace_core.store.imports import ImportQueries
from totalplace_core.store.journeys import JourneyQueries
from totalplace_core.store.migrations import PLACE_TABLES
from totalplace_core.store.portable import insert_frame
from totalplace_core.store.versions import DataVersions
from totalplace_core.store.wall import WallQueries
from totalplace_core.store.wards import WardQueries
from totalplace_core.store.workshop import WorkshopQueries

T = TypeVar("T")

# Append-only tables: the live row of an id is its highest version.
VERSIONED: dict[str, str] = {
    "workshop_session": "session_id",
    "force": "force_id",
    "orid_answer": "answer_id",
    "workshop_action": "action_id",
    "wall_note": "note_id",
}


def _checked_table(table: str) -> str:
    if table not in PLACE_TABLES:
        raise ValueError(f"unknown table {table!r}")
    return table


class Store(AssetQueries, CountQueries, ImportQueries, JourneyQueries, WallQueries,
            WardQueries, WorkshopQueries, BenchFloors, BenchAssetFloors, BackupQueries):
    def __init__(self, path: Path | str | None = None) -> None:
        super().__init__(path)
        # One set of versions per store, shared by every Store on it in this process and
        # dropped when the last one closes (another process may write the file after that).
        # Writes move them (Connection.transaction); on the shared store they follow the
        # store's own counters.
        self.versions = self.shared("data_versions", DataVersions)

    def cached(self, key: Hashable, areas: tuple[str, ...], build: Callable[[], T]) -> T:
        return self.versions.cached((self.address, key), areas, build)

    # -- places -------------------------------------------------------------------------
    def places(self) -> pd.DataFrame:
        return self.df(
            "SELECT place_id, place_name, population, is_fictional, description "
            "FROM place ORDER BY place_name"
        )

    def place(self, place_name: str) -> dict[str, Any] | None:
        frame = self.df("SELECT * FROM place WHERE place_name = ?", [place_name])
        return None if frame.empty else frame.iloc[0].to_dict()

    def years(self, place_id: str) -> list[str]:
        rows = self.rows(
            "SELECT DISTINCT year FROM spend_line WHERE place_id = ? ORDER BY year", [place_id]
        )
        return [row[0] for row in rows]

    def replace_place(self, place_name: str, frames: dict[str, pd.DataFrame]) -> dict[str, int]:
        """Swap one place's data for `frames` (table -> rows) in a single transaction."""
        unknown = set(frames) - set(PLACE_TABLES)
        if unknown:
            raise ValueError(f"unknown tables {sorted(unknown)}")
        counts: dict[str, int] = {}
        with self.transaction() as cur:
            old = cur.execute(
                "SELECT place_id FROM place WHERE place_name = ?", [place_name]
            ).fetchall()
            for (place_id,) in old:
                for table in PLACE_TABLES:
                    cur.execute(f"DELETE FROM {table} WHERE place_id = ?", [place_id])
            for table in reversed(PLACE_TABLES):
                if table in frames:
                    counts[table] = insert_frame(cur, table, frames[table])
            for place_id in frames["place"]["place_id"] if "place" in frames else ():
                self.refresh_summary(cur, place_id)
        return counts

    def row_counts(self, place_id: str) -> dict[str, int]:
        return {
            table: self.rows(f"SELECT count(*) FROM {table} WHERE place_id = ?", [place_id])[0][0]
            for table in PLACE_TABLES
        }

    def table(self, table: str, place_id: str) -> pd.DataFrame:
        """Every live row of one of a place's tables (latest version of appended ones)."""
        table = _checked_table(table)
        id_col = VERSIONED.get(table)
        if id_col is None:
            return self.df(f"SELECT * FROM {table} WHERE place_id = ?", [place_id])
        return self.df(
            f"SELECT * FROM {table} WHERE place_id = ? "
            f"QUALIFY row_number() OVER (PARTITION BY {id_col} ORDER BY version DESC) = 1",
            [place_id],
        )


def require_place(store: Store, place_name: str) -> dict[str, Any]:
    place = store.place(place_name)
    if place is None:
        known = ", ".join(store.places()["place_name"]) or "none loaded"
        raise StoreError(f"No place called {place_name!r} (places: {known}).")
    return place
