"""Money in integer pence, and sharing a whole number out exactly."""

from __future__ import annotations

import math
import random


def money(pence: int) -> str:
    """Pence as pounds with two decimals, as typed in a finance return: 123456 -> "1234.56"."""
    return f"{pence // 100}.{pence % 100:02d}"


def to_pence(pounds: float, rng: random.Random) -> int:
    """Pounds to pence; about a third of figures are whole pounds, the rest carry pence."""
    pence = round(pounds * 100)
    return pence - pence % 100 if rng.random() < 0.35 else pence


def share_out(total: int, weights: list[float]) -> list[int]:
    """Share a whole number (pence, people) among weights exactly (largest remainder)."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [math.floor(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts
