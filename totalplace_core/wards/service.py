"""What pages and the CLI ask of the ward explorer, answered from the store's SQL (cached by
the data versions the answer depends on)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from totalplace_core.store import Store, StoreError, require_place
from totalplace_core.wards import domain
from totalplace_core.wards.domain import DEFAULT_DRIVERS, DRIVER_NAMES, driver_table

__all__ = ["DEFAULT_DRIVERS", "DEPENDS_ON", "DRIVER_NAMES", "drivers", "save_drivers",
           "ward_shares", "wards"]
DEPENDS_ON = ("spend", "wards")


def drivers(store: Store, place_name: str) -> pd.DataFrame:
    """Every COFOG group and how it is shared among wards when a line does not say."""
    place_id = require_place(store, place_name)["place_id"]
    return store.cached(("ward_drivers", place_id), DEPENDS_ON,
                        lambda: driver_table(store.ward_driver_edits(place_id)))


def save_drivers(store: Store, place_name: str, before: pd.DataFrame, after: pd.DataFrame,
                 edited_by: str | None = None) -> int:
    place_id = require_place(store, place_name)["place_id"]
    return store.add_ward_driver_edits(place_id, domain.changed_drivers(before, after),
                                       edited_by)


def ward_shares(store: Store, place_name: str, year: str, by: Sequence[str] = (),
                divisions: Sequence[str] = (), bodies: Sequence[str] = ()) -> pd.DataFrame:
    """The place-year's counted spend by ward (and by `by`), with its actual and proxy parts;
    `divisions` (codes) and `bodies` (codes) narrow it."""
    place_id = require_place(store, place_name)["place_id"]
    key = ("ward_shares", place_id, year, tuple(by), tuple(divisions), tuple(bodies))
    return store.cached(key, DEPENDS_ON, lambda: store.ward_shares(
        place_id, year, drivers(store, place_name)[["cofog_code", "driver"]], by,
        {"division": divisions, "org_code": bodies}))


def wards(store: Store, place_name: str, year: str, divisions: Sequence[str] = (),
          bodies: Sequence[str] = ()) -> pd.DataFrame:
    """Every ward: residents, amount, per head, against the place, share that is a proxy."""
    place_id = require_place(store, place_name)["place_id"]
    ward_rows = store.table("ward", place_id)
    if ward_rows.empty:
        raise StoreError(f"{place_name} has no wards loaded: add the Wards sheet.")
    return domain.ward_table(ward_shares(store, place_name, year, (), divisions, bodies),
                             ward_rows)
