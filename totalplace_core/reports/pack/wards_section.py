"""The committee pack's wards: every ward's spending, per resident, against the place and
the share that is a proxy, with a map shaded by spending per resident (inline SVG, drawn
from the wards' outlines). Every figure is the ward service's answer."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from totalplace_core.count import service as count
from totalplace_core.reports.engine import Section
from totalplace_core.reports.maps import SEQUENTIAL, ward_map_svg
from totalplace_core.store import Store, StoreError
from totalplace_core.wards import service as wards

KEY, TITLE = "wards", "Spending by ward"


def _rows(table: Any) -> list[dict[str, Any]]:
    table = table.sort_values(["per_head_pence", "ward_code"], ascending=[False, True])
    return [{"code": str(r.ward_code), "name": str(r.ward_name), "population": int(r.population),
             "amount_pence": int(r.amount_pence), "per_head_pence": int(r.per_head_pence),
             "against_place_pct": float(r.against_place_pct),
             "proxy_share_pct": float(r.proxy_share_pct)} for r in table.itertuples()]


def section(store: Store, place: str, year: str) -> Section:
    sources = (f"Residents and ward outlines: the Wards sheet loaded for {place}.",
               f"Spending: {place}'s count for {year}, shared among wards by the ward "
               "codes bodies gave and, for other lines, by each function's driver.")
    try:
        table = wards.wards(store, place, year)
    except StoreError as exc:
        return Section(KEY, TITLE, "", empty=f"{exc} There is no ward table to report.")
    found = count.place_count(store, place, year)
    if table.empty or found.net_pence == 0:
        return Section(KEY, TITLE, "", empty=f"No spending is counted for {place} in "
                       f"{year}, so there is nothing to share among its wards.")
    rows = _rows(table)
    outlines = wards.choices(store, place, year).wards
    per_head = {r["code"]: float(r["per_head_pence"]) for r in rows}
    context = {
        "place_name": place, "year": year, "rows": rows,
        "highest": rows[0], "lowest": rows[-1],
        # Built by maps.ward_map_svg, which escapes every name it writes: safe to embed.
        "map": Markup(ward_map_svg(outlines, None, per_head, width=300)),
        "ramp": SEQUENTIAL, "population": found.population,
        # The wards add back to the count to the penny (DECISIONS 19), so the total is the
        # count's own.
        "total_pence": found.net_pence,
        "place_per_head_pence": wards.place_per_head(table),
    }
    caveats = ("A ward's proxy share is an estimate of where money would be if it followed "
               "the people it is shared by, not a record of where it was spent.",)
    return Section(KEY, TITLE, "section_wards.html", context, sources=sources,
                   caveats=caveats)
