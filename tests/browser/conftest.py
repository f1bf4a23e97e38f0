"""A real app server on a free port and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

from totalplace_core import server as launcher

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "tests" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DESK, PHONE = {"width": 1920, "height": 1080}, {"width": 390, "height": 844}
PHONE_AGENT = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/131.0 Mobile Safari/537.36")
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Settled: the script has run (a page title is drawn), is idle, nothing is stale, and every
# plotly chart has drawn its SVG.
SETTLED = """() =>
    document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']")
    && document.querySelector("[data-testid='stMain'] h1")
    && !document.querySelector("[data-stale='true'], [data-testid='stSkeleton']")
    && [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
        .every(chart => chart.querySelector('.main-svg'))"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: CI must drive a real browser "
                        "(apt-get install chromium)")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextmanager
def serve(db: Path) -> Iterator[str]:
    """A fresh app server on a free port over the database file `db`, started as `make run`
    starts it (totalplace serve); yields its address."""
    port = _free_port()
    proc = launcher.start("127.0.0.1", port, os.environ | {"TOTALPLACE_DB": str(db)},
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    if not launcher.wait_and_warm(url):
        proc.kill()
        pytest.fail(f"app did not start: {proc.stdout.read() if proc.stdout else ''}")
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def server(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("server") / "server.duckdb"
    shutil.copy(demo_db, db)
    with serve(db) as url:
        yield url


class Visit:
    """A page in a fresh context that records every request it makes."""

    def __init__(self, browser, url: str, viewport: dict[str, int]) -> None:
        # A phone says so in its user agent, as real ones do (maps are framed by it).
        phone = {"user_agent": PHONE_AGENT, "is_mobile": True} if viewport == PHONE else {}
        self.context = browser.new_context(viewport=viewport, **phone)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url)
        self.wait()

    def wait(self) -> None:
        self.page.wait_for_load_state("networkidle")
        self.page.wait_for_function(SETTLED, timeout=30_000)

    def problems(self) -> list[str]:
        """Error boxes and dialogs (such as 'Page not found') a user would see."""
        boxes = self.page.locator("[data-testid='stException'], [role='dialog']")
        return boxes.all_inner_texts()

    def offsite(self) -> list[str]:
        hosts = [urlparse(u) for u in self.requests]
        return [u.geturl() for u in hosts
                if u.scheme not in ("data", "blob") and u.hostname not in LOCAL_HOSTS]

    def shot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=False)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, server: str):
    opened: list[Visit] = []

    def open_page(path: str, viewport: dict[str, int] = DESK) -> Visit:
        v = Visit(browser, f"{server}{path}", viewport)
        opened.append(v)
        return v

    yield open_page
    for v in opened:
        v.close()
