"""Who may do what, and how the facilitator shows who they are. Pure: ui.py asks.

Three roles. The facilitator changes figures, the wall and sessions: the Data and Workshop
pages and every editor. A participant adds to and withdraws their own entries in the one open
session their join code names (the Join page checks the code). A viewer reads the figures.

A browser session is a viewer (and, with a join code, a participant) until it is the
facilitator, which it is when
- it signed in with Streamlit's own `st.login` (OIDC; an [auth] section in secrets.toml) as an
  account listed in `facilitator_emails`; or
- it typed the passphrase the person who started the app set (a salted hash, or a plain
  passphrase hashed as soon as it is read); or
- nothing of the kind is set and the app is served on this machine only (server.address
  127.0.0.1 or localhost): nobody else can reach it, so whoever is at the machine runs it.
Served to a room with nothing set, nobody is the facilitator, and the sidebar says how to set a
passphrase. Behind a proxy or tunnel on this machine, TOTALPLACE_ROOM=1 says "this is a room"."""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import os
import threading
import time
from collections import deque
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass

FACILITATOR, PARTICIPANT, VIEWER = "facilitator", "participant", "viewer"
EVERYONE = frozenset({FACILITATOR, PARTICIPANT, VIEWER})
FACILITATOR_ONLY = frozenset({FACILITATOR})

LOCAL_ADDRESSES = frozenset({"127.0.0.1", "localhost", "::1"})
ENV_ROOM = "TOTALPLACE_ROOM"
ENV_PLAIN, ENV_HASH = "TOTALPLACE_FACILITATOR_PASSPHRASE", "TOTALPLACE_FACILITATOR_PASSPHRASE_HASH"
SECRET_PLAIN, SECRET_HASH = "facilitator_passphrase", "facilitator_passphrase_hash"
SECRET_EMAILS = "facilitator_emails"
MIN_LENGTH = 8
TRIES, TRY_WINDOW_S = 5, 60.0  # wrong passphrases allowed a minute, per session and per address

# scrypt at 16 MiB and about 50 ms a try: cheap for one sign-in, dear for a guesser.
_N, _R, _P, _MAXMEM = 2**14, 8, 1, 64 * 2**20
_PROCESS_KEY = os.urandom(32)  # names a plain passphrase in _HASHED without keeping it
_HASHED: dict[bytes, str] = {}
_HASHED_LOCK = threading.Lock()

HOW_TO_SET = ("To let a facilitator sign in, stop the app, run `totalplace passphrase`, put the "
              "line it prints in .streamlit/secrets.toml (or set "
              f"{ENV_PLAIN} in the environment), and start the app again.")
READ_ONLY = "Sign in as the facilitator to change these."
LOCAL = ("You are the facilitator: the app is served on this computer only, so nobody else can "
         "reach it. Before serving a room, set a passphrase (`totalplace passphrase`).")
NOBODY = ("Nobody can change the figures or run a workshop: the app is served to the room and "
          "no facilitator passphrase is set.")
WRONG = "That passphrase is wrong. Nothing has changed."
TOO_MANY = "Too many wrong tries: wait {} seconds, then try again."


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_passphrase(plain: str, salt: bytes | None = None) -> str:
    """A salted scrypt hash, `scrypt:n:r:p:salt:digest` (no `$`, which a shell would expand),
    safe to keep in a file."""
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(plain.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P,
                            maxmem=_MAXMEM, dklen=32)
    return f"scrypt:{_N}:{_R}:{_P}:{_b64(salt)}:{_b64(digest)}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes]:
    """The parts of a hash made by hash_passphrase; ValueError if it is not one."""
    try:
        kind, n, r, p, salt, digest = stored.strip().split(":")
        parts = int(n), int(r), int(p), _unb64(salt), _unb64(digest)
    except (ValueError, TypeError) as exc:
        raise ValueError("not a hash made by `totalplace passphrase`") from exc
    if kind != "scrypt" or not (2 <= parts[0] <= 2**20 and parts[1] * parts[2] <= 64) \
            or len(parts[3]) < 8 or len(parts[4]) < 16:
        raise ValueError("not a hash made by `totalplace passphrase`")
    return parts


def verify(plain: str, stored: str) -> bool:
    """Whether `plain` is the passphrase behind `stored`, compared in constant time."""
    n, r, p, salt, want = _parse(stored)
    got = hashlib.scrypt(plain.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM,
                         dklen=len(want))
    return hmac.compare_digest(got, want)


def _hashed_once(plain: str) -> str:
    """A plain passphrase's hash, made once per process: the plain text is not kept, only a
    keyed digest that tells whether the setting has changed since."""
    name = hmac.new(_PROCESS_KEY, plain.encode("utf-8"), hashlib.sha256).digest()
    with _HASHED_LOCK:
        if name not in _HASHED:
            _HASHED.clear()
            _HASHED[name] = hash_passphrase(plain)
        return _HASHED[name]


def hash_plain_in(env: MutableMapping[str, str]) -> None:
    """Put the salted hash in `env` in place of a plain passphrase, so that only the hash stays
    in the environment and reaches child processes (the printer's Chromium, the app server);
    a hash already there wins. Also drops the copy Streamlit makes of a plain
    facilitator_passphrase in secrets.toml (it exports root-level secrets). A plain passphrase
    too short to use stays, for `access` to report."""
    with _HASHED_LOCK:
        env.pop(SECRET_PLAIN, None)
        plain = env.get(ENV_PLAIN)
        if plain is None or len(plain) < MIN_LENGTH:
            return
        del env[ENV_PLAIN]
        if not env.get(ENV_HASH, "").strip():
            env[ENV_HASH] = hash_passphrase(plain)


