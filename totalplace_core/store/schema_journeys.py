"""Migration 10: what costing a family's journey needs beyond the first data model: each
stop's repeat contacts, a cost override with its reason and the note of an emotional mark;
each case study's consent check and the rates its staff time and travel are costed at; the
unit-cost library's edits and the prevention sum's inputs, both appended as versions (the
latest wins), as the wall's notes are. DuckDB adds no CHECK with ADD COLUMN: the domain
checks those columns before they are written (journeys/stops.py)."""

STATEMENTS: list[str] = [
    "ALTER TABLE touchpoint ADD COLUMN repeat_contacts INTEGER",
    "ALTER TABLE touchpoint ADD COLUMN cost_override_pence BIGINT",
    "ALTER TABLE touchpoint ADD COLUMN override_reason VARCHAR",
    "ALTER TABLE touchpoint ADD COLUMN emotional_note VARCHAR",
    "ALTER TABLE snap_touchpoint ADD COLUMN repeat_contacts INTEGER",
    "ALTER TABLE snap_touchpoint ADD COLUMN cost_override_pence BIGINT",
    "ALTER TABLE snap_touchpoint ADD COLUMN override_reason VARCHAR",
    "ALTER TABLE snap_touchpoint ADD COLUMN emotional_note VARCHAR",
    "ALTER TABLE case_study ADD COLUMN consent_checked BOOLEAN",
    "ALTER TABLE case_study ADD COLUMN hourly_rate_pence BIGINT",
    "ALTER TABLE case_study ADD COLUMN mileage_pence_per_km DECIMAL(10, 3)",
    """CREATE TABLE unit_cost_edit (
        edit_id VARCHAR PRIMARY KEY,
        place_id VARCHAR NOT NULL,
        code VARCHAR NOT NULL,
        service VARCHAR NOT NULL,
        agency_kind VARCHAR,
        unit VARCHAR NOT NULL,
        cost_pence BIGINT NOT NULL CHECK (cost_pence >= 0),
        price_year VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        edited_by VARCHAR,
        created_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE prevention_input (
        edit_id VARCHAR PRIMARY KEY,
        place_id VARCHAR NOT NULL,
        case_code VARCHAR NOT NULL,
        cohort_size INTEGER NOT NULL CHECK (cohort_size > 0),
        cohort_source VARCHAR NOT NULL,
        investment_pence BIGINT CHECK (investment_pence >= 0),
        investment_source VARCHAR,
        universal_pence BIGINT NOT NULL CHECK (universal_pence >= 0),
        universal_source VARCHAR NOT NULL,
        edited_by VARCHAR,
        created_at TIMESTAMP NOT NULL)""",
]
