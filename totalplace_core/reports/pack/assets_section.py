"""The committee pack's asset co-location candidates: buildings of different bodies close
together and under-used, ranked by combined running cost, with the saving estimate and its
source. Every figure (groups, running sums, the estate's totals) is the asset service's
answer, worked out in SQL."""

from __future__ import annotations

from typing import Any

import pandas as pd

from totalplace_core.assets import service as assets
from totalplace_core.reports.engine import Section
from totalplace_core.store import Store

KEY, TITLE = "assets", "Sharing buildings: co-location candidates"
GROUPS_SHOWN = 10  # a committee reads the largest; the app lists them all


def _use(value: object) -> str:
    return "use unknown" if value is None or pd.isna(value) else f"{float(value):.0f}% used"


def _groups(found: assets.Colocation) -> list[dict[str, Any]]:
    members = found.members.groupby("rank", sort=True)
    return [{"rank": int(g.rank), "ward": "" if pd.isna(g.ward_name) else str(g.ward_name),
             "members": [{"name": str(m.asset_name), "body": str(m.org_name),
                          "use": _use(m.utilisation_pct)}
                         for m in members.get_group(g.rank).itertuples()],
             "combined_pence": int(g.combined_pence), "spare_floor_m2": int(g.spare_floor_m2),
             "saving_pence": int(g.saving_estimate_pence)}
            for g in found.groups.head(GROUPS_SHOWN).itertuples()]


def section(store: Store, place: str) -> Section:
    rule = assets.DEFAULT_RULE
    sources = (f"Buildings: the Assets sheet loaded for {place} (body, kind, place, floor "
               "area, running cost, utilisation).",
               f"Saving rate: {assets.SAVING_SOURCE}.")
    estate = assets.totals(store, place)
    if estate.empty or int(estate["buildings"].iloc[0]) == 0:
        return Section(KEY, TITLE, "", empty=f"No public buildings are loaded for {place}, "
                       "so there are no co-location candidates to report. Add the Assets "
                       "sheet on the Data page.")
    found = assets.colocation(store, place, rule)
    total = estate.iloc[0]
    n = len(found.groups)
    context = {
        "rule": rule.describe(), "max_use_pct": f"{rule.max_use_pct:g}",
        "groups_count": n, "groups": _groups(found), "more": n > GROUPS_SHOWN,
        "saving_pence": found.saving_for_top(n),
        "shown_saving_pence": found.saving_for_top(GROUPS_SHOWN),
        "saving_source": assets.SAVING_SOURCE,
        "estate": {"buildings": int(total["buildings"]),
                   "running_cost_pence": int(total["running_cost_pence"]),
                   "under_used_share_pct": float(total["under_used_share_pct"] or 0)},
    }
    if not n:
        return Section(KEY, TITLE, "", empty=f"No buildings of two or more bodies in {place} "
                       f"meet the rule ({rule.describe()}), so there are no co-location "
                       "candidates to report.", sources=sources)
    caveats = ("A co-location candidate is a place to look, not a plan: the buildings are "
               "close and under-used on the figures loaded, and the saving is a first guess "
               "at a flat rate of their running cost.",)
    return Section(KEY, TITLE, "section_assets.html", context, sources=sources,
                   caveats=caveats)
