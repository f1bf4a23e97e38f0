"""Workshops: workshop_sessions.csv, forces.csv, orid_answers.csv and actions.csv.

Two sessions, one of each kind: a force field on young people not in education, employment or
training (join code NEET42) and an ORID review of the programme (ORID17). The fixed files hold
the rows as they are written; nothing here is random.
"""

from __future__ import annotations

from pathlib import Path

from . import fixed
from .csv_files import write_csv

# output file -> its columns, which are also the columns of the fixed file of the same name
WORKSHOP_FILES = {
    "workshop_sessions.csv": ["join_code", "title", "theme", "kind", "session_date", "status"],
    "forces.csv": ["join_code", "side", "text", "strength", "author"],
    "orid_answers.csv": ["join_code", "stage", "text", "author"],
    "actions.csv": ["join_code", "what", "who", "by_when"],
}


def write_workshops(out: Path) -> None:
    for name, columns in WORKSHOP_FILES.items():
        rows = [[row[c] for c in columns] for row in fixed.table(name)]
        write_csv(out / name, columns, rows)
