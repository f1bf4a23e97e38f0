"""Live workshops against a real DuckDB file: sessions, entries, versions, stages, closing,
actions, reopening, the write-up files and the CLI."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from totalplace_core import workshop as ws
from totalplace_core.cli import main
from totalplace_core.plain_text import plain
from totalplace_core.store import Store
from totalplace_core.store.workshop import SessionClosedError
from totalplace_core.workshop import charts as wc
from totalplace_core.workshop import write_up_files as wx


@pytest.fixture
def store(demo_place: Path | str) -> Iterator[Store]:
    with Store(demo_place) as s:
        yield s


def _session(store: Store, kind: str = "force_field", **kw: object) -> dict:
    return ws.create_session(store, "Harrowdale", kw.pop("title", "Youth offer"), kind, **kw)


# -- join codes and links ---------------------------------------------------------------------
def test_join_codes_are_unambiguous_and_unique_among_open_sessions(store: Store) -> None:
    codes = [_session(store, title=f"Session {i}")["join_code"] for i in range(40)]
    assert len(set(codes)) == 40
    assert all(len(c) == 10 and set(c) <= set(ws.JOIN_ALPHABET) for c in codes)
    assert not set("0O1IL2Z5S8B6GQ") & set(ws.JOIN_ALPHABET)
    assert set(codes) | {"NEET42"} == store.open_join_codes()


def test_a_new_code_skips_codes_already_open() -> None:
    picks = iter("A" * 20 + "C" * 10)
    assert ws.new_join_code({"A" * 10}, choose=lambda _: next(picks)) == "C" * 10


def test_a_reopened_session_whose_code_was_taken_gets_another(store: Store) -> None:
    first = _session(store)
    ws.close_session(store, first["session_id"])
    taken = store.add_workshop_session(first | {"session_id": "other", "status": "open"})
    again = ws.reopen_session(store, first["session_id"])
    assert taken["join_code"] == first["join_code"] != again["join_code"]
    assert ws.find_session(store, first["join_code"])["session_id"] == "other"


def test_codes_are_typed_any_old_way() -> None:
    assert ws.normalise_code(" neet-42 ") == "NEET42"


@pytest.mark.parametrize(("page_url", "link"), [
    ("http://192.168.1.20:8501/workshop", "http://192.168.1.20:8501/join?code=K7TQX"),
    ("https://studio.example.org/place/workshop/", "https://studio.example.org/place/join?code=K7TQX"),
    (None, "http://localhost:8501/join?code=K7TQX"),
])
def test_join_link_follows_the_facilitators_address(page_url: str | None, link: str) -> None:
    assert ws.join_link(page_url, "K7TQX") == link


def test_local_links_are_flagged() -> None:
    assert ws.link_is_local("http://127.0.0.1:8501/join?code=A")
    assert not ws.link_is_local("http://192.168.1.20:8501/join?code=A")


def test_qr_code_is_a_png_made_here() -> None:
    assert wc.qr_png("http://192.168.1.20:8501/join?code=K7TQX").startswith(b"\x89PNG")


# -- entries: committed, versioned, refused when closed ---------------------------------------
def test_an_entry_is_on_disk_when_add_returns(demo_copy: Path) -> None:
    with Store(demo_copy) as store:
        sid = _session(store)["session_id"]
        row = ws.add_force(store, sid, "restraining", "No shared budget", 4, "Priya", "p1")
    with Store(demo_copy) as reopened:  # a new connection to the file
        forces = reopened.entries("force", sid)
    assert forces[["force_id", "text", "strength", "author"]].values.tolist() == [
        [row["force_id"], "No shared budget", 4, "Priya"]]


def test_a_closed_session_refuses_entries_and_says_so(store: Store) -> None:
    sid = _session(store)["session_id"]
    ws.add_force(store, sid, "driving", "Money is there", 3, "Tom")
    ws.close_session(store, sid)
    with pytest.raises(SessionClosedError, match="closed: it takes no more entries"):
        ws.add_force(store, sid, "driving", "Too late", 3, "Tom")
    assert list(store.entries("force", sid)["text"]) == ["Money is there"]
    ws.reopen_session(store, sid, date.today())
    ws.add_force(store, sid, "driving", "Back again", 2, "Tom")
    assert list(store.entries("force", sid)["text"]) == ["Money is there", "Back again"]


def test_orid_answers_also_stop_when_closed(store: Store) -> None:
    orid = ws.find_session(store, "ORID17")
    with pytest.raises(SessionClosedError):
        ws.add_answer(store, orid["session_id"], "objective", "Late thought", "Dev")


@pytest.mark.parametrize(("side", "text", "strength", "message"), [
    ("driving", "   ", 3, "Please write the force"),
    ("driving", "x" * 501, 3, "shorten the force to 500"),
    ("driving", "Fine", 7, "Strength runs from 1"),
    ("sideways", "Fine", 3, "driving or restraining"),
])
def test_bad_entries_are_refused_with_a_reason(store: Store, side: str, text: str,
                                               strength: int, message: str) -> None:
    sid = _session(store)["session_id"]
    with pytest.raises(ws.WorkshopInputError, match=message):
        ws.add_force(store, sid, side, text, strength, "Tom")
    assert store.entries("force", sid).empty


def test_a_name_is_required_unless_anonymity_is_allowed() -> None:
    assert ws.author_name("  Aisha ", allow_anonymous=False) == "Aisha"
    assert ws.author_name("", allow_anonymous=True) is None
    with pytest.raises(ws.WorkshopInputError, match="asks for a name"):
        ws.author_name(" ", allow_anonymous=False)


def test_edits_are_new_versions_and_the_latest_wins(store: Store) -> None:
    sid = _session(store)["session_id"]
    a = ws.add_force(store, sid, "restraining", "Data not shared", 5, "Mark")
    b = ws.add_force(store, sid, "restraining", "Information sharing is poor", 3, "Aisha")
    assert ws.merge(store, sid, a["force_id"], [a["force_id"], b["force_id"]]) == 1
    ws.withdraw(store, "force", [b["force_id"]])
    history = store.entry_versions("force", sid)
    assert sorted(history.groupby("force_id")["version"].max().tolist()) == [1, 3]
    live = store.entries("force", sid).set_index("force_id")
    assert live.at[b["force_id"], "merged_into"] == a["force_id"]
    assert bool(live.at[b["force_id"], "is_deleted"]) is True
    assert live.at[b["force_id"], "text"] == "Information sharing is poor"  # words kept


def test_thirty_phones_writing_at_once_lose_nothing(store: Store) -> None:
    sid = _session(store)["session_id"]
    errors: list[Exception] = []

    def person(n: int) -> None:
        try:
            for i in range(5):
                ws.add_force(store, sid, ("driving", "restraining")[i % 2], f"P{n} force {i}",
                             1 + i, f"Person {n}", f"phone-{n}")
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=person, args=(n,)) for n in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    forces = store.entries("force", sid)
    assert errors == []
    assert len(forces) == 150 and forces["text"].nunique() == 150
    assert ws.force_board(store, sid).writers == 30


def test_two_facilitator_changes_at_once_both_land(store: Store) -> None:
    sid = _session(store, "orid")["session_id"]
    threads = [threading.Thread(target=ws.reveal, args=(store, sid, i % 2 == 0))
               for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.session_versions(sid)["version"].tolist() == list(range(1, 10))


# -- force field ------------------------------------------------------------------------------
@pytest.fixture
def field(store: Store) -> tuple[Store, str, dict[str, str]]:
    sid = _session(store)["session_id"]
    add = {
        "money": ("driving", "Partners will pool money", 4, "Gareth", "g"),
        "pool": ("driving", "Budgets can be pooled", 2, "Helen", "h"),
        "mentors": ("driving", "Peer mentors want to help", 3, "Tom", "t"),
        "data": ("restraining", "Connexions and Jobcentre Plus cannot share data", 5, "Mark", "m"),
        "info": ("restraining", "Information sharing is poor", 4, None, "anon"),
    }
    ids = {k: ws.add_force(store, sid, *v)["force_id"] for k, v in add.items()}
    return store, sid, ids


def test_combined_map_averages_merged_strengths(field) -> None:
    store, sid, ids = field
    ws.merge(store, sid, ids["money"], [ids["money"], ids["pool"]])
    board = ws.force_board(store, sid)
    rows = board.combined.set_index("text")
    assert rows.at["Partners will pool money", "strength"] == 3.0  # (4 + 2) / 2
    assert rows.at["Partners will pool money", "n"] == 2
    assert rows.at["Partners will pool money", "authors"] == "Gareth, Helen"
    assert "Budgets can be pooled" not in rows.index
    assert (board.balance.driving, board.balance.restraining) == (6.0, 9.0)
    assert board.balance.verdict() == "Restraining forces are stronger by 3"


def test_forces_on_different_sides_cannot_be_combined(field) -> None:
    store, sid, ids = field
    with pytest.raises(ws.WorkshopInputError, match="same side"):
        ws.merge(store, sid, ids["money"], [ids["data"]])


def test_merging_into_a_merged_force_keeps_one_group(field) -> None:
    store, sid, ids = field
    ws.merge(store, sid, ids["money"], [ids["pool"]])
    ws.merge(store, sid, ids["mentors"], [ids["money"]])
    combined = ws.force_board(store, sid).combined
    assert combined[combined["side"] == "driving"]["n"].tolist() == [3]
    assert ws.split(store, sid, ids["mentors"]) == 2
    assert len(ws.force_board(store, sid).combined) == 5


def test_each_persons_map_against_the_room(field) -> None:
    store, sid, ids = field
    ws.merge(store, sid, ids["data"], [ids["info"]])
    board = ws.force_board(store, sid)
    people = ws.people(board.forces)
    assert sorted(people.values()) == ["Anonymous 1", "Gareth", "Helen", "Mark", "Tom"]
    anon = next(k for k, v in people.items() if v == "Anonymous 1")
    assert ws.person_map(board.forces, anon)["strength"].tolist() == [4.0]
    versus = ws.person_vs_room(board.forces, anon)
    assert versus.iloc[0].to_dict() == {
        "Side": "Restraining", "Their force": "Information sharing is poor",
        "Their strength": 4,
        "On the combined map as": "Connexions and Jobcentre Plus cannot share data",
        "Room's strength": 4.5}


def test_a_reopened_session_compares_two_dates(field) -> None:
    store, sid, ids = field
    ws.close_session(store, sid)
    ws.reopen_session(store, sid, date.today() + timedelta(days=120))
    ws.rate_again(store, sid, ids["data"], 2)  # the data-sharing action worked
    ws.add_force(store, sid, "restraining", "Grant ends in March", 4, "Gareth")
    ws.remove_group(store, sid, ids["mentors"])
    board = ws.force_board(store, sid)
    assert [m.number for m in board.meetings] == [1, 2]
    assert board.combined.set_index("text").at[
        "Connexions and Jobcentre Plus cannot share data", "strength"] == 2.0
    result = ws.compare_meetings(store, sid, 1, 2)
    table = result.table.set_index("text")
    assert table.at["Connexions and Jobcentre Plus cannot share data", "then"] == 5.0
    assert table.at["Connexions and Jobcentre Plus cannot share data", "change"] == \
        "weaker by 3.0"
    assert table.at["Grant ends in March", "change"] == "new"
    assert table.at["Peer mentors want to help", "change"] == "gone"
    assert table.at["Partners will pool money", "change"] == "no change"
    then, now = result.balances
    assert (then.driving, then.restraining) == (9.0, 9.0)
    assert (now.driving, now.restraining) == (6.0, 10.0)


def test_restraining_forces_become_actions(field) -> None:
    store, sid, ids = field
    session = store.workshop_session(sid)
    sources = ws.action_sources(store, session)
    assert set(sources) == {ids["data"], ids["info"]}
    ws.add_action(store, sid, "Draft a data-sharing agreement", "Mark and Joanne",
                  date(2010, 4, 30), ids["data"])
    table = ws.actions_table(store, sid)
    assert table.drop(columns=["action_id", "Added"]).to_dict("records") == [{
        "What": "Draft a data-sharing agreement", "Who": "Mark and Joanne",
        "By when": "30 Apr 2010", "From": "Connexions and Jobcentre Plus cannot share data"}]
    with pytest.raises(ws.WorkshopInputError, match="what is to be done"):
        ws.add_action(store, sid, " ")


def test_force_field_diagram_arrows_scale_with_strength(field) -> None:
    store, sid, _ = field
    ws.add_force(store, sid, "driving", "<a href='http://x'>click</a>", 1, "Eve")
    fig = wc.force_field(ws.force_board(store, sid).combined, present=True)
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    lengths = sorted(round(abs(a.x - a.ax), 2) for a in arrows)
    assert lengths == [1.0, 2.0, 3.0, 4.0, 4.0, 5.0]
    driving = [a for a in arrows if a.ax < 0]
    assert len(driving) == 4 and all(a.x < 0 < a.ax or a.ax < a.x < 0 for a in driving)
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "&lt;a href=" in texts and "<a href" not in texts
    assert fig.data[0].name == "Driving" and isinstance(fig.data[0].x, tuple)
    assert "total 10" in texts and "total 9" in texts


def test_projector_diagram_says_what_did_not_fit(field) -> None:
    store, sid, _ = field
    for i in range(4):
        ws.add_force(store, sid, "driving", f"Extra {i}", 1, "Dev")
    fig = wc.force_field(ws.force_board(store, sid).combined, present=True, top=5)
    assert "+ 2 more, weaker driving forces" in [a.text for a in fig.layout.annotations]


# -- ORID -------------------------------------------------------------------------------------
def test_orid_runs_stage_by_stage_with_reveals(store: Store) -> None:
    sid = _session(store, "orid")["session_id"]
    ws.add_answer(store, sid, "objective", "We counted 2.3bn", "Gareth", "g")
    ws.add_answer(store, sid, "objective", "Thirty bodies sent figures", "Priya", "p")
    view = ws.participant_view(store, store.workshop_session(sid), "g")
    assert (view.stage.key, view.shared, list(view.own["text"])) == (
        "objective", [], ["We counted 2.3bn"])
    assert not ws.orid_board(store, sid).current.revealed
    ws.reveal(store, sid)
    view = ws.participant_view(store, store.workshop_session(sid), "g")
    assert view.shared == [("Gareth", "We counted 2.3bn"), ("Priya", "Thirty bodies sent figures")]
    ws.step_stage(store, sid, 1)
    board = ws.orid_board(store, sid)
    assert board.current.stage.name == "Reflective" and not board.current.revealed
    assert [s.revealed for s in board.stages] == [True, False, False, False]
    view = ws.participant_view(store, store.workshop_session(sid), "g")
    assert view.stage.key == "reflective" and view.own.empty and view.shared == []
    assert view.prompts[0] == "What surprised you?"
    for _ in range(5):
        ws.step_stage(store, sid, 1)
    assert store.workshop_session(sid)["current_stage"] == "decisional"
    ws.step_stage(store, sid, -1)
    assert ws.orid_board(store, sid).current.revealed  # been through it already


def test_stages_are_the_guides_four_in_order() -> None:
    assert [s.name for s in ws.STAGES] == ["Objective", "Reflective", "Interpretive",
                                           "Decisional"]
    assert "What actions can you take?" in ws.default_prompts()["decisional"]
    assert "What are we learning?" in ws.default_prompts()["interpretive"]


def test_prompts_are_edited_per_session(store: Store) -> None:
    a = _session(store, "orid", title="A")["session_id"]
    b = _session(store, "orid", title="B")["session_id"]
    ws.save_prompts(store, a, "objective", "- What did the count show?\n\n* Who was missing?")
    assert ws.session_prompts(store.workshop_session(a))["objective"] == [
        "What did the count show?", "Who was missing?"]
    assert ws.session_prompts(store.workshop_session(b))["objective"][0] == \
        "What happened: which facts and issues?"
    view = ws.participant_view(store, store.workshop_session(a), None)
    assert view.prompts == ["What did the count show?", "Who was missing?"]
    with pytest.raises(ws.WorkshopInputError, match="at least one question"):
        ws.save_prompts(store, a, "objective", "  \n ")


def test_the_timer_counts_down_and_stops(store: Store) -> None:
    sid = _session(store, "orid")["session_id"]
    ws.start_timer(store, sid, 12)
    left = ws.seconds_left(store.workshop_session(sid))
    assert 715 <= left <= 720
    assert ws.clock(left) in {f"11:{s}" for s in range(55, 60)} | {"12:00"}
    assert ws.timer_words(left) == "About 12 minutes left to write"
    assert ws.timer_words(0) == "Time is up"
    assert ws.timer_words(50) == "About 1 minute left to write"
    ws.stop_timer(store, sid)
    assert ws.seconds_left(store.workshop_session(sid)) is None
    with pytest.raises(ws.WorkshopInputError):
        ws.start_timer(store, sid, 0)


def test_decisional_answers_become_actions(store: Store) -> None:
    sid = _session(store, "orid")["session_id"]
    ws.add_answer(store, sid, "objective", "Facts", "Dev")
    decided = ws.add_answer(store, sid, "decisional", "Publish the count", "Priya")
    sources = ws.action_sources(store, store.workshop_session(sid))
    assert sources == {decided["answer_id"]: "Publish the count"}
    ws.add_action(store, sid, "Publish a plain-English count", "Priya", None,
                  decided["answer_id"])
    assert ws.actions_table(store, sid)["From"].tolist() == ["Publish the count"]


# -- write-up ---------------------------------------------------------------------------------
def test_write_up_workbook_has_every_entry_and_no_live_formula(field) -> None:
    store, sid, ids = field
    ws.add_force(store, sid, "restraining", "=HYPERLINK(\"http://evil\",\"x\")", 2, "@Eve")
    ws.merge(store, sid, ids["data"], [ids["info"]])
    ws.add_action(store, sid, "Agree a protocol", "Mark", date(2010, 4, 30), ids["data"])
    up = ws.write_up(store, sid)
    book = openpyxl.load_workbook(io.BytesIO(wx.xlsx_bytes(up)))
    assert book.sheetnames == ["Summary", "Board", "Entries", "History", "Actions"]
    entries = list(book["Entries"].iter_rows(values_only=True))
    header, rows = entries[0], entries[1:]
    texts = [r[header.index("Text")] for r in rows]
    assert len(rows) == 6 and "Information sharing is poor" in texts
    # As typed, no apostrophe shown: string cells Excel keeps as text (io.safe_export.as_typed)
    assert "=HYPERLINK(\"http://evil\",\"x\")" in texts
    assert "@Eve" in [r[header.index("Said by")] for r in rows]
    assert all(r[header.index("Added (UK time)")] for r in rows)
    combined = [r for r in rows if r[header.index("Combined into")]]
    assert [r[header.index("Text")] for r in combined] == ["Information sharing is poor"]
    assert all(c.data_type != "f" for row in book["Entries"].iter_rows() for c in row)
    summary = dict(book["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary["Entries"] == 6 and summary["Actions"] == 1
    assert summary["Balance"] == "Driving forces are stronger by 2.5"  # 9 against 4.5 + 2
    actions = list(book["Actions"].iter_rows(values_only=True))
    assert actions[1][:3] == ("Agree a protocol", "Mark", "30 Apr 2010")
    history = list(book["History"].iter_rows(values_only=True))
    assert len(history) - 1 == len(store.entry_versions("force", sid))


def test_summary_page_escapes_what_people_typed(store: Store) -> None:
    sid = _session(store, "orid", title="<script>alert(1)</script> review")["session_id"]
    ws.add_answer(store, sid, "decisional", "<img src=x onerror=alert(2)>", "<b>Bob</b>")
    page = wx.summary_html(ws.write_up(store, sid))
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>Bob" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; review" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "Decisional: What now?" in page


def test_demo_sessions_write_up(store: Store) -> None:
    up = ws.write_up(store, ws.find_session(store, "ORID17")["session_id"])
    assert len(up.entries) == 16 and up.entries["Person"].nunique() == 8
    assert up.board["stage"].tolist()[:4] == ["objective"] * 4
    assert len(up.actions) == 2
    assert "Fictional demo place" in wx.summary_html(up)


def test_markdown_in_names_shows_as_typed() -> None:
    # One escaper for the app (totalplace_core.plain_text): every punctuation mark escaped,
    # and a word joiner (U+2060) after "http", which keeps GitHub's autolinks off.
    assert plain("[x](http://e) **b** $5") == \
        r"\[x\]\(http" + "\u2060" + r"\:\/\/e\) \*\*b\*\* \$5"


# -- CLI --------------------------------------------------------------------------------------
def test_cli_lists_sessions_with_counts(demo_copy: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--db", str(demo_copy), "sessions", "--json"]) == 0
    found = {s["join_code"]: s for s in json.loads(capsys.readouterr().out)}
    assert found["NEET42"]["entries"] == {"driving": 8, "restraining": 8}
    assert found["NEET42"]["actions"] == 3 and found["NEET42"]["kind"] == "force_field"
    assert found["ORID17"]["status"] == "closed"
    assert found["ORID17"]["entries"] == {"objective": 4, "reflective": 4, "interpretive": 4,
                                          "decisional": 4}


def test_cli_exports_a_session(demo_copy: Path, tmp_path: Path,
                               capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "neet.xlsx"
    assert main(["--db", str(demo_copy), "session-export", "neet42", str(target)]) == 0
    assert "Wrote 16 entries and 3 actions" in capsys.readouterr().out
    sheet = openpyxl.load_workbook(target)["Entries"]
    assert sheet.max_row == 17
    assert main(["--db", str(demo_copy), "session-export", "NOPE1", str(target)]) == 2
    assert "No workshop session has the join code 'NOPE1'" in capsys.readouterr().err


def test_a_double_tap_is_recognised_only_moments_later() -> None:
    from datetime import datetime

    saved = ("driving", "Money is there", datetime(2010, 2, 10, 10, 0, 0))
    assert ws.is_repeat(saved, "driving", " Money is there ", datetime(2010, 2, 10, 10, 0, 3))
    assert not ws.is_repeat(saved, "restraining", "Money is there",
                            datetime(2010, 2, 10, 10, 0, 3))
    assert not ws.is_repeat(saved, "driving", "Money is there", datetime(2010, 2, 10, 10, 1, 0))
    assert not ws.is_repeat(None, "driving", "Money is there", datetime(2010, 2, 10, 10, 0, 3))


def test_two_people_giving_the_same_name_stay_two_people(store: Store) -> None:
    sid = _session(store)["session_id"]
    ws.add_force(store, sid, "driving", "Money", 4, "Tom", "phone-1")
    ws.add_force(store, sid, "driving", "Mentors", 2, "Tom", "phone-2")
    ws.add_force(store, sid, "restraining", "Silos", 3, "Tom", "phone-1")
    board = ws.force_board(store, sid)
    assert sorted(ws.people(board.forces).values()) == ["Tom", "Tom (2)"]
    assert board.writers == 2
    up = ws.write_up(store, sid)
    assert up.entries[["Said by", "Person"]].drop_duplicates().values.tolist() == [
        ["Tom", "Tom"], ["Tom", "Tom (2)"]]


def test_the_qr_code_says_in_words_where_it_leads() -> None:
    link = "http://192.168.1.20:8501/join?code=KM7RT-XWA3C&x='><script>"
    html = wc.qr_html(link, "KM7RT-XWA3C", 170)
    alt = html.split("alt='", 1)[1].split("'>", 1)[0]
    assert alt.startswith("QR code to join the workshop: open http://192.168.1.20:8501/join")
    assert "enter the code KM7RT-XWA3C" in alt and "<script>" not in html
