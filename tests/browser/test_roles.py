"""Roles in real Chromium, on a server configured as a room (TOTALPLACE_ROOM=1: bound to
127.0.0.1 for the test, treated as served to the room's network) with a facilitator
passphrase: a phone sees Join and the read-only pages only; the facilitator signs in."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESK, PHONE, Visit, serve
from totalplace_core import navigation, roles

pytestmark = pytest.mark.browser
PASSPHRASE = "a room of our own"
READ_PAGES = [p.title for p in navigation.PAGES if p.roles != roles.FACILITATOR_ONLY]


@pytest.fixture(scope="module")
def room(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("room") / "room.duckdb"
    shutil.copy(demo_db, db)
    with pytest.MonkeyPatch.context() as env:  # serve() starts the app with os.environ
        env.setenv(roles.ENV_ROOM, "1")
        env.setenv(roles.ENV_PLAIN, PASSPHRASE)
        with serve(db) as url:
            yield url


@pytest.fixture
def open_page(browser, room: str) -> Iterator:
    opened: list[Visit] = []

    def open_(path: str, viewport: dict[str, int] = DESK) -> Visit:
        opened.append(Visit(browser, f"{room}{path}", viewport))
        return opened[-1]

    yield open_
    for v in opened:
        v.close()


def menu(v: Visit) -> list[str]:
    return [a.strip() for a in
            v.page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()]


def open_sidebar(v: Visit) -> None:
    """On a phone the sidebar starts folded away, as a person would find it."""
    sidebar = v.page.locator("[data-testid='stSidebar']")
    if not sidebar.is_visible() or sidebar.bounding_box()["x"] < 0:
        v.page.locator("[data-testid='stExpandSidebarButton']").click()
        expect(sidebar.get_by_text("Presentation mode")).to_be_in_viewport()


def test_a_phone_sees_join_and_the_read_only_pages_only(open_page) -> None:
    phone = open_page("/", PHONE)
    open_sidebar(phone)
    assert menu(phone) == READ_PAGES
    assert "Join a workshop" in menu(phone)
    expect(phone.page.get_by_text("Facilitator sign-in")).to_be_visible()
    assert phone.problems() == [] and phone.offsite() == []
    phone.shot("roles-phone")


@pytest.mark.parametrize(("path", "heading"), [("/data", "Data"), ("/workshop", "Workshop")])
def test_a_phone_deep_linking_a_facilitator_page_is_refused(open_page, path: str,
                                                            heading: str) -> None:
    phone = open_page(path, PHONE)
    main = phone.page.locator("[data-testid='stMain']")
    expect(main.get_by_role("heading", name=heading)).to_be_visible()
    expect(main.get_by_text(f"{heading} is for the facilitator")).to_be_visible()
    assert main.locator("[data-testid='stFileUploader']").count() == 0
    assert main.locator("button").count() == 0, "nothing to press: no import, undo or close"
    assert phone.problems() == [], "refused in words, not Streamlit's 'Page not found'"
    assert phone.offsite() == []
    phone.shot(f"roles-refused-{path.strip('/')}-phone")


def test_the_wall_has_no_editor_for_a_phone(open_page) -> None:
    phone = open_page("/wall", PHONE)
    main = phone.page.locator("[data-testid='stMain']")
    for tab in ("Edit flows", "Notes on the wall"):
        main.get_by_role("tab", name=tab).click()
        phone.wait()
        expect(main.get_by_role("tabpanel", name=tab).get_by_text(roles.READ_ONLY)).to_be_visible()
        assert main.get_by_role("button", name="Save the 2009-10 flows").count() == 0
        assert main.get_by_role("button", name="Pin to the wall").count() == 0
        assert main.locator("textarea").count() == 0, tab
    assert phone.problems() == [] and phone.offsite() == []


def test_the_facilitator_signs_in_and_reaches_the_data_page(open_page) -> None:
    desk = open_page("/data")
    main, sidebar = (desk.page.locator(f"[data-testid='{t}']") for t in ("stMain", "stSidebar"))
    expect(main.get_by_text("Data is for the facilitator")).to_be_visible()
    assert menu(desk) == READ_PAGES

    sidebar.get_by_text("Facilitator sign-in").click()
    sidebar.get_by_label("Passphrase").fill("a room of my own")
    # Waits for the rerun the click starts: on a busy machine (two test processes on two
    # cores) the answer has been seen to take over the default 5 s.
    desk.click_and_settle(sidebar.get_by_role("button", name="Sign in"))
    expect(sidebar.get_by_text(roles.WRONG)).to_be_visible(timeout=15_000)
    desk.wait()
    assert main.locator("[data-testid='stFileUploader']").count() == 0

    sidebar.get_by_label("Passphrase").fill(PASSPHRASE)
    desk.shot("roles-signin")
    desk.click_and_settle(sidebar.get_by_role("button", name="Sign in"))
    expect(main.get_by_text("2. Upload it")).to_be_visible(timeout=15_000)
    desk.wait()
    expect(main.locator("[data-testid='stFileUploader']")).to_be_visible()
    expect(sidebar.get_by_text("Signed in as the facilitator.")).to_be_visible()
    assert menu(desk) == [p.title for p in navigation.PAGES]
    assert desk.problems() == [] and desk.offsite() == []
    desk.shot("roles-facilitator")

    sidebar.get_by_role("button", name="Sign out").click()
    expect(main.get_by_text("Data is for the facilitator")).to_be_visible()
    assert menu(desk) == READ_PAGES
