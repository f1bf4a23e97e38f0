"""A real app server on a free port and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.accessibility import (
    axe_script,
    axe_violations,
    presentation_type_problems,
    unnamed_charts,
)
from totalplace_core import navigation
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
# How many script runs the page has started: counted from the moment of the first call by
# watching the app's script state, so a click's rerun is waited on, not guessed at.
RUNS_STARTED = """() => {
  if (!window.__tpRuns) {
    const app = document.querySelector("[data-testid='stApp']");
    window.__tpRuns = {n: 0};
    new MutationObserver(() => {
      if (app.getAttribute('data-test-script-state') === 'running') window.__tpRuns.n++;
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  }
  return window.__tpRuns.n;
}"""


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
    """A page in a fresh context that records every request it makes. `settle=False` only
    starts the visit (see `at_once`); `wait()` then waits for it."""

    def __init__(self, browser, url: str, viewport: dict[str, int], settle: bool = True) -> None:
        # A phone says so in its user agent, as real ones do (maps are framed by it).
        phone = {"user_agent": PHONE_AGENT, "is_mobile": True} if viewport == PHONE else {}
        self.context = browser.new_context(viewport=viewport, **phone)
        self.context.add_init_script(path=axe_script())  # axe-core, for shot()'s checks
        self.viewport = viewport
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url, wait_until="load" if settle else "commit")
        if settle:
            self.wait()

    def wait(self) -> None:
        self.page.wait_for_load_state("networkidle")
        self.page.wait_for_function(SETTLED, timeout=30_000)

    def click_and_settle(self, target, rerun_within_ms: int = 3_000) -> None:
        """Click `target` (a tab with on_change="rerun", a button) and wait until the rerun
        it starts has been drawn: no fixed pause that is too long on a quiet machine and too
        short on a busy one. A click that starts no rerun costs `rerun_within_ms` once."""
        runs = self.page.evaluate(RUNS_STARTED)
        target.click()
        with suppress(PlaywrightTimeout):  # nothing reran: what is drawn is the click's
            self.page.wait_for_function(f"() => window.__tpRuns.n > {runs}",
                                        timeout=rerun_within_ms)
        self.wait()

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
        self.check_accessible(name)
        return path

    def check_accessible(self, name: str) -> None:
        """Every view a test looks at passes axe's WCAG 2.2 A/AA rules; presenting, also 7:1
        contrast, and at 1920 px wide no body text under 24 px (tests/browser/accessibility.py)."""
        presenting = "present=1" in self.page.url
        problems = axe_violations(self.page, presenting) + unnamed_charts(self.page)
        if presenting and self.viewport == DESK:
            problems += presentation_type_problems(self.page)
        assert not problems, f"{name} at {self.page.url}:\n" + "\n".join(problems)

    def close(self) -> None:
        self.context.close()


NAV_LABELS = [p.title for p in navigation.PAGES]
HEADLINE_PAGES = {"/", "/count"}  # pages that open on the place's headline figures


@pytest.fixture(scope="session")
def headline(demo_db: Path) -> tuple[str, str]:
    """The demo's net spend and spend per resident, as the headline pages show them."""
    from totalplace_core.count import service as count_service
    from totalplace_core.money import format_gbp, format_per_head
    from totalplace_core.store import Store

    with Store(demo_db) as store:
        count = count_service.place_count(store, "Harrowdale", "2009-10")
    return format_gbp(count.net_pence), format_per_head(count.per_head_pence)


def check_deep_link(v: Visit, heading: str, at_desk: bool) -> str:
    """What any page opened by its deep link shows (tests/browser/test_pages.py): its heading,
    no error box or 'Page not found', the demo place's label, nothing asked of another
    machine, and at a desk the app's own menu of every page. Returns the page's text."""
    assert v.page.get_by_role("heading", name=heading).is_visible()
    assert v.problems() == []
    main = v.page.locator("[data-testid='stMain']").inner_text()
    assert "Fictional demo place" in main
    assert v.offsite() == []
    if at_desk:
        nav = v.page.locator("[data-testid='stSidebarNav'] a")
        assert [a.strip() for a in nav.all_inner_texts()] == NAV_LABELS
    return main


def at_once(browser, pages: list[tuple[str, dict[str, int]]],
            opened: list[Visit] | None = None) -> list[Visit]:
    """Visits of (url, viewport) started together, as a desk, a phone and a projector arrive
    in a room, then each waited on until settled; each is the visit it would be alone (its own
    context and session), in less time than one after another. Each is added to `opened`
    as it starts, for whoever closes them."""
    started = opened if opened is not None else []
    visits = []
    for url, viewport in pages:
        visits.append(Visit(browser, url, viewport, settle=False))
        started.append(visits[-1])
    for v in visits:
        v.wait()
    return visits


class Visitor:
    """Opens pages of the test server (`visit(path, viewport)`, or several `at_once`) and
    closes them after the test (or the module, for a module-scoped one)."""

    def __init__(self, browser, server: str) -> None:
        self.browser, self.server, self.opened = browser, server, []

    def __call__(self, path: str, viewport: dict[str, int] = DESK) -> Visit:
        self.opened.append(Visit(self.browser, f"{self.server}{path}", viewport))
        return self.opened[-1]

    def at_once(self, *pages: tuple[str, dict[str, int]]) -> list[Visit]:
        return at_once(self.browser, [(f"{self.server}{path}", viewport)
                                      for path, viewport in pages], self.opened)

    def close(self) -> None:
        for v in self.opened:
            v.close()


@pytest.fixture
def visit(browser, server: str) -> Iterator[Visitor]:
    visitor = Visitor(browser, server)
    yield visitor
    visitor.close()


@pytest.fixture(scope="module")
def module_visit(browser, server: str) -> Iterator[Visitor]:
    """For pages a module's tests share (opened once, in the first test that needs them)."""
    visitor = Visitor(browser, server)
    yield visitor
    visitor.close()
