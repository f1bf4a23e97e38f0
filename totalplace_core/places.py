"""Which places and years are loaded: the choice every page and command starts from."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from totalplace_core.store import Store, StoreError, require_place


def default_place(store: Store, place_name: str | None) -> str:
    """The named place, or the only one loaded."""
    names = list(store.places()["place_name"])
    if place_name:
        require_place(store, place_name)
        return place_name
    if not names:
        raise StoreError("No place is loaded: run `totalplace demo` or import a template.")
    if len(names) > 1:
        raise StoreError(f"Several places are loaded ({', '.join(names)}): name one.")
    return names[0]


def loaded(store: Store) -> pd.DataFrame:
    """The loaded places (cached by data version: every page asks on every rerun)."""
    return store.cached(("places",), ("spend",), store.places)


def place_years(store: Store, place_name: str) -> list[str]:
    return store.cached(("years", place_name), ("spend",), lambda: store.years(
        require_place(store, place_name)["place_id"]))


def pick_year(years: list[str], year: str | None, empty: str,
               missing: Callable[[str, str], str]) -> str:
    """`year` if there are figures for it, the latest when none is asked for; else a message
    (`missing` is given the year asked for and the years there are)."""
    if not years:
        raise StoreError(empty)
    if year is None:
        return years[-1]
    if year not in years:
        raise StoreError(missing(year, ", ".join(years)))
    return year


def resolve_year(store: Store, place_name: str, year: str | None) -> str:
    return pick_year(place_years(store, place_name), year,
                      f"{place_name} has no spend lines yet.",
                      lambda y, ys: f"No {y} figures for {place_name} (years: {ys}).")
