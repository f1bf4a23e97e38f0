"""Tables added for the mapping wall (migration 3).

Flows and flow nodes live in the tables of migration 1. A facilitator's edit replaces one
place-year's flows (or one place's nodes) in a single transaction; what it replaced is kept
here with the edit that replaced it, so every version of the wall can be read back.

- wall_edit: one row per saved edit (who, when, how many rows before and after).
- wall_flow_archive / wall_node_archive: the rows an edit replaced.
- wall_node_function: the COFOG group a node's spending belongs to, as a facilitator set it
  (nodes without a row fall back to a default read from the node's name).
- wall_note gains `answered_by`: a note's `author` stays the person who raised it.
"""

from __future__ import annotations

STATEMENTS: list[str] = [
    """CREATE TABLE wall_edit (
        edit_id VARCHAR PRIMARY KEY,
        place_id VARCHAR NOT NULL,
        year VARCHAR,
        what VARCHAR NOT NULL CHECK (what IN ('flows', 'nodes')),
        edited_by VARCHAR,
        edited_at TIMESTAMP NOT NULL,
        rows_before INTEGER NOT NULL,
        rows_after INTEGER NOT NULL)""",
    """CREATE TABLE wall_flow_archive (
        edit_id VARCHAR NOT NULL,
        flow_id VARCHAR NOT NULL,
        place_id VARCHAR NOT NULL,
        year VARCHAR NOT NULL,
        from_node_code VARCHAR NOT NULL,
        to_node_code VARCHAR NOT NULL,
        stream VARCHAR NOT NULL,
        amount_pence BIGINT NOT NULL,
        amount_text VARCHAR,
        kind VARCHAR NOT NULL,
        is_ring_fenced BOOLEAN NOT NULL,
        batch_id VARCHAR)""",
    """CREATE TABLE wall_node_archive (
        edit_id VARCHAR NOT NULL,
        node_id VARCHAR NOT NULL,
        place_id VARCHAR NOT NULL,
        node_code VARCHAR NOT NULL,
        node_name VARCHAR NOT NULL,
        tier VARCHAR NOT NULL,
        org_code VARCHAR,
        cofog_code VARCHAR,
        batch_id VARCHAR)""",
    """CREATE TABLE wall_node_function (
        place_id VARCHAR NOT NULL,
        node_code VARCHAR NOT NULL,
        cofog_code VARCHAR NOT NULL,
        PRIMARY KEY (place_id, node_code))""",
    "ALTER TABLE wall_note ADD COLUMN answered_by VARCHAR",
]
