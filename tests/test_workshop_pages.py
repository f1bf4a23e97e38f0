"""The facilitator's page and the participant's phone form, through app.py with AppTest."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_runner import open_app
from tests.test_app import start
from totalplace_core import workshop as ws
from totalplace_core.store import Store

WORKSHOP, JOIN = "pages/live_workshop.py", "pages/join_workshop.py"


@pytest.fixture
def db(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TOTALPLACE_DB", str(demo_copy))
    return demo_copy


def open_page(page: str, present: bool = False, desk: str | None = None,
              **params: str) -> AppTest:
    """The page with query parameters; `desk` opens that tab of the force-field desk."""
    state = {"ws_desk_force_field": desk} if desk else None
    return open_app(page, present, state=state, **params)


def html(at: AppTest) -> str:
    return " ".join(e.proto.body for e in at.get("html"))


def texts(at: AppTest) -> str:
    """What the markdown elements show: their source with backslash escapes read."""
    parts = [*(m.value for m in at.markdown), *(s.value for s in at.subheader),
             *(s.value for s in at.success), *(e.value for e in at.error),
             *(i.value for i in at.info), *(c.value for c in at.caption)]
    return re.sub(r"\\(.)", r"\1", " ".join(parts))


def session_id(db: Path, code: str) -> str:
    with Store(db) as store:
        return ws.find_session(store, code)["session_id"]


# -- facilitator ------------------------------------------------------------------------------
def test_facilitator_creates_a_session_and_gets_code_link_and_qr(db: Path) -> None:
    at = start(WORKSHOP)
    at.sidebar.text_input[0].input("Falls in older people")
    at.sidebar.radio[0].set_value("orid")
    next(b for b in at.sidebar.button if b.label == "Create session").click().run()
    assert not at.exception
    with Store(db) as store:
        made = store.workshop_sessions().set_index("title").loc["Falls in older people"]
    code = made["join_code"]
    assert made["kind"] == "orid" and made["status"] == "open"
    assert f">{ws.display_code(code)}</div>" in html(at)
    assert at.code[0].value == f"http://localhost:8501/join?code={code}"
    assert html(at).count("alt='QR code to join the workshop: open ") == 1, "the QR code"
    assert "Stage 1 of 4" in html(at) and "Objective: What happened?" in html(at)
    assert "only works on this computer" in texts(at)


def test_a_session_needs_a_title(db: Path) -> None:
    at = start(WORKSHOP)
    next(b for b in at.sidebar.button if b.label == "Create session").click().run()
    assert "Please write a title." in [e.value for e in at.sidebar.error]


def test_force_field_board_shows_balance_and_diagram(db: Path) -> None:
    at = open_page(WORKSHOP, session=session_id(db, "NEET42"))
    values = {m.label: m.value for m in at.metric}
    assert values == {"Driving total": "26", "Restraining total": "30", "Forces": "16",
                      "People who wrote": "8"}
    assert "Restraining forces are stronger by 4" in texts(at)
    assert ws.REMINDER in texts(at)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [t["name"] for t in spec["data"]] == ["Driving", "Restraining"]
    assert len(spec["data"][0]["x"]) == 8 and len(spec["data"][1]["x"]) == 8
    assert [t.label for t in at.tabs] == ["Combine forces", "Actions", "Each person",
                                          "Over time", "Session and write-up"]


def test_combining_forces_from_the_desk(db: Path) -> None:
    sid = session_id(db, "NEET42")
    with Store(db) as store:
        labels = ws.force_options(store.entries("force", sid))
    at = open_page(WORKSHOP, session=sid)
    picker = at.multiselect[0]
    assert picker.options == list(labels.values())
    chosen = [i for i, label in labels.items()
              if "cannot easily share" in label or "repeat their story" in label]
    picker.set_value(chosen).run()
    next(b for b in at.button if b.label == "Combine").click().run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    restraining = spec["data"][1]
    assert len(restraining["x"]) == 7
    assert [4.5, "Mark, Aisha"] in restraining["customdata"]  # (5 + 4) / 2


def test_orid_stage_controls_reveal_and_move_on(db: Path) -> None:
    with Store(db) as store:
        sid = ws.create_session(store, "Harrowdale", "Year one", "orid")["session_id"]
        ws.add_answer(store, sid, "objective", "We counted 2.3bn", "Gareth", "g")
        ws.add_answer(store, sid, "objective", "Thirty bodies sent figures", None, "a")
    at = open_page(WORKSHOP, session=sid)
    assert "2 answers written so far by 2 people: hidden until you reveal them." in texts(at)
    assert "We counted 2.3bn" not in html(at)
    next(b for b in at.button if b.label == "Reveal answers").click().run()
    assert "We counted 2.3bn" in html(at) and "— Anonymous 1" in html(at)
    next(b for b in at.button if b.label == "Next stage ▶").click().run()
    assert "Reflective: How did it feel?" in html(at) and "Stage 2 of 4" in html(at)
    assert "0 answers written so far by 2 people" in texts(at)
    at.number_input(key="ws_minutes").set_value(10)
    next(b for b in at.button if b.label == "Start timer").click().run()
    assert "10:00" in html(at) or "09:59" in html(at)
    with Store(db) as store:
        assert store.workshop_session(sid)["current_stage"] == "reflective"


def test_projector_shows_the_board_big_without_desk_tools(db: Path) -> None:
    at = open_page(WORKSHOP, present=True, session=session_id(db, "NEET42"))
    assert at.title[0].value.startswith("Young people not in education")
    assert len(at.tabs) == 0 and len(at.sidebar.selectbox) == 0
    assert "Restraining forces are stronger by 4 · 16 forces from 8 people" in texts(at)
    assert ">NEET42</div>" in html(at) and html(at).count("alt='QR code to join") == 1
    assert at.toggle[-1].value is True  # app.py still draws the way out under the page


def test_closing_from_the_desk_stops_the_phones(db: Path) -> None:
    sid = session_id(db, "NEET42")
    at = open_page(WORKSHOP, desk="Session and write-up", session=sid)
    next(b for b in at.button if b.label == "Close the session: no more entries").click().run()
    next(b for b in at.button if b.label == "Close it").click().run()  # the dialog's question
    assert "This session is closed: it takes no more entries." in [w.value for w in at.warning]
    phone = open_page(JOIN, code="NEET42")
    assert "This session is closed" in texts(phone)
    assert len(phone.text_area) == 0 and len(phone.text_input) == 0


# -- participant ------------------------------------------------------------------------------
def test_participant_adds_a_force_and_sees_it_saved(db: Path) -> None:
    phone = open_page(JOIN, code="neet42")
    assert phone.title[0].value.startswith("Young people not in education")
    phone.text_input[0].input("Aisha")
    next(b for b in phone.button if b.label == "Start").click().run()
    phone.text_area[0].input("Nobody holds the budget for 16 to 18 year olds")
    next(b for b in phone.button if b.label.startswith("Restraining")).click().run()
    assert not phone.exception
    assert "Saved: Nobody holds the budget for 16 to 18 year olds" in texts(phone)
    assert phone.text_area[0].value == "", "the box is cleared for the next one"
    me = phone.query_params["me"][0] if isinstance(phone.query_params["me"], list) \
        else phone.query_params["me"]
    with Store(db) as store:
        forces = store.entries("force", session_id(db, "NEET42"))
    mine = forces[forces["participant_id"] == me]
    assert mine[["side", "text", "strength", "author"]].values.tolist() == [
        ["restraining", "Nobody holds the budget for 16 to 18 year olds", 3, "Aisha"]]
    assert "Yours so far (1)" in texts(phone)
    assert "Nobody holds the budget for 16 to 18 year olds (restraining, 3)" in html(phone)


def test_an_empty_force_is_not_saved_and_says_why(db: Path) -> None:
    phone = open_page(JOIN, code="NEET42")
    phone.text_input[0].input("Tom")
    next(b for b in phone.button if b.label == "Start").click().run()
    next(b for b in phone.button if b.label.startswith("➜ Driving")).click().run()
    assert "Please write the force." in texts(phone)
    with Store(db) as store:
        assert len(store.entries("force", session_id(db, "NEET42"))) == 16


def test_participant_sees_only_the_current_orid_stage(db: Path) -> None:
    with Store(db) as store:
        sid = ws.create_session(store, "Harrowdale", "Year one", "orid",
                                allow_anonymous=False)["session_id"]
        code = store.workshop_session(sid)["join_code"]
        ws.add_answer(store, sid, "objective", "A fact from Dev", "Dev", "d")
    phone = open_page(JOIN, code=code)
    next(b for b in phone.button if b.label == "Start").click().run()
    assert "This session asks for a name: please give one." in texts(phone)
    assert len(phone.checkbox) == 0, "no anonymous option when the facilitator forbids it"
    phone.text_input[0].input("Helen")
    next(b for b in phone.button if b.label == "Start").click().run()
    assert "Objective: What happened?" in html(phone)
    assert "Reflective" not in html(phone) and "A fact from Dev" not in html(phone)
    phone.text_area[0].input("Five wall sessions held")
    next(b for b in phone.button if b.label == "Send").click().run()
    assert "Saved: Five wall sessions held" in texts(phone)
    with Store(db) as store:
        ws.reveal(store, sid)
    phone.run()
    assert "A fact from Dev" in html(phone) and "Shared with the room" in texts(phone)


def test_an_unknown_code_says_so(db: Path) -> None:
    phone = open_page(JOIN, code="ZZZZZ")
    assert phone.title[0].value == "Join a workshop"
    assert "No workshop has the code ZZZZZ." in texts(phone)
    phone.text_input[0].input("neet 42")
    next(b for b in phone.button if b.label == "Join").click().run()
    assert phone.title[0].value.startswith("Young people not in education")


def test_what_people_type_reaches_the_projector_as_text(db: Path) -> None:
    with Store(db) as store:
        sid = ws.create_session(store, "Harrowdale", "Year one", "orid")["session_id"]
        ws.add_answer(store, sid, "objective", "<img src=x onerror=alert(1)> [a](http://e)",
                      "<b>Bob</b>", "b")
        ws.reveal(store, sid)
    at = open_page(WORKSHOP, present=True, session=sid)
    board = html(at)
    assert "&lt;img src=x onerror=alert(1)&gt; [a](http://e)" in board
    assert "— &lt;b&gt;Bob&lt;/b&gt;" in board
    assert "<img src=x" not in board and "<b>Bob" not in board
    assert board.count("<img") == 1  # the QR code's own


def test_a_double_tap_saves_once(db: Path) -> None:
    phone = open_page(JOIN, code="NEET42")
    phone.text_input[0].input("Dev")
    next(b for b in phone.button if b.label == "Start").click().run()
    for _ in range(2):  # the second send carries the same words before the phone heard back
        phone.text_area[0].input("Estates with no work for three generations")
        next(b for b in phone.button if b.label.startswith("Restraining")).click().run()
        assert "Saved: Estates with no work for three generations" in texts(phone)
    phone.text_area[0].input("Estates with no work for three generations")
    next(b for b in phone.button if b.label.startswith("➜ Driving")).click().run()
    with Store(db) as store:
        forces = store.entries("force", session_id(db, "NEET42"))
    mine = forces[forces["text"] == "Estates with no work for three generations"]
    assert sorted(mine["side"]) == ["driving", "restraining"]


def test_new_entries_do_not_reset_the_facilitators_choices(db: Path) -> None:
    sid = session_id(db, "NEET42")
    with Store(db) as store:
        labels = ws.force_options(store.entries("force", sid))
    at = open_page(WORKSHOP, session=sid)
    chosen = [i for i, label in labels.items() if "repeat their story" in label]
    at.multiselect(key="ws-merge-pick").set_value(chosen).run()
    with Store(db) as store:  # a phone adds a force meanwhile
        ws.add_force(store, sid, "restraining", "Nobody keeps one record", 4, "Mark", "m")
    at.run()
    assert at.multiselect(key="ws-merge-pick").value == chosen
    assert any("Nobody keeps one record" in o for o in at.multiselect(key="ws-merge-pick").options)
