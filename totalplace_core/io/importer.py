"""Import a filled template: check everything, preview the effect, commit all or nothing,
undo. The Data page and `totalplace import` both go through here."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from totalplace_core.count import service as count_service
from totalplace_core.count.service import Count
from totalplace_core.io import locations, parse
from totalplace_core.io.accounting import check_accounted
from totalplace_core.io.bodies import match_bodies
from totalplace_core.io.limits import BIGINT_MAX
from totalplace_core.io.load import (
    RENAMES,
    Incoming,
    add_missing_cases,
    check_references,
    to_incoming,
)
from totalplace_core.io.read import read_book
from totalplace_core.io.spec import SHEET_BY_NAME, SHEETS, Column, Sheet
from totalplace_core.io.validate import Parsed, Problem, parse_book
from totalplace_core.store import Store, now_utc

IGNORED = {"place_id", "batch_id", "line_id", "org_id", "flow_id", "node_id", "ward_id",
           "asset_id", "unit_cost_id", "touchpoint_id", "case_id", "member_id",
           "amount_text", "is_fictional"}


@dataclass
class Preview:
    parsed: Parsed
    place_name: str | None = None
    place_id: str = ""
    is_new_place: bool = False
    incoming: Incoming | None = None
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)
    before: Count | None = None
    after: Count | None = None

    @property
    def ok(self) -> bool:
        return self.parsed.ok and self.incoming is not None


def _second_places(parsed: Parsed, sheet: pd.DataFrame) -> None:
    """The Place sheet holds one place: a second row would be left out unsaid."""
    letter, header = parsed.headers["Place"].get("place_name", ("-", "Place name"))
    first = sheet["place_name"].iloc[0]
    for row, other in zip(sheet["_row"].iloc[1:], sheet["place_name"].iloc[1:], strict=True):
        parsed.problems.append(Problem(
            parse.INCONSISTENT, "Place", letter, int(row), header, str(other or ""),
            f"is a second place: the Place sheet holds one row, {first}",
            "Import each place from a file of its own."))


def _target_place(store: Store, parsed: Parsed, place_name: str | None) -> tuple[str | None, dict]:
    sheet = parsed.frames.get("Place")
    if sheet is not None and len(sheet):
        place_name = sheet["place_name"].iloc[0]
        _second_places(parsed, sheet)
    if not place_name:
        parsed.problems.append(Problem(parse.MISSING, "Place", "-", 1, "Place name", "",
                                       "no place is named", "Add the Place sheet, or choose "
                                       "the place to import into before uploading."))
        return None, {}
    return place_name, store.place(place_name) or {}


def _plain(value: object) -> str:
    """One spelling per value, whether it came from the store or from a spreadsheet."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return str(Decimal(str(value)).normalize())
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    return str(value)


_EXACT_INT = 10**18  # an int this small has all its digits in a Decimal (28 kept)


def _plain_int(value: int) -> str:
    """`_plain` of an int, without making a Decimal: normalize() moves trailing zeros into
    an exponent, so 123400 is '1.234E+5' and 5000 is '5E+3'; other ints are as str() has
    them. Pence mostly end in 00, so this is most of the amounts of a diff."""
    if value == 0 or not -_EXACT_INT < value < _EXACT_INT:
        return _plain(value)
    text = str(value)
    if text[-1] != "0":
        return text
    sign, digits = ("-", text[1:]) if value < 0 else ("", text)
    kept = digits.rstrip("0")
    exponent = len(digits) - 1
    return f"{sign}{kept[0]}{'.' + kept[1:] if len(kept) > 1 else ''}E+{exponent}"


def _plain_column(frame: pd.DataFrame, column: str) -> list[str]:
    """`_plain` of every value of a column, as Series.map would give it (the values as
    objects), with the common cases first: text is itself, None is empty, ints by
    `_plain_int`."""
    return [v if v.__class__ is str else "" if v is None else
            _plain_int(v) if v.__class__ is int else
            _plain(v) for v in frame[column].to_numpy(dtype=object).tolist()]


