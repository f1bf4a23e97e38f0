"""What pages, the CLI and the importer ask of the high-level count, answered from the store.

The store classifies and sums the lines in SQL and returns small frames; answers are cached by
the data versions they depend on (store/versions.py), so a rerun that changes nothing reads
nothing, and any import, undo or theme edit is seen by the next one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from totalplace_core import themes
from totalplace_core.count import views
from totalplace_core.count.domain import Count, change_on, count_from, per_head
from totalplace_core.count.views import (
    LINE_COLUMNS,
    TRANSFER_COLUMNS,
    by_theme,
    credit_note,
    credits,
    per_head_by_group,
    relevant_choices,
    shares,
    tree,
)
from totalplace_core.store import Store, require_place
from totalplace_core.themes import SCHEMES

# Besides its answers, the service hands pages the count's views and wording, so a page
# imports this module and the count's charts, nothing deeper.
__all__ = [
    "LINES_SHOWN",
    "LINE_COLUMNS",
    "SCHEMES",
    "TRANSFER_COLUMNS",
    "Count",
    "CountView",
    "body_link",
    "body_name",
    "by_theme",
    "change_on",
    "compare_places",
    "compare_years",
    "count_view",
    "counts_for_year",
    "credit_note",
    "credits",
    "lines",
    "per_head",
    "per_head_by_group",
    "place_count",
    "preview_counts",
    "relevant_choices",
    "save_theme_map",
    "shares",
    "transfers",
    "tree",
]
DEPENDS_ON = ("spend", "themes")  # the data versions a count answer is cached by
LINES_SHOWN = 500  # lines listed at once; the caption says how many match in all


def _counts(found: pd.DataFrame, year: str) -> list[Count]:
    """Counts from the store's count_totals: a place row and its division rows each (plain
    loops: a few thousand rows, and a frame per place would cost more than the query)."""
    places: dict[str, dict] = {}
    divisions: dict[str, dict[str, int]] = {}
    for row in found.to_dict("records"):
        if isinstance(row["division"], str):
            divisions.setdefault(row["place_id"], {})[row["division"]] = row["kept_pence"]
        else:
            places[row["place_id"]] = row
    return [count_from(row, divisions.get(pid, {}), year) for pid, row in places.items()]


def _place_count(store: Store, place_id: str, year: str) -> Count | None:
    found = _counts(store.count_totals(year, place_id), year)
    return found[0] if found else None


def place_count(store: Store, place_name: str, year: str) -> Count:
    """The count of one place and year (a place without lines that year counts nothing)."""
    place = require_place(store, place_name)
    found = store.cached(("place_count", place["place_id"], year), DEPENDS_ON,
                         lambda: _place_count(store, place["place_id"], year))
    return found or count_from(place | {"gross_pence": 0, "transfers_pence": 0,
                                        "unmatched_pence": 0, "bodies_counted": 0,
                                        "actual_pence": 0, "estimate_pence": 0,
                                        "proxy_pence": 0}, {}, year)


def counts_for_year(store: Store, year: str) -> list[Count]:
    """The count of every loaded place that has figures for `year`, in two queries."""
    return store.cached(("counts_for_year", year), DEPENDS_ON,
                        lambda: _counts(store.count_totals(year), year))


def compare_places(store: Store, year: str) -> pd.DataFrame:
    return views.compare_places(counts_for_year(store, year))


@dataclass(frozen=True)
class CountView:
    """Everything the High-level count page shows for one place and year, already summed."""

    count: Count
    previous: Count | None
    parts: pd.DataFrame  # kept spend by division, group, body and kind of body
    bands: dict[str, int]
    mapping: pd.DataFrame
    deflators: pd.DataFrame

    @property
    def divisions(self) -> list[str]:
        return sorted(self.parts["division_name"].unique())

    @property
    def bodies(self) -> list[str]:
        return sorted(self.parts["org_name"].unique())


def _count_view(store: Store, place: dict, year: str) -> CountView:
    place_id = place["place_id"]
    earlier = [y for y in store.years(place_id) if y < year]
    parts = store.count_breakdown(year, views.PARTS, place_id)
    return CountView(
        count=place_count(store, place["place_name"], year),
        previous=place_count(store, place["place_name"], earlier[-1]) if earlier else None,
        parts=parts.assign(division_name=parts["division"].map(
            lambda d: f"{d} {views.COFOG_DIVISIONS[d]}")),
        bands=views.population_bands(store.table("ward", place_id), int(place["population"])),
        mapping=themes.theme_map(store.theme_edits(place_id)),
        deflators=store.deflators(),
    )


def count_view(store: Store, place_name: str, year: str) -> CountView:
    place = require_place(store, place_name)
    return store.cached(("count_view", place["place_id"], year), DEPENDS_ON,
                        lambda: _count_view(store, place, year))


def lines(store: Store, place_name: str, year: str, divisions: Sequence[str] = (),
          bodies: Sequence[str] = (), limit: int = LINES_SHOWN) -> tuple[pd.DataFrame, int, int]:
    """The counted lines of the chosen divisions (codes) and bodies (names), largest first, at
    most `limit`; with how many lines match in all and what they add up to."""
    place_id = require_place(store, place_name)["place_id"]
    found = store.cached(
        ("lines", place_id, year, tuple(divisions), tuple(bodies), limit), DEPENDS_ON,
        lambda: store.count_lines(place_id, year, {"division": divisions, "org_name": bodies},
                                  limit=limit))
    matching = int(found["matching_lines"].iloc[0]) if len(found) else 0
    pence = int(found["matching_pence"].iloc[0]) if len(found) else 0
    return views.lines_table(found), matching, pence


def body_link(org_code: str) -> str:
    """The count's lines for one body: how another tool links to a body's spend."""
    return f"/count?body={org_code}"


def body_name(store: Store, place_name: str, org_code: str) -> str | None:
    """A body's name from its code (a link from another tool names the body by code)."""
    place_id = require_place(store, place_name)["place_id"]
    orgs = store.cached(("org_names", place_id), DEPENDS_ON, lambda: dict(
        store.table("organisation", place_id)[["org_code", "org_name"]].itertuples(
            index=False)))
    return orgs.get(org_code)


