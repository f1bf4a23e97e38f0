"""The high-level count: all public spend in a place, counted once, with its basis.

Money handed from one body to another that spends it is counted where it is finally spent:
a line with `transfer_to_org_code` is removed when the receiving body reported its own lines
for the year ("netted"), and kept but flagged when it did not ("unmatched"), so nothing is
silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from totalplace_core.classifications import BASES, COFOG_DIVISIONS, division_of

COUNTED, NETTED, UNMATCHED = "counted", "transfer netted", "transfer unmatched"


@dataclass(frozen=True)
class Count:
    place_name: str
    year: str
    population: int
    gross_pence: int
    transfers_pence: int
    unmatched_pence: int
    bodies_counted: int
    basis_pence: dict[str, int]
    by_division: pd.DataFrame = field(repr=False)

    @property
    def net_pence(self) -> int:
        return self.gross_pence - self.transfers_pence

    @property
    def per_head_pence(self) -> int:
        """Total over population: never a sum of per-head figures."""
        return per_head(self.net_pence, self.population)

    def basis_share_pct(self) -> dict[str, float]:
        total = sum(self.basis_pence.values())
        return {b: (100.0 * v / total if total else 0.0) for b, v in self.basis_pence.items()}


def change_on(previous: Count, current: Count) -> tuple[int, float]:
    """Cash change in pence and as a percentage of the earlier year's net count."""
    delta = current.net_pence - previous.net_pence
    return delta, (100.0 * delta / previous.net_pence if previous.net_pence else 0.0)


def per_head(amount_pence: int, population: int) -> int:
    if population <= 0:
        raise ValueError("population must be positive")
    return int((Decimal(amount_pence) / population).quantize(Decimal(1), ROUND_HALF_UP))


def classify_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """Add `count_status` to each line of one place and year."""
    reporting = set(lines["org_code"])
    target = lines["transfer_to_org_code"].fillna("")
    is_transfer = target != ""
    status = pd.Series(COUNTED, index=lines.index, dtype="object")
    status[is_transfer & target.isin(reporting)] = NETTED
    status[is_transfer & ~target.isin(reporting)] = UNMATCHED
    return lines.assign(count_status=status)


def by_division(counted: pd.DataFrame) -> pd.DataFrame:
    """Net spend by COFOG division, all ten divisions listed even when nil."""
    division = counted["cofog_code"].map(division_of)
    sums = counted.groupby(division)["amount_pence"].sum()
    return pd.DataFrame({
        "code": list(COFOG_DIVISIONS),
        "name": list(COFOG_DIVISIONS.values()),
        "amount_pence": [int(sums.get(code, 0)) for code in COFOG_DIVISIONS],
    })


def count_place(lines: pd.DataFrame, place_name: str, year: str, population: int) -> Count:
    """The count for one place and year from its spend lines."""
    lines = classify_lines(lines[lines["year"] == year])
    counted = lines[lines["count_status"] != NETTED]
    basis = counted.groupby("basis")["amount_pence"].sum()
    return Count(
        place_name=place_name,
        year=year,
        population=int(population),
        gross_pence=int(lines["amount_pence"].sum()),
        transfers_pence=int(lines.loc[lines["count_status"] == NETTED, "amount_pence"].sum()),
        unmatched_pence=int(lines.loc[lines["count_status"] == UNMATCHED, "amount_pence"].sum()),
        bodies_counted=int(counted["org_code"].nunique()),
        basis_pence={b: int(basis.get(b, 0)) for b in BASES},
        by_division=by_division(counted),
    )