def _joined(plain: dict[str, list[str]], columns: list[str]) -> set[str]:
    return {"|".join(values) for values in zip(*(plain[c] for c in columns), strict=True)}


def _diff(table: str, old: pd.DataFrame, new: pd.DataFrame) -> dict[str, int | str]:
    """Rows added, changed, removed and unchanged, by the sheet's key: each column spelt
    plainly once, then compared as joined strings."""
    sheet = next(s for s in SHEET_BY_NAME.values() if s.table == table)
    key = [RENAMES.get(k, k) for k in sheet.key]
    values = [c for c in new.columns if c not in IGNORED and c not in key and c in old.columns]
    new_plain = {c: _plain_column(new, c) for c in key + values}
    old_plain = {c: _plain_column(old, c) for c in key + values} if len(old) else {}
    old_keys = _joined(old_plain, key) if len(old) else set()
    new_keys = _joined(new_plain, key)
    same = _joined(old_plain, key + values) & _joined(new_plain, key + values) \
        if len(old) else set()
    kept = old_keys & new_keys
    return {"sheet": sheet.name, "added": len(new_keys - old_keys),
            "changed": len(kept) - len(same), "removed": len(old_keys - new_keys),
            "unchanged": len(same)}


def _keep_boundaries(store: Store, preview: Preview) -> None:
    """A ward row without a boundary keeps the one already drawn."""
    wards = preview.incoming.frames.get("ward")
    if wards is None or preview.is_new_place:
        return
    old = store.rows_in_scope("ward", preview.place_id, preview.incoming.scopes["ward"])
    drawn = dict(zip(old["ward_code"], old["geometry_geojson"], strict=True))
    wards["geometry_geojson"] = [shape or drawn.get(code) for code, shape in
                                 zip(wards["ward_code"], wards["geometry_geojson"], strict=True)]


def _outside_notices(store: Store, parsed: Parsed, name: str, existing: dict) -> None:
    """Assets outside the place or their ward, by row: the outlines in the file first, else
    those already stored. Said, not refused: a depot just over the border is real."""
    assets = parsed.frames.get("Assets")
    if assets is None or not len(assets):
        return
    place = parsed.frames.get("Place")
    boundary = place["boundary_geojson"].iloc[0] if place is not None and len(place) else None
    stored = store.table("ward", existing["place_id"]) if existing else None
    wards = locations.ward_outlines(stored, parsed.frames.get("Wards"))
    parsed.notices += locations.outside_notices(
        assets, name, boundary or existing.get("boundary_geojson"), wards)


def _headline(store: Store, preview: Preview) -> None:
    """The headline before and after, for the latest year the file brings, summed in SQL."""
    incoming = preview.incoming.frames.get("spend_line")
    if incoming is None or not len(incoming):
        return
    year = max(incoming["year"])
    population = (preview.incoming.place or {}).get("population") or \
        store.place(preview.place_name)["population"]
    scope = preview.incoming.scopes["spend_line"]
    replaced = scope.loc[scope["year"] == year, "org_code"].tolist()
    place = {"place_id": preview.place_id, "place_name": preview.place_name,
             "population": int(population)}
    preview.before, preview.after = count_service.preview_counts(
        store, place, year, incoming, replaced)


def _money_columns(preview: Preview) -> list[tuple[Sheet, Column, list[int]]]:
    """(sheet, money column, |pence| of each of the file's rows) for what the file brings."""
    found = []
    for sheet in SHEETS:
        frame = preview.incoming.frames.get(sheet.table)
        for column in [c for c in sheet.columns if c.kind == "money" and frame is not None]:
            found.append((sheet, column, [abs(int(v)) if v is not None and not pd.isna(v)
                                          else 0 for v in frame[RENAMES[column.name]]]))
    return found


