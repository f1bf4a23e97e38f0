"""What pages and the CLI ask of the ward explorer, answered from the store's SQL (cached by
the data versions the answer depends on)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from totalplace_core.classifications import COFOG_DIVISIONS
from totalplace_core.count.service import per_head
from totalplace_core.money import format_gbp, format_per_head
from totalplace_core.store import Store, StoreError, require_place
from totalplace_core.wards import domain
from totalplace_core.wards.charts import legend_html
from totalplace_core.wards.domain import DEFAULT_DRIVERS, DRIVER_NAMES, driver_table

__all__ = ["DEFAULT_DRIVERS", "DEPENDS_ON", "DRIVER_NAMES", "Choices", "choices", "drivers",
           "factsheet_html", "factsheet_pdf", "legend_html", "place_per_head", "save_drivers",
           "side_by_side", "ward_detail", "ward_shares", "wards"]
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


@dataclass(frozen=True)
class Choices:
    """What the page offers: the wards (with outlines), functions and bodies to narrow by."""

    wards: pd.DataFrame
    divisions: dict[str, str]  # code -> "10 Social protection"
    bodies: dict[str, str]  # code -> name


def choices(store: Store, place_name: str, year: str) -> Choices:
    place_id = require_place(store, place_name)["place_id"]

    def build() -> Choices:
        orgs = store.table("organisation", place_id).sort_values("org_name")
        return Choices(store.table("ward", place_id),
                       {d: f"{d} {name}" for d, name in COFOG_DIVISIONS.items()},
                       dict(zip(orgs["org_code"], orgs["org_name"], strict=True)))
    return store.cached(("ward_choices", place_id), DEPENDS_ON, build)  # the same every year


def place_per_head(table: pd.DataFrame) -> int:
    people = int(table["population"].sum())
    return per_head(int(table["amount_pence"].sum()), people) if people else 0


def _with_shares(frame: pd.DataFrame, label: str) -> pd.DataFrame:
    total = int(frame["amount_pence"].sum()) or 1
    return frame.assign(share_pct=(100.0 * frame["amount_pence"] / total).round(1),
                        proxy_share_pct=(100.0 * frame["proxy_pence"]
                                         / frame["amount_pence"].where(frame["amount_pence"] != 0)
                                         ).fillna(0).round(1)).rename(columns={label: "name"})


def ward_detail(store: Store, place_name: str, year: str,
                ward_code: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One ward's spend by function and by body, largest first, with the proxy share."""
    found = choices(store, place_name, year)
    by_division = ward_shares(store, place_name, year, ("division",))
    by_division = by_division[by_division["ward_code"] == ward_code]
    by_body = ward_shares(store, place_name, year, ("org_code",))
    by_body = by_body[by_body["ward_code"] == ward_code]
    functions = by_division.assign(division=by_division["division"].map(found.divisions))
    bodies = by_body.assign(org_code=by_body["org_code"].map(
        lambda c: found.bodies.get(c, c)))
    columns = ["name", "amount_pence", "share_pct", "proxy_share_pct"]
    return (_with_shares(functions.sort_values("amount_pence", ascending=False),
                         "division")[columns],
            _with_shares(bodies.sort_values("amount_pence", ascending=False),
                         "org_code")[columns])


def side_by_side(table: pd.DataFrame, first: str, second: str) -> pd.DataFrame:
    """Two wards' figures in two columns (each against the place's per head)."""
    rows = table.set_index("ward_code").loc[[first, second]]
    return pd.DataFrame({
        "figure": ["Residents", "Spent", "Per resident", "Against the place (%)",
                   "Proxy share (%)"],
        **{str(r.ward_name): [f"{int(r.population):,}", format_gbp(int(r.amount_pence)),
                              format_per_head(int(r.per_head_pence)),
                              f"{r.against_place_pct:+.1f}", f"{r.proxy_share_pct:.1f}"]
           for r in rows.itertuples()}})


def factsheet_html(store: Store, place_name: str, year: str | None, ward_code: str) -> str:
    """One ward's printable factsheet (HTML); the report engine loads only when asked (and
    a top-level import would be circular: the factsheet reads this service)."""
    from totalplace_core.wards import factsheet

    return factsheet.factsheet_html(store, place_name, year, ward_code)


def factsheet_pdf(store: Store, place_name: str, year: str | None, ward_code: str) -> bytes:
    """The same factsheet as a one-page PDF, printed by the machine's Chromium (offline)."""
    from totalplace_core.wards import factsheet

    return factsheet.factsheet_pdf(store, place_name, year, ward_code)
