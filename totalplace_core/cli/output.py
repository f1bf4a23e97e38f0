"""What every command shares: pounds for JSON, and how a refused command says so."""

from __future__ import annotations


def pounds(pence: int) -> float | int:
    from totalplace_core.money import gbp_from_pence

    value = gbp_from_pence(pence)
    return int(value) if value == value.to_integral_value() else float(value)
