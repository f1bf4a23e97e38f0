"""The count worked out in plain Python, line by line, as a finance officer would on paper:
the reference the store's SQL is checked against (tests/test_count.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class ReferenceCount:
    gross: int = 0
    transfers: int = 0
    unmatched: int = 0
    bodies: set[str] = field(default_factory=set)
    basis: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    division: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def net(self) -> int:
        return self.gross - self.transfers


def reference_count(lines: list[dict]) -> ReferenceCount:
    """`lines` of one place and year: dicts with org_code, cofog_code, amount_pence, basis,
    transfer_to_org_code (None or '' when the line is not a transfer)."""
    reporting = {line["org_code"] for line in lines}
    result = ReferenceCount()
    for line in lines:
        amount, target = line["amount_pence"], line["transfer_to_org_code"] or ""
        result.gross += amount
        if target and target in reporting:
            result.transfers += amount  # netted: counted where the receiving body spends it
            continue
        if target:
            result.unmatched += amount  # kept, flagged
        result.bodies.add(line["org_code"])
        result.basis[line["basis"]] += amount
        result.division[line["cofog_code"][:2]] += amount
    return result
