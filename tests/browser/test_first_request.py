"""A deep link as the very first request to a freshly started server still opens the app's own
shell: the shared sidebar with every page and the presentation switch (DECISIONS.md 1). The
same visit makes the page's deep-link checks at a desk (conftest.check_deep_link, as
test_pages.py makes them on a phone) and takes its desk screenshot.

Each test has a server of its own, started (and warmed, as `make run` starts it) for it alone
on its own copy of the demo; to spare the wait, the next test's server starts while the
current test runs, and nobody visits it before its test does."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.browser.conftest import HEADLINE_PAGES, Visit, _free_port, check_deep_link
from totalplace_core import navigation, roles
from totalplace_core import server as launcher

pytestmark = pytest.mark.browser
NAV_LABELS = [p.title for p in navigation.PAGES]
DEEP_LINKS = [p for p in navigation.PAGES if p.url_path]
Started = tuple[subprocess.Popen, str, Path]


def _start(db: Path, env: dict[str, str]) -> Started:
    """A server on `db`, started as `make run` starts it and warmed: (process, address, log)."""
    port, log = _free_port(), db.with_suffix(".log")
    with log.open("w") as out:
        proc = launcher.start("127.0.0.1", port, env | {"TOTALPLACE_DB": str(db)},
                              stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    if not launcher.wait_and_warm(url):
        proc.kill()
        proc.wait(timeout=10)
    return proc, url, log


@pytest.fixture(scope="module")
def fresh_servers(demo_db: Path, tmp_path_factory: pytest.TempPathFactory,
                  request: pytest.FixtureRequest) -> Iterator[Callable[[], Started]]:
    """Hands each test a server nobody has visited; starts the next one meanwhile."""
    folder = tmp_path_factory.mktemp("fresh")
    wanted = sum("fresh_server" in getattr(item, "fixturenames", ())
                 for item in request.session.items)
    # The tests' settings, not the shell's: no room, no passphrase (tests/conftest.py).
    env = dict(os.environ) | {name: "" for name in (roles.ENV_ROOM, roles.ENV_PLAIN,
                                                     roles.ENV_HASH, roles.SECRET_PLAIN)}
    pool, ahead, made = ThreadPoolExecutor(max_workers=1), [], []

    def launch() -> Future[Started]:
        db = folder / f"fresh{len(made)}.duckdb"
        shutil.copy(demo_db, db)
        made.append(pool.submit(_start, db, env))
        return made[-1]

    def take() -> Started:
        started = (ahead.pop(0) if ahead else launch()).result()
        if len(made) < wanted:
            ahead.append(launch())
        return started

    yield take
    pool.shutdown(wait=True)
    for proc, _, _ in (future.result() for future in made):
        if proc.poll() is None:
            proc.terminate()  # most were at their test's end; this is for any not used
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def fresh_server(fresh_servers: Callable[[], Started]) -> Iterator[str]:
    proc, url, log = fresh_servers()
    if proc.poll() is not None:
        pytest.fail(f"app did not start: {log.read_text()}")
    try:
        yield url
    finally:
        proc.terminate()  # waited for with the others at the module's end


@pytest.mark.parametrize("spec", DEEP_LINKS, ids=lambda p: p.url_path)
def test_first_request_to_a_fresh_server_gets_the_shared_shell(
        browser, fresh_server: str, spec: navigation.PageSpec,
        headline: tuple[str, str]) -> None:
    visit = Visit(browser, f"{fresh_server}/{spec.url_path}", {"width": 1920, "height": 1080})
    try:
        page = visit.page
        assert page.get_by_role("heading", name=spec.heading).first.is_visible()
        nav = page.locator("[data-testid='stSidebarNav'] a")
        assert [a.strip() for a in nav.all_inner_texts()] == NAV_LABELS
        sidebar = page.locator("[data-testid='stSidebar']")
        if spec.url_path == "join":  # a participant's only page: the menu is kept out of it
            assert sidebar.is_hidden()
        else:
            assert sidebar.get_by_text("Presentation mode").is_visible()
        assert visit.problems() == []
        main = check_deep_link(visit, spec.heading, at_desk=True)
        if f"/{spec.url_path}" in HEADLINE_PAGES:
            assert headline[0] in main and headline[1] in main
        visit.shot(f"{spec.url_path}-desk")
    finally:
        visit.close()


def test_first_request_presenting_hides_the_sidebar(browser, fresh_server: str) -> None:
    visit = Visit(browser, f"{fresh_server}/wall?present=1", {"width": 1920, "height": 1080})
    try:
        page = visit.page
        assert page.get_by_role("heading", name="Mapping wall").first.is_visible()
        sidebar = page.locator("[data-testid='stSidebar']")
        assert sidebar.count() == 0 or sidebar.is_hidden()
        # The way back out is drawn under the page, by app.py, not by the page script.
        assert page.get_by_text("Presentation mode").last.is_visible()
    finally:
        visit.close()
