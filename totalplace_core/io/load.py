"""From checked sheets to store rows: references between sheets, ids, pence, and the scope
of existing rows an import replaces (a body's spend lines for a year, not everyone's; a
family's stops for a scenario, not every family's)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from totalplace_core.io import parse
from totalplace_core.io.spec import SHEET_BY_NAME, Sheet
from totalplace_core.io.validate import Parsed, Problem, frame_columns
from totalplace_core.money import pence_from_decimal

# (sheet, column) must be a code on (sheet, column) of this file or already in the place.
REFERENCES: tuple[tuple[str, str, str, str], ...] = (
    ("Spend lines", "org_code", "Organisations", "org_code"),
    ("Spend lines", "funded_by_org_code", "Organisations", "org_code"),
    ("Spend lines", "transfer_to_org_code", "Organisations", "org_code"),
    ("Spend lines", "ward_code", "Wards", "ward_code"),
    ("Assets", "org_code", "Organisations", "org_code"),
    ("Assets", "ward_code", "Wards", "ward_code"),
    ("Touchpoints", "org_code", "Organisations", "org_code"),
    ("Touchpoints", "unit_cost_code", "Unit costs", "code"),
    ("Case members", "case_code", "Case studies", "case_code"),
    ("Flows", "from_node_code", "Flow nodes", "node_code"),
    ("Flows", "to_node_code", "Flow nodes", "node_code"),
)
# Which existing rows of the place an incoming sheet replaces.
SCOPE: dict[str, tuple[str, ...]] = {
    "Place": ("place_name",), "Organisations": ("org_code",),
    "Spend lines": ("year", "org_code"), "Flow nodes": ("node_code",), "Flows": ("year",),
    "Wards": ("ward_code",), "Assets": ("asset_code",), "Unit costs": ("code",),
    "Case studies": ("case_code",), "Case members": ("case_code",),
    "Touchpoints": ("case_code", "scenario"),
}
RENAMES = {"amount_gbp": "amount_pence", "cost_gbp": "cost_pence",
           "running_cost_gbp": "running_cost_pence", "amount_gbp_text": "amount_text",
           "date": "touch_date", "cost_override_gbp": "cost_override_pence",
           "hourly_rate_gbp": "hourly_rate_pence"}
ID_COLUMNS = {"organisation": "org_id", "spend_line": "line_id", "flow_node": "node_id",
              "flow": "flow_id", "ward": "ward_id", "asset": "asset_id",
              "unit_cost": "unit_cost_id", "touchpoint": "touchpoint_id",
              "case_study": "case_id", "case_member": "member_id", "scenario": "scenario_id"}
SCENARIO_DESCRIPTIONS = {"current": "Journey as it happened",
                         "redesigned": "Journey as redesigned"}


def new_ids(count: int) -> list[str]:
    """`count` random UUIDs (version 4), spelt as str(uuid.uuid4()) spells them, from one
    draw of randomness: made one by one, 50,000 cost a tenth of a second."""
    raw = np.frombuffer(os.urandom(16 * count), dtype=np.uint8).reshape(count, 16).copy()
    raw[:, 6] = raw[:, 6] & 0x0F | 0x40  # version 4
    raw[:, 8] = raw[:, 8] & 0x3F | 0x80  # the RFC 4122 variant
    h = raw.tobytes().hex()
    return [f"{h[i:i + 8]}-{h[i + 8:i + 12]}-{h[i + 12:i + 16]}-{h[i + 16:i + 20]}-"
            f"{h[i + 20:i + 32]}" for i in range(0, 32 * count, 32)]


def check_references(parsed: Parsed, known: dict[str, set[str]],
                     refusals: dict[tuple[str, str, str], object] | None = None) -> None:
    """Codes that point at nothing: typos, or a sheet left out of the file. `refusals` says
    why a body written by name could not be matched (io.bodies), by sheet, column and
    value, in place of the plain message."""
    refusals = refusals or {}
    for sheet, column, target_sheet, target in REFERENCES:
        frame = parsed.frames.get(sheet)
        if frame is None or column not in frame:
            continue
        target_frame = parsed.frames.get(target_sheet)
        codes = set(known.get(target_sheet, set()))
        if target_frame is not None:
            codes |= set(target_frame[target].dropna())
        letter, header = parsed.headers.get(sheet, {}).get(column, ("-", column))
        rows, values = frame["_row"].tolist(), frame[column].tolist()  # not row by row
        for i in [i for i, v in enumerate(values) if isinstance(v, str) and v and v not in codes]:
            why = refusals.get((sheet, column, values[i]))
            parsed.problems.append(Problem(
                parse.CODE, sheet, letter, int(rows[i]), header, values[i],
                why.message if why else f"is not a code on the {target_sheet} sheet or "
                "already loaded",
                why.advice if why else f"Add it to the {target_sheet} sheet, or correct the "
                "code."))


def add_missing_cases(parsed: Parsed, known: dict[str, set[str]]) -> None:
    """A case code of the Touchpoints sheet that no Case studies row of the file names and
    the place does not hold gets its case study, titled by its code, consent not checked;
    a notice names the first row giving it. Made before references are checked, so the
    file's Case members may name it."""
    stops = parsed.frames.get("Touchpoints")
    if stops is None or not len(stops):
        return
    cases = parsed.frames.get("Case studies")
    have = set(known.get("Case studies", set()))
    if cases is not None:
        have |= set(cases["case_code"].dropna())
    first: dict[str, int] = {}
    for row, code in zip(stops["_row"].tolist(), stops["case_code"].tolist(), strict=True):
        if code not in have:
            first.setdefault(code, int(row))
    if not first:
        return
    made = pd.DataFrame([{"_row": row, "case_code": code, "title": code,
                          "consent_checked": False} for code, row in first.items()],
                        columns=frame_columns(SHEET_BY_NAME["Case studies"]))
    parsed.frames["Case studies"] = made if cases is None or not len(cases) else \
        pd.concat([cases, made], ignore_index=True)
    parsed.notices += [
        f"Touchpoints row {row}: case {code} is on no Case studies row and not yet loaded, "
        f"so a case study titled '{code}' was made for it (consent not checked). Add a Case "
        "studies row to give its alias and rates." for code, row in first.items()]


