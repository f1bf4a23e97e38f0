"""Every page by its deep link in real Chromium: navigation, figures, no off-machine requests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import DESK, PHONE
from totalplace_core import service
from totalplace_core.money import format_gbp, format_per_head
from totalplace_core.store import Store

pytestmark = pytest.mark.browser
PAGES = {"/home": "All public spend in one place", "/count": "High-level count"}
NAV_LABELS = ["Home", "High-level count"]


@pytest.fixture(scope="module")
def headline(demo_db: Path) -> tuple[str, str]:
    with Store(demo_db) as store:
        count = service.place_count(store, "Harrowdale", "2009-10")
    return format_gbp(count.net_pence), format_per_head(count.per_head_pence)


@pytest.mark.parametrize("path", PAGES)
def test_deep_link_opens_page_with_app_navigation(visit, path: str) -> None:
    v = visit(path)
    assert v.page.get_by_role("heading", name=PAGES[path]).is_visible()
    nav = v.page.locator("[data-testid='stSidebarNav']")
    assert [a.strip() for a in nav.locator("a").all_inner_texts()] == NAV_LABELS
    assert v.offsite() == []
    v.shot(f"{path.strip('/')}-desk")


def test_home_headline_figures_desk_and_phone(visit, headline: tuple[str, str]) -> None:
    total, per_head = headline
    for name, viewport in (("desk", DESK), ("phone", PHONE)):
        v = visit("/home", viewport)
        text = v.page.locator("[data-testid='stMain']").inner_text()
        assert total in text and per_head in text
        assert "Fictional demo place" in text
        assert v.offsite() == []
        v.shot(f"home-{name}")


def test_presentation_mode_from_url(visit, headline: tuple[str, str]) -> None:
    v = visit("/home?present=1")
    assert v.page.locator("[data-testid='stSidebar']").is_hidden()
    value = v.page.locator("[data-testid='stMetricValue']").first
    assert value.inner_text() == headline[0]
    size = value.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 64, "headline must read from the back of a room"
    assert v.offsite() == []
    v.shot("home-present")
    visit("/home?present=1", PHONE).shot("home-present-phone")
