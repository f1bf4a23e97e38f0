"""Starting the app server, and running its entry script once before anyone arrives.

Why the warm-up: with a pages/ folder beside app.py, Streamlit treats the app as an old-style
multipage app until some session has run app.py's st.navigation. Until then a deep link such as
/count shows a "Page not found" box over the right page. Asking Streamlit's script health check
to run app.py once, as soon as the server answers, switches that off for every later visitor
(DECISIONS.md 1). `totalplace serve` (`make run`), the browser tests and the bench start the
app through here."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path

from totalplace_core import roles

REPO = Path(__file__).resolve().parents[1]


def streamlit_command(address: str, port: int) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"),
            "--server.address", address, "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--server.scriptHealthCheckEnabled", "true"]


def wait_and_warm(url: str, timeout_s: float = 60) -> bool:
    """Wait until the server answers, then have it run app.py once; False if it never did."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:
        return False
    try:
        with urllib.request.urlopen(f"{url}/_stcore/script-health-check", timeout=30) as reply:
            return reply.status == 200
    except OSError:
        return False


def start(address: str, port: int, env: Mapping[str, str] | None = None,
          **popen: object) -> subprocess.Popen:
    """Start the app server; the caller waits with `wait_and_warm`. A plain facilitator
    passphrase in `env` reaches the server only as its salted hash (roles.py)."""
    env = dict(os.environ if env is None else env)
    roles.hash_plain_in(env)
    return subprocess.Popen(streamlit_command(address, port), cwd=REPO, env=env, **popen)
