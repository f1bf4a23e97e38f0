"""Text is text on every page, in Chromium: a copy of the demo whose typed text is hostile
(bodies, wards, buildings, families, unit costs, the wall's boxes, streams and notes, workshop
sessions and entries, and the import's file name), written through a real import and the
services, is served; every page of the registry and every tab of each is opened at desk
width. Nothing typed may become an image, a link, a script or formatting; nothing may be asked
of another machine; no page may fail."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESK, Visit, serve
from tests.test_plain_text_everywhere import HOSTILE
from totalplace_core import navigation, places, roles
from totalplace_core.io import importer
from totalplace_core.io.export_place import place_frames
from totalplace_core.io.template import workbook
from totalplace_core.plain_text import WORD_JOINER
from totalplace_core.store import Store
from totalplace_core.wall import service as wall
from totalplace_core.workshop import service as ws

pytestmark = pytest.mark.browser
PLACE = "Harrowdale"
FILE_NAME = ("![x](http://203.0.113.1/f.png) [click](javascript:alert(1)) "
             "<img src=http://203.0.113.1/f.png> **bold**.xlsx")
TYPED = {"Organisations": ["org_name"], "Wards": ["ward_name"],
         "Assets": ["asset_name", "tenure"], "Case studies": ["title", "summary"],
         "Case members": ["role", "description"], "Touchpoints": ["note", "emotional_note"],
         "Unit costs": ["service"], "Flow nodes": ["node_name"], "Flows": ["stream"],
         "Spend lines": ["note"]}
# Anything drawn from the data that a browser would act on: an address of TEST-NET-3 in a
# URL-bearing attribute, a javascript: URL, a handler, a script, or typed emphasis drawn bold.
MARKUP_FROM_DATA = """() => {
  const found = [];
  const urls = ['src', 'href', 'xlink:href', 'srcset', 'action', 'formaction', 'data',
                'poster', 'background'];
  for (const el of document.querySelectorAll('*')) {
    for (const name of el.getAttributeNames()) {
      const value = el.getAttribute(name) || '';
      const url = urls.includes(name) || (name === 'style' && value.includes('url('));
      if ((url && (value.includes('203.0.113.1') || /^\\s*javascript:/i.test(value)))
          || (name.startsWith('on') && value.includes('alert')))
        found.push(`<${el.tagName.toLowerCase()} ${name}="${value.slice(0, 80)}">`);
    }
  }
  for (const s of document.querySelectorAll('script'))
    if ((s.textContent || '').includes('alert(1)')) found.push('<script>alert(1)');
  // **bold** or <b>bold</b> typed and drawn: an element of emphasis holding just that word
  // (the app's own bold may wrap a typed name, which then shows its asterisks as text)
  for (const el of document.querySelectorAll('strong, b, em'))
    if (el.textContent.trim() === 'bold') found.push(`<${el.tagName.toLowerCase()}>bold`);
  for (const t of document.querySelectorAll('tspan, text'))
    if (t.textContent.trim() === 'bold' &&
        /font-weight:\\s*(bold|700)/.test(t.getAttribute('style') || '')) found.push('bold tspan');
  return found;
}"""


# (page, tab) -> screenshot, to look at: typed names on bars, the wall, a map and a board.
SHOTS = {("count", "By body"): "hostile-count-by-body", ("wall", ""): "hostile-wall",
         ("wards", ""): "hostile-wards", ("journeys", ""): "hostile-journeys",
         ("workshop-orid", ""): "hostile-workshop-orid", ("data", ""): "hostile-data"}


def _hostile(i: int, tail: str = "") -> str:
    return f"{HOSTILE[i % len(HOSTILE)]} {tail}".strip()


def _hostile_copy(demo_db: Path, db: Path) -> dict[str, str]:
    """The demo with its typed text made hostile, through the importer (a workbook of the
    place's own sheets) and the workshop's and wall's services. Returns the paths to visit
    beyond the registry's."""
    shutil.copy(demo_db, db)
    with Store(db) as store:
        frames = place_frames(store, PLACE)
        frames.pop("Place")
        for sheet, columns in TYPED.items():
            for column in columns:
                frames[sheet][column] = [_hostile(i, str(v)[:16]) for i, v in
                                         enumerate(frames[sheet][column])]
        data = workbook(frames)
        preview = importer.check_file(store, FILE_NAME, data, PLACE)
        assert preview.ok, preview.parsed.problems[:3]
        importer.commit(store, preview, FILE_NAME, data, who=HOSTILE[4])
        field = ws.create_session(store, PLACE, _hostile(0, "forces"), "force_field",
                                  _hostile(1, "theme"), date(2010, 3, 1), True)
        orid = ws.create_session(store, PLACE, _hostile(2, "conversation"), "orid",
                                 _hostile(3, "theme"), date(2010, 3, 1), True)
        for i in range(len(HOSTILE)):
            ws.add_force(store, field["session_id"], ("driving", "restraining")[i % 2],
                         _hostile(i, "force"), 1 + i % 5, _hostile(i + 3, "by"), "me-1")
            ws.add_answer(store, orid["session_id"], "objective", _hostile(i, "answer"),
                          _hostile(i + 4, "by"), "me-2")
        ws.add_action(store, field["session_id"], _hostile(2, "action"), _hostile(5, "who"))
        ws.reveal(store, orid["session_id"])
        year = places.place_years(store, PLACE)[-1]
        for i, code in enumerate(frames["Flow nodes"]["node_code"][:4]):
            wall.pin_note(store, PLACE, year, f"node:{code}", _hostile(i, "note"),
                          _hostile(i + 1, "author"))
    return {"workshop-field": f"/workshop?session={field['session_id']}",
            "workshop-orid": f"/workshop?session={orid['session_id']}",
            "join-field": f"/join?code={field['join_code']}&me=me-1",
            "join-orid": f"/join?code={orid['join_code']}&me=me-2"}


@pytest.fixture(scope="module")
def hostile_server(demo_db: Path, tmp_path_factory: pytest.TempPathFactory):
    """Served on this machine with no passphrase set, so the browser is the facilitator and
    every page (the Data page too) shows its data."""
    db = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    extra = _hostile_copy(demo_db, db)
    with pytest.MonkeyPatch.context() as env:
        for name in (roles.ENV_ROOM, roles.ENV_PLAIN, roles.ENV_HASH):
            env.delenv(name, raising=False)
        with serve(db) as url:
            yield url, extra


def _check(v: Visit, where: str) -> list[str]:
    found = [f"{where}: {m}" for m in v.page.evaluate(MARKUP_FROM_DATA)]
    found += [f"{where}: box {p[:120]!r}" for p in v.problems()]
    return found


def _sweep(v: Visit, where: str) -> list[str]:
    """The page as opened, then each of its tabs in turn (a screenshot where SHOTS says)."""
    found = _check(v, where)
    if (where, "") in SHOTS:
        v.shot(SHOTS[where, ""])
    tabs = v.page.locator("[data-testid='stMain'] [role='tab']")
    names = [t.strip() for t in tabs.all_inner_texts()]
    for i, name in enumerate(names[1:], start=1):
        v.click_and_settle(tabs.nth(i))  # the rerun the tab's on_change starts, drawn
        found += _check(v, f"{where} [{name}]")
        if (where, name) in SHOTS:
            v.shot(SHOTS[where, name])
    return found


def _seen(v: Visit) -> str:
    """The page's text as a person reads it (plain() keeps http: and @ from autolinking with
    a word joiner, taken out here)."""
    return v.page.locator("[data-testid='stMain']").inner_text().replace(WORD_JOINER, "")


def test_every_page_and_tab_shows_typed_text_as_text(browser, hostile_server) -> None:
    """The registry's pages in one visit, each opened from the app's menu as a person moves
    between them; the workshop's sessions and joins by their links, each a visit of its own."""
    url, extra = hostile_server
    found, offsite, seen = [], [], {}
    v = Visit(browser, f"{url}/", DESK)
    try:
        for spec in navigation.PAGES:
            where = spec.url_path or "home"
            if spec.url_path:
                menu = v.page.locator("[data-testid='stSidebarNav']")
                v.click_and_settle(menu.get_by_role("link", name=spec.title, exact=True))
            assert urlparse(v.page.url).path == f"/{spec.url_path}", where
            expect(v.page.get_by_role("heading", name=spec.heading).first).to_be_visible()
            found += _sweep(v, where)
            seen[where] = _seen(v)
        offsite += v.offsite()
    finally:
        v.close()
    for where, path in extra.items():
        v = Visit(browser, f"{url}{path}", DESK)
        try:
            found += _sweep(v, where)
            offsite += v.offsite()
            seen[where] = _seen(v)
        finally:
            v.close()
    assert found == [], "\n".join(found)
    assert offsite == [], "nothing may be asked of another machine"
    # Shown as typed, not dropped: the file name on the Data page, a ward's name, the answers.
    assert "![x](http://203.0.113.1/f.png)" in seen["data"]
    assert "<img src=http://203.0.113.1/x.png onerror=alert(1)>" in seen["wards"] + \
        seen["home"] + seen["count"] + seen["workshop-orid"]
    assert "<script>alert(1)</script> answer" in seen["workshop-orid"]
    assert "**bold**" in seen["journeys"] + seen["workshop-orid"]


def test_a_typed_ward_name_in_the_map_tooltip_is_text(browser, hostile_server) -> None:
    """Streamlit escapes each field of a pydeck tooltip: the name shows as typed, with no
    element of its markup, and nothing is fetched for it."""
    url, _ = hostile_server
    v = Visit(browser, f"{url}/wards", DESK)
    try:
        canvas = v.page.locator("[data-testid='stDeckGlJsonChart'] canvas").first
        canvas.wait_for(timeout=30_000)
        box = canvas.bounding_box()
        tooltip = v.page.locator(".deck-tooltip")
        for dx, dy in ((0.5, 0.5), (0.4, 0.45), (0.6, 0.55), (0.45, 0.6), (0.55, 0.4)):
            v.page.mouse.move(box["x"] + box["width"] * dx, box["y"] + box["height"] * dy)
            v.page.wait_for_timeout(300)
            if tooltip.count() and tooltip.first.is_visible():
                break
        assert tooltip.first.is_visible(), "no ward under the pointer"
        shown = tooltip.first.inner_text()
        assert any(h.split(" ")[0] in shown for h in HOSTILE), shown
        assert tooltip.first.locator("img, a, script, strong").count() == 0
        assert "&amp;" not in shown and "&lt;" not in shown, "escaped twice"
        v.shot("hostile-ward-tooltip")
        assert v.page.evaluate(MARKUP_FROM_DATA) == [] and v.offsite() == []
    finally:
        v.close()
