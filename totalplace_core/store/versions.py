"""Data versions: every write bumps the version of what it changed, and cached answers are
keyed by those versions, never by time, so a cache can never show figures older than the last
write. One process holds a DuckDB file for writing (another cannot even open it), so the
versions live in that process, one set per file whichever connection writes (Store keeps them
with Connection.shared). With the shared PostgreSQL store the counters live in the database
(store/pg_schema.py) and each server's set follows them (store/pg_mirror.py, `advance`)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

T = TypeVar("T")
# What a write can change. A write that names none changes them all (the safe default).
AREAS = ("spend", "themes", "wall", "wards", "workshop", "assets", "journeys")


class DataVersions:
    def __init__(self, max_entries: int = 256) -> None:
        self._lock = threading.Lock()
        self._counts = dict.fromkeys(AREAS, 0)
        self._memo: OrderedDict[Hashable, object] = OrderedDict()
        self._max = max_entries

    def bump(self, areas: Iterable[str] | None = None) -> None:
        """Called after a write commits."""
        with self._lock:
            for area in AREAS if areas is None else areas:
                self._counts[area] += 1

    def advance(self, counts: dict[str, int]) -> None:
        """Follow the shared store's counters; a counter never goes back."""
        with self._lock:
            for area, count in counts.items():
                self._counts[area] = max(self._counts[area], count)

    def version(self, areas: Iterable[str]) -> tuple[int, ...]:
        with self._lock:
            return tuple(self._counts[a] for a in areas)

    def cached(self, key: Hashable, areas: tuple[str, ...], build: Callable[[], T]) -> T:
        """`build()` once per version of `areas`; the version is read before building, so a
        write landing during the build makes the next call build again."""
        full_key = (key, self.version(areas))
        with self._lock:
            if full_key in self._memo:
                self._memo.move_to_end(full_key)
                return self._memo[full_key]  # type: ignore[return-value]
        value = build()
        with self._lock:
            self._memo[full_key] = value
            while len(self._memo) > self._max:
                self._memo.popitem(last=False)
        return value
