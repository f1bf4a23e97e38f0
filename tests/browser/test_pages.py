"""Every page by its deep link in real Chromium: navigation, figures, no off-machine requests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESK, PHONE
from totalplace_core import navigation
from totalplace_core.count import service as count_service
from totalplace_core.money import format_gbp, format_per_head
from totalplace_core.store import Store

pytestmark = pytest.mark.browser
PAGES = {f"/{p.url_path}": (p.url_path or "home", p.heading) for p in navigation.PAGES}
NAV_LABELS = [p.title for p in navigation.PAGES]
HEADLINE_PAGES = {"/", "/count"}


@pytest.fixture(scope="module")
def headline(demo_db: Path) -> tuple[str, str]:
    with Store(demo_db) as store:
        count = count_service.place_count(store, "Harrowdale", "2009-10")
    return format_gbp(count.net_pence), format_per_head(count.per_head_pence)


@pytest.mark.parametrize("path", PAGES)
def test_deep_link_opens_page_with_app_navigation(visit, path: str,
                                                  headline: tuple[str, str]) -> None:
    name, title = PAGES[path]
    for size, viewport in (("desk", DESK), ("phone", PHONE)):
        v = visit(path, viewport)
        assert v.page.get_by_role("heading", name=title).is_visible()
        assert v.problems() == []
        main = v.page.locator("[data-testid='stMain']").inner_text()
        if path in HEADLINE_PAGES:
            assert headline[0] in main and headline[1] in main
        assert "Fictional demo place" in main
        assert v.offsite() == []
        v.shot(f"{name}-{size}")
    nav = visit(path).page.locator("[data-testid='stSidebarNav'] a")
    assert [a.strip() for a in nav.all_inner_texts()] == NAV_LABELS


@pytest.mark.parametrize("path", sorted(HEADLINE_PAGES))
def test_presentation_mode_from_url(visit, path: str, headline: tuple[str, str]) -> None:
    name, _ = PAGES[path]
    v = visit(f"{path}?present=1")
    assert v.page.locator("[data-testid='stSidebar']").count() == 0 or \
        v.page.locator("[data-testid='stSidebar']").is_hidden()
    value = v.page.locator("[data-testid='stMetricValue'] p").first
    assert value.inner_text() == headline[0]
    size = value.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 64, "headline must read from the back of a room"
    assert v.problems() == [] and v.offsite() == []
    v.shot(f"{name}-present")
    visit(f"{path}?present=1", PHONE).shot(f"{name}-present-phone")


def test_presentation_switch_round_trip(visit) -> None:
    v = visit("/count")
    sidebar = v.page.locator("[data-testid='stSidebar']")
    v.page.get_by_text("Presentation mode").first.click()
    expect(sidebar).to_be_hidden()
    expect(v.page).to_have_url(re.compile(r"present=1"))
    v.wait()
    v.page.get_by_text("Presentation mode").last.click()
    expect(sidebar).to_be_visible()
    expect(v.page).not_to_have_url(re.compile(r"present=1"))


def test_count_tabs_trace_figures_to_lines(visit) -> None:
    v = visit("/count")
    v.page.get_by_role("tab", name="Counted once").click()
    expect(v.page.get_by_text("Transfers removed")).to_be_visible()
    expect(v.page.get_by_text("Unmatched transfers")).to_be_visible()
    v.shot("count-counted-once")
    v.page.get_by_role("tab", name="All lines").click()
    expect(v.page.get_by_text("Download spend lines (CSV)")).to_be_visible()
    v.shot("count-lines")
