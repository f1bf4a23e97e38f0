"""Unit costs: unit_costs.xlsx, the one workbook among the demo files (sheet "Unit costs").

fixed/unit_costs.csv holds the rows; a unit cost's code (UC001, ...) is its position in that
file, so add new unit costs at the end or every touchpoint's code shifts.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from . import fixed
from .settings import AMOUNTS_YEAR

UNIT_COSTS = fixed.table("unit_costs.csv")
UC_CODE = {u["key"]: f"UC{k:03d}" for k, u in enumerate(UNIT_COSTS, start=1)}

# Staff hours one unit takes, where it differs from touchpoints' default (see journeys.py).
STAFF_HOURS = {
    u["key"]: float(u["staff_hours_per_unit"]) for u in UNIT_COSTS if u["staff_hours_per_unit"]
}

HEADER = ["code", "service", "agency_kind", "unit", "cost_gbp", "price_year", "source"]
COLUMN_WIDTHS = (8, 52, 20, 18, 11, 11, 48)

# Every run must write the same bytes, so the workbook's own dates are pinned to the end of
# the Total Place year instead of the time of the run.
PINNED_DATE = datetime(2010, 3, 31)
PINNED_STAMP = b"2010-03-31T00:00:00Z"


def write_unit_costs(out: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Unit costs"
    ws.append(HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for u in UNIT_COSTS:
        cost = fixed.number(u["cost_gbp"])
        ws.append(
            [
                UC_CODE[u["key"]],
                u["service"],
                u["agency_kind"],
                u["unit"],
                cost,
                AMOUNTS_YEAR,
                u["source"],
            ]
        )
        ws.cell(ws.max_row, 5).number_format = "#,##0.00"
    for col, width in zip("ABCDEFG", COLUMN_WIDTHS, strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    wb.properties.creator = "Total Place Studio demo generator"
    wb.properties.created = PINNED_DATE
    save_deterministic(wb, out / "unit_costs.xlsx")


def save_deterministic(wb: Workbook, path: Path) -> None:
    """openpyxl stamps the save time into the file; pin it so every run writes the same bytes."""
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + PINNED_STAMP, data
                )
            # Zip entries carry a modification time too.
            entry = zipfile.ZipInfo(info.filename, date_time=PINNED_DATE.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)
    path.write_bytes(out.getvalue())
