"""The Assets sheet of the template: a building placed by Latitude/Longitude or by Easting/
Northing (British National Grid, converted offline), refused by row when it has neither, and
named by row when it stands outside the place or its ward. Real workbooks through the real
import path into a real DuckDB file holding the demo place."""

from __future__ import annotations

import io
import shutil
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from totalplace_core.demo import DEMO_DIR, DemoDataError, build_demo
from totalplace_core.io import importer, locations, report
from totalplace_core.io.export_place import place_xlsx
from totalplace_core.io.template import workbook
from totalplace_core.store import Store

PLACE = "Harrowdale"
HEADER = ["Asset code", "Organisation code", "Asset name", "Kind of building", "Latitude",
          "Longitude", "Easting", "Northing", "Ward code", "Running cost (£ a year)"]
NEEDED = ("Give Latitude and Longitude (WGS84), or Easting and Northing (British National "
          "Grid). Postcodes are not converted: the app would need the ONS postcode directory, "
          "which it does not ship.")
# An Ordnance Survey test point of OSTN15 (near Leeds): its National Grid easting and
# northing and its ETRS89 latitude and longitude, which are WGS84's to well under a metre.
OS_POINT = {"easting": 422242.186, "northing": 433818.701, "lat": 53.8002151963,
            "lon": -1.66379168242}


@pytest.fixture
def store(demo_place: Path | str) -> Store:
    with Store(demo_place) as s:
        yield s


def xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def asset(code: str, name: str, lat: object = None, lon: object = None, east: object = None,
          north: object = None, ward: str | None = None) -> list[object]:
    return [code, "HMBC", name, "depot", lat, lon, east, north, ward, 120000]


def check(store: Store, *rows: list[object], header: list[str] = HEADER
          ) -> tuple[importer.Preview, bytes]:
    data = xlsx({"Assets": [header, *rows]})
    return importer.check_file(store, "assets.xlsx", data, PLACE), data


def stored(store: Store) -> dict[str, dict]:
    frame = store.table("asset", store.place(PLACE)["place_id"])
    return {row["asset_code"]: row for row in frame.to_dict("records")}


def problem_lines(preview: importer.Preview) -> list[str]:
    """The report as the terminal prints it, one line a problem."""
    return [line for line in report.as_text(preview.parsed).splitlines()
            if line.startswith("  - ")]


def test_eastings_and_northings_place_an_asset_and_are_kept(store: Store) -> None:
    preview, data = check(store, asset("AS900", "Leeds test point",
                                       east=OS_POINT["easting"], north=OS_POINT["northing"]))
    assert preview.ok, report.as_text(preview.parsed)
    importer.commit(store, preview, "assets.xlsx", data)
    row = stored(store)["AS900"]
    # Within 0.0001 degrees (about 10 m): the Helmert shift PROJ uses without the OSTN15 grid
    # is good to a few metres, and a conversion that skipped the datum shift (about 100 m
    # here) would fail.
    assert row["lat"] == pytest.approx(OS_POINT["lat"], abs=1e-4)
    assert row["lon"] == pytest.approx(OS_POINT["lon"], abs=1e-4)
    assert (row["easting"], row["northing"]) == (422242.186, 433818.701)
    assert len(stored(store)) == 185  # the demo's 184 and this one


def test_latitude_and_longitude_win_and_the_grid_pair_is_still_kept(store: Store) -> None:
    preview, data = check(store, asset("AS900", "Westwood Annexe", 53.477523, -2.267628,
                                       383800, 398200, "HD04"))
    assert preview.ok and preview.parsed.notices == []
    importer.commit(store, preview, "assets.xlsx", data)
    row = stored(store)["AS900"]
    assert (row["lat"], row["lon"], row["easting"], row["northing"]) == (
        53.477523, -2.267628, 383800, 398200)


