"""Opening the app in AppTest the way a browser does: through app.py first."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[1]


def open_app(page: str | None = None, present: bool = False,
             state: dict[str, object] | None = None, sign_in: str | None = None,
             **params: str) -> AppTest:
    """Run app.py, then switch to `page` (a path under pages/); `sign_in` is a passphrase
    typed into the sidebar's Facilitator sign-in first, as a person would.

    Who the session is follows the settings, as on a server: with none (the tests' default)
    and server.address 127.0.0.1 from .streamlit/config.toml, the local facilitator. A test
    of the room sets TOTALPLACE_ROOM or the address and a passphrase (tests/test_roles.py).

    A first run that goes straight to a page script would run it alone: with a pages/ folder
    beside app.py, Streamlit looks a script up among pages/*.py until st.navigation has run
    once (DECISIONS.md 1). A browser always reaches app.py first, so the tests do too; query
    parameters are set before that first run, as a deep link sets them; `state` values
    (such as which tab is open) before the switch to the page."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    if present:
        at.query_params["present"] = "1"
    at.run()
    assert not at.exception, at.exception
    if sign_in is not None:
        at.sidebar.text_input(key="_tp_passphrase").input(sign_in)
        next(b for b in at.sidebar.button if b.label == "Sign in").click().run()
        assert not at.exception, at.exception
    for key, value in (state or {}).items():
        at.session_state[key] = value
    if page:
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at
