"""Versioned schema. A migration is appended, never edited once released.

Money is integer pence (`*_pence`); what the user typed is kept beside it (`*_text`).
Ids are UUID strings made by the app, not sequences, and live entries (forces, answers,
actions, wall notes, session state) are appended as versions rather than updated in place,
so the same schema can later run on PostgreSQL with several app servers.
"""

from __future__ import annotations

from totalplace_core.store import count_sql, schema_wall, schema_workshop

IMPORTABLE_TABLES: tuple[str, ...] = (
    "place", "organisation", "spend_line", "flow_node", "flow", "ward", "asset", "unit_cost",
    "touchpoint",
)

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (1, "whole data model", [
        """CREATE TABLE import_batch (
            batch_id VARCHAR PRIMARY KEY,
            place_id VARCHAR,
            file_name VARCHAR NOT NULL,
            checksum VARCHAR NOT NULL,
            imported_by VARCHAR,
            imported_at TIMESTAMP NOT NULL,
            row_count INTEGER NOT NULL,
            kind VARCHAR NOT NULL)""",
        """CREATE TABLE place (
            place_id VARCHAR PRIMARY KEY,
            place_name VARCHAR NOT NULL UNIQUE,
            population INTEGER NOT NULL CHECK (population > 0),
            is_fictional BOOLEAN NOT NULL DEFAULT false,
            description VARCHAR,
            boundary_geojson VARCHAR,
            batch_id VARCHAR)""",
        """CREATE TABLE ward (
            ward_id VARCHAR PRIMARY KEY,
            place_id VARCHAR NOT NULL,
            ward_code VARCHAR NOT NULL,
            ward_name VARCHAR NOT NULL,
            pop_0_17 INTEGER NOT NULL CHECK (pop_0_17 >= 0),
            pop_18_64 INTEGER NOT NULL CHECK (pop_18_64 >= 0),
            pop_65_plus INTEGER NOT NULL CHECK (pop_65_plus >= 0),
            need_index DOUBLE,
            geometry_geojson VARCHAR,
            batch_id VARCHAR,
            UNIQUE (place_id, ward_code))""",
        """CREATE TABLE organisation (
            org_id VARCHAR PRIMARY KEY,
            place_id VARCHAR NOT NULL,
            org_code VARCHAR NOT NULL,
            org_name VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            batch_id VARCHAR,
            UNIQUE (place_id, org_code))""",
        """CREATE TABLE spend_line (
            line_id VARCHAR PRIMARY KEY,
            place_id VARCHAR NOT NULL,
            year VARCHAR NOT NULL,
            org_code VARCHAR NOT NULL,
            cofog_code VARCHAR NOT NULL,
            theme VARCHAR,
            amount_pence BIGINT NOT NULL,
            amount_text VARCHAR,
            basis VARCHAR NOT NULL CHECK (basis IN ('actual', 'estimate', 'proxy')),
            source VARCHAR NOT NULL,
            funded_by_org_code VARCHAR,
            transfer_to_org_code VARCHAR,
            driver VARCHAR,
            note VARCHAR,
            batch_id VARCHAR)""",
        """CREATE TABLE flow_node (
            node_id VARCHAR PRIMARY KEY,
            place_id VARCHAR NOT NULL,
            node_code VARCHAR NOT NULL,
            node_name VARCHAR NOT NULL,
            tier VARCHAR NOT NULL
                CHECK (tier IN ('source', 'intermediary', 'service', 'citizen')),
            org_code VARCHAR,
            batch_id VARCHAR,
            UNIQUE (place_id, node_code))""",
        """CREATE TABLE flow (
            flow_id VARCHAR PRIMARY KEY,
            place_id VARCHAR NOT NULL,
            year VARCHAR NOT NULL,
            from_node_code VARCHAR NOT NULL,
            to_node_code VARCHAR NOT NULL,
            stream VARCHAR NOT NULL,
            amount_pence BIGINT NOT NULL CHECK (amount_pence >= 0),
            amount_text VARCHAR,
            kind VARCHAR NOT NULL CHECK (kind IN
                ('grant', 'commission', 'contract', 'benefit', 'direct service')),
            is_ring_fenced BOOLEAN NOT NULL DEFAULT false,
            batch_id VARCHAR)""",
        """CREATE TABLE asset (
            asset_id VARCHAR PRIMARY KEY,
            place_id VARCHAR NOT NULL,
            asset_code VARCHAR NOT NULL,
            org_code VARCHAR NOT NULL,
            asset_name VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            lat DOUBLE NOT NULL CHECK (lat BETWEEN -90 AND 90),
            lon DOUBLE NOT NULL CHECK (lon BETWEEN -180 AND 180),
            ward_code VARCHAR,
            floor_area_m2 INTEGER CHECK (floor_area_m2 >= 0),
            running_cost_pence BIGINT CHECK (running_cost_pence >= 0),
            utilisation_pct DOUBLE CHECK (utilisation_pct BETWEEN 0 AND 100),
            tenure VARCHAR,
            batch_id VARCHAR,
            UNIQUE (place_id, asset_code))""",
        """CREATE TABLE unit_cost (
            unit_cost_id VARCHAR PRIMARY KEY,
            place_id VARCHAR NOT NULL,
            code VARCHAR NOT NULL,
            service VARCHAR NOT NULL,
            agency_kind VARCHAR,
            unit VARCHAR NOT NULL,
            cost_pence BIGINT NOT NULL CHECK (cost_pence >= 0),
            price_year VARCHAR NOT NULL,
            source VARCHAR NOT NULL,
            batch_id VARCHAR,
            UNIQUE (place_id, code))""",
        """CREATE TABLE case_study (
            case_id VARCHAR PRIMARY KEY,
            place_id VARCHAR NOT NULL,
            case_code VARCHAR NOT NULL,
            title VARCHAR NOT NULL,
            summary VARCHAR,
            batch_id VARCHAR,
            UNIQUE (place_id, case_code))""",
        """CREATE TABLE case_member (
            member_id VARCHAR PRIMARY KEY,
            place_id VARCHAR NOT NULL,
            case_code VARCHAR NOT NULL,
            member_code VARCHAR NOT NULL,
            role VARCHAR NOT NULL,
            age INTEGER,
            description VARCHAR,
            batch_id VARCHAR)""",
        """CREATE TABLE scenario (
            scenario_id VARCHAR PRIMARY KEY,
            place_id VARCHAR NOT NULL,
            case_code VARCHAR NOT NULL,
            scenario VARCHAR NOT NULL CHECK (scenario IN ('current', 'redesigned')),
            description VARCHAR,
            batch_id VARCHAR)""",
        """CREATE TABLE touchpoint (
            touchpoint_id VARCHAR PRIMARY KEY,
            place_id VARCHAR NOT NULL,
            case_code VARCHAR NOT NULL,
            scenario VARCHAR NOT NULL CHECK (scenario IN ('current', 'redesigned')),
            touch_date DATE NOT NULL,
            org_code VARCHAR NOT NULL,
            unit_cost_code VARCHAR NOT NULL,
            quantity DECIMAL(10, 2) NOT NULL CHECK (quantity >= 0),
            staff_hours DECIMAL(8, 2),
            distance_km DECIMAL(8, 2),
            emotional_mark SMALLINT CHECK (emotional_mark BETWEEN -2 AND 2),
            is_avoidable BOOLEAN NOT NULL DEFAULT false,
            note VARCHAR,
            batch_id VARCHAR)""",
        """CREATE TABLE workshop_session (
            session_id VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            place_id VARCHAR NOT NULL,
            join_code VARCHAR NOT NULL,
            title VARCHAR NOT NULL,
            theme VARCHAR,
            kind VARCHAR NOT NULL CHECK (kind IN ('force_field', 'orid')),
            session_date DATE,
            status VARCHAR NOT NULL CHECK (status IN ('open', 'closed')),
            allow_anonymous BOOLEAN NOT NULL DEFAULT true,
            current_stage VARCHAR,
            is_revealed BOOLEAN NOT NULL DEFAULT false,
            timer_ends_at TIMESTAMP,
            created_at TIMESTAMP NOT NULL,
            PRIMARY KEY (session_id, version))""",
        """CREATE TABLE force (
            force_id VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            place_id VARCHAR NOT NULL,
            session_id VARCHAR NOT NULL,
            side VARCHAR NOT NULL CHECK (side IN ('driving', 'restraining')),
            text VARCHAR NOT NULL,
            strength SMALLINT NOT NULL CHECK (strength BETWEEN 1 AND 5),
            author VARCHAR,
            merged_into VARCHAR,
            is_deleted BOOLEAN NOT NULL DEFAULT false,
            created_at TIMESTAMP NOT NULL,
            PRIMARY KEY (force_id, version))""",
        """CREATE TABLE orid_answer (
            answer_id VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            place_id VARCHAR NOT NULL,
            session_id VARCHAR NOT NULL,
            stage VARCHAR NOT NULL
                CHECK (stage IN ('objective', 'reflective', 'interpretive', 'decisional')),
            text VARCHAR NOT NULL,
            author VARCHAR,
            is_deleted BOOLEAN NOT NULL DEFAULT false,
            created_at TIMESTAMP NOT NULL,
            PRIMARY KEY (answer_id, version))""",
        """CREATE TABLE workshop_action (
            action_id VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            place_id VARCHAR NOT NULL,
            session_id VARCHAR NOT NULL,
            source_id VARCHAR,
            what VARCHAR NOT NULL,
            who VARCHAR,
            by_when DATE,
            is_deleted BOOLEAN NOT NULL DEFAULT false,
            created_at TIMESTAMP NOT NULL,
            PRIMARY KEY (action_id, version))""",
        """CREATE TABLE wall_note (
            note_id VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            place_id VARCHAR NOT NULL,
            year VARCHAR NOT NULL,
            target_kind VARCHAR NOT NULL CHECK (target_kind IN ('node', 'link')),
            target_code VARCHAR NOT NULL,
            text VARCHAR NOT NULL,
            author VARCHAR,
            status VARCHAR NOT NULL CHECK (status IN ('open', 'answered')),
            answer VARCHAR,
            created_at TIMESTAMP NOT NULL,
            PRIMARY KEY (note_id, version))""",
        """CREATE TABLE deflator (
            year VARCHAR PRIMARY KEY,
            index_value DECIMAL(8, 3) NOT NULL CHECK (index_value > 0),
            base_year VARCHAR NOT NULL,
            source VARCHAR NOT NULL)""",
    ]),
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
        *[f"CREATE TABLE snap_{t} AS SELECT *, ''::VARCHAR AS replaced_by FROM {t} LIMIT 0"
          for t in IMPORTABLE_TABLES],
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
]

# Tables holding one place's data, in the order a place is deleted (children first).
PLACE_TABLES: tuple[str, ...] = (
    *(f"snap_{t}" for t in IMPORTABLE_TABLES), "theme_map_edit", "ward_driver_edit",
    "wall_edit", "wall_flow_archive", "wall_node_archive", "wall_node_function",
    "wall_note", "workshop_action", "orid_answer", "force", "workshop_session",
    "touchpoint", "scenario", "case_member", "case_study", "unit_cost", "asset",
    "flow", "flow_node", "spend_summary", "spend_line", "organisation", "ward", "import_batch",
    "place",
)
