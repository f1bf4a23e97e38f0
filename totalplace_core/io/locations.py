"""Where an asset stands, read row by row: Latitude and Longitude (WGS84) as typed, or Easting
and Northing (British National Grid) converted offline with pyproj. Postcodes are not
converted: that needs the ONS postcode directory, which the app does not ship. Then which
assets stand outside the place's boundary or their ward, found with shapely: a notice, not a
refusal, since a depot just over the border is real."""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from totalplace_core.io import parse
from totalplace_core.io.spec import SHEET_BY_NAME

NEEDED = ("Give Latitude and Longitude (WGS84), or Easting and Northing (British National "
          "Grid). Postcodes are not converted: the app would need the ONS postcode directory, "
          "which it does not ship.")
HEADERS = {"lat": "Latitude", "lon": "Longitude", "easting": "Easting", "northing": "Northing"}
# Inclusive, from the template's columns (io/spec.py, which the store's CHECKs mirror); the
# grid's cover Great Britain and its islands, with a margin.
RANGES = {name: (SHEET_BY_NAME["Assets"].column(name).low,
                 SHEET_BY_NAME["Assets"].column(name).high) for name in HEADERS}
RANGE_ADVICE = {
    "lat": "Latitude is degrees north (53.48 in Manchester): is it swapped with Longitude?",
    "lon": "Longitude is degrees east (-2.24 in Manchester): is it swapped with Latitude?",
    "easting": "Eastings run 0 to 700,000 metres across Great Britain: is it swapped with "
               "Northing, or in kilometres?",
    "northing": "Northings run 0 to 1,300,000 metres up Great Britain: is it swapped with "
                "Easting, or in kilometres?",
}
NOTICE_LIMIT = 50  # assets outside named one by one; a whole file outside is one mistake
_POSTCODE = re.compile(r"post\s*code", re.I)

# (row position, column name, problem) as io.validate collects them
Found = tuple[int, str, tuple[Any, ...]]


@cache
def _grid_to_wgs84() -> Any:
    """British National Grid (EPSG:27700) to WGS84 (EPSG:4326), longitude first. pyproj's
    wheel carries PROJ's database, and PROJ reads no network unless PROJ_NETWORK is set. Without
    the OSTN15 grid file (not shipped) PROJ uses the OS's seven-parameter Helmert shift, good
    to a few metres: plenty for a building on a map. Imported here, not at the top: only a
    file with eastings pays for loading PROJ."""
    from pyproj import Transformer

    return Transformer.from_crs(27700, 4326, always_xy=True)


def _missing(i: int, name: str, row: int, message: str) -> Found:
    return (i, name, (parse.MISSING, name, row, None, message, NEEDED))


def _within(value: Decimal, low: int, high: int) -> bool:
    return value.is_finite() and low <= value <= high  # NaN cannot be compared: refused


def _row_problems(i: int, row: int, values: dict[str, Any]) -> list[Found]:
    """One row: something given, no half pair (so a whole one), every value in range."""
    given = {name for name, value in values.items() if value is not None}
    found = [(i, name, (parse.FORMAT, name, row, values[name],
                        f"is outside {low:,} to {high:,}", RANGE_ADVICE[name]))
             for name, (low, high) in RANGES.items()
             if name in given and not _within(values[name], low, high)]
    if not given:
        return [_missing(i, "lat", row, "has no location: Latitude, Longitude, Easting and "
                                        "Northing are all empty")]
    for first, second in (("lat", "lon"), ("easting", "northing")):
        if len(given & {first, second}) == 1:
            empty, full = (second, first) if first in given else (first, second)
            found.append(_missing(i, empty, row,
                                  f"has {HEADERS[full]} but no {HEADERS[empty]}"))
    return found


def locate_rows(data: dict[str, list[Any]], row_nos: list[int], bad: set[int]) -> list[Found]:
    """The Assets sheet's rows not already refused (`bad`), as io.validate holds them (column
    name -> values): problems of location, by row; rows with Easting and Northing but no
    Latitude and Longitude get theirs, converted (`data` is changed in place)."""
    columns = {name: data[name] for name in RANGES}
    found: list[Found] = []
    to_convert: list[int] = []
    for i, row in enumerate(row_nos):
        if i in bad:
            continue
        values = {name: column[i] for name, column in columns.items()}
        problems = _row_problems(i, row, values)
        found += problems
        if not problems and values["lat"] is None:
            to_convert.append(i)
    if to_convert:
        lon, lat = _grid_to_wgs84().transform(
            np.array([float(columns["easting"][i]) for i in to_convert]),
            np.array([float(columns["northing"][i]) for i in to_convert]))
        for i, x, y in zip(to_convert, lon.tolist(), lat.tolist(), strict=True):
            if not (math.isfinite(x) and math.isfinite(y)):  # PROJ's answer to a failure
                found.append((i, "easting", (parse.FORMAT, "easting", row_nos[i],
                                             columns["easting"][i], "could not be converted",
                                             NEEDED)))
                continue
            # Six decimals is 0.1 m, finer than the conversion; kept a Decimal like typed ones.
            data["lat"][i], data["lon"][i] = Decimal(f"{y:.6f}"), Decimal(f"{x:.6f}")
    return found


