"""The import's checks mirror the store's schema: every CHECK, NOT NULL, UNIQUE and type of a
table a file fills (the template's sheets and the demo's seed sheets) has its rule in
io/spec.py (io/limits.py for what a type holds), read here from the schema of a fresh store.
A migration that adds a rule the check does not know fails this test, not a user's import."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from totalplace_core.demo import SEED_IDS
from totalplace_core.io import locations
from totalplace_core.io.load import ID_COLUMNS, RENAMES, SCOPE
from totalplace_core.io.seed_spec import SEED_SHEETS
from totalplace_core.io.spec import SHEETS, Column, Sheet
from totalplace_core.store import Store
from totalplace_core.store.migrations import IMPORTABLE_TABLES

# What the app writes itself, never a file: new ids, the place and batch, and the versions,
# times and flags of a seeded workshop (demo/__init__.py).
FILLED_BY_THE_APP = {"place_id", "batch_id", *ID_COLUMNS.values(), *SEED_IDS.values(),
                     "version", "created_at", "session_id", "allow_anonymous", "is_revealed",
                     "is_deleted"}
# A table a file fills through another sheet: a journey's scenario rows come from its stops.
THROUGH = {"scenario": "Touchpoints"}
# NOT NULL columns a sheet leaves optional, and the rule that fills every row of them.
FILLED_BY_A_RULE = {
    ("asset", "lat"): "io/locations.py: each row needs Latitude/Longitude or Easting/Northing",
    ("asset", "lon"): "io/locations.py: each row needs Latitude/Longitude or Easting/Northing",
}
_BOUND = re.compile(r"^\((\w+) (>=|>) (-?[\d.]+)\)$")
_BETWEEN = re.compile(r"^\((\w+) BETWEEN (-?[\d.]+) AND (-?[\d.]+)\)$")
_ONE_OF = re.compile(r"^\((\w+) IN \((.*)\)\)$")


def _sheets() -> dict[str, Sheet]:
    """Table -> the sheet that fills it."""
    by_name = {s.name: s for s in (*SHEETS, *SEED_SHEETS)}
    return {s.table: s for s in by_name.values()} | {t: by_name[n] for t, n in THROUGH.items()}


def _column(table: str, stored: str) -> Column | None:
    sheet = _sheets()[table]
    return next((c for c in sheet.columns if RENAMES.get(c.name, c.name) == stored), None)


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    path: Path = tmp_path_factory.mktemp("schema") / "fresh.duckdb"
    tables = sorted(_sheets())
    marks = ", ".join("?" * len(tables))
    with Store(path) as store:
        return {
            "constraints": store.rows(
                "SELECT table_name, constraint_type, constraint_column_names, expression "
                f"FROM duckdb_constraints() WHERE table_name IN ({marks})", tables),
            "columns": store.rows(
                "SELECT table_name, column_name, data_type FROM information_schema.columns "
                f"WHERE table_name IN ({marks})", tables)}


def test_every_table_a_file_fills_is_covered() -> None:
    assert set(IMPORTABLE_TABLES) <= set(_sheets())


def test_each_column_is_read_as_the_type_the_store_holds(schema: dict) -> None:
    wrong = []
    for table, stored, data_type in schema["columns"]:
        column = _column(table, stored)
        if column is not None and column.store_type.replace(" ", "") != data_type:
            wrong.append(f"{table}.{stored}: the store holds {data_type}, the spec says "
                         f"{column.store_type}")
    assert wrong == []


def test_every_not_null_column_is_required_or_filled(schema: dict) -> None:
    unmirrored = []
    for table, kind, names, _ in schema["constraints"]:
        if kind != "NOT NULL":
            continue
        (stored,) = names
        column = _column(table, stored)
        if stored in FILLED_BY_THE_APP or (table, stored) in FILLED_BY_A_RULE:
            continue
        # An empty yes/no is no (io/load.py), as the store's DEFAULT false would have it.
        if column is None or not (column.required or column.kind == "boolean"):
            unmirrored.append(f"{table}.{stored} is NOT NULL")
    assert unmirrored == []


def _mirrors(table: str, expression: str) -> str | None:
    """None if the spec holds the CHECK `expression` of `table`, else what is wrong."""
    bound, between, one_of = (p.match(expression) for p in (_BOUND, _BETWEEN, _ONE_OF))
    found = bound or between or one_of
    if not found:
        return f"{table}: CHECK {expression} is of a form this test cannot read: teach it"
    column = _column(table, found[1])
    if column is None:
        return f"{table}: CHECK {expression} is on a column no sheet reads"
    if one_of:
        allowed = set(re.findall(r"'([^']*)'", one_of[2]))
        return None if column.choices and set(column.choices) <= allowed else \
            f"{table}: CHECK {expression} but the sheet allows {column.choices or 'anything'}"
    low, high = column.bounds()
    scale = Decimal(100) if column.kind == "money" else Decimal(1)  # pounds read, pence held
    low, high = (None if v is None else v * scale for v in (low, high))
    if bound:  # col > N (or >= N): the least the sheet allows must be above N (or N)
        limit = Decimal(bound[3])
        ok = low is not None and (low > limit or (low == limit and (
            bound[2] == ">=" or column.above_low)))
    else:
        ok = low is not None and high is not None and \
            Decimal(between[2]) <= low and high <= Decimal(between[3])
    return None if ok else f"{table}: CHECK {expression} but the sheet allows {low} to {high}"


def test_every_check_has_its_mirror_in_the_spec(schema: dict) -> None:
    found = [_mirrors(table, expression) for table, kind, _, expression
             in schema["constraints"] if kind == "CHECK"]
    assert [f for f in found if f] == []


def test_unique_codes_are_a_sheets_key_and_replaced_by_it(schema: dict) -> None:
    """A file repeating a code is refused (its key); a code already held is replaced (its
    scope), so a UNIQUE of the store never meets a file's row."""
    wrong = []
    for table, kind, names, _ in schema["constraints"]:
        codes = [n for n in names if n not in FILLED_BY_THE_APP]
        if kind not in ("UNIQUE", "PRIMARY KEY") or not codes:
            continue
        sheet = _sheets()[table]
        key = {RENAMES.get(k, k) for k in sheet.key}
        # The demo's seed sheets replace their tables whole (demo/__init__.py): no scope.
        scope = {RENAMES.get(k, k) for k in SCOPE.get(sheet.name, codes)}
        if not (set(codes) <= key and set(codes) <= scope):
            wrong.append(f"{table}: {kind} {names} is not the {sheet.name} sheet's key/scope")
    assert wrong == []


def test_a_location_is_filled_on_every_row_the_sheet_keeps() -> None:
    """The NOT NULL lat and lon of FILLED_BY_A_RULE: a row with neither pair is refused."""
    data = {name: [None] for name in locations.RANGES}
    assert locations.locate_rows(data, [2], set())[0][2][4] == (
        "has no location: Latitude, Longitude, Easting and Northing are all empty")
