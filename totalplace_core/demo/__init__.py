"""Builds the embedded demo place (Harrowdale, fictional) from the files in data/demo/.

The files go through the importer's own reader and checks (io.validate, with the seed sheets
of io.seed_spec added), so the demo can hold nothing an upload could not."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import pandas as pd

from totalplace_core.demo.files import demo_book
from totalplace_core.io import locations, report
from totalplace_core.io.load import add_missing_cases, check_references, to_incoming
from totalplace_core.io.seed_spec import SEED_SHEETS
from totalplace_core.io.spec import SHEET_BY_NAME, SHEETS
from totalplace_core.io.validate import Parsed, parse_book
from totalplace_core.store import Store, now_utc
from totalplace_core.store.location import REPO_ROOT

DEMO_DIR = REPO_ROOT / "data" / "demo"
SEED_IDS = {"workshop_session": "session_id", "force": "force_id",
            "orid_answer": "answer_id", "workshop_action": "action_id"}


class DemoDataError(ValueError):
    pass


def _new_id() -> str:
    return str(uuid.uuid4())


def _checked(folder: Path) -> Parsed:
    parsed = parse_book(demo_book(folder), SHEETS + SEED_SHEETS)
    add_missing_cases(parsed, {})  # a case made up for a stop would be a notice: refused
    check_references(parsed, {})
    for place in parsed.frames["Place"].itertuples() if "Place" in parsed.frames else ():
        parsed.notices += locations.outside_notices(  # all 184 demo assets are in their wards
            parsed.frames.get("Assets"), place.place_name, place.boundary_geojson,
            parsed.frames.get("Wards"))
    if parsed.problems or parsed.notices:
        # The demo files are ours: a skipped row or an unknown sheet is as wrong as a bad cell.
        raise DemoDataError(f"The demo files in {folder} do not pass the importer's checks:\n"
                            + report.as_text(parsed))
    return parsed


def _seed_rows(frame: pd.DataFrame, table: str, base: dict) -> pd.DataFrame:
    rows = frame.drop(columns=["_row"])
    rows = rows.astype(object).where(rows.notna(), None)
    if table in SEED_IDS:
        rows.insert(0, SEED_IDS[table], [_new_id() for _ in range(len(rows))])
    return rows.assign(**base)


def _workshop_frames(seeds: dict[str, pd.DataFrame], place_id: str) -> dict[str, pd.DataFrame]:
    live = {"version": 1, "place_id": place_id, "created_at": now_utc()}
    sessions = _seed_rows(seeds["Workshop sessions"], "workshop_session", live | {
        "allow_anonymous": True, "is_revealed": True})
    sessions["current_stage"] = sessions["kind"].map({"orid": "objective"})
    by_code = dict(zip(sessions["join_code"], sessions["session_id"], strict=True))
    frames = {"workshop_session": sessions}
    for sheet, table in (("Forces", "force"), ("ORID answers", "orid_answer"),
                         ("Actions", "workshop_action")):
        rows = _seed_rows(seeds[sheet], table, live)
        rows["session_id"] = rows.pop("join_code").map(by_code)
        frames[table] = rows
    return frames


def _checksum(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_demo(store: Store, folder: Path = DEMO_DIR) -> dict[str, int]:
    """Load (or reload) the demo place from `folder`; returns rows written per table."""
    parsed = _checked(folder)
    seeds = {name: parsed.frames.pop(name) for name in list(parsed.frames)
             if name not in SHEET_BY_NAME}
    place_id, batch_id = _new_id(), _new_id()
    incoming = to_incoming(parsed, place_id, batch_id)
    base = {"place_id": place_id, "batch_id": batch_id}
    frames = {"place": pd.DataFrame([incoming.place | base])} | incoming.frames
    frames |= _workshop_frames(seeds, place_id)
    row_count = sum(len(f) for f in frames.values())
    frames["import_batch"] = pd.DataFrame([{
        "batch_id": batch_id, "place_id": place_id, "file_name": f"{folder.name}/ (demo files)",
        "checksum": _checksum(folder), "imported_by": "totalplace demo",
        "imported_at": now_utc(), "row_count": row_count, "kind": "demo"}])
    counts = store.replace_place(incoming.place["place_name"], frames)
    counts["deflator"] = store.replace_deflators(_seed_rows(seeds["Deflators"], "deflator", {}))
    return counts
