"""What pages and the CLI ask of the high-level count, answered from the store."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from totalplace_core import themes
from totalplace_core.count import views as count_views
from totalplace_core.count.domain import Count, change_on, count_place
from totalplace_core.count.views import (
    LINE_COLUMNS,
    by,
    by_theme,
    compare_places,
    counted,
    drill,
    filter_lines,
    per_head_by_group,
    relevant_choices,
    transfers,
)
from totalplace_core.store import Store, require_place
from totalplace_core.themes import SCHEMES

# Besides its answers, the service hands pages the count's views and wording, so a page
# imports this module and the count's charts, nothing deeper.
__all__ = [
    "LINE_COLUMNS", "SCHEMES", "Count", "CountView", "by", "by_theme", "change_on",
    "compare_places", "compare_years", "count_place", "count_view", "counted",
    "counts_for_year", "drill", "filter_lines", "per_head_by_group", "place_count",
    "relevant_choices", "save_theme_map", "transfers",
]


def place_count(store: Store, place_name: str, year: str) -> Count:
    place = require_place(store, place_name)
    lines = store.spend_lines(place["place_id"], year)
    return count_place(lines, place_name, year, int(place["population"]))


@dataclass(frozen=True)
class CountView:
    """Everything the High-level count page shows for one place and year."""

    count: Count
    previous: Count | None
    lines: pd.DataFrame
    bands: dict[str, int]
    mapping: pd.DataFrame
    deflators: pd.DataFrame
    org_names: dict[str, str]


def count_view(store: Store, place_name: str, year: str) -> CountView:
    place = require_place(store, place_name)
    lines = store.spend_lines(place["place_id"])
    population = int(place["population"])
    years = sorted(lines["year"].unique())
    earlier = [y for y in years if y < year]
    previous = count_place(lines, place_name, earlier[-1], population) if earlier else None
    orgs = store.table("organisation", place["place_id"])
    return CountView(
        count=count_place(lines, place_name, year, population),
        previous=previous,
        lines=lines,
        bands=count_views.population_bands(store.table("ward", place["place_id"]), population),
        mapping=themes.theme_map(store.theme_edits(place["place_id"])),
        deflators=store.deflators(),
        org_names=dict(orgs[["org_code", "org_name"]].itertuples(index=False)),
    )


def counts_for_year(store: Store, year: str) -> list[Count]:
    """The count of every loaded place that has figures for `year`."""
    lines = store.spend_lines_all_places(year)
    return [count_place(part, name, year, int(part["population"].iloc[0]))
            for name, part in lines.groupby("place_name", sort=True)]


def save_theme_map(store: Store, place_name: str, before: pd.DataFrame,
                   after: pd.DataFrame) -> int:
    place = require_place(store, place_name)
    return store.add_theme_edits(place["place_id"], themes.changed_rows(before, after))


def compare_years(store: Store, place_name: str, earlier: str, later: str) -> pd.DataFrame:
    return count_views.compare_years(place_count(store, place_name, earlier),
                                     place_count(store, place_name, later), store.deflators())
