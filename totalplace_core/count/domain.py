"""The high-level count: all public spend in a place, counted once, with its basis.

Money handed from one body to another that spends it is counted where it is finally spent:
a line with `transfer_to_org_code` is removed when the receiving body reported its own lines
for the year ("netted"), and kept but flagged when it did not ("unmatched"), so nothing is
silently dropped. The store classifies and sums the lines in SQL (store/count.py); this module
turns its small answers into a `Count`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from totalplace_core.classifications import BASES, COFOG_DIVISIONS
from totalplace_core.store.count import COUNTED, NETTED, UNMATCHED

__all__ = ["COUNTED", "NETTED", "UNMATCHED", "Count", "by_division", "change_on",
           "count_from", "per_head"]


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
    division_pence: dict[str, int] = field(repr=False)  # division code -> what is counted

    @property
    def by_division(self) -> pd.DataFrame:
        """All ten COFOG divisions, nil ones included, as a small frame for charts."""
        return by_division(self.division_pence)

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


def by_division(amounts: Mapping[str, int]) -> pd.DataFrame:
    """Net spend by COFOG division from {division code: pence}, all ten listed even when nil."""
    return pd.DataFrame({
        "code": list(COFOG_DIVISIONS),
        "name": list(COFOG_DIVISIONS.values()),
        "amount_pence": [int(amounts.get(code, 0)) for code in COFOG_DIVISIONS],
    })


def count_from(totals: Mapping[str, object], divisions: Mapping[str, int], year: str) -> Count:
    """A `Count` from one row of the store's totals and its division sums."""
    return Count(
        place_name=str(totals["place_name"]),
        year=year,
        population=int(totals["population"]),
        gross_pence=int(totals["gross_pence"]),
        transfers_pence=int(totals["transfers_pence"]),
        unmatched_pence=int(totals["unmatched_pence"]),
        bodies_counted=int(totals["bodies_counted"]),
        basis_pence={b: int(totals[f"{b}_pence"]) for b in BASES},
        division_pence={code: int(divisions.get(code, 0)) for code in COFOG_DIVISIONS},
    )
