"""A whole place out of the store, in the template's own layout."""

from __future__ import annotations

import io
import zipfile

import pandas as pd

from totalplace_core.io.load import RENAMES
from totalplace_core.io.safe_export import csv_bytes
from totalplace_core.io.spec import SHEET_BY_NAME, SHEETS
from totalplace_core.io.template import workbook
from totalplace_core.money import gbp_from_pence
from totalplace_core.store import Store, require_place

STORE_TO_TEMPLATE = {v: k for k, v in RENAMES.items() if not k.endswith("_text")}


def place_frames(store: Store, place_name: str) -> dict[str, pd.DataFrame]:
    """Sheet name -> rows, with the template's column names (money still in pence)."""
    place = require_place(store, place_name)
    out = {"Place": pd.DataFrame([place])}
    for sheet in SHEETS[1:]:
        frame = store.table(sheet.table, place["place_id"]).rename(columns=STORE_TO_TEMPLATE)
        if "date" in frame:
            frame["date"] = pd.to_datetime(frame["date"]).dt.date
        key = [k for k in sheet.key if k in frame]
        out[sheet.name] = frame.sort_values(key).reset_index(drop=True) if len(frame) else frame
    return out


def place_xlsx(store: Store, place_name: str) -> bytes:
    return workbook(place_frames(store, place_name))


def _pounds(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in [c for c in out.columns if c.endswith("_gbp")]:
        out[col] = out[col].map(lambda p: "" if pd.isna(p) else str(gbp_from_pence(int(p))))
    return out


def place_csv_zip(store: Store, place_name: str) -> bytes:
    """One CSV per sheet, with the template's columns, formula-like text neutralised."""
    buffer = io.BytesIO()
    frames = place_frames(store, place_name)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for sheet in SHEETS:
            frame = frames[sheet.name]
            columns = [c.name for c in sheet.columns]
            shown = _pounds(frame.reindex(columns=columns))
            archive.writestr(f"{sheet.name.lower().replace(' ', '_')}.csv", csv_bytes(shown))
    return buffer.getvalue()


def spend_lines_csv(store: Store, place_name: str) -> bytes:
    frame = place_frames(store, place_name)["Spend lines"]
    columns = [c.name for c in SHEET_BY_NAME["Spend lines"].columns]
    return csv_bytes(_pounds(frame.reindex(columns=columns)))
