"""Every page by its deep link in real Chromium: navigation, figures, no off-machine requests.

Each deep link is opened at a desk and on a phone, and each visit makes the same checks
(conftest.check_deep_link), but not every visit is made here, so that none is made twice:
at a desk each deep link is first opened as the first request to a fresh server
(test_first_request.py), which makes these checks on that visit; the wall and the asset map
are opened at a desk and on a phone by their own modules, which make them there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESK, HEADLINE_PAGES, PHONE, Visit, Visitor, check_deep_link
from totalplace_core import navigation

pytestmark = pytest.mark.browser
PAGES = {f"/{p.url_path}": (p.url_path or "home", p.heading) for p in navigation.PAGES}
# Opened by these same deep links, at a desk and on a phone, by their own modules.
CHECKED_BY_THEIR_OWN_MODULE = {"/wall": "test_wall.py", "/assets": "test_assets.py"}
FIRST_REQUEST = "test_first_request.py"  # every deep link but "/" at a desk, on a fresh server


@pytest.mark.parametrize("path", [p for p in PAGES if p not in CHECKED_BY_THEIR_OWN_MODULE])
def test_deep_link_opens_page_with_app_navigation(visit, path: str,
                                                  headline: tuple[str, str]) -> None:
    name, title = PAGES[path]
    sizes = (("desk", DESK), ("phone", PHONE)) if path == "/" else (("phone", PHONE),)
    opened = visit.at_once(*((path, viewport) for _, viewport in sizes))
    for (size, _), v in zip(sizes, opened, strict=True):
        main = check_deep_link(v, title, at_desk=size == "desk")
        if path in HEADLINE_PAGES:
            assert headline[0] in main and headline[1] in main
        v.shot(f"{name}-{size}")


def test_deep_links_left_to_other_modules_are_checked_there() -> None:
    for module in (*CHECKED_BY_THEIR_OWN_MODULE.values(), FIRST_REQUEST):
        assert "check_deep_link(" in (Path(__file__).parent / module).read_text(), module


@pytest.mark.parametrize("path", sorted(HEADLINE_PAGES))
def test_presentation_mode_from_url(visit, path: str, headline: tuple[str, str]) -> None:
    name, _ = PAGES[path]
    v, phone = visit.at_once((f"{path}?present=1", DESK), (f"{path}?present=1", PHONE))
    assert v.page.locator("[data-testid='stSidebar']").count() == 0 or \
        v.page.locator("[data-testid='stSidebar']").is_hidden()
    value = v.page.locator("[data-testid='stMetricValue'] p").first
    assert value.inner_text() == headline[0]
    size = value.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 64, "headline must read from the back of a room"
    assert v.problems() == [] and v.offsite() == []
    v.shot(f"{name}-present")
    phone.shot(f"{name}-present-phone")


def test_the_join_page_presented_reads_from_across_the_room(visit) -> None:
    """The one page every other test opens only on a phone: projected, as a facilitator shows
    people where to go, it passes the presentation checks (axe at 7:1, type at 24 px)."""
    v, phone = visit.at_once(("/join?present=1", DESK), ("/join?present=1", PHONE))
    expect(v.page.get_by_role("heading", name="Join a workshop")).to_be_visible()
    assert v.page.get_by_label("The code on the screen").is_visible()
    v.shot("join-present")
    phone.shot("join-present-phone")


@pytest.fixture(scope="module")
def count_desk(module_visit: Visitor) -> Visit:
    """/count at a desk: the switch goes there and back, then its tabs are opened."""
    return module_visit("/count")


def test_presentation_switch_round_trip(count_desk: Visit) -> None:
    v = count_desk
    sidebar = v.page.locator("[data-testid='stSidebar']")
    v.page.get_by_text("Presentation mode").first.click()
    expect(sidebar).to_be_hidden()
    expect(v.page).to_have_url(re.compile(r"present=1"))
    v.wait()
    v.page.get_by_text("Presentation mode").last.click()
    expect(sidebar).to_be_visible()
    expect(v.page).not_to_have_url(re.compile(r"present=1"))
    v.wait()


def test_count_tabs_trace_figures_to_lines(count_desk: Visit) -> None:
    v = count_desk
    v.wait()
    v.page.get_by_role("tab", name="Counted once").click()
    expect(v.page.get_by_text("Transfers removed")).to_be_visible()
    expect(v.page.get_by_text("Unmatched transfers")).to_be_visible()
    v.shot("count-counted-once")
    v.page.get_by_role("tab", name="All lines").click()
    expect(v.page.get_by_text("Download spend lines (CSV)")).to_be_visible()
    v.shot("count-lines")
