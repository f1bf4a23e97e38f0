"""Frames as people read them: on screen with plain-English headers and £, in a CSV with
exact pounds."""

from __future__ import annotations

import pandas as pd

from totalplace_core.money import format_gbp_full, gbp_from_pence
from totalplace_core.plain_text import html_text

HEADERS: dict[str, str] = {
    "org_name": "Body", "to_org_name": "Handed to", "org_kind": "Kind of body",
    "cofog_code": "COFOG group", "group_name": "Function", "theme": "Theme",
    "amount_pence": "Amount", "basis": "Basis", "source": "Source", "note": "Note",
    "count_status": "In the count", "funded_by_org_code": "Funded by",
    "transfer_to_org_code": "Handed to", "line_id": "Line id", "share_pct": "Share (%)",
    "label": "Function", "id": "Path", "per_resident_pence": "Per resident",
    "relevant_population": "Relevant population", "population": "Residents",
    "per_relevant_head_pence": "Per relevant head", "name": "Function", "code": "Code",
    "amount_pence_earlier": "Earlier year", "amount_pence_later": "Later year",
    "change_pence": "Change (cash)", "real_change_pence": "Change (real terms)",
    "real_change_pct": "Real change (%)", "cofog_name": "COFOG group name",
    "cipfa": "CIPFA service line", "local": "Local theme",
    "file_name": "File", "imported_by": "Imported by", "imported_at": "When (UTC)",
    "row_count": "Rows", "kind": "Kind", "undone_at": "Undone (UTC)", "sheet": "Sheet",
    "added": "Added", "changed": "Changed", "removed": "Removed", "unchanged": "Unchanged",
    "category": "Kind of problem", "where": "Where", "found": "Found", "problem": "Problem",
    "advice": "How to fix it", "count": "How many", "place": "Place",
    "net_pence": "Counted once", "per_head_pence": "Per resident", "line_count": "Lines",
    "ward_code": "Ward code", "ward_name": "Ward", "actual_pence": "Ward-coded actual",
    "proxy_pence": "Proxy", "against_place_pct": "Against the place (%)",
    "proxy_share_pct": "Proxy share (%)", "figure": "Figure", "driver": "Shared by",
    "asset_code": "Asset code", "asset_name": "Building", "floor_area_m2": "Floor area (m²)",
    "running_cost_pence": "Running cost a year", "cost_per_m2_pence": "Cost per m²",
    "utilisation_pct": "Utilisation (%)", "tenure": "Tenure", "lat": "Latitude",
    "lon": "Longitude", "org_code": "Body code", "spend_link": "Body's spend",
    "rank": "Rank", "buildings": "Buildings", "bodies": "Bodies",
    "body_names": "Bodies sharing", "combined_pence": "Combined running cost",
    "spare_floor_m2": "Spare floor area (m²)", "saving_estimate_pence": "Saving estimate",
    "saving_basis": "Basis of the saving", "saving_source": "Source of the saving",
    "spare_m2": "Spare (m²)", "from_centre_m": "From the group's centre (m)",
    "under_used": "Under-used buildings", "under_used_pence": "Under-used running cost",
    "under_used_share_pct": "Under-used share of cost (%)",
    "use_unknown": "Utilisation unknown", "area_unknown": "Floor area unknown",
}


def for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """The on-screen table: money as £ text, plain-English headers."""
    shown = frame.copy()
    for col in [c for c in shown.columns if c.endswith("_pence")]:
        shown[col] = shown[col].map(lambda p: "" if pd.isna(p) else format_gbp_full(int(p)))
    return shown.rename(columns=HEADERS)


def for_download(frame: pd.DataFrame) -> pd.DataFrame:
    """Pence columns as exact pounds (`_gbp`), for CSV."""
    out = frame.copy()
    for col in [c for c in out.columns if c.endswith("_pence")]:
        out[col.removesuffix("_pence") + "_gbp"] = out.pop(col).map(
            lambda p: "" if pd.isna(p) else str(gbp_from_pence(int(p))))
    return out


def html_table(frame: pd.DataFrame, label: str = "Table") -> str:
    """A plain HTML table with every cell escaped: all its words are in the page (for screen
    readers and search), and nothing a user typed can become a link, image or markup."""
    head = "".join(f"<th>{html_text(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html_text(v)}</td>" for v in row)
        + "</tr>" for row in frame.itertuples(index=False))
    # In a box that scrolls sideways: on a phone a wide table scrolls, the page does not. The
    # box takes keyboard focus, so it scrolls without a mouse too (WCAG 2.1.1), and is named.
    return (f'<div class="tp-scroll" tabindex="0" role="region" aria-label="{html_text(label)}">'
            f'<table class="tp-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")
