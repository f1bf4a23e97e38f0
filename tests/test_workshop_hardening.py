"""Issue 14 for live workshops: join codes that cannot be guessed in a session's life, wrong
codes limited per phone, per address and for the server, a closed session refusing every kind
of entry and change (in the store, so a close that lands first wins), and the facilitator's
"are you sure?" before closing a session or taking an entry off the board."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_runner import open_app
from totalplace_core import workshop as ws
from totalplace_core.store import Store, StoreError
from totalplace_core.store.workshop import SessionClosedError
from totalplace_core.workshop import service
from totalplace_core.workshop.entries import author_name

WORKSHOP, JOIN = "pages/live_workshop.py", "pages/join_workshop.py"
CLOSED_TO_CHANGES = "This session is closed: nothing can be added to it or changed"


@pytest.fixture
def store(demo_place: Path | str) -> Iterator[Store]:
    with Store(demo_place) as s:
        yield s


def _session(store: Store, kind: str = "force_field", title: str = "Youth services") -> dict:
    return ws.create_session(store, "Harrowdale", title, kind)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _limiter(**limits: ws.JoinLimit) -> tuple[ws.JoinLimiter, FakeClock]:
    clock = FakeClock()
    return ws.JoinLimiter(ws.JOIN_LIMITS | limits, clock=clock), clock


def _wrong(limiter: ws.JoinLimiter, **who: str | None) -> None:
    assert limiter.try_code(who, lambda: None) is None


# -- join codes -------------------------------------------------------------------------------
def test_the_arithmetic_holds_for_the_limits_as_set() -> None:
    """The server's budget of wrong codes over an 8-hour session, against 100 open sessions,
    hits one with a chance below one in a million (join_codes.py says it in words)."""
    server = ws.JOIN_LIMITS["server"]
    guesses = server.tries / server.seconds * 8 * 3600
    space = len(ws.JOIN_ALPHABET) ** ws.JOIN_CODE_LENGTH
    assert guesses == 144_000 and space == 22 ** 10
    assert guesses * 100 / space < 1e-6
    browser = ws.JOIN_LIMITS["browser"]
    assert browser.tries / browser.seconds * 8 * 3600 * 100 / space < 1e-8
    assert guesses * 100 / len(ws.JOIN_ALPHABET) ** 8 > 1e-6, "eight would not be enough"


def test_new_sessions_get_long_codes_shown_in_two_groups(store: Store) -> None:
    codes = [_session(store, title=f"Session {i}")["join_code"] for i in range(30)]
    assert len(set(codes)) == 30
    assert all(len(c) == 10 and set(c) <= set(ws.JOIN_ALPHABET) for c in codes)
    assert not set("0O1I") & set(ws.JOIN_ALPHABET)
    shown = ws.display_code(codes[0])
    assert shown == f"{codes[0][:5]}-{codes[0][5:]}"
    for typed in (shown, shown.lower(), f" {codes[0][:5].lower()} {codes[0][5:]} "):
        assert ws.find_session(store, typed)["join_code"] == codes[0]


def test_old_short_codes_keep_working_and_are_shown_as_they_are(store: Store) -> None:
    assert ws.display_code("NEET42") == "NEET42"
    assert ws.find_session(store, "neet-42")["title"].startswith("Young people")
    assert ws.is_short_code("NEET42") and not ws.is_short_code("ACDEFHJKMN")


def test_a_short_code_gets_a_long_one_when_its_session_is_reopened(store: Store) -> None:
    orid = ws.find_session(store, "ORID17")  # closed, from before codes were long
    again = ws.reopen_session(store, orid["session_id"])
    assert len(again["join_code"]) == ws.JOIN_CODE_LENGTH
    assert ws.find_session(store, again["join_code"])["session_id"] == orid["session_id"]
    long_one = _session(store)
    ws.close_session(store, long_one["session_id"])
    kept = ws.reopen_session(store, long_one["session_id"])
    assert kept["join_code"] == long_one["join_code"], "a long code is kept"


def test_what_is_typed_is_cut_to_ascii_letters_and_digits() -> None:
    assert ws.normalise_code("km7rt–xwa3c") == "KM7RTXWA3C"
    assert ws.normalise_code("ＡＢＣ<script>") == "SCRIPT"
    assert len(ws.normalise_code("A" * 10_000)) == 32


# -- wrong codes, limited (a fake clock) ------------------------------------------------------
def test_five_wrong_codes_a_minute_from_one_phone_then_wait() -> None:
    limiter, clock = _limiter()
    for _ in range(5):
        _wrong(limiter, browser="phone-1")
        clock.now += 1
    with pytest.raises(ws.TooManyTries) as refused:
        limiter.try_code({"browser": "phone-1"}, lambda: pytest.fail("looked up while waiting"))
    assert refused.value.seconds == 55
    assert str(refused.value) == ("Too many wrong codes from this phone. Please wait 55 "
                                  "seconds and try again.")
    assert limiter.wait({"browser": "phone-2"}) == 0, "another phone is not held up"
    clock.now += 54
    assert limiter.wait({"browser": "phone-1"}) == 1
    clock.now += 1
    assert limiter.wait({"browser": "phone-1"}) == 0
    _wrong(limiter, browser="phone-1")  # one slot freed: the oldest left the window
    assert limiter.wait({"browser": "phone-1"}) == 1


def test_a_right_code_costs_nothing() -> None:
    limiter, _ = _limiter()
    for _ in range(50):
        assert limiter.try_code({"browser": "p"}, lambda: {"session_id": "s"}) == {
            "session_id": "s"}
    for _ in range(5):
        _wrong(limiter, browser="p")
    assert limiter.wait({"browser": "p"}) == 60


def test_refused_tries_are_not_counted_so_waiting_ends() -> None:
    limiter, clock = _limiter()
    for _ in range(5):
        _wrong(limiter, browser="p")
    for _ in range(100):
        clock.now += 0.5
        with pytest.raises(ws.TooManyTries):
            _wrong(limiter, browser="p")
        if clock.now >= 1059.5:
            break
    clock.now = 1060.0
    assert limiter.wait({"browser": "p"}) == 0


def test_one_address_with_many_browsers_is_held_at_thirty() -> None:
    limiter, _ = _limiter()
    for n in range(30):
        _wrong(limiter, browser=f"fresh-{n}", address="192.168.1.50")
    with pytest.raises(ws.TooManyTries, match=r"from this network\. Please wait 60 seconds"):
        _wrong(limiter, browser="fresh-new", address="192.168.1.50")
    _wrong(limiter, browser="fresh-new", address="192.168.1.51")  # the next phone is fine


def test_the_server_as_a_whole_is_held_at_three_hundred_a_minute() -> None:
    limiter, clock = _limiter()
    for n in range(300):
        _wrong(limiter, browser=f"b{n}", address=f"10.0.{n // 250}.{n % 250}")
        clock.now += 0.1
    with pytest.raises(ws.TooManyTries, match=r"on this server just now\. Please wait 30 sec"):
        _wrong(limiter, browser="anyone", address="10.9.9.9")
    with pytest.raises(ws.TooManyTries):  # even a right code waits: it is not looked up
        limiter.try_code({"browser": "honest"}, lambda: {"session_id": "s"})
    clock.now += 30
    assert limiter.try_code({"browser": "honest"}, lambda: {"session_id": "s"})


def test_no_address_on_this_computer_is_no_address_limit() -> None:
    limiter, _ = _limiter(browser=ws.JoinLimit(1000, 60, "from this phone"))
    for n in range(40):
        _wrong(limiter, browser=f"b{n}", address=None)
    assert limiter.wait({"browser": "b99", "address": None}) == 0


def test_phones_trying_at_once_cannot_slip_past_the_limit() -> None:
    limiter, _ = _limiter()
    looked, refused = [], []
    start = threading.Barrier(40)

    def phone() -> None:
        start.wait()
        try:
            limiter.try_code({"browser": "one-browser"},
                             lambda: looked.append(1) or time.sleep(0.01))
        except ws.TooManyTries:
            refused.append(1)

    threads = [threading.Thread(target=phone) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert (len(looked), len(refused)) == (5, 35)


def test_memory_is_kept_to_recent_wrong_codes() -> None:
    limiter, clock = _limiter(server=ws.JoinLimit(10**9, 60, "on this server just now"))
    for n in range(2000):
        _wrong(limiter, browser=f"b{n}")
    clock.now += 61
    _wrong(limiter, browser="late")
    assert len(limiter._tries) <= 3


def test_join_session_counts_wrong_codes_against_the_store(store: Store) -> None:
    limiter, _ = _limiter()
    who = {"browser": "p", "address": "192.168.1.9"}
    assert service.join_session(store, "NEET42", who, limiter)["title"].startswith("Young")
    for code in ("AAAAAAAAAA", "CCCCCCCCCC", "DDDDDDDDDD", "EEEEEEEEEE", "FFFFFFFFFF"):
        assert service.join_session(store, code, who, limiter) is None
    with pytest.raises(ws.TooManyTries):
        service.join_session(store, "NEET42", who, limiter)


# -- a closed session refuses everything ------------------------------------------------------
@pytest.fixture
def closed(store: Store) -> tuple[Store, dict[str, Any]]:
    """A force field and an ORID session with entries and an action each, then closed."""
    field, orid = _session(store), _session(store, "orid", "Reflection")
    f, o = field["session_id"], orid["session_id"]
    ids = {
        "field": f, "orid": o,
        "a": ws.add_force(store, f, "driving", "Money is there", 4, "Tom", "t")["force_id"],
        "b": ws.add_force(store, f, "driving", "Money can be found", 2, "Ann", "a")["force_id"],
        "c": ws.add_force(store, f, "restraining", "No shared data", 5, None, "x")["force_id"],
        "answer": ws.add_answer(store, o, "objective", "We met", "Dev", "d")["answer_id"],
        "action": ws.add_action(store, f, "Ask finance", "Tom")["action_id"],
    }
    ws.merge(store, f, ids["a"], [ids["a"], ids["b"]])
    ws.close_session(store, f)
    ws.close_session(store, o)
    return store, ids


def _every_version(store: Store, ids: dict[str, Any]) -> dict[str, int]:
    return {t: len(store.entry_versions(t, ids[s])) for t, s in (
        ("force", "field"), ("orid_answer", "orid"), ("workshop_action", "field"))}


CLOSED_WRITES = {
    "force": lambda s, i: ws.add_force(s, i["field"], "driving", "Late", 3, "Tom"),
    "answer": lambda s, i: ws.add_answer(s, i["orid"], "objective", "Late", "Dev"),
    "phone": lambda s, i: ws.send_entry(s, s.workshop_session(i["field"]), "driving", "Late",
                                        3, "Tom", "t"),
    "action": lambda s, i: ws.add_action(s, i["field"], "Late action"),
    "withdraw force": lambda s, i: ws.withdraw(s, "force", [i["c"]]),
    "withdraw answer": lambda s, i: ws.withdraw(s, "orid_answer", [i["answer"]]),
    "withdraw action": lambda s, i: ws.withdraw(s, "workshop_action", [i["action"]]),
    "take a group off": lambda s, i: ws.remove_group(s, i["field"], i["a"]),
    "combine": lambda s, i: ws.merge(s, i["field"], i["b"], [i["b"], i["a"]]),
    "split": lambda s, i: ws.split(s, i["field"], i["a"]),
    "rate again": lambda s, i: ws.rate_again(s, i["field"], i["a"], 5),
    "edit": lambda s, i: s.change_rows("force", {i["c"]: {"text": "Edited"}}),
}


@pytest.mark.parametrize("kind", list(CLOSED_WRITES))
def test_a_closed_session_refuses_every_kind_of_entry_and_change(closed, kind: str) -> None:
    store, ids = closed
    before = _every_version(store, ids)
    with pytest.raises(SessionClosedError, match="This session is closed"):
        CLOSED_WRITES[kind](store, ids)
    assert _every_version(store, ids) == before, "nothing was written"


def test_after_reopening_the_same_changes_are_taken(closed) -> None:
    store, ids = closed
    ws.reopen_session(store, ids["field"])
    ws.add_action(store, ids["field"], "Now it can")
    ws.withdraw(store, "force", [ids["c"]])
    ws.split(store, ids["field"], ids["a"])
    live = store.entries("force", ids["field"]).set_index("force_id")
    assert bool(live.at[ids["c"], "is_deleted"]) and live["merged_into"].isna().all()
    assert len(store.entries("workshop_action", ids["field"])) == 2


def test_the_refusal_says_what_to_do(closed) -> None:
    store, ids = closed
    with pytest.raises(SessionClosedError) as refused:
        ws.add_action(store, ids["field"], "Late")
    assert str(refused.value) == ("This session is closed: nothing can be added to it or "
                                  "changed on its board. Reopen it first.")
    with pytest.raises(StoreError, match="No workshop session"):
        ws.add_action(store, "no-such-session", "Anything")


class Log:
    def __init__(self) -> None:
        self.accepted: list[tuple[str, dict[str, Any]]] = []
        self.refused: list[str] = []
        self.errors: list[Exception] = []

    def keep_writing(self, kind: str, calls: Iterator[Callable[[], dict[str, Any]]]) -> None:
        """Make each call until the session refuses one (or something else goes wrong)."""
        for call in calls:
            try:
                self.accepted.append((kind, call()))
            except SessionClosedError:
                self.refused.append(kind)
                return
            except Exception as exc:  # asserted by the test
                self.errors.append(exc)
                return


@pytest.mark.parametrize("round_", range(2))
def test_actions_and_changes_racing_a_close_land_before_it_or_not_at_all(
        demo_copy: Path, round_: int) -> None:
    """The check is inside the transaction, under the gate the close also holds: nothing is
    committed after the close, and the file holds at the close what it holds at the end."""
    log, after = Log(), {}
    with Store(demo_copy) as store:
        sid = _session(store)["session_id"]
        forces = [ws.add_force(store, sid, "driving", f"F{i}", 3, None)["force_id"]
                  for i in range(400)]

        def actions(n: int) -> None:
            log.keep_writing("action", (lambda i=i: ws.add_action(store, sid, f"A{n}.{i}")
                                        for i in range(10_000)))

        def withdrawals() -> None:
            log.keep_writing("force", (
                lambda f=f: store.change_rows("force", {f: {"is_deleted": True}})[0]
                for f in forces))

        def facilitator() -> None:
            while len(log.accepted) < 40 + 30 * round_:
                time.sleep(0.001)
            ws.close_session(store, sid)
            with Store(demo_copy) as other:  # what the file holds just after the close
                after["actions"] = len(other.entries("workshop_action", sid))
                after["versions"] = len(other.entry_versions("force", sid))

        threads = [threading.Thread(target=actions, args=(n,)) for n in range(4)]
        threads += [threading.Thread(target=withdrawals), threading.Thread(target=facilitator)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        versions = store.session_versions(sid)
        close = versions[versions["status"] == "closed"].iloc[0]
        actions_now = store.entries("workshop_action", sid)
        force_versions = store.entry_versions("force", sid)
    accepted = [kind for kind, _ in log.accepted]
    assert log.errors == [] and len(log.refused) == 5
    assert len(actions_now) == after["actions"] == accepted.count("action")
    assert len(force_versions) == after["versions"] == 400 + accepted.count("force")
    assert (actions_now["created_at"] < close["created_at"]).all()
    assert (force_versions["created_at"] < close["created_at"]).all()


# -- the phone's save path --------------------------------------------------------------------
def test_the_phone_saves_once_for_a_double_tap_and_by_kind(store: Store) -> None:
    field, orid = _session(store), _session(store, "orid", "Reflection")
    first = ws.send_entry(store, field, "driving", " Pooled budgets ", 4, "Tom", "t")
    assert first.row["text"] == "Pooled budgets" and first.row["strength"] == 4
    again = ws.send_entry(store, field, "driving", "Pooled budgets", 4, "Tom", "t", first.last)
    assert again.row is None and again.text == "Pooled budgets" and again.last == first.last
    answer = ws.send_entry(store, orid, "objective", "We met", None, None, "t")
    assert answer.row["stage"] == "objective"
    assert len(store.entries("force", field["session_id"])) == 1
    with pytest.raises(ws.WorkshopInputError, match="Strength runs from 1"):
        ws.send_entry(store, field, "driving", "No strength", None, "Tom", "t")


# -- the questions asked before what cannot be taken back ------------------------------------
def test_closing_names_the_session_its_code_and_what_stays(store: Store) -> None:
    session = _session(store)
    sid = session["session_id"]
    for i in range(3):
        ws.add_force(store, sid, "driving", f"Force {i}", 3, None)
    gone = ws.add_force(store, sid, "restraining", "Withdrawn", 3, None)
    ws.withdraw(store, "force", [gone["force_id"]])
    ws.add_action(store, sid, "Ask finance")
    code = ws.display_code(session["join_code"])
    assert ws.close_question(store, session) == (
        f"Close 'Youth services' ({code})? 3 forces and 1 action stay; participants can no "
        "longer add, and nothing on the board can be changed. Reopening it later starts a new "
        "meeting.")
    orid = ws.find_session(store, "ORID17")
    assert ws.close_question(store, orid).startswith(
        "Close 'Six months in: looking back on the Total Place programme' (ORID17)? ")
    assert " answers and " in ws.close_question(store, orid)


def test_taking_off_names_the_force_and_what_was_combined_into_it(store: Store) -> None:
    sid = _session(store)["session_id"]
    a = ws.add_force(store, sid, "restraining", "Data not shared", 5, "Mark")["force_id"]
    b = ws.add_force(store, sid, "restraining", "Information is poor", 3, "Aisha")["force_id"]
    alone = ws.add_force(store, sid, "driving", "x" * 200, 2, "Tom")["force_id"]
    ws.merge(store, sid, a, [a, b])
    assert ws.take_off_force_question(store, sid, a) == (
        "Take 'Data not shared' (restraining, strength 4) and the 1 force combined into it off "
        "the board? They leave the board, its balance and the write-up; the session's history "
        "keeps them. This page cannot put them back.")
    single = ws.take_off_force_question(store, sid, alone)
    assert single.startswith(f"Take '{'x' * 79}…' (driving, strength 2) off the board? It ")
    ws.remove_group(store, sid, a)
    with pytest.raises(ws.WorkshopInputError, match="no longer on the board"):
        ws.take_off_force_question(store, sid, a)


def test_taking_off_an_answer_names_who_and_which_stage(store: Store) -> None:
    sid = _session(store, "orid")["session_id"]
    answer = ws.add_answer(store, sid, "reflective", "It felt rushed", None, "p")["answer_id"]
    assert ws.take_off_answer_question(store, sid, answer) == (
        "Take Anonymous 1's reflective answer 'It felt rushed' off the board? It leaves the "
        "board and the write-up; the session's history keeps it. This page cannot put it back.")


# -- the pages (AppTest) ----------------------------------------------------------------------
@pytest.fixture
def db(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("TOTALPLACE_DB", str(demo_copy))
    ws.join_limiter().reset()
    yield demo_copy
    ws.join_limiter().reset()


def _sid(db: Path, code: str) -> str:
    with Store(db) as s:
        return ws.find_session(s, code)["session_id"]


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _markdown(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown).replace("\\", "")


def _status(db: Path, sid: str) -> str:
    with Store(db) as s:
        return s.workshop_session(sid)["status"]


def test_closing_from_the_desk_asks_first_naming_what_changes(db: Path) -> None:
    """AppTest shows a dialog's content in the page's tree and clicks its buttons with a run
    of the whole script (it cannot rerun a dialog alone): the question waits in session
    state (ws_confirm) until answered, as it does in a browser."""
    sid = _sid(db, "NEET42")
    at = open_app(WORKSHOP, state={"ws_desk_force_field": "Session and write-up"}, session=sid)
    _button(at, "Close the session: no more entries").click().run()
    assert at.session_state["ws_confirm"] == ("close", sid, None)
    assert "Close 'Young people not in education, employment or training in Harrowdale' " \
           "(NEET42)? 16 forces and 3 actions stay; participants can no longer add" \
        in _markdown(at)
    assert _status(db, sid) == "open", "nothing changes until the answer"
    _button(at, "Cancel").click().run()
    assert "ws_confirm" not in at.session_state and _status(db, sid) == "open"
    assert not [b for b in at.button if b.label == "Close it"], "the dialog has gone"
    _button(at, "Close the session: no more entries").click().run()
    _button(at, "Close it").click().run()
    assert not at.exception
    assert _status(db, sid) == "closed"
    assert "This session is closed: it takes no more entries." in [w.value for w in at.warning]
    assert any("nothing can be added to it" in i.value for i in at.info)


def test_taking_a_force_off_the_board_asks_first(db: Path) -> None:
    sid = _sid(db, "NEET42")
    groups = _groups(db, sid)
    at = open_app(WORKSHOP, session=sid)
    at.selectbox(key="ws-group").set_value(
        next(k for k, label in groups.items() if "repeat their story" in label)).run()
    _button(at, "Take it off the board").click().run()
    assert "repeat their story" in _markdown(at) and "off the board? It leaves" in _markdown(at)
    with Store(db) as s:
        assert len(s.entries("force", sid).query("is_deleted")) == 0
    at.button(key="ws-confirm-yes").click().run()
    assert not at.exception
    with Store(db) as s:
        gone = s.entries("force", sid).query("is_deleted")
    assert len(gone) == 1 and "repeat their story" in gone["text"].iloc[0]


def _groups(db: Path, sid: str) -> dict[str, str]:
    with Store(db) as s:
        return ws.group_options(ws.force_board(s, sid).combined)


def test_taking_an_answer_off_the_board_asks_first(db: Path) -> None:
    with Store(db) as s:
        sid = ws.create_session(s, "Harrowdale", "Year one", "orid")["session_id"]
        answer = ws.add_answer(s, sid, "objective", "A careless remark", "Dev", "d")
    at = open_app(WORKSHOP, state={"ws_desk_orid": "Prompts and answers"}, session=sid)
    at.selectbox(key="ws-answer-off").set_value(answer["answer_id"]).run()
    _button(at, "Take it off the board").click().run()
    assert "Take Dev's objective answer 'A careless remark' off the board?" in _markdown(at)
    at.button(key="ws-confirm-yes").click().run()
    with Store(db) as s:
        assert bool(s.entries("orid_answer", sid)["is_deleted"].iloc[0])


def test_a_closed_sessions_desk_refuses_an_action_with_a_plain_message(db: Path) -> None:
    sid = _sid(db, "NEET42")
    with Store(db) as s:
        ws.close_session(s, sid)
    at = open_app(WORKSHOP, state={"ws_desk_force_field": "Actions"}, session=sid)
    next(t for t in at.text_input if t.label == "What will be done").input("Too late")
    next(b for b in at.button if b.label == "Add action").click().run()
    assert not at.exception
    assert any(CLOSED_TO_CHANGES in e.value for e in at.error)


def test_new_sessions_show_their_code_in_two_groups_on_the_projector(db: Path) -> None:
    with Store(db) as s:
        made = ws.create_session(s, "Harrowdale", "Falls", "force_field")
    at = open_app(WORKSHOP, present=True, session=made["session_id"])
    code = made["join_code"]
    body = " ".join(e.proto.body for e in at.get("html"))
    assert f">{code[:5]}-{code[5:]}</div>" in body
    desk = open_app(WORKSHOP, session=made["session_id"])  # the link to copy: as stored
    assert desk.code[0].value == f"http://localhost:8501/join?code={code}"


def _code_box(at: AppTest):
    return next(t for t in at.text_input if t.label == "The code on the screen")


def test_the_join_page_waits_after_five_wrong_codes_from_one_phone(db: Path) -> None:
    phone = open_app(JOIN)
    for n in range(5):
        _code_box(phone).input(f"WRONG{n}CODE")
        _button(phone, "Join").click().run()
        assert phone.error[0].value.startswith(f"No workshop has the code WRONG-{n}CODE.")
    _code_box(phone).input("WRONG0CODE")  # a code already judged is not counted again
    _button(phone, "Join").click().run()
    assert "No workshop has the code WRONG-0CODE." in phone.error[0].value
    _code_box(phone).input("NEET42")
    _button(phone, "Join").click().run()
    assert phone.error[0].value.startswith("Too many wrong codes from this phone. Please "
                                           "wait ")
    assert phone.title[0].value == "Join a workshop"


def test_a_joined_phone_is_not_held_up_by_its_earlier_mistakes(db: Path) -> None:
    phone = open_app(JOIN)
    for n in range(4):
        _code_box(phone).input(f"WRONG{n}")
        _button(phone, "Join").click().run()
    _code_box(phone).input("neet-42")
    _button(phone, "Join").click().run()
    for _ in range(3):  # reruns keep finding the session without counting it
        phone.run()
        assert phone.title[0].value.startswith("Young people not in education")


def test_a_phone_told_plainly_when_the_session_closed_before_it_sent(db: Path) -> None:
    phone = open_app(JOIN, code="NEET42")
    phone.text_input(key="ws_typed_name").input("Aisha")
    _button(phone, "Start").click().run()
    with Store(db) as s:
        ws.close_session(s, _sid(db, "NEET42"))
    phone.text_area[0].input("Sent after the close")
    next(b for b in phone.button if b.label.startswith("➜ Driving")).click().run()
    assert not phone.exception
    assert "The facilitator has closed this session: your words were not saved." in [
        e.value for e in phone.error]
    with Store(db) as s:
        assert "Sent after the close" not in set(s.entries("force", _sid(db, "NEET42"))["text"])


def test_a_nul_character_in_what_is_typed_is_refused_in_words(store: Store) -> None:
    """No keyboard types NUL (code 0), but a crafted request can; PostgreSQL's text cannot
    hold it, so it is refused with a message on both backends, and nothing is stored."""
    made = ws.create_session(store, "Harrowdale", "NUL", "force_field")
    session = store.workshop_session(made["session_id"])
    with pytest.raises(ws.WorkshopInputError, match="invisible NUL"):
        service.send_entry(store, session, "driving", "a\x00b", 3, "Ann", "p1", None)
    with pytest.raises(ws.WorkshopInputError, match="retype your name"):  # at Start
        author_name("A\x00nn", allow_anonymous=True)
    assert store.entries("force", made["session_id"]).empty
