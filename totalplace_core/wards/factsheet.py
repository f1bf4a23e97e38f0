"""The ward factsheet a councillor prints (issue 11): one A4 page, HTML or PDF, built only
from the ward service's answers and filled into the report engine's ward_factsheet.html."""

from __future__ import annotations

from typing import Any

import pandas as pd
from markupsafe import Markup

from totalplace_core import places
from totalplace_core.classifications import COFOG_DIVISIONS
from totalplace_core.count.service import per_head
from totalplace_core.reports import pdf_from_html, render
from totalplace_core.reports.maps import ward_map_svg
from totalplace_core.store import Store, StoreError
from totalplace_core.wards import service

TEMPLATE = "ward_factsheet.html"
TOP_BODIES = 6  # more than this and the page runs over; the rest are summed in one row


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _driver_notes(drivers: pd.DataFrame, divisions: list[str]) -> list[str]:
    """In words, the functions (of `divisions`) whose groups are shared by something other
    than residents: "Education: by residents aged 0-17 for Secondary education, ..."."""
    notes = []
    for division in divisions:
        groups = drivers[drivers["cofog_code"].str.startswith(f"{division}.")
                         & (drivers["driver"] != "population")]
        parts = [f"by {service.DRIVER_NAMES.get(driver, driver)} for "
                 + _and(list(rows["cofog_name"]))
                 for driver, rows in groups.groupby("driver", sort=True)]
        if parts:
            notes.append(f"{COFOG_DIVISIONS.get(division, division)}: " + "; ".join(parts))
    return notes


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _functions(store: Store, place: str, year: str, ward: pd.Series) -> list[dict[str, Any]]:
    shares = service.ward_shares(store, place, year, ("division",))
    shares = shares[shares["ward_code"] == ward["ward_code"]]
    people, total = int(ward["population"]), int(ward["amount_pence"])
    return [{"code": r.division, "name": COFOG_DIVISIONS.get(r.division, r.division),
             "amount_pence": int(r.amount_pence),
             "per_head_pence": per_head(int(r.amount_pence), people) if people else 0,
             "share_pct": _pct(int(r.amount_pence), total),
             "proxy_share_pct": _pct(int(r.proxy_pence), int(r.amount_pence))}
            for r in shares.sort_values("amount_pence", ascending=False).itertuples()
            if r.amount_pence]


def _bodies(store: Store, place: str, year: str, place_id: str,
            ward: pd.Series) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The ward's largest bodies, and the rest summed (None when there is no rest)."""
    orgs = store.table("organisation", place_id)
    names = dict(zip(orgs["org_code"], orgs["org_name"], strict=True))
    shares = service.ward_shares(store, place, year, ("org_code",))
    shares = shares[(shares["ward_code"] == ward["ward_code"]) & (shares["amount_pence"] != 0)]
    shares = shares.sort_values("amount_pence", ascending=False)
    total = int(ward["amount_pence"])
    rows = [{"name": names.get(r.org_code, r.org_code), "amount_pence": int(r.amount_pence),
             "share_pct": _pct(int(r.amount_pence), total),
             "proxy_share_pct": _pct(int(r.proxy_pence), int(r.amount_pence))}
            for r in shares.head(TOP_BODIES).itertuples()]
    rest = shares.iloc[TOP_BODIES:]
    if rest.empty:
        return rows, None
    pence = int(rest["amount_pence"].sum())
    return rows, {"count": len(rest), "amount_pence": pence, "share_pct": _pct(pence, total)}


def _ward_row(table: pd.DataFrame, place: str, ward_code: str) -> pd.Series:
    found = table[table["ward_code"] == ward_code]
    if found.empty:
        known = ", ".join(table["ward_code"])
        raise StoreError(f"No ward {ward_code!r} in {place} (wards: {known}).")
    return found.iloc[0]


def _notes(place: str, year: str, fictional: bool) -> dict[str, list[str]]:
    sources = [f"Spending: the spend lines each public body returned for {place}, {year} "
               "(Total Place template), counted once: money passed between bodies is counted "
               "where it is finally spent.",
               f"Residents and ward outlines: the Wards sheet loaded for {place}."]
    caveats = ["A proxy is an estimate of where the money would be if it followed the people "
               "it is shared by, not a record of where it was spent.",
               "Cash terms for the year shown. Amounts are rounded; the wards add back to the "
               "place's count to the penny."]
    if fictional:
        caveats.insert(0, f"{place} is a fictional place made up for demonstration.")
    return {"sources": sources, "caveats": caveats}


def ward_factsheet(store: Store, place_name: str, year: str | None,
                   ward_code: str) -> dict[str, Any]:
    """Everything the factsheet shows, as plain values (pence as int) for the template;
    `year` None means the latest year with figures."""
    place = store.place(place_name)
    if place is None:
        raise StoreError(f"No place called {place_name!r}.")
    year = places.resolve_year(store, place_name, year)
    table = service.wards(store, place_name, year)
    ward = _ward_row(table, place_name, ward_code)
    total, proxy = int(ward["amount_pence"]), int(ward["proxy_pence"])
    bodies, other_bodies = _bodies(store, place_name, year, place["place_id"], ward)
    ranked = table.sort_values("per_head_pence", ascending=False)["ward_code"].tolist()
    outline = store.table("ward", place["place_id"])
    functions = _functions(store, place_name, year, ward)
    fictional = bool(place.get("is_fictional"))
    return {
        "title": f"Public spending in {ward['ward_name']}, {place_name}, {year}",
        "document_kind": "Ward factsheet", "fictional": fictional,
        "place_name": place_name, "year": year, "ward_count": len(table),
        "ward": {"code": ward_code, "name": str(ward["ward_name"]),
                 "population": int(ward["population"]), "amount_pence": total,
                 "actual_pence": int(ward["actual_pence"]), "proxy_pence": proxy,
                 "per_head_pence": int(ward["per_head_pence"]),
                 "against_place_pct": float(ward["against_place_pct"]),
                 "actual_share_pct": round(100.0 - _pct(proxy, total), 1) if total else 0.0,
                 "proxy_share_pct": _pct(proxy, total),
                 "rank": ranked.index(ward_code) + 1},
        "place_per_head_pence": service.place_per_head(table),
        "place_amount_pence": int(table["amount_pence"].sum()),
        # Built by maps.ward_map_svg, which escapes every name it writes: safe to embed.
        "map_svg": Markup(ward_map_svg(outline, ward_code)),
        "functions": functions,
        "driver_notes": _driver_notes(service.drivers(store, place_name),
                                      [f["code"] for f in functions if f["proxy_share_pct"]]),
        "bodies": bodies, "other_bodies": other_bodies,
        **_notes(place_name, year, fictional),
    }


def factsheet_html(store: Store, place_name: str, year: str | None, ward_code: str) -> str:
    return render(TEMPLATE, ward_factsheet(store, place_name, year, ward_code))


def factsheet_pdf(store: Store, place_name: str, year: str | None, ward_code: str) -> bytes:
    return pdf_from_html(factsheet_html(store, place_name, year, ward_code))