def _totals_fit(store: Store, preview: Preview) -> None:
    """Each money column of the place, what the import keeps plus what the file brings, must
    add up within BIGINT pence: the count, the estate and the journeys sum them as BIGINT.
    Said at the file's largest amount, and nothing is imported."""
    parsed = preview.parsed
    for sheet, column, pence in _money_columns(preview):
        if not any(pence):
            continue
        kept = 0 if preview.is_new_place else store.kept_total(
            sheet.table, preview.place_id, preview.incoming.scopes[sheet.table],
            RENAMES[column.name])
        if sum(pence) + kept <= BIGINT_MAX:
            continue
        rows = parsed.frames[sheet.name]
        largest = max(range(len(pence)), key=pence.__getitem__)
        letter, header = parsed.headers[sheet.name][column.name]
        parsed.problems.append(Problem(
            parse.FORMAT, sheet.name, letter, int(rows["_row"].iloc[largest]), header,
            str(rows[f"{column.name}_text"].iloc[largest]),
            f"brings the {header} of {preview.place_name} to a total beyond what the "
            "database can add up", "Check the file for figures in pence, or in £000 "
            "multiplied twice: no place's amounts add up to £92 quadrillion."))
    if parsed.problems:
        preview.incoming = None


def check_file(store: Store, file_name: str, data: bytes,
               place_name: str | None = None) -> Preview:
    """Read and check the whole file; if it passes, work out what importing it would do.
    Raises read.FileRefused when the file cannot be read at all."""
    parsed = parse_book(read_book(file_name, data))
    preview = Preview(parsed)
    name, existing = _target_place(store, parsed, place_name)
    preview.place_name, preview.is_new_place = name, not existing
    preview.place_id = existing.get("place_id") or str(uuid.uuid4())
    known = store.codes(preview.place_id) if existing else {}
    refusals = match_bodies(parsed, store.org_names(preview.place_id) if existing else {})
    add_missing_cases(parsed, known)
    check_references(parsed, known, refusals)
    check_accounted(parsed)
    if name is not None:
        _outside_notices(store, parsed, name, existing)
    if not parsed.ok or name is None:
        return preview
    if not existing and "Place" not in parsed.frames:
        parsed.problems.append(Problem(parse.MISSING, "Place", "-", 1, "Place name", name,
                                       "is a new place but the file has no Place sheet",
                                       "Add the Place sheet with its population."))
        return preview
    preview.incoming = to_incoming(parsed, preview.place_id, "pending")
    _totals_fit(store, preview)
    if preview.incoming is None:
        return preview
    _keep_boundaries(store, preview)
    sheets = {s.table for s in SHEET_BY_NAME.values()}  # a scenario row follows its stops
    preview.changes = pd.DataFrame([
        _diff(table, store.rows_in_scope(table, preview.place_id, preview.incoming.scopes[table]),
              rows) for table, rows in preview.incoming.frames.items() if table in sheets])
    _headline(store, preview)
    return preview


def commit(store: Store, preview: Preview, file_name: str, data: bytes,
           who: str | None = None) -> str:
    """All or nothing; every row remembers this batch. Returns the batch id. Should the
    database refuse any of it (a rule the checks did not know), nothing is imported and
    store.WriteRefused says why: 'Nothing was imported: <the reason in words>'."""
    if not preview.ok:
        raise ValueError("only a file that passed its checks can be imported")
    batch_id = str(uuid.uuid4())
    frames = {t: f.assign(batch_id=batch_id) for t, f in preview.incoming.frames.items()}
    place = {"place_id": preview.place_id, "place_name": preview.place_name}
    place |= {k: v for k, v in (preview.incoming.place or {}).items() if v is not None}
    store.apply_import(place, frames, preview.incoming.scopes, {
        "batch_id": batch_id, "place_id": preview.place_id, "file_name": file_name,
        "checksum": hashlib.sha256(data).hexdigest(), "imported_by": who,
        "imported_at": now_utc(), "row_count": sum(len(f) for f in frames.values()),
        "kind": "import"})
    return batch_id