def unread_columns(sheet: str, header: tuple[object, ...]) -> list[str]:
    """A notice for a postcode column, which a finance officer may expect to place a row."""
    return [f"{sheet}: column {get_column_letter(index + 1)} ({str(value).strip()}) was not "
            "read. Postcodes are not converted to a place on the map (the app would need the "
            "ONS postcode directory, which it does not ship); Latitude and Longitude, or "
            "Easting and Northing, are."
            for index, value in enumerate(header)
            if isinstance(value, str) and _POSTCODE.search(value)]


def area(geojson: object) -> Any | None:
    """A GeoJSON text (geometry, Feature or FeatureCollection) as one prepared shapely area;
    None when there is none to check against (empty, not JSON, or no polygon in it)."""
    import shapely
    from shapely.geometry import shape

    if not isinstance(geojson, str) or not geojson.strip():
        return None
    try:
        found = json.loads(geojson)
        kind = found.get("type")
        features = found["features"] if kind == "FeatureCollection" else [found]
        geometries = [shape(f["geometry"] if f.get("type") == "Feature" else f)
                      for f in features if f]
        geometry = shapely.union_all([g for g in geometries if g.area > 0])
    except (ValueError, TypeError, KeyError, AttributeError, shapely.errors.ShapelyError):
        return None  # an outline the app cannot read is not checked against
    if geometry.is_empty:
        return None
    geometry = geometry if geometry.is_valid else shapely.make_valid(geometry)
    shapely.prepare(geometry)
    return geometry


def _flag(rows: pd.DataFrame, says: str) -> list[tuple[int, str]]:
    """(row, what is wrong) for each of `rows`: the point as the row gave it, and the grid
    pair as well when the row has one."""
    flagged = []
    for row, lat, lon, east, north in rows[["_row", "lat", "lon", "easting", "northing"]] \
            .itertuples(index=False):
        grid = "" if pd.isna(east) or pd.isna(north) else f" (Easting/Northing {east}, {north})"
        flagged.append((int(row), f"Latitude/Longitude {lat}, {lon}{grid} {says}"))
    return flagged


def _outside(frame: pd.DataFrame, geometry: Any) -> np.ndarray:
    """Which rows' points are not in `geometry`: one vectorised call over a prepared shape."""
    import shapely

    return ~shapely.contains_xy(geometry, frame["_x"].to_numpy(), frame["_y"].to_numpy())


def outside_notices(assets: pd.DataFrame | None, place_name: str, boundary: object,
                    wards: pd.DataFrame | None = None) -> list[str]:
    """A notice for each asset outside the place's `boundary` (GeoJSON text) or, inside it,
    outside its own ward's outline (`wards`: ward_code, ward_name, geometry_geojson). Nothing
    is said where no outline is known."""
    if assets is None or not len(assets):
        return []
    frame = assets.assign(_x=assets["lon"].astype(float), _y=assets["lat"].astype(float))
    flagged: list[tuple[int, str]] = []
    inside = frame
    place_area = area(boundary)
    if place_area is not None:
        out = _outside(frame, place_area)
        flagged += _flag(frame[out], f"is outside {place_name}'s boundary.")
        inside = frame[~out]
    for code, (name, ward_area) in _ward_areas(wards).items():
        group = inside[inside["ward_code"] == code]
        if len(group):
            flagged += _flag(group[_outside(group, ward_area)],
                             f"is outside its ward, {code} ({name}).")
    return _notices(frame, sorted(flagged), place_name)


def ward_outlines(*frames: pd.DataFrame | None) -> pd.DataFrame:
    """Wards' names and outlines (ward_code, ward_name, geometry_geojson) from frames in
    order, a later frame's ward replacing an earlier's but keeping its outline if it has
    none (as an import keeps a drawn boundary)."""
    columns = ["ward_code", "ward_name", "geometry_geojson"]
    wards: dict[str, tuple[str, object]] = {}
    for frame in frames:
        if frame is None:
            continue
        for code, name, shape in frame[columns].itertuples(index=False):
            drawn = shape if isinstance(shape, str) and shape.strip() else None
            wards[code] = (name, drawn or wards.get(code, (None, None))[1])
    return pd.DataFrame([(code, *ward) for code, ward in wards.items()], columns=columns)


def _ward_areas(wards: pd.DataFrame | None) -> dict[str, tuple[str, Any]]:
    if wards is None or not len(wards):
        return {}
    areas = {code: (name, area(shape)) for code, name, shape in
             wards[["ward_code", "ward_name", "geometry_geojson"]].itertuples(index=False)}
    return {code: found for code, found in areas.items() if found[1] is not None}


def _notices(frame: pd.DataFrame, flagged: list[tuple[int, str]], place_name: str) -> list[str]:
    named = {row: f"{code} {name}" for row, code, name in  # either may be empty, yet
             zip(frame["_row"], frame["asset_code"], frame["asset_name"], strict=True)}
    notices = [f"Assets row {row} ({named[row]}): {what}" for row, what in flagged[:NOTICE_LIMIT]]
    if len(flagged) > NOTICE_LIMIT:
        more = len(flagged) - NOTICE_LIMIT
        notices.append(f"Assets: {more:,} more rows are outside {place_name}'s boundary or "
                       "their ward. Are Latitude and Longitude swapped, or for another place?")
    return notices
