"""Builds the embedded demo place (Harrowdale, fictional) from the files in data/demo/."""

from __future__ import annotations

import csv
import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd

from totalplace_core.money import pence_from_gbp_text
from totalplace_core.store import Store, now_utc
from totalplace_core.store.connection import REPO_ROOT

DEMO_DIR = REPO_ROOT / "data" / "demo"


class DemoDataError(ValueError):
    pass


def _new_id() -> str:
    return str(uuid.uuid4())


def _read_csv(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _cell(name: str, index: int, column: str, row: dict[str, str],
          convert: Callable[[str], Any], required: bool = True) -> Any:
    """Convert one field, naming file, row and column when it is wrong."""
    text = row.get(column, "")
    if text == "":
        if required:
            raise DemoDataError(f"{name}, row {index + 2}, column {column}: value missing")
        return None
    try:
        return convert(text)
    except ValueError as exc:
        raise DemoDataError(f"{name}, row {index + 2}, column {column}: {exc}") from exc


def _bool(text: str) -> bool:
    if text.lower() not in {"true", "false"}:
        raise ValueError(f"expected true or false, found {text!r}")
    return text.lower() == "true"


def _text(text: str) -> str:
    return text


def _frame(name: str, rows: list[dict[str, str]], spec: dict[str, tuple[Callable, bool]],
           extra: dict[str, Any]) -> pd.DataFrame:
    out = []
    for i, row in enumerate(rows):
        record = {col: _cell(name, i, src, row, conv, req)
                  for col, (src, conv, req) in _expand(spec).items()}
        out.append(record | {k: (v() if callable(v) else v) for k, v in extra.items()})
    return pd.DataFrame(out)


def _expand(spec: dict[str, tuple]) -> dict[str, tuple[str, Callable, bool]]:
    """spec values are (convert, required) or (source column, convert, required)."""
    return {col: (v if len(v) == 3 else (col, *v)) for col, v in spec.items()}


def _place_frames(folder: Path, place_id: str, batch_id: str) -> dict[str, pd.DataFrame]:
    (place,) = _read_csv(folder, "place.csv")
    boundary = json.loads((folder / "boundary.geojson").read_text(encoding="utf-8"))
    place_row = {
        "place_id": place_id, "place_name": place["place_name"],
        "population": int(place["population"]), "is_fictional": _bool(place["is_fictional"]),
        "description": place["description"], "boundary_geojson": json.dumps(boundary),
        "batch_id": batch_id,
    }
    wards = json.loads((folder / "wards.geojson").read_text(encoding="utf-8"))["features"]
    ward_rows = [
        {"ward_id": _new_id(), "place_id": place_id, "batch_id": batch_id,
         "geometry_geojson": json.dumps(f["geometry"]),
         **{k: f["properties"][k] for k in ("ward_code", "ward_name", "pop_0_17",
                                            "pop_18_64", "pop_65_plus", "need_index")}}
        for f in wards
    ]
    return {"place": pd.DataFrame([place_row]), "ward": pd.DataFrame(ward_rows)}


def _money_spec(column: str) -> tuple[str, Callable, bool]:
    return (column, pence_from_gbp_text, True)


def _table_frames(folder: Path, place_id: str, batch_id: str) -> dict[str, pd.DataFrame]:
    base = {"place_id": place_id, "batch_id": batch_id}
    req, opt = True, False
    specs: dict[str, tuple[str, str, dict[str, tuple]]] = {
        "organisation": ("organisations.csv", "org_id", {
            "org_code": (_text, req), "org_name": (_text, req), "kind": (_text, req)}),
        "spend_line": ("spend_lines.csv", "line_id", {
            "year": (_text, req), "org_code": (_text, req), "cofog_code": (_text, req),
            "theme": (_text, opt), "amount_pence": _money_spec("amount_gbp"),
            "amount_text": ("amount_gbp", _text, req), "basis": (_text, req),
            "source": (_text, req), "funded_by_org_code": (_text, opt),
            "transfer_to_org_code": (_text, opt), "driver": (_text, opt), "note": (_text, opt)}),
        "flow_node": ("flow_nodes.csv", "node_id", {
            "node_code": (_text, req), "node_name": (_text, req), "tier": (_text, req),
            "org_code": (_text, opt)}),
        "flow": ("flows.csv", "flow_id", {
            "year": (_text, req), "from_node_code": (_text, req), "to_node_code": (_text, req),
            "stream": (_text, req), "amount_pence": _money_spec("amount_gbp"),
            "amount_text": ("amount_gbp", _text, req), "kind": (_text, req),
            "is_ring_fenced": (_bool, req)}),
        "asset": ("assets.csv", "asset_id", {
            "asset_code": (_text, req), "org_code": (_text, req), "asset_name": (_text, req),
            "kind": (_text, req), "lat": (float, req), "lon": (float, req),
            "ward_code": (_text, opt), "floor_area_m2": (int, opt),
            "running_cost_pence": _money_spec("running_cost_gbp"),
            "utilisation_pct": (float, opt), "tenure": (_text, opt)}),
        "case_study": ("case_studies.csv", "case_id", {
            "case_code": (_text, req), "title": (_text, req), "summary": (_text, opt)}),
        "case_member": ("case_members.csv", "member_id", {
            "case_code": (_text, req), "member_code": (_text, req), "role": (_text, req),
            "age": (int, opt), "description": (_text, opt)}),
        "touchpoint": ("touchpoints.csv", "touchpoint_id", {
            "case_code": (_text, req), "scenario": (_text, req),
            "touch_date": ("date", date.fromisoformat, req), "org_code": (_text, req),
            "unit_cost_code": (_text, req), "quantity": (float, req),
            "staff_hours": (float, opt), "distance_km": (float, opt),
            "emotional_mark": (int, opt), "is_avoidable": (_bool, req), "note": (_text, opt)}),
    }
    frames = {}
    for table, (file_name, id_col, spec) in specs.items():
        rows = _read_csv(folder, file_name)
        frames[table] = _frame(file_name, rows, spec, base | {id_col: _new_id})
    frames["scenario"] = _scenarios(frames["touchpoint"], base)
    return frames


def _scenarios(touchpoints: pd.DataFrame, base: dict[str, str]) -> pd.DataFrame:
    pairs = touchpoints[["case_code", "scenario"]].drop_duplicates()
    return pd.DataFrame([
        base | {"scenario_id": _new_id(), "case_code": case, "scenario": scenario,
                "description": "Journey as it happened" if scenario == "current"
                else "Journey as redesigned"}
        for case, scenario in pairs.itertuples(index=False)
    ])


def _unit_costs(folder: Path, place_id: str, batch_id: str) -> pd.DataFrame:
    book = openpyxl.load_workbook(folder / "unit_costs.xlsx", read_only=True, data_only=True)
    sheet = book["Unit costs"]
    rows = list(sheet.iter_rows(values_only=True))
    book.close()
    header = [str(h).strip() for h in rows[0]]
    records = [{h: ("" if v is None else str(v)) for h, v in zip(header, r, strict=False)}
               for r in rows[1:] if any(v is not None for v in r)]
    spec = {"code": (_text, True), "service": (_text, True), "agency_kind": (_text, False),
            "unit": (_text, True), "cost_pence": _money_spec("cost_gbp"),
            "price_year": (_text, True), "source": (_text, True)}
    extra = {"place_id": place_id, "batch_id": batch_id, "unit_cost_id": _new_id}
    return _frame("unit_costs.xlsx (sheet Unit costs)", records, spec, extra)


def _workshop_frames(folder: Path, place_id: str) -> dict[str, pd.DataFrame]:
    created = now_utc()
    sessions = _frame("workshop_sessions.csv", _read_csv(folder, "workshop_sessions.csv"), {
        "join_code": (_text, True), "title": (_text, True), "theme": (_text, False),
        "kind": (_text, True), "session_date": (date.fromisoformat, False),
        "status": (_text, True)},
        {"session_id": _new_id, "version": 1, "place_id": place_id, "allow_anonymous": True,
         "is_revealed": True, "created_at": created})
    sessions["current_stage"] = sessions["kind"].map({"orid": "objective"})
    by_code = dict(zip(sessions["join_code"], sessions["session_id"], strict=True))
    live = {"version": 1, "place_id": place_id, "created_at": created}

    def entries(file_name: str, id_col: str, spec: dict[str, tuple]) -> pd.DataFrame:
        rows = _read_csv(folder, file_name)
        frame = _frame(file_name, rows, spec | {"join_code": (_text, True)},
                       live | {id_col: _new_id})
        frame["session_id"] = frame.pop("join_code").map(by_code)
        if frame["session_id"].isna().any():
            raise DemoDataError(f"{file_name}: a join_code matches no workshop session")
        return frame

    return {
        "workshop_session": sessions,
        "force": entries("forces.csv", "force_id", {
            "side": (_text, True), "text": (_text, True), "strength": (int, True),
            "author": (_text, False)}),
        "orid_answer": entries("orid_answers.csv", "answer_id", {
            "stage": (_text, True), "text": (_text, True), "author": (_text, False)}),
        "workshop_action": entries("actions.csv", "action_id", {
            "what": (_text, True), "who": (_text, False),
            "by_when": (date.fromisoformat, False)}),
    }


def _deflators(folder: Path) -> pd.DataFrame:
    return _frame("deflators.csv", _read_csv(folder, "deflators.csv"), {
        "year": (_text, True), "index_value": ("index", float, True),
        "base_year": (_text, True), "source": (_text, True)}, {})


def _checksum(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_demo(store: Store, folder: Path = DEMO_DIR) -> dict[str, int]:
    """Load (or reload) the demo place from `folder`; returns rows written per table."""
    place_id, batch_id = _new_id(), _new_id()
    frames = _place_frames(folder, place_id, batch_id)
    frames |= _table_frames(folder, place_id, batch_id)
    frames["unit_cost"] = _unit_costs(folder, place_id, batch_id)
    frames |= _workshop_frames(folder, place_id)
    row_count = sum(len(f) for f in frames.values())
    frames["import_batch"] = pd.DataFrame([{
        "batch_id": batch_id, "place_id": place_id, "file_name": f"{folder.name}/ (demo files)",
        "checksum": _checksum(folder), "imported_by": "totalplace demo",
        "imported_at": now_utc(), "row_count": row_count, "kind": "demo"}])
    counts = store.replace_place(frames["place"].iloc[0]["place_name"], frames)
    counts["deflator"] = store.replace_deflators(_deflators(folder))
    return counts
