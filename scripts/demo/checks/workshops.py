"""Checks on the workshop files and deflators.csv: how many of each, in range."""

from __future__ import annotations

from pathlib import Path

from ..csv_files import read_csv
from .need import need


def check_workshops(out: Path) -> None:
    forces = read_csv(out / "forces.csv")
    for side in ("driving", "restraining"):
        need(6 <= sum(f["side"] == side for f in forces) <= 10, f"6-10 {side} forces")
    need(all(1 <= int(f["strength"]) <= 5 for f in forces), "strengths 1-5")
    answers = read_csv(out / "orid_answers.csv")
    for stage in ("objective", "reflective", "interpretive", "decisional"):
        need(3 <= sum(a["stage"] == stage for a in answers) <= 6, f"ORID {stage}")
    need(3 <= len(read_csv(out / "actions.csv")) <= 5, "3-5 actions")
    deflators = {d["year"]: float(d["index"]) for d in read_csv(out / "deflators.csv")}
    need(deflators["2009-10"] == 100.0 and len(deflators) == 7, "deflators")
