"""What every map of the app shares: framing a place in a pydeck view, and the wards drawn as
outlines with their names, so a map reads on a plain background with no basemap and nothing
fetched from off the machine. No Streamlit."""

from __future__ import annotations

import json
import math

import pandas as pd
import pydeck as pdk

INK = (20, 24, 31)  # the app's text colour: outlines and labels
# The app's look, not deck.gl's monospace; pydeck reads a plain string as an expression, so
# the layers pass it as pdk.types.String.
FONT = "Helvetica, Arial, sans-serif"
# The map's size in pixels, to frame the place in: at a desk, on a phone, projected.
FRAMES = {"desk": (1100, 640), "phone": (340, 420), "present": (1350, 860)}


def frame_for(present: bool, phone: bool) -> tuple[int, int]:
    return FRAMES["present" if present else "phone" if phone else "desk"]


def rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [polygon[0] for polygon in geometry["coordinates"]]  # MultiPolygon: outer rings


def centre(geometry: dict) -> list[float]:
    """Where a ward's name goes: the mean of its largest ring's corners (a label, not a
    survey)."""
    ring = max(rings(geometry), key=len)
    return [sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)]


def view(points: list[list[float]], width_px: int, height_px: int) -> pdk.ViewState:
    """All `points` ([lon, lat]) in frame: web-mercator zoom for the map's size in pixels, with
    a margin (a degree of latitude is 1/cos(latitude) times as tall as one of longitude)."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    lat = (min(lats) + max(lats)) / 2
    lon_span, lat_span = max(max(lons) - min(lons), 1e-4), max(max(lats) - min(lats), 1e-4)
    fit = min(width_px / lon_span, height_px * math.cos(math.radians(lat)) / lat_span)
    return pdk.ViewState(longitude=(min(lons) + max(lons)) / 2, latitude=lat,
                         zoom=round(math.log2(fit * 360 / 512 * 0.92), 2))  # deck.gl: 512 px world


def shapes(wards: pd.DataFrame) -> pd.Series:
    """Each ward's outline (GeoJSON geometry) by ward code; wards without one left out."""
    return wards.set_index("ward_code")["geometry_geojson"].dropna().map(json.loads)


def outline_points(outlines: pd.Series) -> list[list[float]]:
    return [p for g in outlines for ring in rings(g) for p in ring]


def ward_outlines(wards: pd.DataFrame, present: bool = False,
                  fill: tuple[int, int, int, int] = (255, 255, 255, 0)) -> list[pdk.Layer]:
    """The wards as thin outlines (not pickable: the tooltip is for what is drawn on top) and
    their names; a name is drawn by deck.gl as text, never as HTML."""
    outlines = shapes(wards)
    names = wards.set_index("ward_code")["ward_name"]
    features = [{"type": "Feature", "geometry": g, "properties": {}} for g in outlines]
    labels = [{"name": str(names[code]), "position": centre(g)} for code, g in outlines.items()]
    return [
        pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": features},
                  id="ward-outlines", pickable=False, stroked=True, filled=True,
                  get_fill_color=list(fill), get_line_color=[*INK, 150], get_line_width=12,
                  line_width_min_pixels=1),
        pdk.Layer("TextLayer", labels, id="ward-outline-names", get_position="position",
                  get_text="name", get_size=16 if present else 11,
                  get_color=[*INK, 230 if present else 190],
                  font_family=pdk.types.String(FONT), font_weight=600),
    ]
