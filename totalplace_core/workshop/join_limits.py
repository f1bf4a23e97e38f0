"""Wrong join codes, counted: per browser, per network address and for the whole server.

Every code looked up on the join page goes through `JoinLimiter.try_code`. A try is counted
before the code is looked up (so threads trying at once cannot all slip under the limit)
and given back if the code named a session: only wrong codes use up the allowance. Once a
browser, an address or the server as a whole has had its wrong codes for the minute, further
tries are refused without a look-up, and the person is told how long to wait; refused tries
are not counted, so waiting always ends.

The limits (see `join_codes.py` for why the server's is the one that matters):

- a browser (the join page's own id for it), 5 a minute: a person mistyping a few times;
- a network address, 30 a minute, when the app can see it (`st.context.ip_address`; None
  on this computer): several people behind one router may share one;
- the whole server, 300 a minute: a room of forty never mistypes that much, and an attacker
  opening a new browser for every guess meets it.

The counts are kept in this process's memory (one server per database file), with no
Streamlit here: the page hands in who is asking.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from totalplace_core.workshop.input_rules import WorkshopInputError

__all__ = ["JOIN_LIMITS", "JoinLimit", "JoinLimiter", "TooManyTries", "join_limiter"]

T = TypeVar("T")


@dataclass(frozen=True)
class JoinLimit:
    tries: int  # wrong codes allowed
    seconds: float  # in any window this long
    whose: str  # for the message: "Too many wrong codes {whose}"


JOIN_LIMITS: dict[str, JoinLimit] = {
    "browser": JoinLimit(5, 60, "from this phone"),
    "address": JoinLimit(30, 60, "from this network"),
    "server": JoinLimit(300, 60, "on this server just now"),
}
_SWEEP_AT = 512  # tracked keys before the ones with nothing recent are dropped


class TooManyTries(WorkshopInputError):
    """Refused before looking: too many wrong codes; `seconds` until the next try."""

    def __init__(self, seconds: int, whose: str) -> None:
        self.seconds = seconds
        super().__init__(f"Too many wrong codes {whose}. Please wait {seconds} "
                         f"second{'s' if seconds != 1 else ''} and try again.")


class JoinLimiter:
    """Sliding windows of wrong tries, one per (kind, who); safe to share between threads."""

    def __init__(self, limits: Mapping[str, JoinLimit] = JOIN_LIMITS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._limits = dict(limits)
        self._clock = clock
        self._lock = threading.Lock()
        self._tries: dict[tuple[str, str], deque[float]] = {}

    def try_code(self, who: Mapping[str, str | None], find: Callable[[], T | None]) -> T | None:
        """`find()`'s answer, unless `who` (kind -> id: browser, address) or the server must
        wait first (TooManyTries). A None answer is a wrong code and stays counted."""
        keys = self._keys(who)
        with self._lock:
            now = self._clock()
            self._refuse_if_spent(keys, now)
            for key in keys:
                self._tries.setdefault(key, deque()).append(now)
        found = None
        try:
            found = find()
        finally:
            if found is not None:  # a right code costs nothing
                with self._lock:
                    for key in keys:
                        window = self._tries.get(key)
                        if window is not None and now in window:
                            window.remove(now)
        return found

    def wait(self, who: Mapping[str, str | None]) -> int:
        """Seconds before `who` may try again (0: now)."""
        with self._lock:
            try:
                self._refuse_if_spent(self._keys(who), self._clock())
            except TooManyTries as exc:
                return exc.seconds
        return 0

    def reset(self) -> None:
        with self._lock:
            self._tries.clear()

    def _keys(self, who: Mapping[str, str | None]) -> list[tuple[str, str]]:
        return [(kind, "" if kind == "server" else str(who.get(kind)))
                for kind in self._limits if kind == "server" or who.get(kind)]

    def _refuse_if_spent(self, keys: list[tuple[str, str]], now: float) -> None:
        if len(self._tries) > _SWEEP_AT:
            self._sweep(now)
        longest, whose = 0.0, ""
        for key in keys:
            limit, window = self._limits[key[0]], self._tries.get(key)
            if window is None:
                continue
            while window and window[0] <= now - limit.seconds:
                window.popleft()
            if len(window) >= limit.tries:
                # the oldest of the last `tries` wrong codes must leave the window
                left = window[len(window) - limit.tries] + limit.seconds - now
                if left > longest:
                    longest, whose = left, limit.whose
        if longest > 0:
            raise TooManyTries(max(1, math.ceil(longest)), whose)

    def _sweep(self, now: float) -> None:
        for key in list(self._tries):
            window = self._tries[key]
            while window and window[0] <= now - self._limits[key[0]].seconds:
                window.popleft()
            if not window:
                del self._tries[key]


_LIMITER = JoinLimiter()


def join_limiter() -> JoinLimiter:
    """The process's one limiter, shared by every browser on the join page."""
    return _LIMITER
