"""The asset map (pydeck: ward outlines, every building coloured by body and sized by cost or
floor area, co-location rings with their rank) and the estate's totals (plotly). No
Streamlit, no basemap unless asked: nothing is fetched from off the machine."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from totalplace_core.assets.domain import SIZE_BY, marker_radius_m
from totalplace_core.chart_style import base_layout
from totalplace_core.map_view import FONT, INK, outline_points, shapes, view, ward_outlines
from totalplace_core.money import format_gbp, format_gbp_full
from totalplace_core.plain_text import chart_text, html_text

# Paul Tol's "muted" scheme: nine colours told apart with the common colour-blindnesses,
# given to the bodies with the largest estates; the rest share one grey.
BODY_COLOURS: tuple[tuple[int, int, int], ...] = (
    (51, 34, 136), (136, 204, 238), (68, 170, 153), (17, 119, 51), (153, 153, 51),
    (221, 204, 119), (204, 102, 119), (136, 34, 85), (170, 68, 153))
OTHER_BODIES = (160, 160, 160)
RING = (213, 94, 0)  # Okabe-Ito vermillion: the rings stand apart from every body colour
RINGS_NAMED = 10  # rank labels on the top candidates only, so the map stays readable
OPT_IN_BASEMAP = "light"  # Carto's light style: fetched from the internet, so opt-in


def body_colours(by_body: pd.DataFrame) -> dict[str, tuple[int, int, int]]:
    """Body code -> colour: the bodies in `by_body` order (largest running cost first)."""
    codes = list(by_body["code"])
    return {code: BODY_COLOURS[i] if i < len(BODY_COLOURS) else OTHER_BODIES
            for i, code in enumerate(codes)}


def _tooltip_rows(assets: pd.DataFrame, colours: dict[str, tuple[int, int, int]],
                  size_by: str, present: bool) -> list[dict]:
    radius = marker_radius_m(assets[size_by].astype("float64"), present)
    rows = []
    for row, r in zip(assets.itertuples(), radius, strict=True):
        def text(value: object) -> str:  # as typed: Streamlit escapes each {field} it puts
            return "" if pd.isna(value) else str(value)  # in the tooltip (plain_text's note)
        cost = row.running_cost_pence
        rows.append({
            "position": [row.lon, row.lat], "radius": float(r),
            "fill": [*colours.get(row.org_code, OTHER_BODIES), 235],
            "name": text(row.asset_name), "body": text(row.org_name or row.org_code),
            "kind": text(row.kind), "ward": text(row.ward_name or row.ward_code or "-"),
            "area": "-" if pd.isna(row.floor_area_m2) else f"{int(row.floor_area_m2):,} m²",
            "cost": "-" if pd.isna(cost) else format_gbp_full(int(cost)) + " a year",
            "per_m2": "-" if pd.isna(row.cost_per_m2_pence)
            else format_gbp_full(int(row.cost_per_m2_pence)) + " per m²",
            "use": "unknown" if pd.isna(row.utilisation_pct) else f"{row.utilisation_pct:g}%",
            "tenure": text(row.tenure or "-")})
    return rows


def asset_map(assets: pd.DataFrame, wards: pd.DataFrame, groups: pd.DataFrame,
              colours: dict[str, tuple[int, int, int]], size_by: str = "running_cost_pence",
              present: bool = False, basemap: bool = False,
              frame_px: tuple[int, int] = (1100, 640)) -> pdk.Deck:
    """Every building shown, on the wards' outlines, with a ring round each co-location
    group (the top ones numbered by rank); the place framed for a map of `frame_px`."""
    outlines = shapes(wards)
    points = outline_points(outlines) or [[lon, lat] for lat, lon in
                                          zip(assets["lat"], assets["lon"], strict=True)]
    rings = [{"position": [g.centre_lon, g.centre_lat], "radius": float(g.reach_m) + 110,
              "label": str(g.rank),
              "label_at": [g.centre_lon, g.centre_lat + (float(g.reach_m) + 190) / 111_195]}
             for g in groups.itertuples()]
    layers = [
        *ward_outlines(wards, present),
        pdk.Layer("ScatterplotLayer", rings, id="colocation-rings", get_position="position",
                  get_radius="radius", filled=False, stroked=True, get_line_color=[*RING, 255],
                  line_width_min_pixels=4 if present else 3),
        pdk.Layer("ScatterplotLayer", _tooltip_rows(assets, colours, size_by, present),
                  id="assets", pickable=True, get_position="position", get_radius="radius",
                  radius_min_pixels=4, get_fill_color="fill", stroked=True,
                  get_line_color=[*INK, 255], line_width_min_pixels=1),
        # Ink on a white chip ringed in vermillion: white on vermillion is 3.87:1.
        pdk.Layer("TextLayer", rings[:RINGS_NAMED], id="colocation-ranks",
                  get_position="label_at", get_text="label", get_size=26 if present else 18,
                  get_color=[*INK, 255], background=True,
                  get_background_color=[255, 255, 255, 255], get_border_color=[*RING, 255],
                  get_border_width=3 if present else 2, background_padding=[6, 2],
                  font_family=pdk.types.String(FONT), font_weight=700),
    ]
    frame = view(points or [[0.0, 0.0]], *frame_px)
    return pdk.Deck(
        layers=layers, initial_view_state=frame,
        # No style at all unless asked: even a style of None makes the browser fetch one.
        **({"map_provider": "carto", "map_style": OPT_IN_BASEMAP} if basemap
           else {"map_provider": None}),
        tooltip={"html": "<b>{name}</b><br/>{body}<br/>{kind} · {ward}<br/>{area} · {cost}"
                         "<br/>{per_m2} · used {use} · {tenure}",
                 "style": {"fontSize": "18px" if present else "15px"}})


def legend_html(colours: dict[str, tuple[int, int, int]], names: dict[str, str], size_by: str,
                present: bool = False) -> str:
    """The map's key as escaped HTML: a swatch per body, the grey for the rest, the ring."""
    named = [(names.get(code, code), rgb) for code, rgb in colours.items()
             if rgb != OTHER_BODIES]
    others = sum(1 for rgb in colours.values() if rgb == OTHER_BODIES)
    if others:
        named.append((f"{others} other bodies", OTHER_BODIES))

    def swatch(label: str, style: str) -> str:
        return (f"<span style='display:inline-flex;align-items:center;margin-right:16px'>"
                f"<span style='width:18px;height:18px;{style};margin-right:6px;"
                f"display:inline-block'></span>{html_text(label)}</span>")
    items = "".join(swatch(label, f"background:rgb{rgb};border:1px solid #14181F;"
                                  "border-radius:50%") for label, rgb in named)
    items += swatch("co-location candidate (rank)", f"border:3px solid rgb{RING};"
                                                    "border-radius:50%")
    size = "1.5rem" if present else "1rem"
    return (f"<div style='font-size:{size};line-height:1.9'><b>Bodies:</b> {items}"
            f"<br/>Circle area shows {SIZE_BY[size_by].lower()}.</div>")


def totals_bars(totals: pd.DataFrame, max_use: float, present: bool = False) -> go.Figure:
    """Running cost of each body's (or kind's) buildings, the under-used part in a second
    colour, largest at the top."""
    rows = totals.iloc[::-1]
    labels = [chart_text(v) for v in rows["label"]]  # plotly draws labels as HTML
    used = rows["running_cost_pence"] - rows["under_used_pence"]
    fig = go.Figure([
        go.Bar(y=labels, x=used / 1e8, orientation="h", name=f"used {max_use:g}% or more",
               marker_color="#0072B2", hovertext=[format_gbp(p) for p in used],
               hoverinfo="y+text+name"),
        go.Bar(y=labels, x=rows["under_used_pence"] / 1e8, orientation="h",
               name=f"used less than {max_use:g}%", marker_color="#E69F00",
               hovertext=[format_gbp(p) for p in rows["under_used_pence"]],
               hoverinfo="y+text+name")])
    fig.update_layout(barmode="stack")
    base_layout(fig, present, max(260, 34 * len(rows) + 80))
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.12},
                      xaxis={"tickprefix": "£", "ticksuffix": "m", "title": "£m a year"})
    return fig
