"""Checks on unit_costs.xlsx, touchpoints.csv and case_members.csv: the journeys' costs."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from totalplace_core.classifications import ORG_KINDS

from ..csv_files import read_csv
from ..journeys import CASES
from ..unit_costs import HEADER
from .need import need

# Services a family journey cannot be costed without; each must have a unit cost.
NEEDED_UNIT_COSTS = (
    "A&E attendance",
    "Ambulance call-out",
    "Police call-out",
    "Night in police custody",
    "Court hearing",
    "Social worker hour",
    "GP appointment",
    "Children's centre session",
    "School exclusion (fixed term)",
    "Housing officer visit",
)


def check_journeys(out: Path, orgs: dict[str, str], report: dict) -> None:
    ws = load_workbook(out / "unit_costs.xlsx")["Unit costs"]
    rows = list(ws.iter_rows(values_only=True))
    need(list(rows[0]) == HEADER and ws["A1"].font.bold, "unit cost header")
    costs = {r[0]: Decimal(str(r[4])) for r in rows[1:]}
    need(40 <= len(costs) <= 60 and all(r[2] in ORG_KINDS for r in rows[1:]), "unit costs")
    for needed in NEEDED_UNIT_COSTS:
        need(any(str(r[1]).startswith(needed) for r in rows[1:]), f"unit cost {needed}")
    totals: dict[tuple, Decimal] = defaultdict(Decimal)
    stops: dict[tuple, int] = defaultdict(int)
    for t in read_csv(out / "touchpoints.csv"):
        need(t["unit_cost_code"] in costs and t["org_code"] in orgs, "touchpoint codes")
        need(
            -2 <= int(t["emotional_mark"]) <= 2 and t["is_avoidable"] in ("true", "false"),
            "touchpoint marks",
        )
        need("2009-04-01" <= date.fromisoformat(t["date"]).isoformat() <= "2010-03-31", "dates")
        totals[(t["case_code"], t["scenario"])] += costs[t["unit_cost_code"]] * int(t["quantity"])
        stops[(t["case_code"], t["scenario"])] += 1
    need(
        30 <= stops[("ASH", "current")] <= 50 and 10 <= stops[("ASH", "redesigned")] <= 20,
        "Ashworth stops",
    )
    need(50_000 <= totals[("ASH", "current")] <= 60_000, "Ashworth current total 50-60k")
    need(totals[("ASH", "redesigned")] < totals[("ASH", "current")] / 2, "redesign much cheaper")
    need(18_500 <= totals[("BRE", "current")] <= 19_500, "Brenda's year about 19,000")
    for case in ("BRE", "JAY"):
        need(10 <= stops[(case, "current")] + stops[(case, "redesigned")] <= 30, f"{case} stops")
    members = read_csv(out / "case_members.csv")
    need(
        all(2 <= sum(m["case_code"] == c["case_code"] for m in members) <= 5 for c in CASES),
        "members",
    )
    report["unit costs"], report["journeys"] = len(costs), dict(totals)
