"""What pages and the CLI ask for, answered from the store by the domain modules."""

from __future__ import annotations

from totalplace_core.count import Count, count_place
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


def place_years(store: Store, place_name: str) -> list[str]:
    return store.years(require_place(store, place_name)["place_id"])


def resolve_year(store: Store, place_name: str, year: str | None) -> str:
    years = place_years(store, place_name)
    if not years:
        raise StoreError(f"{place_name} has no spend lines yet.")
    if year is None:
        return years[-1]
    if year not in years:
        raise StoreError(f"No {year} figures for {place_name} (years: {', '.join(years)}).")
    return year


def place_count(store: Store, place_name: str, year: str) -> Count:
    place = require_place(store, place_name)
    lines = store.spend_lines(place["place_id"], year)
    return count_place(lines, place_name, year, int(place["population"]))
