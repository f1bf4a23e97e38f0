"""Stored times shown as UK clock time, and the writing timer's countdown in words."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from totalplace_core.store import now_utc

__all__ = ["SECONDS", "UK", "clock", "counted", "seconds_left", "timer_words", "uk_time"]

UK = ZoneInfo("Europe/London")
SECONDS = "%Y-%m-%d %H:%M:%S"


def uk_time(when: Any, fmt: str = "%d %b %Y %H:%M") -> str:
    """A stored (naive UTC) time as UK clock time."""
    if when is None or pd.isna(when):
        return ""
    stamp = pd.Timestamp(when).to_pydatetime().replace(tzinfo=ZoneInfo("UTC"))
    return stamp.astimezone(UK).strftime(fmt)


def seconds_left(session: dict[str, Any], now: datetime | None = None) -> int | None:
    ends = session.get("timer_ends_at")
    if ends is None or pd.isna(ends):
        return None
    left = (pd.Timestamp(ends).to_pydatetime() - (now or now_utc())).total_seconds()
    return max(0, int(-(-left // 1)))


def clock(seconds: int) -> str:
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def counted(n: int, one: str, many: str) -> str:
    """'1 person', '3 people', '0 answers'."""
    return f"{n} {one if n == 1 else many}"


def timer_words(seconds: int | None) -> str:
    if seconds is None:
        return ""
    if seconds == 0:
        return "Time is up"
    minutes = -(-seconds // 60)
    return f"About {counted(minutes, 'minute', 'minutes')} left to write"
