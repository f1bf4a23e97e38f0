"""A participant joins and adds a force by keyboard alone (issue 17): on /join the code box is
the first Tab stop (no app menu hidden behind it), Enter joins, the keyboard lands in the name
box and then in the force box without a click, every focused control shows a ring, and the
force is saved. At a desk, as a screen reader's user or a keyboard user would sit."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESK, PHONE

pytestmark = pytest.mark.browser
FOCUSED = """() => {
  const e = document.activeElement, style = getComputedStyle(e);
  const label = e.labels && e.labels.length ? e.labels[0].innerText.trim()
    : (e.getAttribute('aria-label') || e.innerText || '').trim();
  return {tag: e.tagName.toLowerCase(), label, ring: style.outlineStyle !== 'none'
          && parseFloat(style.outlineWidth) >= 2};
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


@pytest.mark.parametrize("viewport", [DESK, PHONE], ids=["desk", "phone"])
def test_a_participant_joins_and_adds_a_force_by_keyboard(visit, viewport) -> None:
    v = visit("/join", viewport)
    sidebar = v.page.locator("[data-testid='stSidebar']")
    assert sidebar.count() == 0 or sidebar.is_hidden()
    stops = []
    for _ in range(4):
        v.page.keyboard.press("Tab")
        stops.append(focused(v.page))
        if stops[-1]["tag"] == "input":
            break
    # Streamlit's own "Skip to main content" link (WCAG 2.4.1) and its scrollable main
    # region come first, then the code box: nothing of the app's menu before it.
    assert [s["tag"] for s in stops] == ["a", "main", "input"]
    assert (stops[0]["label"], stops[-1]["label"]) == ("Skip to main content",
                                                       "The code on the screen")
    assert all(s["ring"] for s in stops), "a focused control must show where the keyboard is"
    v.page.keyboard.type("neet42")
    v.page.keyboard.press("Enter")
    name_box = v.page.get_by_label("Your name, as others will see it")
    expect(name_box).to_be_focused(timeout=10_000)
    v.page.keyboard.type("Keyboard Kim")
    v.page.keyboard.press("Enter")
    expect(v.page.get_by_text("Writing as Keyboard Kim")).to_be_visible(timeout=10_000)
    force_box = v.page.get_by_label("A force")
    expect(force_box).to_be_focused(timeout=10_000)
    v.page.keyboard.type(f"Typed without a mouse ({viewport['width']})")
    # Tab on from the box to the strength choice and the "Driving" button.
    for _ in range(10):
        v.page.keyboard.press("Tab")
        if focused(v.page)["label"].startswith("➜ Driving"):
            break
    now = focused(v.page)
    assert now["label"].startswith("➜ Driving") and now["ring"], now
    v.page.keyboard.press("Enter")
    expect(v.page.get_by_text(f"Saved: Typed without a mouse ({viewport['width']})")) \
        .to_be_visible(timeout=10_000)
    expect(force_box).to_be_focused(timeout=10_000)
    v.wait()
    v.shot(f"join-keyboard-{'desk' if viewport == DESK else 'phone'}")


def tab_to_switch(page) -> None:
    for _ in range(40):
        page.keyboard.press("Tab")
        if focused(page)["label"] == "Presentation mode":
            break
    assert focused(page) == {"tag": "input", "label": "Presentation mode", "ring": True}


def test_the_presentation_switch_works_by_keyboard(visit) -> None:
    """The facilitator projects by keyboard: Tab reaches the switch (with a ring), Space turns
    presenting on and, from the switch under the page, off again. (The stage controls are
    Streamlit buttons, reached and pressed the same way.)"""
    v = visit("/count")
    tab_to_switch(v.page)
    v.page.keyboard.press("Space")
    expect(v.page).to_have_url(re.compile(r"present=1"))
    v.wait()
    tab_to_switch(v.page)  # now under the page, after the picture
    v.page.keyboard.press("Space")
    expect(v.page).not_to_have_url(re.compile(r"present=1"))