def transfers(store: Store, place_name: str, year: str,
              limit: int = LINES_SHOWN) -> pd.DataFrame:
    """Every line that hands money on (largest first, at most `limit`): to whom, and whether
    the count removed it (netted) or kept it (unmatched)."""
    place_id = require_place(store, place_name)["place_id"]
    found = store.cached(("transfers", place_id, year, limit), DEPENDS_ON, lambda: (
        store.count_lines(place_id, year, {}, statuses=("transfer netted", "transfer unmatched"),
                          transfers_only=True, limit=limit)))
    return found[TRANSFER_COLUMNS]


def save_theme_map(store: Store, place_name: str, before: pd.DataFrame,
                   after: pd.DataFrame) -> int:
    place = require_place(store, place_name)
    return store.add_theme_edits(place["place_id"], themes.changed_rows(before, after))


def compare_years(store: Store, place_name: str, earlier: str, later: str) -> pd.DataFrame:
    return views.compare_years(place_count(store, place_name, earlier),
                               place_count(store, place_name, later), store.deflators())


def preview_counts(store: Store, place: dict, year: str, incoming: pd.DataFrame,
                   replaced_orgs: Sequence[str]) -> tuple[Count | None, Count | None]:
    """The place's count for `year` before an import and after it: the import's lines for
    `year` replace those of the bodies it names (the importer's scope), summed in SQL.
    `place` has the place's id, name and population (a new place is not in the store yet)."""
    replaced = pd.DataFrame({"org_code": list(replaced_orgs)}, dtype="object")
    lines_in = incoming.assign(place_id=place["place_id"])
    before = _place_count(store, place["place_id"], year)
    found = store.count_totals(year, place["place_id"], (lines_in, replaced))
    if found.empty:
        return before, None
    found = found.assign(place_name=place["place_name"], population=int(place["population"]))
    return before, _counts(found, year)[0]
