"""A full room in real Chromium (issue 17): N participants' phones, each its own browser
context on /join, and the projector showing an ORID stage with its answers revealed, so every
answer is drawn on the projected board as a card. Each phone sends an answer per round, all
phones at once. Times are taken in the pages themselves (a MutationObserver notes when each
"Saved" message and each card first appears), against the moment of each click.

Printed on a line starting "ROOM LOAD": p50/p95/max from click to "saved" on the phone and
from click to the card on the projector, and the server's CPU per phone while the room sits
waiting and while it writes. Under the long marker the p95 to the projector must be under 2 s
with 20 phones; the default suite runs 4 phones and asserts only that nothing is lost."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESK, PHONE, Visit, at_once
from tests.browser.test_workshop import Room, room  # noqa: F401 (the fixture)
from totalplace_core import workshop as ws
from totalplace_core.store import Store

pytestmark = pytest.mark.browser
ROUNDS, IDLE_S = 3, 10.0
# First sight of each text matching `selector`, in the page's own clock (ms since epoch).
WATCH = """selector => {
  window.__seen = {};
  const note = () => {
    for (const e of document.querySelectorAll(selector)) {
      const text = e.innerText.trim();
      if (text && !(text in window.__seen)) window.__seen[text] = Date.now();
    }
  };
  new MutationObserver(note).observe(document.body, {childList: true, subtree: true,
                                                     characterData: true});
  note();
}"""
CARD_TEXT = ".tp-card > div:first-child"
SAVED = "[data-testid='stAlertContentSuccess']"


def cpu_seconds(pid: int) -> float:
    """User and system CPU the process has used so far (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100.0  # utime, stime in clock ticks


def start_anonymous(phones: list[Visit]) -> None:
    """Each phone joins anonymously, starts, and notes when each "Saved" first shows."""
    for phone in phones:
        phone.page.get_by_text("Stay anonymous").click()
        phone.page.get_by_role("button", name="Start").click()
    for phone in phones:
        expect(phone.page.get_by_label("Your answer")).to_be_visible()
        phone.page.evaluate(WATCH, SAVED)


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


@pytest.mark.parametrize("phones", [4, pytest.param(20, marks=pytest.mark.long),
                                    pytest.param(40, marks=pytest.mark.long)])
def test_a_full_room_sees_each_answer_on_the_projector(browser, room: Room,  # noqa: F811
                                                       phones: int, say) -> None:
    with Store(room.db) as store:
        made = ws.create_session(store, "Harrowdale", "A full room", "orid")
        ws.reveal(store, made["session_id"], True)
    sid, code = made["session_id"], made["join_code"]
    room.start()
    opened: list[Visit] = []
    try:
        projector = Visit(browser, f"{room.url}/workshop?present=1&session={sid}", DESK)
        opened.append(projector)
        projector.page.evaluate(WATCH, CARD_TEXT)
        room_phones = at_once(browser, [(f"{room.url}/join?code={code}", PHONE)] * phones,
                              opened)
        start_anonymous(room_phones)

        pid = room.proc.pid
        before, start = cpu_seconds(pid), time.perf_counter()
        time.sleep(IDLE_S)  # the room sits waiting: every page open, nobody writing
        idle = (cpu_seconds(pid) - before) / (time.perf_counter() - start)

        clicked: dict[str, float] = {}
        before, start = cpu_seconds(pid), time.perf_counter()
        for round_ in range(ROUNDS):
            for n, phone in enumerate(room_phones):
                text = f"Phone {n + 1} answer {round_ + 1}"
                phone.page.get_by_label("Your answer").fill(text)
                clicked[text] = time.time() * 1000
                phone.page.get_by_role("button", name="Send").click(no_wait_after=True)
            for n, phone in enumerate(room_phones):  # seen by the page's own observer
                phone.page.wait_for_function(
                    "text => text in window.__seen",
                    arg=f"Saved: Phone {n + 1} answer {round_ + 1}", timeout=30_000)
        for text in clicked:
            expect(projector.page.locator(CARD_TEXT, has_text=text).first).to_be_visible(
                timeout=30_000)
        busy = (cpu_seconds(pid) - before) / (time.perf_counter() - start)

        saved_at: dict[str, float] = {}
        for phone in room_phones:
            saved_at |= {k.removeprefix("Saved: "): v
                         for k, v in phone.page.evaluate("window.__seen").items()}
        drawn_at = projector.page.evaluate("window.__seen")
        saved = [saved_at[t] - at for t, at in clicked.items()]
        drawn = [drawn_at[t] - at for t, at in clicked.items()]
    finally:
        for v in opened:
            v.close()
        room.stop()
    say(f"ROOM LOAD {phones} phones x {ROUNDS} answers: saved on the phone p50 "
        f"{_pct(saved, 50):.0f} ms, p95 {_pct(saved, 95):.0f} ms, max {max(saved):.0f} ms; "
        f"on the projector p50 {_pct(drawn, 50):.0f} ms, p95 {_pct(drawn, 95):.0f} ms, max "
        f"{max(drawn):.0f} ms; server CPU waiting {idle:.2f} cores "
        f"({1000 * idle / phones:.0f} ms/s a phone), writing {busy:.2f} cores")
    with Store(room.db) as store:
        stored = set(store.entries("orid_answer", sid)["text"])
    assert set(clicked) <= stored and len(stored) == phones * ROUNDS
    if phones == 20:  # the figure issue 17 asks for; 40 is printed, to say where it bends
        assert _pct(drawn, 95) < 2_000, "p95 from a phone's click to the projector"
