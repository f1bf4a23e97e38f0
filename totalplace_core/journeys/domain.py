"""What a family's journey adds up to, as plain data: the rates staff time and travel are
costed at, the totals of a scenario, and the prevention sum A - (B + C) = Y. Every sum over
stops is SQL (store/journeys.py); this module multiplies a handful of totals."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

DEFAULT_HOURLY_PENCE = 3_000
HOURLY_SOURCE = ("an illustrative £30 an hour for a front-line professional's time: set the "
                 "case's own rate")
DEFAULT_PER_KM_PENCE = Decimal("24.855")  # 40p a mile
MILEAGE_SOURCE = "HMRC's approved mileage rate for a car, 40p a mile (24.9p a km), 2009-10"
DEFAULT_COHORT = 200
COHORT_LIMIT = 10_000_000
MONEY_LIMIT_PENCE = 10**15  # £10 trillion: more is a typo, and would overflow a sum


@dataclass(frozen=True)
class Rates:
    """What an hour of staff time and a kilometre of travel cost for one case."""

    hourly_pence: int = DEFAULT_HOURLY_PENCE
    per_km_pence: Decimal = DEFAULT_PER_KM_PENCE
    hourly_source: str = HOURLY_SOURCE
    mileage_source: str = MILEAGE_SOURCE

    def as_params(self) -> tuple[int, float]:
        return self.hourly_pence, float(self.per_km_pence)


def rates_for(case: dict) -> Rates:
    """The case's own rates where it has them, else the defaults (each with its source)."""
    hourly, per_km = case.get("hourly_rate_pence"), case.get("mileage_pence_per_km")
    own_hourly = hourly is not None and not pd.isna(hourly)
    own_km = per_km is not None and not pd.isna(per_km)
    return Rates(int(hourly) if own_hourly else DEFAULT_HOURLY_PENCE,
                 Decimal(str(per_km)) if own_km else DEFAULT_PER_KM_PENCE,
                 "the case's own rate" if own_hourly else HOURLY_SOURCE,
                 "the case's own rate" if own_km else MILEAGE_SOURCE)


@dataclass(frozen=True)
class Totals:
    """One scenario of a journey, added up in the store."""

    stops: int = 0
    direct_pence: int = 0
    staff_pence: int = 0
    travel_pence: int = 0
    total_pence: int = 0
    avoidable_pence: int = 0
    repeat_contacts: int = 0


def scenario_totals(by_agency: pd.DataFrame, scenario: str) -> Totals:
    """The scenario's row for all its agencies (org_code empty), or zeros if it has none."""
    rows = by_agency[(by_agency["scenario"] == scenario) & by_agency["org_code"].isna()]
    if rows.empty:
        return Totals()
    row = rows.iloc[0]
    return Totals(*(int(row[c]) for c in ("stops", "direct_pence", "staff_pence",
                                         "travel_pence", "total_pence", "avoidable_pence",
                                         "repeat_contacts")))


def feeling(mark: object) -> str:
    """An emotional mark as the room reads it: a low point, a high point, or neither."""
    if mark is None or pd.isna(mark) or int(mark) == 0:
        return ""
    return "low point" if int(mark) < 0 else "high point"


@dataclass(frozen=True)
class PreventionInputs:
    """What the room states: how many families are like this one (and why it thinks so),
    the new community investment if it is not the redesign's own added cost (B), and the
    universal provision that must be kept (C), each with where it came from."""

    cohort_size: int = DEFAULT_COHORT
    cohort_source: str = "the room's assumption: say where the number comes from"
    investment_pence: int | None = None  # None: the redesign's added cost x cohort
    investment_source: str = ""
    universal_pence: int = 0
    universal_source: str = "none stated yet"

    def __post_init__(self) -> None:
        if not isinstance(self.cohort_size, int) or not 0 < self.cohort_size <= COHORT_LIMIT:
            raise ValueError(f"The number of families must be a whole number from 1 to "
                             f"{COHORT_LIMIT:,}.")
        for pence, name in ((self.investment_pence, "community investment (B)"),
                            (self.universal_pence, "universal provision (C)")):
            if pence is not None and not (isinstance(pence, int)
                                          and 0 <= pence < MONEY_LIMIT_PENCE):
                raise ValueError(f"The {name} must be £0 or more, below £10 trillion.")
        if not self.cohort_source.strip() or not self.universal_source.strip():
            raise ValueError("Say where the number of families and the universal provision "
                             "come from.")
        if self.investment_pence is not None and not self.investment_source.strip():
            raise ValueError("Say where the community investment (B) comes from.")


@dataclass(frozen=True)
class PreventionSum:
    """A - (B + C) = Y for a cohort of families like this one, with each term's source."""

    inputs: PreventionInputs
    saved_per_family_pence: int
    invested_per_family_pence: int
    a_pence: int
    b_pence: int
    c_pence: int
    y_pence: int
    lines: list[tuple[str, str, int, str]] = field(default_factory=list)


def prevention_sum(saved_per_family: int, invested_per_family: int,
                   inputs: PreventionInputs) -> PreventionSum:
    """A: what the redesign saves the agencies that save, times the cohort. B: the new
    community investment (stated, or what the redesign adds where it costs more, times the
    cohort). C: the universal provision to sustain. Y = A - (B + C)."""
    n = inputs.cohort_size
    a = saved_per_family * n
    b = invested_per_family * n if inputs.investment_pence is None else inputs.investment_pence
    c = inputs.universal_pence
    b_source = (inputs.investment_source if inputs.investment_pence is not None else
                "what the redesign adds at the agencies that spend more, x the families")
    lines = [
        ("A", f"saving per family x {n:,} families", a,
         f"the redesign beside the current journey; families: {inputs.cohort_source}"),
        ("B", "new community investment", b, b_source),
        ("C", "universal provision sustained", c, inputs.universal_source),
        ("Y", "A - (B + C): contribution to the spending gap", a - (b + c), "worked out"),
    ]
    return PreventionSum(inputs, saved_per_family, invested_per_family, a, b, c, a - (b + c),
                         lines)


def finite_rate(value: float, name: str, limit: float) -> float:
    if not math.isfinite(value) or not 0 <= value <= limit:
        raise ValueError(f"The {name} must be between 0 and {limit:,g}.")
    return value
