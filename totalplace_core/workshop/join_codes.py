"""Join codes and the links and QR codes built from them.

How long a code must be (issue 14). A code is guessed by typing codes into the join page;
`join_limits.py` counts the wrong ones: 5 a minute from one browser, 30 a minute from one
network address, and 300 a minute (5 a second) from everyone together, whoever they say
they are. So however many phones or addresses an attacker uses, the server tries at most
G = 5 wrong codes a second. Over a session's life of T = 8 hours that is G x T = 144,000
guesses. With K = 100 sessions open at once, each guess hits one of them with chance at most
K / S, where S is the number of codes. For a chance below one in a million over the 8 hours:

    G x T x K / S < 1e-6   =>   S > 144,000 x 100 x 1,000,000 = 1.44e13.

The alphabet has 22 symbols (below), so 10 symbols give S = 22^10 = 2.66e13, and the chance
is 144,000 x 100 / 2.66e13 = 5.4e-7 (one browser alone, at 5 a minute: 2,400 guesses, 9e-9).
Eight symbols would give 22^8 = 5.5e10 and a chance of 2.6e-4: not enough. The old five
(22^5 = 5.2 million) would be found with 2.8% chance in 8 hours by the whole server's budget.

A new code is 10 symbols, shown and read aloud in two groups of five (KM7RT-XWA3C); people
type it with or without the dash, in any case. Codes of sessions made before are data and
keep working as they are (NEET42); a session with a short code gets a new long one when it
is reopened (a new meeting, a new code on the screen).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from urllib.parse import urlsplit

from totalplace_core.store import StoreError

__all__ = ["JOIN_ALPHABET", "JOIN_CODE_GROUP", "JOIN_CODE_LENGTH", "display_code",
           "is_short_code", "join_link", "link_is_local", "new_join_code", "normalise_code"]

# No 0/O/Q, 1/I/L, 2/Z, 5/S, 6/G, 8/B: nothing to misread off a projector or mistype.
JOIN_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
JOIN_CODE_LENGTH = 10
JOIN_CODE_GROUP = 5  # shown as two groups of five
MAX_TYPED = 32  # more than any code; a longer paste is cut before it is looked up


def new_join_code(taken: set[str], choose: Callable[[str], str] = secrets.choice) -> str:
    """A code no open session holds, from the operating system's random numbers."""
    for _ in range(1000):
        code = "".join(choose(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if code not in taken:
            return code
    raise StoreError("Could not find a free join code; close some old sessions.")


def is_short_code(code: str | None) -> bool:
    """A code from before codes were long enough (issue 14): replaced when reopened."""
    return len(code or "") < JOIN_CODE_LENGTH


def normalise_code(text: str | None) -> str:
    """What a person typed, as the code is stored: capitals, no spaces or dashes."""
    return "".join(ch for ch in (text or "")[:4 * MAX_TYPED].upper()
                   if ch.isascii() and ch.isalnum())[:MAX_TYPED]


def display_code(code: str) -> str:
    """A code as it is shown and read aloud: KM7RT-XWA3C; older short codes as they are."""
    if len(code) < JOIN_CODE_LENGTH:
        return code
    return "-".join(code[i:i + JOIN_CODE_GROUP] for i in range(0, len(code), JOIN_CODE_GROUP))


def join_link(page_url: str | None, code: str, page_path: str = "workshop") -> str:
    """The participants' link, built from the address the facilitator's browser uses, so it
    works when the app is served on a room's network (http://192.168.1.20:8501/join?...)."""
    parts = urlsplit(page_url or "http://localhost:8501")
    path = parts.path.rstrip("/")
    if path.endswith(f"/{page_path}") or path == page_path:
        path = path[: -len(page_path)].rstrip("/")
    return f"{parts.scheme}://{parts.netloc}{path}/join?code={code}"


def link_is_local(link: str) -> bool:
    """True when the link names this computer only, so phones cannot follow it."""
    host = urlsplit(link).hostname or ""
    return host in {"localhost", "127.0.0.1", "::1", "0.0.0.0"}
