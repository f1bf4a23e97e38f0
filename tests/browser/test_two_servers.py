"""Two app servers, started as `make run` starts one (totalplace serve), on different ports and
one shared PostgreSQL (issue 18), in real Chromium.

1. A room split across both: the projector on each server, phones on each. Every answer is
   drawn as a card on both projectors; the time from a phone's click on one server to the
   card on the other server's projector is taken in the pages (as tests/browser/
   test_room_load.py does) and printed (1.1 s p95 on a quiet machine).
2. A facilitator imports a return on server A's Data page; server B's Count page then shows
   the count the import made.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESK, PHONE, Visit, at_once
from tests.browser.test_room_load import CARD_TEXT, WATCH, start_anonymous
from totalplace_core import server as launcher
from totalplace_core import workshop as ws
from totalplace_core.bench.scratch_postgres import Cluster
from totalplace_core.count import service as count_service
from totalplace_core.money import format_gbp
from totalplace_core.store import Store

pytestmark = pytest.mark.browser
BAD = Path(__file__).resolve().parents[1] / "bad_files"
PHONES_EACH, ROUNDS = 2, 2


def _start(url: str) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = launcher.start("127.0.0.1", port, os.environ | {"TOTALPLACE_STORE": url},
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    address = f"http://127.0.0.1:{port}"
    assert launcher.wait_and_warm(address), "an app server did not start"
    return proc, address


@pytest.fixture
def two_servers(pg_cluster: Cluster, pg_demo_template: str) -> Iterator[tuple[str, str, str]]:
    """(store address, server A, server B)."""
    url = pg_cluster.database(template=pg_demo_template)
    started = [_start(url) for _ in range(2)]
    try:
        yield url, started[0][1], started[1][1]
    finally:
        for proc, _ in started:
            proc.terminate()
            proc.wait(timeout=15)
        pg_cluster.drop(url)


def test_a_room_split_across_two_servers_sees_every_answer_on_both(
        browser, two_servers: tuple[str, str, str], say) -> None:
    url, a, b = two_servers
    with Store(url) as store:
        made = ws.create_session(store, "Harrowdale", "Two rooms, one board", "orid")
        ws.reveal(store, made["session_id"], True)
    sid, code = made["session_id"], made["join_code"]
    opened: list[Visit] = []
    try:
        boards = {server: Visit(browser, f"{server}/workshop?present=1&session={sid}", DESK)
                  for server in (a, b)}
        opened += boards.values()
        for board in boards.values():
            board.page.evaluate(WATCH, CARD_TEXT)
        phones = at_once(browser, [(f"{server}/join?code={code}", PHONE)
                                   for server in (a, b) for _ in range(PHONES_EACH)], opened)
        homes = [server for server in (a, b) for _ in range(PHONES_EACH)]
        start_anonymous(phones)
        clicked: dict[str, tuple[float, str]] = {}
        for round_ in range(ROUNDS):
            for n, (phone, home) in enumerate(zip(phones, homes, strict=True)):
                text = f"Phone {n + 1} on {'AB'[home == b]} answer {round_ + 1}"
                phone.page.get_by_label("Your answer").fill(text)
                clicked[text] = (time.time() * 1000, home)
                phone.page.get_by_role("button", name="Send").click(no_wait_after=True)
            for phone in phones:
                phone.page.wait_for_function(
                    "n => Object.keys(window.__seen).length >= n", arg=round_ + 1,
                    timeout=30_000)
        for board in boards.values():
            for text in clicked:
                expect(board.page.locator(CARD_TEXT, has_text=text).first).to_be_visible(
                    timeout=30_000)
        drawn = {server: board.page.evaluate("window.__seen")
                 for server, board in boards.items()}
        across = [drawn[b if home == a else a][text] - at
                  for text, (at, home) in clicked.items()]
        boards[b].shot("two-servers-board-present")
        phones[0].shot("two-servers-phone-on-a")
        opened.append(Visit(browser, f"{b}/workshop?session={sid}", DESK))
        opened[-1].shot("two-servers-desk-on-b")
    finally:
        for visit in opened:
            visit.close()
    p50, p95 = np.percentile(across, [50, 95])
    say(f"TWO SERVERS {len(clicked)} answers from phones on both servers: on the other "
        f"server's projector after p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {max(across):.0f} ms")
    with Store(url) as store:
        assert set(store.entries("orid_answer", sid)["text"]) == set(clicked)
    # The 2 s asked for is held where the machine is the room's alone (tests/test_shared_store.py
    # and `totalplace bench --only shared`, p95 0.2 s to the other server's copy); here the
    # board's own redraw adds ~1 s and the other test process shares the 2 cores: a stall guard.
    assert p95 < 4_000, "p95 from a phone's click on one server to the other's projector"


def test_an_import_on_one_server_shows_on_the_other(
        browser, two_servers: tuple[str, str, str]) -> None:
    url, a, b = two_servers
    before = Visit(browser, f"{b}/count", DESK)
    with Store(url) as store:
        was = format_gbp(count_service.place_count(store, "Harrowdale", "2009-10").net_pence)
    expect(before.page.get_by_text(was).first).to_be_visible(timeout=20_000)
    before.close()

    v = Visit(browser, f"{a}/data", DESK)
    v.page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        str(BAD / "messy_but_fine.xlsx"))
    expect(v.page.get_by_text("Passed: 4 rows in messy_but_fine.xlsx ready to import.")
           ).to_be_visible(timeout=20_000)
    v.page.get_by_role("button", name="Import it").click()
    v.page.get_by_role("dialog").get_by_role("button", name="Import and replace").click()
    expect(v.page.get_by_text("Imported 4 rows from messy_but_fine.xlsx")).to_be_visible(
        timeout=20_000)
    v.close()

    with Store(url) as store:
        now = format_gbp(count_service.place_count(store, "Harrowdale", "2009-10").net_pence)
    assert now != was
    after = Visit(browser, f"{b}/count", DESK)
    expect(after.page.get_by_text(now).first).to_be_visible(timeout=20_000)
    # the basis bar and the treemap, then the table under them
    expect(after.page.locator("[data-testid='stPlotlyChart']").nth(1)).to_be_visible()
    after.wait()
    after.shot("two-servers-count-on-b")
    after.close()
    # The return brought a refund bigger than a body's spend in a group: a box cannot show
    # it, so the projected count says what the picture left out.
    shown = Visit(browser, f"{b}/count?present=1", DESK)
    expect(shown.page.get_by_text("net to a credit")).to_be_visible(timeout=20_000)
    shown.page.get_by_text("net to a credit").scroll_into_view_if_needed()
    shown.shot("two-servers-count-present-on-b")
    shown.close()
