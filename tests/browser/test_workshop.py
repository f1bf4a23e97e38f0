"""A workshop in real Chromium: a facilitator's projector page and three phones, each in its
own browser context, writing at once against a real app server.

The room runs on a server of its own, on a private copy of the demo database, so that at the
end the server can be stopped and the file opened here: DuckDB lets only one process hold a
database, so "is it in the database" is checked on the file itself once the app has let go
(and, while it runs, through the write-up the facilitator downloads).
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESK, PHONE, Visit
from totalplace_core import server as launcher
from totalplace_core import workshop as ws
from totalplace_core.store import Store

pytestmark = pytest.mark.browser
# "Every entry appears on the board within a few seconds" is measured where the machine is
# the room's alone: tests/browser/test_room_load.py holds the p95 under 2 s (-m long). Here the
# other test process may be running two app servers and six browsers on the same 2 cores (a
# board once took 6.1 s), so this is a guard against a stall, not the figure.
BOARD_WITHIN_MS = 10_000


@dataclass
class Room:
    """A private copy of the demo database and, once started, a server of its own. Set the
    room up through the file before starting: the server holds the file from its warm-up on."""

    db: Path
    url: str = ""
    proc: subprocess.Popen | None = None

    def start(self) -> str:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        # Started as `make run` starts it (totalplace serve), warmed before the first phone.
        self.proc = launcher.start("127.0.0.1", port,
                                   os.environ | {"TOTALPLACE_DB": str(self.db)},
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{port}"
        assert launcher.wait_and_warm(self.url), "the room's server did not start"
        return self.url

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=15)


@pytest.fixture
def room(demo_db: Path, tmp_path: Path) -> Iterator[Room]:
    db = tmp_path / "room.duckdb"
    shutil.copy(demo_db, db)
    made = Room(db)
    yield made
    made.stop()


def session_id(db: Path, code: str) -> str:
    with Store(db) as store:
        return ws.find_session(store, code)["session_id"]


def join(visit: Visit, name: str) -> None:
    visit.page.get_by_label("Your name, as others will see it").fill(name)
    visit.page.get_by_role("button", name="Start").click()
    expect(visit.page.get_by_text(f"Writing as {name}")).to_be_visible()
    visit.wait()


def test_a_room_adds_forces_at_once_and_nothing_is_lost(browser, room: Room) -> None:
    sid = session_id(room.db, "NEET42")
    room.start()
    desk = Visit(browser, f"{room.url}/workshop?session={sid}", DESK)
    names = ["Aisha", "Bob <b>", "Chen"]
    phones = [Visit(browser, f"{room.url}/join?code=neet42", PHONE) for _ in names]
    for phone, name in zip(phones, names, strict=True):
        join(phone, name)
    board = desk.page.locator("[data-testid='stPlotlyChart']").first  # the live board
    typed: list[tuple[str, str, str, int]] = []
    saved_ms: list[float] = []
    board_ms: list[float] = []
    for round_ in range(3):
        clicked: list[tuple[Page, str, float]] = []
        for n, (phone, name) in enumerate(zip(phones, names, strict=True)):
            text = f"{name[:4].strip()} force {round_ + 1}: <i>room test</i>"
            side = ("Driving", "Restraining")[(n + round_) % 2]
            phone.page.get_by_label("A force").fill(text)
            phone.page.get_by_role("radio", name=str(round_ + 2)).click()
            phone.page.get_by_role("button", name=side).click()  # no wait: all three at once
            clicked.append((phone.page, text, time.perf_counter()))
            typed.append((name, side.lower(), text, round_ + 2))
        for page, text, at in clicked:
            expect(page.get_by_text(f"Saved: {text}")).to_be_visible()
            saved_ms.append(1000 * (time.perf_counter() - at))
        for _, text, at in clicked:
            expect(board.get_by_text(text, exact=True)).to_be_visible(
                timeout=BOARD_WITHIN_MS)
            board_ms.append(1000 * (time.perf_counter() - at))
    print(f"\naccepted on the phone: max {max(saved_ms):.0f} ms; "
          f"on the board: max {max(board_ms):.0f} ms")
    assert max(board_ms) < BOARD_WITHIN_MS
    metrics = [" ".join(m.split()) for m in
               desk.page.locator("[data-testid='stMetric']").all_inner_texts()]
    assert "Forces 25" in metrics and "People who wrote 11" in metrics
    for phone in phones:
        expect(phone.page.get_by_text("Yours so far (3)")).to_be_visible()
        assert phone.problems() == [] and phone.offsite() == []
    phones[1].shot("join-phone")
    desk.wait()
    desk.shot("workshop-desk")
    assert desk.problems() == [] and desk.offsite() == []

    projector = Visit(browser, f"{room.url}/workshop?present=1&session={sid}", DESK)
    expect(projector.page.get_by_text("25 forces from 11 people")).to_be_visible()
    code = projector.page.locator("[data-testid='join-code']")
    assert code.inner_text() == "NEET42"
    assert code.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 60
    label = projector.page.locator("[data-testid='stPlotlyChart'] text").filter(
        has_text="Restraining forces").first
    assert label.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 26
    projector.shot("workshop-present")
    projector.close()

    desk.page.get_by_role("tab", name="Session and write-up").click()
    with desk.page.expect_download() as download:
        desk.page.get_by_role("button", name="Download the write-up (xlsx)").click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = list(sheet["Entries"].iter_rows(values_only=True))
    written = {(r[rows[0].index("Said by")], r[rows[0].index("Text")]) for r in rows[1:]}
    assert {(name, text) for name, _, text, _ in typed} <= written

    desk.page.get_by_role("button", name="Close the session: no more entries").click()
    question = desk.page.get_by_role("dialog")  # asked first, naming what changes (issue 14)
    expect(question).to_contain_text(
        "Close 'Young people not in education, employment or training in Harrowdale' "
        "(NEET42)? 25 forces and 3 actions stay; participants can no longer add")
    desk.shot("workshop-close-question")
    question.get_by_role("button", name="Close it").click()
    expect(question).to_have_count(0)
    for phone in phones:  # each phone notices within its few-second check
        expect(phone.page.get_by_text("This session is closed")).to_be_visible(timeout=8_000)
        expect(phone.page.get_by_label("A force")).to_have_count(0)
    room.stop()

    with Store(room.db) as store:  # the file itself, now the app has let it go
        forces = store.entries("force", sid)
        session = store.workshop_session(sid)
    found = {(a, s, t, int(g)) for a, s, t, g in
             forces[["author", "side", "text", "strength"]].itertuples(index=False)}
    assert set(typed) <= found and len(forces) == 16 + 9
    mine = forces[forces["author"].isin(names)]
    assert mine.groupby("author")["participant_id"].nunique().to_dict() == dict.fromkeys(names, 1)
    assert session["status"] == "closed"


def test_an_orid_runs_stage_by_stage_on_projector_and_phones(browser, room: Room) -> None:
    with Store(room.db) as store:
        made = ws.create_session(store, "Harrowdale", "Our first year of Total Place", "orid")
    sid, code = made["session_id"], made["join_code"]
    room.start()
    desk = Visit(browser, f"{room.url}/workshop?session={sid}", DESK)
    phone = Visit(browser, f"{room.url}/join?code={code}", PHONE)
    phone.page.get_by_text("Stay anonymous").click()
    phone.page.get_by_role("button", name="Start").click()
    expect(phone.page.get_by_text("Objective: What happened?")).to_be_visible()
    for text in ("We counted 2.3 billion pounds", "Thirty bodies sent their figures"):
        phone.page.get_by_label("Your answer").fill(text)
        phone.page.get_by_role("button", name="Send").click()
        expect(phone.page.get_by_text(f"Saved: {text}")).to_be_visible()
    expect(desk.page.get_by_text("2 answers written so far by 1 person")).to_be_visible()
    assert desk.page.get_by_text("We counted 2.3 billion pounds").count() == 0

    desk.page.get_by_role("button", name="Start timer").click()
    expect(desk.page.locator("[data-testid='workshop-timer']")).to_contain_text("11:5")
    desk.page.get_by_role("button", name="Reveal answers").click()
    expect(desk.page.get_by_text("We counted 2.3 billion pounds")).to_be_visible()
    expect(phone.page.get_by_text("Shared with the room")).to_be_visible(timeout=8_000)
    expect(phone.page.get_by_text("About 12 minutes left to write")).to_be_visible()
    phone.wait()
    phone.shot("orid-phone")

    projector = Visit(browser, f"{room.url}/workshop?present=1&session={sid}", DESK)
    card = projector.page.locator(".tp-card").first
    assert card.evaluate("e => parseFloat(getComputedStyle(e.firstChild).fontSize)") >= 24
    projector.shot("orid-present")
    assert projector.problems() == [] and projector.offsite() == []

    phone.page.get_by_label("Your answer").fill("Half-typed draft")
    desk.page.get_by_role("button", name="Next stage ▶").click()
    expect(projector.page.get_by_text("Reflective: How did it feel?")).to_be_visible(
        timeout=5_000)
    expect(phone.page.get_by_text("Reflective: How did it feel?")).to_be_visible(
        timeout=8_000)
    expect(phone.page.get_by_text("Objective: What happened?")).to_have_count(0)
    expect(phone.page.get_by_label("Your answer")).to_have_value("Half-typed draft")
    projector.close()
