"""Versioned schema. A migration is appended, never edited once released.

Money is integer pence (`*_pence`); what the user typed is kept beside it (`*_text`).
Ids are UUID strings made by the app, not sequences, and live entries (forces, answers,
actions, wall notes, session state) are appended as versions rather than updated in place,
so the same schema can later run on PostgreSQL with several app servers.
"""

from __future__ import annotations

from totalplace_core.store import (
    count_sql,
    schema_core,
    schema_journeys,
    schema_wall,
    schema_workshop,
)

# The tables migration 5 gave a shadow. Spelt out, not IMPORTABLE_TABLES: a table made
# importable later gets its shadow in its own migration, from its columns of that time.
_SHADOWED_IN_5 = ("place", "organisation", "spend_line", "flow_node", "flow", "ward", "asset",
                  "unit_cost", "touchpoint")
_SHADOWED_IN_11 = ("case_study", "case_member", "scenario")
IMPORTABLE_TABLES: tuple[str, ...] = (*_SHADOWED_IN_5, *_SHADOWED_IN_11)


def _shadows(tables: tuple[str, ...]) -> list[str]:
    """One shadow table per importable table: the same columns plus the batch that replaced
    the row, so an import can be undone."""
    return [f"CREATE TABLE snap_{t} AS SELECT *, ''::VARCHAR AS replaced_by FROM {t} LIMIT 0"
            for t in tables]


MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (1, "whole data model", schema_core.STATEMENTS),
    (2, "editable theme map", [
        """CREATE TABLE theme_map_edit (
            edit_id VARCHAR PRIMARY KEY,
            place_id VARCHAR NOT NULL,
            scheme VARCHAR NOT NULL CHECK (scheme IN ('cipfa', 'local')),
            cofog_code VARCHAR NOT NULL,
            theme VARCHAR NOT NULL,
            edited_by VARCHAR,
            created_at TIMESTAMP NOT NULL)""",
    ]),
    (3, "mapping wall", schema_wall.STATEMENTS),
    (4, "live workshops", schema_workshop.STATEMENTS),
    (5, "undoable imports", [
        "ALTER TABLE import_batch ADD COLUMN undone_at TIMESTAMP",
        # What an import replaced, so it can be put back: one shadow table per importable
        # table, same columns plus the batch that replaced the row. A later migration that
        # changes one of these tables must change its shadow too.
        *_shadows(_SHADOWED_IN_5),
    ]),
    # The count summed once per write instead of on every read (store/count_sql.py).
    (6, "count summary", [count_sql.SUMMARY_TABLE, count_sql.summary_insert("true")]),
    (7, "ward apportionment", [
        # A line a body gave for one ward only (a ward-coded actual); its shadow too.
        "ALTER TABLE spend_line ADD COLUMN ward_code VARCHAR",
        "ALTER TABLE snap_spend_line ADD COLUMN ward_code VARCHAR",
        # How each COFOG group is shared among wards when a line says nothing: edits are
        # appended, the latest per group wins (as the theme map).
        """CREATE TABLE ward_driver_edit (
            edit_id VARCHAR PRIMARY KEY,
            place_id VARCHAR NOT NULL,
            cofog_code VARCHAR NOT NULL,
            driver VARCHAR NOT NULL CHECK (driver IN
                ('population', 'pop_0_17', 'pop_18_64', 'pop_65_plus', 'need_index')),
            edited_by VARCHAR,
            created_at TIMESTAMP NOT NULL)""",
    ]),
    (8, "a ward driver of the place's own", [
        "ALTER TABLE ward ADD COLUMN custom_driver DOUBLE",  # DuckDB: no CHECK on ADD COLUMN
        "ALTER TABLE snap_ward ADD COLUMN custom_driver DOUBLE",
        # The driver table may now name it; DuckDB cannot alter a CHECK, so the table is made
        # again with the wider one and its rows copied.
        "CREATE TABLE ward_driver_edit_8 AS SELECT * FROM ward_driver_edit",
        "DROP TABLE ward_driver_edit",
        """CREATE TABLE ward_driver_edit (
            edit_id VARCHAR PRIMARY KEY,
            place_id VARCHAR NOT NULL,
            cofog_code VARCHAR NOT NULL,
            driver VARCHAR NOT NULL CHECK (driver IN ('population', 'pop_0_17', 'pop_18_64',
                                                      'pop_65_plus', 'need_index', 'custom')),
            edited_by VARCHAR,
            created_at TIMESTAMP NOT NULL)""",
        "INSERT INTO ward_driver_edit SELECT * FROM ward_driver_edit_8",
        "DROP TABLE ward_driver_edit_8",
    ]),
    (9, "assets placed by the British National Grid", [
        # Easting and northing as typed (lat and lon are then converted from them), so a
        # finance officer's own figures go back out in an export; their shadow too.
        "ALTER TABLE asset ADD COLUMN easting DOUBLE",
        "ALTER TABLE asset ADD COLUMN northing DOUBLE",
        "ALTER TABLE snap_asset ADD COLUMN easting DOUBLE",
        "ALTER TABLE snap_asset ADD COLUMN northing DOUBLE",
    ]),
    (10, "costed family journeys", schema_journeys.STATEMENTS),
    # The template imports case studies whole: their members, and the scenario rows a
    # journey's stops bring, are replaced by an import and put back by its undo.
    (11, "case studies imported from the template", _shadows(_SHADOWED_IN_11)),
]

# Tables holding one place's data, in the order a place is deleted (children first).
PLACE_TABLES: tuple[str, ...] = (
    *(f"snap_{t}" for t in IMPORTABLE_TABLES), "theme_map_edit", "ward_driver_edit",
    "wall_edit", "wall_flow_archive", "wall_node_archive", "wall_node_function",
    "wall_note", "prevention_input", "unit_cost_edit", "workshop_action", "orid_answer",
    "force", "workshop_session",
    "touchpoint", "scenario", "case_member", "case_study", "unit_cost", "asset",
    "flow", "flow_node", "spend_summary", "spend_line", "organisation", "ward", "import_batch",
    "place",
)
