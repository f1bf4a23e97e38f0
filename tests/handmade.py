"""A tiny place whose every figure is known by hand.

Testborough, 1,000 residents, 2009-10 (amounts in pounds):
  DEPT -> RDA   300,000 transfer      (netted: RDA reported)
  RDA  -> CNCL  300,000 transfer      (netted: CNCL reported) -- a chain through two bodies
  CNCL          300,000 04.1 actual   funded by RDA
  CNCL          500,000 09.1 actual
  NHS         1,000,000 07.3 estimate
  DWP         2,000,000 10.2 proxy
  CNCL -> VOL   200,000 10.4 transfer (unmatched: VOL reported nothing, so it stays counted)
Gross 4,600,000; transfers removed 600,000; net 4,000,000; per head 4,000;
basis of what is counted: actual 25%, estimate 25%, proxy 50%; 3 bodies counted.
"""

from __future__ import annotations

import pandas as pd

from totalplace_core.store import Store

PLACE = "Testborough"
POPULATION = 1_000
LINES = [
    # org, cofog, pounds, basis, funded_by, transfer_to
    ("DEPT", "04.1", 300_000, "actual", "", "RDA"),
    ("RDA", "04.1", 300_000, "actual", "DEPT", "CNCL"),
    ("CNCL", "04.1", 300_000, "actual", "RDA", ""),
    ("CNCL", "09.1", 500_000, "actual", "", ""),
    ("NHS", "07.3", 1_000_000, "estimate", "", ""),
    ("DWP", "10.2", 2_000_000, "proxy", "", ""),
    ("CNCL", "10.4", 200_000, "actual", "", "VOL"),
]
ORGS = [("DEPT", "Department", "central department"), ("RDA", "Regional body", "regional body"),
        ("CNCL", "Council", "council"), ("NHS", "Health", "NHS commissioner"),
        ("DWP", "Work and Pensions", "central department"), ("VOL", "Charity", "voluntary sector")]


def load_handmade(store: Store, years: tuple[str, ...] = ("2009-10",)) -> None:
    """The same lines in each of `years` (ids L0..L6 in the last year)."""
    place_id = "place-testborough"
    lines = pd.DataFrame([
        {"line_id": f"L{i}" + ("" if year == years[-1] else f"-{year}"), "place_id": place_id,
         "year": year, "org_code": org,
         "cofog_code": cofog, "amount_pence": pounds * 100, "amount_text": str(pounds),
         "basis": basis, "source": f"hand-made line {i}", "funded_by_org_code": funded or None,
         "transfer_to_org_code": to or None}
        for year in years for i, (org, cofog, pounds, basis, funded, to) in enumerate(LINES)
    ])
    orgs = pd.DataFrame([{"org_id": f"O{code}", "place_id": place_id, "org_code": code,
                          "org_name": name, "kind": kind} for code, name, kind in ORGS])
    place = pd.DataFrame([{"place_id": place_id, "place_name": PLACE,
                           "population": POPULATION, "is_fictional": True}])
    store.replace_place(PLACE, {"place": place, "organisation": orgs, "spend_line": lines})
