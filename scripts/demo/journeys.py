"""Family journeys: case_studies.csv, case_members.csv and touchpoints.csv.

Each case is told twice, as things are ("current") and as a redesigned service would run
("redesigned"); fixed/journey_stops.csv lists the stops of both. The generator adds each stop's
staff hours (around the unit's typical staff time) and distance travelled, drawn at random.
"""

from __future__ import annotations

import random
from pathlib import Path

from . import fixed
from .csv_files import true_false, write_csv
from .unit_costs import STAFF_HOURS, UC_CODE

CASES = fixed.table("case_studies.csv")
MEMBERS = fixed.table("case_members.csv")

# Staff hours a unit takes when fixed/unit_costs.csv gives none.
DEFAULT_STAFF_HOURS = 0.8
# Staff hours count at most this many units of one stop, which keeps long runs (300 befriending
# calls, 60 nights of bed and breakfast) from swamping the staff-time totals.
MAX_UNITS_FOR_HOURS = 12
# Services given over the phone or by an alarm, where nobody travels.
NO_TRAVEL = ("befriend", "alarm")


def journeys() -> dict[tuple[str, str], list[tuple]]:
    """(case, scenario) -> stops as (date, org, unit cost key, quantity, mark, avoidable, note).

    Typed as in the file (ints, a bool) because the stops are sorted as tuples.
    """
    stops: dict[tuple[str, str], list[tuple]] = {}
    for s in fixed.table("journey_stops.csv"):
        stops.setdefault((s["case_code"], s["scenario"]), []).append(
            (
                s["date"],
                s["org_code"],
                s["unit_cost"],
                int(s["quantity"]),
                int(s["emotional_mark"]),
                s["avoidable"] == "true",
                s["note"],
            )
        )
    return stops


def build_touchpoints(rng: random.Random) -> list[list]:
    rows = []
    for (case, scenario), stops in journeys().items():
        for day, org, key, qty, mark, avoidable, note in sorted(stops):
            hours = (
                STAFF_HOURS.get(key, DEFAULT_STAFF_HOURS)
                * min(qty, MAX_UNITS_FOR_HOURS)
                * rng.uniform(0.85, 1.15)
            )
            distance = 0.0 if key in NO_TRAVEL else rng.uniform(0.6, 9.5)
            rows.append(
                [
                    case,
                    scenario,
                    day,
                    org,
                    UC_CODE[key],
                    qty,
                    f"{hours:.1f}",
                    f"{distance:.1f}",
                    mark,
                    true_false(avoidable),
                    note,
                ]
            )
    return rows


def write_journeys(out: Path, rng: random.Random) -> None:
    write_csv(
        out / "case_studies.csv",
        ["case_code", "title", "summary", "consent_checked"],
        # The demo's families are made up, so nothing identifies anyone: checked.
        [[c["case_code"], c["title"], c["summary"], "true"] for c in CASES],
    )
    write_csv(
        out / "case_members.csv",
        ["case_code", "member_code", "role", "age", "description"],
        [
            [m["case_code"], m["member_code"], m["role"], m["age"], m["description"]]
            for m in MEMBERS
        ],
    )
    write_csv(
        out / "touchpoints.csv",
        [
            "case_code",
            "scenario",
            "date",
            "org_code",
            "unit_cost_code",
            "quantity",
            "staff_hours",
            "distance_km",
            "emotional_mark",
            "is_avoidable",
            "note",
        ],
        build_touchpoints(rng),
    )
