"""Roles: who may change figures, the wall and sessions, and plain words when the database
cannot be opened. AppTest through app.py, as a browser session (tests/app_runner.py).

AppTest runs app.py (its navigation and sidebar) only on a session's first run; later runs
run the page script alone, as Streamlit's old multipage mode does on a fresh server. So the
navigation and the sidebar are read on a first run (`again` carries a session's state into
one), and a page opened after that is the page script run alone: its own guard must refuse."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from tests.app_runner import REPO, open_app
from totalplace_core import navigation, roles, server, ui

DATA, WORKSHOP = "pages/data_in_and_out.py", "pages/live_workshop.py"
WALL = "pages/mapping_wall.py"
PASSPHRASE = "a room of our own"


@pytest.fixture
def db(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TOTALPLACE_DB", str(demo_copy))
    return demo_copy


@pytest.fixture
def room(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Served to a room with a passphrase set, as `make run ADDRESS=0.0.0.0` would be."""
    monkeypatch.setenv(roles.ENV_ROOM, "1")
    monkeypatch.setenv(roles.ENV_PLAIN, PASSPHRASE)


def menu(at: AppTest) -> list[str]:
    """The pages in the session's menu: those st.navigation registered with their script
    (a page the role may not use is at its url only as a hidden stand-in that refuses)."""
    return [info["page_name"] for info in at._registered_pages.values()
            if info.get("script_path")]


def again(at: AppTest) -> AppTest:
    """The same session's next run through app.py: its sign-in state, in a fresh AppTest."""
    fresh = AppTest.from_file(str(REPO / "app.py"), default_timeout=30)
    for key in (ui.ROLE_KEY, "_tp_said", "_tp_session"):
        if key in at.session_state:
            fresh.session_state[key] = at.session_state[key]
    fresh.run()
    assert not fresh.exception, fresh.exception
    return fresh


def run_alone(at: AppTest, page: str) -> AppTest:
    """Open `page` by its script, as a fresh server's old multipage mode would."""
    at.run()  # after a first run AppTest serves pages/*.py, as a fresh server does
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def sign_in(at: AppTest, typed: str) -> AppTest:
    at.sidebar.text_input(key="_tp_passphrase").input(typed)
    next(b for b in at.sidebar.button if b.label == "Sign in").click().run()
    assert not at.exception, at.exception
    return again(at)


def editors(at: AppTest) -> list:
    """Tables a person can type into (a disabled editor is a table to read)."""
    return [e for e in at.data_editor if not e.proto.disabled]


# The room: a phone that opens the app is a viewer.