def _scenarios(stops: pd.DataFrame, place_id: str, batch_id: str) -> pd.DataFrame:
    """One row per (case, scenario) the stops bring: the page lists a case's scenarios."""
    pairs = stops[["case_code", "scenario"]].drop_duplicates().reset_index(drop=True)
    return pairs.assign(scenario_id=new_ids(len(pairs)),
                        description=pairs["scenario"].map(SCENARIO_DESCRIPTIONS),
                        place_id=place_id, batch_id=batch_id)


@dataclass
class Incoming:
    """Rows ready for the store, by table, with the scope each replaces."""

    place: dict | None
    frames: dict[str, pd.DataFrame]
    scopes: dict[str, pd.DataFrame]


def _pence(frame: pd.DataFrame, sheet: Sheet) -> pd.DataFrame:
    out = frame.drop(columns=["_row"])
    for col in [c for c in out.columns if c.endswith("_gbp")]:
        # A plain list, not Series.map: pandas infers the same dtype from it, faster.
        out[col] = [pence_from_decimal(v) if v.__class__ is Decimal and v.is_finite() else
                    None if v is None or pd.isna(v) else pence_from_decimal(v)
                    for v in out[col].tolist()]
    for col in [c.name for c in sheet.columns if c.kind == "boolean" and c.name in out]:
        # An empty yes/no is no: the store's flags are NOT NULL DEFAULT false, and an
        # explicit NULL is refused, not defaulted.
        out[col] = [bool(v) if v is not None and not pd.isna(v) else False
                    for v in out[col].tolist()]
    out = out.rename(columns=RENAMES)
    for col in [c for c in out.columns if c.endswith("_gbp_text")]:
        out = out.drop(columns=[col])  # only spend lines and flows keep the typed amount
    return out


def to_incoming(parsed: Parsed, place_id: str, batch_id: str) -> Incoming:
    place = None
    frames, scopes = {}, {}
    for sheet_name, frame in parsed.frames.items():
        sheet = SHEET_BY_NAME[sheet_name]
        if sheet.table == "place":
            place = frame.drop(columns=["_row"]).iloc[0].to_dict() if len(frame) else None
            continue
        rows = _pence(frame, sheet)
        rows = rows.astype(object).where(rows.notna(), None)
        rows.insert(0, ID_COLUMNS[sheet.table], new_ids(len(rows)))
        rows["place_id"], rows["batch_id"] = place_id, batch_id
        frames[sheet.table] = rows
        scopes[sheet.table] = rows[list(SCOPE[sheet_name])].drop_duplicates()
    if "touchpoint" in frames:  # the same pairs the stops replace
        frames["scenario"] = _scenarios(frames["touchpoint"], place_id, batch_id)
        scopes["scenario"] = scopes["touchpoint"]
    return Incoming(place, frames, scopes)
