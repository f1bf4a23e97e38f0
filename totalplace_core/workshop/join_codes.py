"""Join codes and the links and QR codes built from them."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from urllib.parse import urlsplit

from totalplace_core.store import StoreError

__all__ = ["JOIN_ALPHABET", "JOIN_CODE_LENGTH", "join_link", "link_is_local", "new_join_code",
           "normalise_code"]

# No 0/O/Q, 1/I/L, 2/Z, 5/S, 6/G, 8/B: nothing to misread off a projector or mistype.
JOIN_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
JOIN_CODE_LENGTH = 5


def new_join_code(taken: set[str], choose: Callable[[str], str] = secrets.choice) -> str:
    """A short code no open session holds."""
    for _ in range(1000):
        code = "".join(choose(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if code not in taken:
            return code
    raise StoreError("Could not find a free join code; close some old sessions.")


def normalise_code(text: str | None) -> str:
    """What a person typed, as the code is stored: capitals, no spaces or dashes."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


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
