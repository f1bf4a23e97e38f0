"""The co-location rule and what the asset map shows, as plain data: no SQL, no Streamlit."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

# The pilots' first guess at what sharing buildings saves: "revenue savings of up to 10 per
# cent per annum ... from reducing the running costs of the public sector estate" (Kent and
# Worcestershire, in HM Treasury and CLG, Total Place: a whole area approach to public
# services, March 2010).
SAVING_SOURCE = ("the Total Place pilots' first guess: up to 10% a year of running costs "
                 "(Kent and Worcestershire, in HM Treasury and CLG, Total Place: a whole "
                 "area approach to public services, March 2010)")
SAVING_BASIS = "estimate"
RADIUS_LIMITS_M = (50, 5_000)
SIZE_BY = {"running_cost_pence": "Running cost", "floor_area_m2": "Floor area"}
GROUP_COLUMNS = ["rank", "ward_name", "buildings", "bodies", "body_names", "combined_pence",
                 "spare_floor_m2", "area_unknown", "saving_estimate_pence",
                 "saving_to_here_pence", "centre_lat", "centre_lon", "reach_m"]
MEMBER_COLUMNS = ["rank", "asset_code", "asset_name", "org_name", "kind", "floor_area_m2",
                  "running_cost_pence", "utilisation_pct", "spare_m2", "from_centre_m"]


@dataclass(frozen=True)
class ColocationRule:
    """Buildings of different bodies within `radius_m` of a hub, each used less than
    `max_use_pct` %; a group's saving is `rate_pct` % of its combined running cost."""

    radius_m: float = 400
    max_use_pct: float = 60
    rate_pct: float = 10

    def __post_init__(self) -> None:
        low, high = RADIUS_LIMITS_M
        for value, name in ((self.radius_m, "walking distance"),
                            (self.max_use_pct, "utilisation threshold"),
                            (self.rate_pct, "saving rate")):
            if not isinstance(value, int | float) or not math.isfinite(value):
                raise ValueError(f"The {name} must be a number.")
        if not low <= self.radius_m <= high:
            raise ValueError(f"The walking distance must be between {low} and {high:,} m.")
        if not 0 < self.max_use_pct <= 100:
            raise ValueError("The utilisation threshold must be above 0% and at most 100%.")
        if not 0 <= self.rate_pct <= 100:
            raise ValueError("The saving rate must be between 0% and 100%.")

    @property
    def rate_bp(self) -> int:
        """The rate in basis points (10% = 1,000), so the estimate is exact in pence."""
        return round(self.rate_pct * 100)

    def describe(self) -> str:
        return (f"buildings of two or more bodies within {self.radius_m:,.0f} m' walk, each "
                f"used less than {self.max_use_pct:g}%; saving estimated at "
                f"{self.rate_pct:g}% of their combined running cost")


@dataclass(frozen=True)
class Colocation:
    """The ranked groups (one row each) and their buildings (one row per building)."""

    rule: ColocationRule
    groups: pd.DataFrame
    members: pd.DataFrame

    def saving_for_top(self, n: int) -> int:
        """The estimate for the top `n` groups (the store's running sum at rank n)."""
        if self.groups.empty:
            return 0
        return int(self.groups["saving_to_here_pence"].iloc[min(n, len(self.groups)) - 1])


def split_groups(rule: ColocationRule, rows: pd.DataFrame) -> Colocation:
    """The store's one-row-per-building answer as groups and members (shaping only: every
    figure was worked out in SQL)."""
    groups = rows.drop_duplicates("rank")[GROUP_COLUMNS].reset_index(drop=True)
    return Colocation(rule, groups, rows[MEMBER_COLUMNS].reset_index(drop=True))


def marker_radius_m(values: pd.Series, present: bool = False) -> pd.Series:
    """A building's circle in metres: its area grows with the figure (radius with the square
    root), so a building costing four times as much looks four times as big, not sixteen."""
    top = float(values.max()) if len(values) and values.max() > 0 else 1.0
    low, high = (50, 260) if present else (40, 220)
    return low + (high - low) * (values.fillna(0).clip(lower=0) / top) ** 0.5