def marker(stored_hash: str) -> str:
    """What a signed-in session keeps: it stops matching if the passphrase changes."""
    return hashlib.sha256(stored_hash.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Access:
    """How this server decides who is the facilitator."""

    passphrase_hash: str | None  # salted; the plain passphrase is never kept
    oidc: bool  # an [auth] section is configured: st.login can sign people in
    emails: frozenset[str]  # accounts that are the facilitator once signed in with st.login
    room: bool  # served beyond this machine, or told so by TOTALPLACE_ROOM
    problem: str | None = None  # a setting that cannot be used, in words

    @property
    def local_facilitator(self) -> bool:
        """Nothing to sign in with, and nobody but the person at this machine can reach it."""
        return not (self.room or self.oidc or self.passphrase_hash or self.problem)

    @property
    def nobody(self) -> bool:
        """Served to a room with no way to sign in: nobody is the facilitator."""
        return not (self.local_facilitator or self.passphrase_hash or self.emails)


def is_room(address: str | None, env: Mapping[str, str]) -> bool:
    """Served beyond this machine: any address but loopback (Streamlit's default, no address,
    listens on every interface), or TOTALPLACE_ROOM set to anything but 0/no/false."""
    told = env.get(ENV_ROOM, "").strip().lower() not in ("", "0", "no", "false")
    return told or (address or "").strip().lower() not in LOCAL_ADDRESSES


def _passphrase(env: Mapping[str, str], secrets: Mapping[str, object]
                ) -> tuple[str | None, str | None]:
    """(hash, problem): the environment first, then secrets.toml; a hash before a plain one."""
    for source, key, hashed in ((env, ENV_HASH, True), (env, ENV_PLAIN, False),
                                (secrets, SECRET_HASH, True), (secrets, SECRET_PLAIN, False)):
        value = source.get(key)
        if value is None or not str(value).strip():
            continue
        value = str(value)
        if hashed:
            try:
                _parse(value)
            except ValueError as exc:
                return None, f"{key} is {exc}: nobody can sign in until it is put right."
            return value.strip(), None
        if len(value) < MIN_LENGTH:
            return None, (f"{key} is shorter than {MIN_LENGTH} characters: nobody can sign in "
                          "until it is longer.")
        return _hashed_once(value), None
    return None, None


def access(env: Mapping[str, str], secrets: Mapping[str, object],
           address: str | None) -> Access:
    """Read the settings: `env` is os.environ, `secrets` st.secrets as a dict, `address` the
    server.address the app was started with."""
    hashed, problem = _passphrase(env, secrets)
    emails = secrets.get(SECRET_EMAILS) or []
    emails = [emails] if isinstance(emails, str) else emails
    return Access(hashed, bool(secrets.get("auth")),
                  frozenset(str(e).strip().lower() for e in emails if str(e).strip()),
                  is_room(address, env), problem)


def role_of(rules: Access, passphrase_marker: str | None, oidc_email: str | None) -> str:
    """The session's role: `passphrase_marker` is what its sign-in left (or None),
    `oidc_email` the account st.login signed it in as (or None)."""
    if rules.local_facilitator:
        return FACILITATOR
    if rules.passphrase_hash and passphrase_marker and \
            hmac.compare_digest(passphrase_marker, marker(rules.passphrase_hash)):
        return FACILITATOR
    if rules.oidc and oidc_email and oidc_email.strip().lower() in rules.emails:
        return FACILITATOR
    return VIEWER


def provider(auth: Mapping[str, object]) -> str | None:
    """The st.login provider: [auth] with a client_id is the one provider (None); otherwise
    the first [auth.NAME] section."""
    named = [key for key, value in auth.items() if isinstance(value, Mapping)]
    return None if "client_id" in auth or not named else named[0]


def refusal(title: str) -> str:
    return (f"{title} is for the facilitator, who changes the figures, the wall and the "
            "workshop sessions. If that is you, sign in as the facilitator in the sidebar. "
            "Everyone can read the figures and join a workshop with its code.")


class Throttle:
    """At most TRIES wrong passphrases in TRY_WINDOW_S seconds for each key (a session, an
    address); shared by every session of the process."""

    def __init__(self, tries: int = TRIES, window_s: float = TRY_WINDOW_S) -> None:
        self.tries, self.window_s = tries, window_s
        self._wrong: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait_s(self, keys: list[str], now: float | None = None) -> float:
        """Seconds before any of `keys` may try again (0: now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            waits = [0.0]
            for key in keys:
                times = self._wrong.get(key, deque())
                while times and now - times[0] >= self.window_s:
                    times.popleft()
                if len(times) >= self.tries:
                    waits.append(self.window_s - (now - times[0]))
            return max(waits)

    def wrong(self, keys: list[str], now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            for key in keys:
                self._wrong.setdefault(key, deque()).append(now)


def sign_in(rules: Access, typed: str, throttle: Throttle, keys: list[str]
            ) -> tuple[str | None, str]:
    """(the marker a signed-in session keeps, or None; what to say): refused without
    checking while `keys` have had too many wrong tries."""
    if (wait := throttle.wait_s(keys)) > 0:
        return None, TOO_MANY.format(math.ceil(wait))
    if rules.passphrase_hash and typed and verify(typed, rules.passphrase_hash):
        return marker(rules.passphrase_hash), ""
    throttle.wrong(keys)
    return None, WRONG
