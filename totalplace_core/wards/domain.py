"""How each function is shared among wards when a line does not say, and a ward's figures as
a councillor reads them: total, per head, against the place, and how much is a proxy."""

from __future__ import annotations

import pandas as pd

from totalplace_core.classifications import COFOG_GROUPS
from totalplace_core.count.service import per_head

DRIVER_NAMES: dict[str, str] = {
    "population": "residents", "pop_0_17": "residents aged 0-17",
    "pop_18_64": "residents aged 18-64", "pop_65_plus": "residents aged 65+",
    "need_index": "residents weighted by the need index",
    "custom": "the place's own driver (the Wards sheet's Own driver column)",
}
# Children's services by children, old age by older people, social exclusion by need; the
# rest by residents. A place edits this table as it edits the theme map.
DEFAULT_DRIVERS: dict[str, str] = {
    "09.1": "pop_0_17", "09.2": "pop_0_17", "09.6": "pop_0_17", "10.4": "pop_0_17",
    "10.2": "pop_65_plus", "10.7": "need_index",
}


def driver_table(edits: pd.DataFrame) -> pd.DataFrame:
    """Every COFOG group with its driver: the default, replaced by the place's latest edit."""
    edited = dict(zip(edits["cofog_code"], edits["driver"], strict=True))
    codes = list(COFOG_GROUPS)
    return pd.DataFrame({
        "cofog_code": codes, "cofog_name": [COFOG_GROUPS[c] for c in codes],
        "driver": [edited.get(c, DEFAULT_DRIVERS.get(c, "population")) for c in codes]})


def changed_drivers(before: pd.DataFrame, after: pd.DataFrame) -> list[tuple[str, str]]:
    """(cofog_code, driver) for each group whose driver the user changed."""
    old = dict(zip(before["cofog_code"], before["driver"], strict=True))
    return [(code, driver) for code, driver in zip(after["cofog_code"], after["driver"],
                                                  strict=True)
            if old.get(code) != driver and driver in DRIVER_NAMES]


def ward_table(shares: pd.DataFrame, wards: pd.DataFrame) -> pd.DataFrame:
    """Every ward (even one with nothing shared to it) with its residents, amount, per head,
    against the place's per head, and the share of its figure that is a proxy."""
    population = wards["pop_0_17"] + wards["pop_18_64"] + wards["pop_65_plus"]
    frame = pd.DataFrame({"ward_code": wards["ward_code"], "ward_name": wards["ward_name"],
                          "population": population.astype("int64")})
    sums = shares.groupby("ward_code")[["amount_pence", "actual_pence", "proxy_pence"]].sum()
    frame = frame.join(sums, on="ward_code").fillna(0)
    for column in ("amount_pence", "actual_pence", "proxy_pence"):
        frame[column] = frame[column].astype("int64")
    total, people = int(frame["amount_pence"].sum()), int(frame["population"].sum())
    place_head = per_head(total, people) if people else 0
    frame["per_head_pence"] = [per_head(a, p) if p else 0
                               for a, p in zip(frame["amount_pence"], frame["population"],
                                               strict=True)]
    frame["against_place_pct"] = [round(100.0 * h / place_head - 100, 1) if place_head else 0.0
                                  for h in frame["per_head_pence"]]
    frame["proxy_share_pct"] = [round(100.0 * x / a, 1) if a else 0.0
                                for x, a in zip(frame["proxy_pence"], frame["amount_pence"],
                                                strict=True)]
    return frame.sort_values("ward_code").reset_index(drop=True)