def test_a_row_with_no_location_is_refused_by_row_and_column(store: Store) -> None:
    preview, data = check(store,
                          asset("AS900", "Westwood Annexe", 53.477523, -2.267628, ward="HD04"),
                          asset("AS901", "Nowhere House"),
                          asset("AS902", "Half House", lat=53.48),
                          asset("AS903", "Half Grid", east=383800))
    assert report.headline(preview.parsed) == ("Failed: 3 problems in 3 rows of assets.xlsx. "
                                               "Nothing was imported.")
    assert problem_lines(preview) == [
        "  - Assets, column E (Latitude), row 3: has no location: Latitude, Longitude, "
        f"Easting and Northing are all empty. {NEEDED}",
        f"  - Assets, column F (Longitude), row 4: has Latitude but no Longitude. {NEEDED}",
        f"  - Assets, column H (Northing), row 5: has Easting but no Northing. {NEEDED}",
    ]
    with pytest.raises(ValueError, match="only a file that passed"):
        importer.commit(store, preview, "assets.xlsx", data)
    assert len(stored(store)) == 184 and "AS900" not in stored(store)


def test_a_sheet_without_latitude_columns_names_what_is_needed(store: Store) -> None:
    header = ["Asset code", "Organisation code", "Asset name", "Kind of building",
              "Postcode", "Running cost (£ a year)"]
    preview, _ = check(store, ["AS900", "HMBC", "Westwood Annexe", "depot", "HD4 1AA", 1000],
                       header=header)
    assert problem_lines(preview) == [
        "  - Assets, row 2: has no location: Latitude, Longitude, Easting and Northing are all "
        f"empty. {NEEDED}"]
    [refused] = preview.parsed.problems  # the column named, though the sheet lacks it
    assert (refused.sheet, refused.row, refused.header) == ("Assets", 2, "Latitude")
    assert preview.parsed.notices == [
        "Assets: column E (Postcode) was not read. Postcodes are not converted to a place on "
        "the map (the app would need the ONS postcode directory, which it does not ship); "
        "Latitude and Longitude, or Easting and Northing, are."]


def test_an_out_of_range_grid_reference_is_refused_by_row(store: Store) -> None:
    preview, _ = check(store, asset("AS900", "Westwood Annexe", east=383800, north=398200),
                       asset("AS901", "Far North", east=383800, north=1_500_000),
                       asset("AS902", "Kilometres", east=-3838, north=3982))
    assert problem_lines(preview) == [  # grouped by column, as the Data page lists them
        "  - Assets, column G (Easting), row 4: '-3838' is outside 0 to 700,000. Eastings run "
        "0 to 700,000 metres across Great Britain: is it swapped with Northing, or in "
        "kilometres?",
        "  - Assets, column H (Northing), row 3: '1500000' is outside 0 to 1,300,000. "
        "Northings run 0 to 1,300,000 metres up Great Britain: is it swapped with Easting, "
        "or in kilometres?",
    ]
    assert not preview.ok


def test_an_asset_outside_the_boundary_is_named_by_row_and_still_imported(store: Store
                                                                          ) -> None:
    inside = asset("AS900", "Westwood Annexe", 53.477523, -2.267628, ward="HD04")
    preview, data = check(store, inside, asset("AS901", "Westwood Depot", 53.61, -2.40),
                          asset("AS902", "Ashby Store", 53.477239, -2.269014, ward="HD01"))
    assert preview.ok, report.as_text(preview.parsed)
    assert preview.parsed.notices == [
        "Assets row 3 (AS901 Westwood Depot): Latitude/Longitude 53.61, -2.4 is outside "
        "Harrowdale's boundary.",
        "Assets row 4 (AS902 Ashby Store): Latitude/Longitude 53.477239, -2.269014 is outside "
        "its ward, HD01 (Ashby Moor).",
    ]
    importer.commit(store, preview, "assets.xlsx", data)
    assert {"AS900", "AS901", "AS902"} <= set(stored(store))


