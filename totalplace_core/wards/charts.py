"""The ward map: a pydeck choropleth of spend per head with ward outlines and names drawn as
layers, so it reads on a plain background with no basemap and no internet. No Streamlit."""

from __future__ import annotations

import pandas as pd
import pydeck as pdk

from totalplace_core.map_view import FONT, centre, outline_points, shapes, view
from totalplace_core.money import format_gbp, format_per_head
from totalplace_core.plain_text import html_text

# Viridis, light to dark: sequential and readable with the common colour-blindnesses.
SCALE: tuple[tuple[int, int, int], ...] = (
    (253, 231, 37), (122, 209, 81), (34, 168, 132), (42, 120, 142), (65, 68, 135),
    (68, 1, 84))
OUTLINE, PICKED = (20, 24, 31), (213, 94, 0)


def bands(values: pd.Series) -> list[float]:
    """Upper bounds of the colour bands: equal steps from the lowest to the highest value."""
    low, high = float(values.min()), float(values.max())
    step = (high - low) / len(SCALE) or 1.0
    return [low + step * (i + 1) for i in range(len(SCALE))]


def colour(value: float, bounds: list[float]) -> list[int]:
    band = next((i for i, top in enumerate(bounds) if value <= top), len(SCALE) - 1)
    return [*SCALE[band], 220]


def legend(table: pd.DataFrame) -> list[tuple[str, tuple[int, int, int]]]:
    """(label in £ per head, colour) for each band, for the page to draw beside the map."""
    bounds = bands(table["per_head_pence"])
    lows = [float(table["per_head_pence"].min()), *bounds[:-1]]
    return [(f"{format_per_head(lo)} to {format_per_head(hi)}", SCALE[i])
            for i, (lo, hi) in enumerate(zip(lows, bounds, strict=True))]


def ward_map(table: pd.DataFrame, wards: pd.DataFrame, picked: str | None = None,
             present: bool = False, frame_px: tuple[int, int] | None = None) -> pdk.Deck:
    """Wards filled by per head, outlined, named; `picked` drawn with a thick outline; the
    place framed for a map of `frame_px` pixels."""
    outlines = shapes(wards)
    bounds = bands(table["per_head_pence"])
    features, labels = [], []
    for row in table.itertuples():
        if row.ward_code not in outlines.index:
            continue
        geometry = outlines[row.ward_code]
        features.append({"type": "Feature", "geometry": geometry, "properties": {
            # As typed: Streamlit escapes each {field} it puts in the tooltip's HTML
            # (plain_text's note), so escaping it here too would show "&amp;" for "&".
            "name": str(row.ward_name),
            "figure": format_per_head(row.per_head_pence) + " a head",
            "total": format_gbp(row.amount_pence), "proxy": f"{row.proxy_share_pct:.0f}%",
            "fill": colour(row.per_head_pence, bounds),
            "line": [*PICKED, 255] if row.ward_code == picked else [*OUTLINE, 255],
            "width": 90 if row.ward_code == picked else 15}})  # metres
        labels.append({"name": row.ward_name, "position": centre(geometry)})
    frame = view(outline_points(outlines),
                 *(frame_px or ((1150, 620) if present else (820, 480))))
    return pdk.Deck(
        layers=[
            pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": features},
                      id="wards", pickable=True, stroked=True, filled=True,
                      get_fill_color="properties.fill", get_line_color="properties.line",
                      # pydeck turns every string argument into an expression, so line widths
                      # are metres with a floor in pixels rather than line_width_units="pixels".
                      get_line_width="properties.width", line_width_min_pixels=1),
            pdk.Layer("TextLayer", labels, id="ward-names", get_position="position",
                      get_text="name", get_size=15 if present else 12,
                      get_color=[20, 24, 31], background=True,
                      get_background_color=[255, 255, 255, 200],
                      font_family=pdk.types.String(FONT), font_weight=600),
        ],
        initial_view_state=frame, map_provider=None,  # no basemap: nothing fetched
        tooltip={"html": "<b>{name}</b><br/>{figure} ({total})<br/>proxy: {proxy}",
                 "style": {"fontSize": "16px"}},
    )


def legend_html(table: pd.DataFrame, present: bool = False) -> str:
    """The map's key in £ per head, as escaped HTML (larger when projected)."""
    items = "".join(
        f"<span style='display:inline-flex;align-items:center;margin-right:14px'>"
        f"<span style='width:18px;height:18px;background:rgb{rgb};border:1px solid #14181F;"
        f"margin-right:6px;display:inline-block'></span>{html_text(label)}</span>"
        for label, rgb in legend(table))
    size = "1.5rem" if present else "1rem"
    return f"<div style='font-size:{size};line-height:2'><b>£ per head:</b> {items}</div>"
