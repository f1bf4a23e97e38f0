"""The mapping wall in real Chromium: desk, phone and projector, offline, a note pinned by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESK, PHONE, Visit, Visitor, check_deep_link
from totalplace_core.money import format_gbp
from totalplace_core.store import Store
from totalplace_core.wall import service as wall_service

pytestmark = pytest.mark.browser
SANKEY_TEXT = "[data-testid='stPlotlyChart'] .sankey .node-label"
# Typed text that would be markup if it were not shown as text; the image must not load.
NOTE = "Who funds the CVS after March? <b>not bold</b> ![x](http://example.invalid/x.png)"


@pytest.fixture(scope="module")
def wall(demo_db: Path) -> wall_service.WallView:
    with Store(demo_db) as store:
        return wall_service.wall_view(store, "Harrowdale", "2009-10", threshold_pence=20 * 10**8)


def _checks(v, view: wall_service.WallView) -> None:
    page = v.page
    expect(page.get_by_role("heading", name="Mapping wall")).to_be_visible()
    main = page.locator("[data-testid='stMain']").inner_text()
    assert format_gbp(view.summary.delivered_pence) in main
    assert f"{view.summary.direct_share_pct:.0f}%" in main
    labels = page.locator(SANKEY_TEXT).all_text_contents()
    assert any(format_gbp(view.loss_pence) in t for t in [main]), "admin-loss estimate shown"
    assert any("Harrowdale Metropolitan" in t for t in labels), labels
    assert v.problems() == []
    assert v.offsite() == []


@pytest.fixture(scope="module")
def wall_pages(module_visit: Visitor) -> dict[str, Visit]:
    """/wall at a desk and on a phone, opened at once; a note is pinned on the desk's page."""
    return dict(zip(("desk", "phone"), module_visit.at_once(("/wall", DESK), ("/wall", PHONE)),
                    strict=True))


def test_wall_at_desk_and_on_a_phone(wall_pages: dict[str, Visit],
                                     wall: wall_service.WallView) -> None:
    """Also the wall's deep-link checks (tests/browser/test_pages.py), on the same visits."""
    for size, v in wall_pages.items():
        _checks(v, wall)
        check_deep_link(v, "Mapping wall", at_desk=size == "desk")
        v.shot(f"wall-{size}")


def test_wall_presented_on_a_projector(visit, wall: wall_service.WallView) -> None:
    v, phone = visit.at_once(("/wall?present=1", DESK), ("/wall?present=1", PHONE))
    _checks(v, wall)
    sidebar = v.page.locator("[data-testid='stSidebar']")
    assert sidebar.count() == 0 or sidebar.is_hidden()
    assert v.page.get_by_role("tab").count() == 0, "no tabs when presenting: one picture"
    size = v.page.locator(SANKEY_TEXT).first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 20, "node labels must read from the back of a room"
    v.shot("wall-present")
    assert phone.problems() == [] and phone.offsite() == []
    phone.shot("wall-present-phone")


def test_pin_a_note_through_the_page(wall_pages: dict[str, Visit]) -> None:
    v = wall_pages["desk"]
    page = v.page
    page.get_by_role("tab", name="Notes on the wall").click()
    page.get_by_label("Gap or question").fill(NOTE)
    page.get_by_role("button", name="Pin to the wall").click()
    expect(page.get_by_text("Note pinned and saved.")).to_be_visible()
    v.wait()
    page.get_by_role("tab", name="Notes on the wall").click()
    picker = page.get_by_role("combobox", name="Answer or reopen a note")
    expect(picker).to_have_value(f"All residents: {NOTE}")  # listed, as typed
    expect(page.locator(SANKEY_TEXT).filter(has_text="1 note")).to_have_count(1)
    assert v.problems() == [] and v.offsite() == []
    v.shot("wall-note-pinned")