def test_a_viewer_menu_has_no_data_and_no_workshop(room: None) -> None:
    at = open_app()
    assert menu(at) == [p.title for p in navigation.PAGES if p.roles != roles.FACILITATOR_ONLY]
    assert "Data" not in menu(at) and "Workshop" not in menu(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(DATA)  # not among the session's pages at all


@pytest.mark.parametrize(("page", "heading"), [(DATA, "Data"), (WORKSHOP, "Workshop")])
def test_a_facilitator_page_run_alone_refuses_a_viewer(room: None, page: str,
                                                      heading: str) -> None:
    at = run_alone(open_app(), page)
    assert [t.value for t in at.title] == [heading]
    assert "is for the facilitator" in at.warning[0].value
    assert "sign in as the facilitator in the sidebar" in at.warning[0].value
    assert not at.get("file_uploader"), "no upload for a viewer"
    assert not at.button, "no undo, import, close or any other button for a viewer"
    assert not at.text_input and not editors(at)
    assert [s.label for s in at.sidebar.selectbox] == ["Place", "Financial year"]
    assert not at.sidebar.expander, "no New session form"


def test_a_query_parameter_grants_nothing(room: None) -> None:
    at = open_app(facilitator="1", role="facilitator", _tp_facilitator="1")
    assert "Data" not in menu(at)
    assert "Facilitator sign-in" in [e.label for e in at.sidebar.expander]


def test_the_wall_shows_a_viewer_no_editor(room: None) -> None:
    at = open_app()
    for tab in ("Edit flows", "Notes on the wall"):
        at.session_state["wall_tab"] = tab
        run_alone(at, WALL)
        assert not any(b.label.startswith("Save") for b in at.button), tab
        assert not any(b.label in ("Pin to the wall", "Mark answered", "Reopen")
                       for b in at.button), tab
        assert not editors(at) and not at.text_input and not at.text_area, tab
        assert roles.READ_ONLY in [c.value for c in at.caption], tab


def test_the_count_wards_and_journeys_show_a_viewer_no_editor(room: None) -> None:
    at = open_app()
    for page, tab_key, tab in (("pages/high_level_count.py", "count_tab", "Themes"),
                               ("pages/ward_explorer.py", "ward_tab", "How it is shared"),
                               ("pages/family_journeys.py", "journey_tab", "Stops"),
                               ("pages/family_journeys.py", "journey_tab", "Unit costs"),
                               ("pages/family_journeys.py", "journey_tab", "The family"),
                               ("pages/family_journeys.py", "journey_tab", "Prevention sum")):
        at.session_state[tab_key] = tab
        run_alone(at, page)
        assert not any(b.label.startswith("Save") for b in at.button), (page, tab)
        assert not editors(at), (page, tab)
        assert roles.READ_ONLY in [c.value for c in at.caption], (page, tab)


# Signing in.

def test_the_right_passphrase_opens_the_data_page(room: None) -> None:
    at = sign_in(open_app(), PASSPHRASE)
    assert "Data" in menu(at) and "Workshop" in menu(at)
    assert not os.environ.get(roles.ENV_PLAIN), "hashed at first sight; only the hash is kept"
    assert "Signed in as the facilitator." in [c.value for c in at.sidebar.caption]
    assert not at.sidebar.expander, "no sign-in form once signed in"
    at.switch_page(DATA).run()
    assert not at.exception and not at.warning
    assert at.get("file_uploader"), "the upload is there"
    assert sign_in_state_is_no_secret(at)


def sign_in_state_is_no_secret(at: AppTest) -> bool:
    """The session keeps a marker of the hash, never the passphrase or the hash itself."""
    kept = " ".join(str(at.session_state[k]) for k in at.session_state)
    return PASSPHRASE not in kept and "scrypt" not in kept


def test_signing_out_closes_the_data_page_again(room: None) -> None:
    at = sign_in(open_app(), PASSPHRASE)
    next(b for b in at.sidebar.button if b.label == "Sign out").click().run()
    assert "Data" not in menu(again(at))


def test_a_wrong_passphrase_is_refused_and_said(room: None) -> None:
    at = sign_in(open_app(), "a room of my own")
    assert "Data" not in menu(at)
    assert [e.value for e in at.sidebar.error] == [roles.WRONG]
    run_alone(at, DATA)
    assert "is for the facilitator" in at.warning[0].value


def test_a_few_wrong_tries_a_minute_then_even_the_right_one_waits(room: None) -> None:
    at = open_app()
    for _ in range(roles.TRIES):
        at = sign_in(at, "guess guess guess")
        assert [e.value for e in at.sidebar.error] == [roles.WRONG]
    at = sign_in(at, PASSPHRASE)
    said = [e.value for e in at.sidebar.error]
    assert len(said) == 1 and said[0].startswith("Too many wrong tries: wait ")
    assert "Data" not in menu(at)


@pytest.mark.parametrize("served", ["address", "told"])
def test_a_room_with_no_passphrase_has_no_facilitator_and_says_how_to_set_one(
        db: Path, monkeypatch: pytest.MonkeyPatch, served: str) -> None:
    if served == "told":
        monkeypatch.setenv(roles.ENV_ROOM, "1")
        at = open_app()
    else:  # started with --server.address 0.0.0.0
        was = config.get_option("server.address")
        config.set_option("server.address", "0.0.0.0", "command-line argument or environment")
        try:
            at = open_app()
        finally:
            config.set_option("server.address", was, "test")
    assert "Data" not in menu(at) and "Workshop" not in menu(at)
    said = " ".join(i.value for i in at.sidebar.info)
    assert "Nobody can change the figures" in said
    assert "totalplace passphrase" in said and ".streamlit/secrets.toml" in said
    assert roles.ENV_PLAIN in said
    assert not at.sidebar.expander and not at.sidebar.text_input, "nothing to sign in with"


def test_on_this_machine_with_no_passphrase_the_user_is_the_facilitator(db: Path) -> None:
    at = open_app()  # server.address 127.0.0.1, as .streamlit/config.toml and make run set
    assert [p.title for p in navigation.PAGES] == menu(at)
    assert [c.value for c in at.sidebar.caption] == [roles.LOCAL]
    at.switch_page(DATA).run()
    assert at.get("file_uploader") and not at.warning


def test_a_hash_from_the_cli_signs_in(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = subprocess.run([sys.executable, "-c", "from totalplace_core.cli import main; "
                           "raise SystemExit(main(['passphrase']))"],
                          input=PASSPHRASE + "\n", capture_output=True, text=True, check=True,
                          cwd=REPO)
    key, _, value = made.stdout.strip().partition(" = ")
    assert key == roles.SECRET_HASH and PASSPHRASE not in made.stdout + made.stderr
    monkeypatch.setenv(roles.ENV_HASH, value.strip('"'))
    monkeypatch.setenv(roles.ENV_ROOM, "1")
    assert "Data" in menu(sign_in(open_app(), PASSPHRASE))


def test_a_broken_hash_signs_nobody_in_and_says_so(db: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(roles.ENV_HASH, "sha1$abc")
    at = open_app()  # even on this machine: a setting was meant, and it does not work
    assert "Data" not in menu(at)
    assert "is not a hash made by `totalplace passphrase`" in at.sidebar.error[0].value


# The rules themselves.

def test_hashes_are_salted_and_checked() -> None:
    one, two = roles.hash_passphrase(PASSPHRASE), roles.hash_passphrase(PASSPHRASE)
    assert one != two and "$" not in one  # salted; nothing a shell would expand
    assert roles.verify(PASSPHRASE, one) and roles.verify(PASSPHRASE, two)
    assert not roles.verify(PASSPHRASE + " ", one) and not roles.verify("", one)
    with pytest.raises(ValueError):
        roles.verify(PASSPHRASE, "scrypt:1:1:1:x:y")


def test_a_plain_passphrase_leaves_only_its_hash_in_the_environment() -> None:
    env = {roles.ENV_PLAIN: PASSPHRASE, roles.SECRET_PLAIN: PASSPHRASE, "HOME": "/root"}
    roles.hash_plain_in(env)
    assert set(env) == {roles.ENV_HASH, "HOME"} and roles.verify(PASSPHRASE, env[roles.ENV_HASH])
    short = {roles.ENV_PLAIN: "letmein"}
    roles.hash_plain_in(short)
    assert short == {roles.ENV_PLAIN: "letmein"}, "kept, to be reported as too short"


def test_the_app_server_is_started_with_the_hash_only(monkeypatch: pytest.MonkeyPatch) -> None:
    started: dict[str, str] = {}
    monkeypatch.setattr(server.subprocess, "Popen",
                        lambda command, cwd, env, **popen: started.update(env))
    server.start("0.0.0.0", 8501, {roles.ENV_PLAIN: PASSPHRASE})
    assert roles.ENV_PLAIN not in started and roles.verify(PASSPHRASE, started[roles.ENV_HASH])


@pytest.mark.parametrize(("address", "env", "room"), [
    ("127.0.0.1", {}, False), ("localhost", {}, False), (None, {}, True),
    ("0.0.0.0", {}, True), ("192.168.1.20", {}, True),
    ("127.0.0.1", {roles.ENV_ROOM: "1"}, True), ("127.0.0.1", {roles.ENV_ROOM: "0"}, False)])
def test_what_counts_as_a_room(address: str | None, env: dict, room: bool) -> None:
    assert roles.is_room(address, env) is room


def test_who_is_the_facilitator() -> None:
    plain = {roles.ENV_PLAIN: PASSPHRASE}
    local = roles.access({}, {}, "127.0.0.1")
    assert roles.role_of(local, None, None) == roles.FACILITATOR
    room = roles.access(plain, {}, "0.0.0.0")
    assert roles.role_of(room, None, None) == roles.VIEWER
    assert roles.role_of(room, "forged", None) == roles.VIEWER
    assert roles.role_of(room, roles.marker(room.passphrase_hash), None) == roles.FACILITATOR
    assert roles.access(plain, {}, "0.0.0.0").passphrase_hash == room.passphrase_hash  # once
    short = roles.access({roles.ENV_PLAIN: "letmein"}, {}, "127.0.0.1")
    assert short.problem and roles.role_of(short, None, None) == roles.VIEWER
    oidc = roles.access({}, {"auth": {"client_id": "x"}, roles.SECRET_EMAILS: ["Ann@Ex.org"]},
                        "0.0.0.0")
    assert roles.role_of(oidc, None, "ann@ex.org") == roles.FACILITATOR
    assert roles.role_of(oidc, None, "bob@ex.org") == roles.VIEWER
    assert roles.role_of(roles.access({}, {}, "0.0.0.0"), None, "ann@ex.org") == roles.VIEWER


def test_the_throttle_forgets_after_a_minute() -> None:
    throttle = roles.Throttle(tries=2, window_s=60)
    throttle.wrong(["a"], now=0)
    assert throttle.wait_s(["a"], now=1) == 0
    throttle.wrong(["a", "b"], now=10)
    assert throttle.wait_s(["a"], now=11) == 49 and throttle.wait_s(["b"], now=11) == 0
    assert throttle.wait_s(["a"], now=60) == 0


# A database that cannot be opened.

@pytest.fixture
def locked(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """Another process holding the database, as a second app server or the CLI would."""
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from totalplace_core.store import Store
        s = Store({str(demo_copy)!r}); print("open", flush=True); time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True, cwd=REPO)
    assert holder.stdout.readline().strip() == "open"
    monkeypatch.setenv("TOTALPLACE_DB", str(demo_copy))
    yield holder.pid
    holder.kill()
    holder.wait()


@pytest.mark.parametrize("page", [p.script for p in navigation.PAGES])
def test_a_locked_database_is_said_plainly_on_every_page(locked: int, page: str) -> None:
    at = open_app()
    at.switch_page(page).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "The database copy\\.duckdb is open in another program (the app or a totalplace "
        f"command, process {locked}). Close it, or point TOTALPLACE_DB at another file."]


def test_the_app_opens_the_database_once_it_is_free(demo_copy: Path, locked: int) -> None:
    at = open_app()
    assert at.error and not at.metric
    subprocess.run(["kill", str(locked)], check=True)
    for _ in range(50):  # the holder's lock goes with its process
        at.run()
        if not at.error:
            break
    assert not at.error and at.metric, "a failed open was not kept: the next run opened it"


@pytest.mark.parametrize("content", [b"not a database at all\n", bytes(range(256)) * 64])
def test_a_file_that_is_not_a_database_is_said_plainly(tmp_path: Path, content: bytes,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "figures.duckdb"
    path.write_bytes(content)
    monkeypatch.setenv("TOTALPLACE_DB", str(path))
    at = open_app()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "The file figures\\.duckdb is not a database this app can read: another kind of file, "
        "or a damaged one. Point TOTALPLACE_DB at the right file, or put back a backup."]
    at.switch_page("pages/join_workshop.py").run()
    assert not at.exception and "not a database this app can read" in at.error[0].value


def test_a_folder_in_place_of_the_database_is_said_plainly(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOTALPLACE_DB", str(tmp_path))
    at = open_app()
    assert not at.exception
    assert len(at.error) == 1 and "TOTALPLACE_DB" in at.error[0].value.replace("\\", "")
