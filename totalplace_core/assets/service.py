"""What pages and the CLI ask of the asset map, answered from the store's SQL and cached by
the data versions the answer depends on."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from totalplace_core.assets import domain
from totalplace_core.assets.charts import body_colours, legend_html
from totalplace_core.assets.domain import (
    SAVING_BASIS,
    SAVING_SOURCE,
    SIZE_BY,
    Colocation,
    ColocationRule,
)
from totalplace_core.count.service import body_link
from totalplace_core.map_view import frame_for
from totalplace_core.store import Store, require_place
from totalplace_core.store.assets import AssetFilter

__all__ = [
    "DEFAULT_RULE",
    "DEPENDS_ON",
    "EVERYTHING",
    "SAVING_BASIS",
    "SAVING_SOURCE",
    "SIZE_BY",
    "TOTALS_BY",
    "AssetFilter",
    "Choices",
    "Colocation",
    "ColocationRule",
    "asset_table",
    "assets",
    "body_colours",
    "choices",
    "colocation",
    "frame_for",
    "group_table",
    "legend_html",
    "member_table",
    "spend_link",
    "totals",
]
DEPENDS_ON = ("assets", "wards")  # buildings, and the wards they are drawn on
EVERYTHING, DEFAULT_RULE = AssetFilter(), ColocationRule()
TOTALS_BY = {"body": "By body", "kind": "By kind of building", "ward": "By ward"}


@dataclass(frozen=True)
class Choices:
    """What the page offers to narrow the map by, and the ward outlines it draws."""

    bodies: dict[str, str]  # code -> name
    kinds: list[str]
    wards: dict[str, str]  # code -> name
    outlines: pd.DataFrame  # the place's wards, with their GeoJSON


def _key(shown: AssetFilter) -> tuple:
    return (tuple(shown.bodies), tuple(shown.kinds), tuple(shown.wards), shown.use_range)


def choices(store: Store, place_name: str) -> Choices:
    place_id = require_place(store, place_name)["place_id"]

    def build() -> Choices:
        found = store.asset_choices(place_id)
        pick = {what: found[found["what"] == what] for what in ("body", "kind", "ward")}
        return Choices(dict(zip(pick["body"]["code"], pick["body"]["label"], strict=True)),
                       list(pick["kind"]["code"]),
                       dict(zip(pick["ward"]["code"], pick["ward"]["label"], strict=True)),
                       store.table("ward", place_id))
    return store.cached(("asset_choices", place_id), DEPENDS_ON, build)


def assets(store: Store, place_name: str, shown: AssetFilter = EVERYTHING) -> pd.DataFrame:
    """Every building shown, costliest first, with body, ward and cost per m²."""
    place_id = require_place(store, place_name)["place_id"]
    return store.cached(("assets", place_id, _key(shown)), DEPENDS_ON,
                        lambda: store.assets(place_id, shown))


def totals(store: Store, place_name: str, shown: AssetFilter = EVERYTHING,
           by: str | None = None, max_use_pct: float = 60) -> pd.DataFrame:
    """Buildings, floor area, running cost and the under-used part: by body, kind or ward, or
    for the whole estate shown (`by=None`, one row)."""
    place_id = require_place(store, place_name)["place_id"]
    return store.cached(("asset_totals", place_id, _key(shown), by, max_use_pct), DEPENDS_ON,
                        lambda: store.estate_totals(place_id, shown, by, max_use_pct))


def colocation(store: Store, place_name: str, rule: ColocationRule = DEFAULT_RULE,
               shown: AssetFilter = EVERYTHING) -> Colocation:
    """The co-location groups among the buildings shown, ranked by combined running cost."""
    place_id = require_place(store, place_name)["place_id"]
    return store.cached(
        ("colocation", place_id, _key(shown), rule), DEPENDS_ON,
        lambda: domain.split_groups(rule, store.colocation(
            place_id, shown, rule.radius_m, rule.max_use_pct, rule.rate_bp)))


def spend_link(org_code: str) -> str:
    """The count's lines for one body: where an asset's owner spends."""
    return body_link(org_code)


def asset_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The buildings as the table under the map shows and downloads them."""
    out = frame[["asset_code", "asset_name", "org_name", "kind", "ward_name", "floor_area_m2",
                 "running_cost_pence", "cost_per_m2_pence", "utilisation_pct", "tenure",
                 "lat", "lon", "org_code"]].copy()
    out["spend_link"] = out["org_code"].map(spend_link)
    return out


def group_table(result: Colocation) -> pd.DataFrame:
    """One row a candidate: what the ranked table shows and the download holds."""
    out = result.groups[["rank", "ward_name", "buildings", "bodies", "body_names",
                         "combined_pence", "spare_floor_m2", "saving_estimate_pence"]].copy()
    out["saving_basis"] = SAVING_BASIS
    out["saving_source"] = f"{result.rule.rate_pct:g}% of combined running cost; " \
                           + SAVING_SOURCE
    return out


def member_table(result: Colocation) -> pd.DataFrame:
    """One row a building of a candidate, with its group's rank."""
    return result.members.copy()


def totals_table(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """The totals with headers that say what each row is (a body, a kind, a ward)."""
    names = {"body": ("org_code", "org_name"), "kind": (None, "kind"),
             "ward": ("ward_code", "ward_name")}[by]
    out = frame.rename(columns={"label": names[1]})
    return out.drop(columns="code") if names[0] is None else out.rename(columns={
        "code": names[0]})


def headline_groups(result: Colocation, n: int) -> pd.DataFrame:
    """The top `n` candidates as the projector shows them: where, who, the money."""
    return result.groups.head(n)[["rank", "ward_name", "body_names", "buildings",
                                  "combined_pence", "spare_floor_m2", "saving_estimate_pence"]]
