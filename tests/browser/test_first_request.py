"""A deep link as the very first request to a freshly started server still opens the app's own
shell: the shared sidebar with every page and the presentation switch (DECISIONS.md 1)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.browser.conftest import Visit, serve
from totalplace_core import navigation

pytestmark = pytest.mark.browser
NAV_LABELS = [p.title for p in navigation.PAGES]
DEEP_LINKS = [p for p in navigation.PAGES if p.url_path]


@pytest.mark.parametrize("spec", DEEP_LINKS, ids=lambda p: p.url_path)
def test_first_request_to_a_fresh_server_gets_the_shared_shell(
        browser, demo_db: Path, tmp_path: Path, spec: navigation.PageSpec) -> None:
    db = tmp_path / "fresh.duckdb"
    shutil.copy(demo_db, db)
    with serve(db) as url:
        visit = Visit(browser, f"{url}/{spec.url_path}", {"width": 1920, "height": 1080})
        try:
            page = visit.page
            assert page.get_by_role("heading", name=spec.heading).first.is_visible()
            nav = page.locator("[data-testid='stSidebarNav'] a")
            assert [a.strip() for a in nav.all_inner_texts()] == NAV_LABELS
            sidebar = page.locator("[data-testid='stSidebar']")
            assert sidebar.get_by_text("Presentation mode").is_visible()
            assert visit.problems() == []
        finally:
            visit.close()


def test_first_request_presenting_hides_the_sidebar(browser, demo_db: Path,
                                                    tmp_path: Path) -> None:
    db = tmp_path / "fresh.duckdb"
    shutil.copy(demo_db, db)
    with serve(db) as url:
        visit = Visit(browser, f"{url}/wall?present=1", {"width": 1920, "height": 1080})
        try:
            page = visit.page
            assert page.get_by_role("heading", name="Mapping wall").first.is_visible()
            sidebar = page.locator("[data-testid='stSidebar']")
            assert sidebar.count() == 0 or sidebar.is_hidden()
            # The way back out is drawn under the page, by app.py, not by the page script.
            assert page.get_by_text("Presentation mode").last.is_visible()
        finally:
            visit.close()