def test_the_grid_pair_is_named_when_it_placed_the_asset_outside(store: Store) -> None:
    preview, _ = check(store, asset("AS900", "Leeds test point", east=OS_POINT["easting"],
                                    north=OS_POINT["northing"]))
    [notice] = preview.parsed.notices
    assert notice.startswith("Assets row 2 (AS900 Leeds test point): Latitude/Longitude 53.80")
    assert notice.endswith("(Easting/Northing 422242.186, 433818.701) is outside Harrowdale's "
                           "boundary.")


def test_no_boundary_known_means_no_check(empty_store: Store) -> None:
    data = xlsx({"Place": [["Place name", "Population"], ["Nowhere", 1000]],
                 "Organisations": [["Organisation code", "Organisation name", "Kind of body"],
                                   ["HMBC", "A council", "council"]],
                 "Assets": [HEADER, asset("AS900", "Leeds test point", 53.8, -1.66)]})
    preview = importer.check_file(empty_store, "new.xlsx", data)
    assert preview.ok, report.as_text(preview.parsed)
    assert preview.parsed.notices == []


def test_the_demo_assets_are_all_inside_their_place_and_wards(demo_store: Store) -> None:
    """The demo build runs the same check and refuses any notice; here its export goes back
    through the importer, against the boundary and wards already stored."""
    data = place_xlsx(demo_store, PLACE)
    preview = importer.check_file(demo_store, "harrowdale.xlsx", data)
    assert preview.ok and len(preview.parsed.frames["Assets"]) == 184
    assert preview.parsed.notices == []


def test_the_demo_build_refuses_an_asset_outside_its_ward(tmp_path: Path,
                                                         empty_store: Store) -> None:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, folder)
    assets = folder / "assets.csv"  # AS001 Westwood Library, given Ashby Moor's ward code
    assets.write_text(assets.read_text(encoding="utf-8").replace(
        "53.477523,-2.267628,HD04", "53.477523,-2.267628,HD01"), encoding="utf-8")
    with pytest.raises(DemoDataError) as refused:
        build_demo(empty_store, folder)
    assert ("Note: Assets row 2 (AS001 Westwood Library): Latitude/Longitude 53.477523, "
            "-2.267628 is outside its ward, HD01 (Ashby Moor).") in str(refused.value)


def test_fifty_thousand_assets_outside_are_checked_at_once_and_summed_up(
        demo_store: Store) -> None:
    """The sheet as io.validate hands it on, without writing 50,000 rows to a workbook (that
    is openpyxl's time, not the check's)."""
    place = demo_store.place(PLACE)
    assets = pd.DataFrame({
        "_row": range(2, 50_002), "asset_code": [f"AS{i:05d}" for i in range(50_000)],
        "asset_name": "Depot", "lat": Decimal("-2.25"), "lon": Decimal("53.48"),  # swapped
        "easting": None, "northing": None, "ward_code": "HD04"})
    started = time.perf_counter()
    notices = locations.outside_notices(assets, PLACE, place["boundary_geojson"])
    assert time.perf_counter() - started < 2  # one vectorised call, not 50,000 point tests
    assert len(notices) == 51
    assert notices[0] == ("Assets row 2 (AS00000 Depot): Latitude/Longitude -2.25, 53.48 is "
                          "outside Harrowdale's boundary.")
    assert notices[-1] == ("Assets: 49,950 more rows are outside Harrowdale's boundary or "
                           "their ward. Are Latitude and Longitude swapped, or for another "
                           "place?")


def test_the_blank_template_says_which_columns_place_an_asset() -> None:
    book = openpyxl.load_workbook(io.BytesIO(workbook()))
    headers = [c.value for c in book["Assets"][1]]
    assert headers[4:8] == ["Latitude", "Longitude", "Easting", "Northing"]
    assert book["Assets"]["G1"].comment.text.startswith("Optional. British National Grid")
    instructions = " ".join(str(c.value) for c in book["Instructions"]["A"] if c.value)
    assert ("give Easting and Northing (British National Grid), which are converted on import. "
            "Postcodes are not converted") in instructions
