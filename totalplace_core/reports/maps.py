"""Ward maps as inline SVG for printed documents: drawn from each ward's GeoJSON outline with
no tiles, no fonts and no libraries, so a document carries its own map and prints offline."""

from __future__ import annotations

import json
import math
from html import escape

import pandas as pd

# A single-hue blue ramp, light to dark: ordered by lightness alone, so it reads the same
# with every common colour-blindness and in greyscale print. Its dark end is the palette's
# blue (chart_style.PALETTE[0]).
SEQUENTIAL: tuple[str, ...] = ("#DEEBF7", "#B6D4EC", "#7FB3DA", "#4192C6", "#0072B2",
                               "#08457E")
HIGHLIGHT, BACKGROUND, OUTLINE = "#D55E00", "#E9EDF2", "#14181F"
Ring = list[tuple[float, float]]


def _polygons(geojson: str) -> list[list[Ring]]:
    """Each polygon of a Polygon or MultiPolygon geometry as its rings (outer ring first)."""
    geometry = json.loads(geojson)
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"a ward outline must be a Polygon or MultiPolygon, "
                         f"not {geometry['type']}")
    return [[[(float(p[0]), float(p[1])) for p in ring] for ring in polygon]
            for polygon in polygons]


def _band(value: float, low: float, high: float) -> str:
    """The colour of `value` on the sequential scale: equal steps from low to high."""
    if high <= low:
        return SEQUENTIAL[len(SEQUENTIAL) // 2]
    step = min(int((value - low) / (high - low) * len(SEQUENTIAL)), len(SEQUENTIAL) - 1)
    return SEQUENTIAL[step]


def _projection(shapes: list[list[list[Ring]]], width: float, margin: float):
    """Equirectangular: a degree of longitude is cos(latitude) of a degree of latitude, at the
    place's middle latitude (exact enough for a borough). Returns the function and the
    height that keeps the place's proportions at `width`."""
    points = [p for polygons in shapes for rings in polygons for ring in rings for p in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    squash = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = (max(lons) - min(lons)) * squash or 1e-9
    span_y = (max(lats) - min(lats)) or 1e-9
    scale = (width - 2 * margin) / span_x
    west, north = min(lons), max(lats)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (margin + (lon - west) * squash * scale, margin + (north - lat) * scale)
    return project, span_y * scale + 2 * margin


def ward_map_svg(wards: pd.DataFrame, highlight: str | None,
                 values: dict[str, float] | None = None, width: int = 360) -> str:
    """An inline SVG map with one <path> per ward (columns ward_code, ward_name and
    geometry_geojson). `highlight` (a ward code) is filled strongly and the others lightly;
    with `values` (ward code -> number) the wards are shaded by value instead and the
    highlighted ward gets a heavy outline. Names are escaped: they are typed by people."""
    rows = [r for r in wards.itertuples() if isinstance(r.geometry_geojson, str)
            and r.geometry_geojson.strip()]
    if not rows:
        return ""
    shapes = [_polygons(r.geometry_geojson) for r in rows]
    project, height = _projection(shapes, width, margin=6)
    low = min(values.values()) if values else 0.0
    high = max(values.values()) if values else 0.0
    paths, on_top = [], []
    for row, polygons in zip(rows, shapes, strict=True):
        d = " ".join("M" + "L".join("{:.1f},{:.1f}".format(*project(*p)) for p in ring) + "Z"
                     for rings in polygons for ring in rings)
        picked = row.ward_code == highlight
        if values is not None:
            value = values.get(row.ward_code)
            fill = BACKGROUND if value is None else _band(value, low, high)
        else:
            fill = HIGHLIGHT if picked else BACKGROUND
        # The highlighted ward is drawn last so its heavier outline is not hidden.
        stroke = f'stroke="{OUTLINE}" stroke-width="{2.5 if picked else 0.8}"'
        mark = ' class="highlight"' if picked else ""
        path = (f'<path d="{d}" fill="{fill}" {stroke} fill-rule="evenodd" '
                f'stroke-linejoin="round" data-ward="{escape(str(row.ward_code))}"{mark}>'
                f"<title>{escape(str(row.ward_name))}</title></path>")
        (on_top if picked else paths).append(path)
    picked_name = next((str(r.ward_name) for r in rows if r.ward_code == highlight), None)
    label = (f"Map of the {len(rows)} wards, with {picked_name} highlighted" if picked_name
             else f"Map of the {len(rows)} wards")
    if values is not None:
        label += ", shaded from light (lowest) to dark (highest)"
    label = escape(label)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" '
            f'width="{width}" height="{height:.0f}" role="img" aria-label="{label}">'
            f"<title>{label}</title>{''.join(paths + on_top)}</svg>")
