"""The demo folder (data/demo/) read as one workbook of raw sheets, as an upload is read.

CSV files become sheets by their name; the GeoJSON outlines become the Place sheet's boundary
and the Wards sheet's geometry column; unit_costs.xlsx is read as any uploaded workbook is."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from totalplace_core.io.read import RawBook, RawSheet, read_book

# file -> the sheet it is, in the template or in io.seed_spec
CSV_SHEETS: dict[str, str] = {
    "organisations.csv": "Organisations", "spend_lines.csv": "Spend lines",
    "flow_nodes.csv": "Flow nodes", "flows.csv": "Flows", "assets.csv": "Assets",
    "touchpoints.csv": "Touchpoints", "case_studies.csv": "Case studies",
    "case_members.csv": "Case members", "workshop_sessions.csv": "Workshop sessions",
    "forces.csv": "Forces", "orid_answers.csv": "ORID answers", "actions.csv": "Actions",
    "deflators.csv": "Deflators",
}
WARD_FIELDS = ("ward_code", "ward_name", "pop_0_17", "pop_18_64", "pop_65_plus", "need_index")


def _sheet(name: str, header: list[str], rows: list[list[object]]) -> RawSheet:
    """Row numbers as a spreadsheet would show them: the header is row 1."""
    return RawSheet(name, [(1, tuple(header))] + [(i + 2, tuple(r)) for i, r in enumerate(rows)])


def _csv_sheet(path: Path, name: str) -> RawSheet:
    with open(path, encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return _sheet(name, header, rows)


def _place_sheet(folder: Path) -> RawSheet:
    with open(folder / "place.csv", encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    boundary = (folder / "boundary.geojson").read_text(encoding="utf-8")
    return _sheet("Place", [*header, "boundary_geojson"],
                  [[*row, json.dumps(json.loads(boundary))] for row in rows])


def _ward_sheet(folder: Path) -> RawSheet:
    features = json.loads((folder / "wards.geojson").read_text(encoding="utf-8"))["features"]
    rows = [[f["properties"][k] for k in WARD_FIELDS] + [json.dumps(f["geometry"])]
            for f in features]
    return _sheet("Wards", [*WARD_FIELDS, "geometry_geojson"], rows)


def demo_book(folder: Path) -> RawBook:
    """Every demo file as a sheet; nothing parsed yet."""
    sheets = [_place_sheet(folder), _ward_sheet(folder)]
    sheets += [_csv_sheet(folder / file, name) for file, name in CSV_SHEETS.items()]
    unit_costs = folder / "unit_costs.xlsx"
    sheets += read_book(unit_costs.name, unit_costs.read_bytes()).sheets
    return RawBook(f"{folder.name}/ (demo files)", sheets)
