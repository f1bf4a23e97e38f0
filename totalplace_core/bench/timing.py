"""Timing and the figures `totalplace bench` prints: every speed is a ratio to a floor
measured in the same run, on the same machine, so a busy machine moves both."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


def median_s(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of `fn` in seconds, after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@dataclass(frozen=True)
class Figure:
    """One line of the bench table: what was measured against what, and the goal it meets.

    `ratio` is value / floor; `goal` is the largest ratio that passes (<= goal), or, when
    `higher_is_better`, the smallest (a speed-up of at least `goal`)."""

    name: str
    value: float
    floor: float | None = None
    unit: str = "ms"
    floor_name: str = ""
    goal: float | None = None
    higher_is_better: bool = False

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.floor == 0:
            return None
        return self.floor / self.value if self.higher_is_better else self.value / self.floor

    @property
    def meets_goal(self) -> bool | None:
        if self.goal is None or self.ratio is None:
            return None
        return self.ratio >= self.goal if self.higher_is_better else self.ratio <= self.goal

    def as_dict(self) -> dict:
        return asdict(self) | {"ratio": self.ratio, "meets_goal": self.meets_goal}

    def line(self) -> str:
        value = f"{self.value:,.1f} {self.unit}"
        if self.ratio is None:
            return f"  {self.name:<58}{value:>14}"
        floor = f"{self.floor:,.1f} {self.unit}"
        sign = ">=" if self.higher_is_better else "<="
        verdict = "" if self.goal is None else (
            f"  goal {sign} {self.goal:g}x  {'ok' if self.meets_goal else 'MISSED'}")
        kind = "x faster" if self.higher_is_better else "x"
        return (f"  {self.name:<58}{value:>14}  vs {self.floor_name} {floor}: "
                f"{self.ratio:.2f}{kind}{verdict}")
