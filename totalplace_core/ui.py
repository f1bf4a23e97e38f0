"""The one Streamlit-aware module of the core: shared widgets, store handle and page context."""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from totalplace_core import chart_words, places, roles
from totalplace_core.io.safe_export import csv_bytes
from totalplace_core.plain_text import plain  # pages write ui.plain too
from totalplace_core.store import Store, StoreError, new_id
from totalplace_core.store.errors import DB_ERRORS
from totalplace_core.store.location import store_address
from totalplace_core.store_problems import unopenable
from totalplace_core.tables import for_display, for_download

ASSETS = Path(__file__).resolve().parents[1] / "assets"


@dataclass(frozen=True)
class Context:
    place_name: str
    year: str
    years: list[str]
    is_fictional: bool
    present: bool


@st.cache_resource
def _store(path: str) -> Store:
    return Store(path)


def store() -> Store:
    """One connection per process; each query takes its own cursor. A file that cannot be
    opened stops the page with a plain message, never a traceback; a failed open is not
    cached (st.cache_resource keeps only what returned), so the next rerun tries again."""
    address = store_address()  # TOTALPLACE_STORE: a DuckDB file or the shared PostgreSQL
    try:
        return _store(str(address))
    except (StoreError, *DB_ERRORS, OSError) as exc:
        st.error(unopenable(address, exc))
        st.stop()


def css(name: str) -> None:
    st.html(f"<style>{(ASSETS / name).read_text(encoding='utf-8')}</style>")


def presentation_mode() -> bool:
    """On with the switch or `?present=1`; kept in the URL so a copied link keeps it."""
    if "presenting" not in st.session_state:
        st.session_state.presenting = st.query_params.get("present") == "1"
    if st.session_state.presenting:
        st.query_params["present"] = "1"
    else:
        st.query_params.pop("present", None)
    return bool(st.session_state.presenting)


def nav_links(pages: list, horizontal: bool = False) -> None:
    """The app's page list, in the sidebar or (presenting) in a row under the page."""
    # A row that wraps: ten equal columns cut the longer titles at 1920 px.
    row = st.container(horizontal=True) if horizontal else st.container()
    for page in pages:
        row.page_link(page, label=page.title)


def presentation_switch(where: str) -> None:
    """The switch, drawn in the sidebar normally and under the page when presenting."""
    key = f"_present_{where}"
    st.session_state[key] = st.session_state.presenting

    def flip() -> None:
        st.session_state.presenting = st.session_state[key]

    st.toggle("Presentation mode", key=key, on_change=flip,
              help="Large type, no clutter, for projecting. Or add ?present=1 to the URL.")


def _remembered_select(label: str, options: list[str], key: str) -> str:
    """A selectbox whose choice survives pages that do not draw it (presentation mode)."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[-1] if key == "ctx_year" else options[0]
    widget_key = f"_{key}"
    st.session_state[widget_key] = st.session_state[key]

    def remember() -> None:
        st.session_state[key] = st.session_state[widget_key]

    return st.selectbox(label, options, key=widget_key, on_change=remember)


def context() -> Context | None:
    """Place and year for every page, picked in the sidebar."""
    present = presentation_mode()
    loaded = places.loaded(store())
    # A place whose Places row came before its figures is offered once it has spend lines.
    names = [n for n in loaded["place_name"] if places.place_years(store(), n)]
    if not names:
        return None
    if present:
        place = st.session_state.get("ctx_place") if st.session_state.get("ctx_place") in names \
            else names[0]
    else:
        with st.sidebar:
            place = _remembered_select("Place", names, "ctx_place")
    years = places.place_years(store(), place)
    if present:
        year = st.session_state.get("ctx_year") if st.session_state.get("ctx_year") in years \
            else years[-1]
    else:
        with st.sidebar:
            year = _remembered_select("Financial year", years, "ctx_year")
    fictional = bool(loaded.set_index("place_name").loc[place, "is_fictional"])
    return Context(place, year, years, fictional, present)


def on_phone() -> bool:
    """Whether the browser says it is a phone ("Mobi" in its user agent, as MDN advises):
    the server cannot see the screen's width, and a map must be framed before it is drawn."""
    return "Mobi" in (st.context.headers.get("User-Agent") or "")


def place_title(ctx: Context, title: str) -> None:
    st.title(title)
    badge = ' <span class="tp-badge">Fictional demo place</span>' if ctx.is_fictional else ""
    name = html.escape(ctx.place_name, quote=True)
    st.html(f"<div class='tp-place'>{name} · {html.escape(ctx.year)}{badge}</div>")


def plot(fig: go.Figure, subject: str = "", key: str | None = None,
         config: dict | None = None) -> None:
    """A plotly chart with its text alternative, said from the figure (chart_words)."""
    st.plotly_chart(fig, width="stretch", config=config or {"displayModeBar": False}, key=key,
                    alt=chart_words.describe(fig, subject))


def chart_and_table(fig: go.Figure, frame: pd.DataFrame, name: str,
                    present: bool = False) -> None:
    """A chart, its table (for screen readers and copying) and a CSV of exactly that table."""
    plot(fig, name)
    if not present:
        table_with_download(frame, name)


def table_with_download(frame: pd.DataFrame, name: str,
                        shown: Callable[[pd.DataFrame], pd.DataFrame] = for_display,
                        column_config: dict | None = None) -> None:
    """A table as `shown` formats it, and a CSV of the same rows with exact figures, made
    only when someone presses the button (not on every rerun)."""
    st.dataframe(shown(frame), hide_index=True, width="stretch", column_config=column_config,
                 height=min(420, 38 + 35 * max(len(frame), 1)))
    slug = name.lower().replace(" ", "-")
    st.download_button(f"Download {plain(name)} (CSV)", lambda: csv_bytes(for_download(frame)),
                       file_name=f"{slug}.csv", mime="text/csv", key=f"dl-{slug}",
                       on_click="ignore")


def figure(key: tuple, depends_on: tuple[str, ...], build: Callable[[], go.Figure]
           ) -> go.Figure:
    """A chart built once per version of the data it `depends_on` and shared by every
    session (Streamlit only reads it), so a rerun that changes nothing rebuilds nothing."""
    return store().cached(("figure", *key), depends_on, build)


def remembered(widget, label: str, key: str, default, show: bool = True, **kwargs):
    """A widget whose value survives runs that do not draw it (`show=False`, as when
    presenting); a value no longer among `options` falls back to `default`."""
    value = st.session_state.get(key, default)
    options = kwargs.get("options")
    if options is not None and isinstance(value, list):
        value = [v for v in value if v in options]
    elif options is not None and value not in options:
        value = default
    st.session_state[key] = st.session_state[f"_{key}"] = value
    if not show:
        return value

    def remember() -> None:
        st.session_state[key] = st.session_state[f"_{key}"]

    return widget(label, key=f"_{key}", on_change=remember, **kwargs)


# Roles (roles.py decides; this draws). A passphrase sign-in leaves roles.marker(hash) under
# ROLE_KEY: session state lives on the server and no widget has this key, so no browser can set
# it; no query parameter grants anything.
ROLE_KEY = "_tp_facilitator"


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except FileNotFoundError:  # no secrets.toml (or one that does not parse): nothing set
        return {}


def _rules() -> roles.Access:
    secrets = _secrets()
    roles.hash_plain_in(os.environ)  # the plain passphrase is hashed at first sight, not kept
    return roles.access(os.environ, secrets, st.get_option("server.address"))


def _account(rules: roles.Access) -> str | None:
    """The st.login account's email, trusted only when [auth] is configured."""
    signed_in = rules.oidc and st.user.get("is_logged_in")
    return (str(st.user.get("email") or "") or None) if signed_in else None


def role() -> str:
    rules = _rules()
    return roles.role_of(rules, st.session_state.get(ROLE_KEY), _account(rules))


def is_facilitator() -> bool:
    return role() == roles.FACILITATOR


def refuse(title: str, heading: str | None = None, stop: bool = True) -> None:
    """Say plainly that this page is the facilitator's, and how to become them."""
    if heading:
        st.title(heading)
    st.warning(roles.refusal(title), icon=":material/lock:")
    if _rules().nobody:
        st.info(roles.HOW_TO_SET)
    if stop:
        st.stop()


def require_role(needed: str, title: str | None = None) -> None:
    """A facilitator's page starts here: however it was reached (a deep link, its script run
    alone), a session that may not use it sees why, and the script stops."""
    if needed == roles.FACILITATOR and not is_facilitator():
        refuse(title or "This page", title)


def read_only_note() -> None:
    st.caption(roles.READ_ONLY)


@st.cache_resource
def _throttle() -> roles.Throttle:
    return roles.Throttle()  # one a process: reloading the page does not reset the tries


def _sign_in() -> None:
    """The form's callback, run before the script: this very run's navigation already lists
    the facilitator's pages. The typed passphrase is cleared with the form."""
    st.session_state.setdefault("_tp_session", new_id())
    keys = [f"session:{st.session_state._tp_session}"]
    keys += [f"address:{st.context.ip_address}"] if st.context.ip_address else []
    signed, said = roles.sign_in(_rules(), st.session_state.get("_tp_passphrase") or "",
                                 _throttle(), keys)
    st.session_state[ROLE_KEY if signed else "_tp_said"] = signed or said


def _sign_in_forms(rules: roles.Access, account: str | None) -> None:
    said = st.session_state.pop("_tp_said", None)
    if rules.passphrase_hash:
        with st.expander("Facilitator sign-in", expanded=bool(said)):
            with st.form("facilitator-sign-in", clear_on_submit=True, border=False):
                st.text_input("Passphrase", type="password", key="_tp_passphrase")
                st.form_submit_button("Sign in", on_click=_sign_in)
            if said:
                st.error(said)
    if rules.oidc and rules.emails:
        if account:
            st.caption(f"Signed in as {plain(account)}, who is not a facilitator here.")
        elif st.button("Facilitator sign-in with your account", key="_tp_oidc"):
            st.login(roles.provider(_secrets()["auth"]))


def role_panel() -> None:
    """The sidebar's word on who may change things, with sign-in and sign-out."""
    rules, account = _rules(), None
    if rules.problem:
        st.error(rules.problem)  # our own words about a setting: nothing typed in it
    if rules.local_facilitator:
        st.caption(roles.LOCAL)
    elif role() == roles.FACILITATOR:
        account = _account(rules)
        st.caption(f"Signed in as the facilitator{f' ({plain(account)})' if account else ''}.")
        # A callback, so the run the click starts already has the viewer's navigation.
        if st.button("Sign out", key="_tp_sign_out",
                     on_click=lambda: st.session_state.pop(ROLE_KEY, None)) and account:
            st.logout()
    else:
        if rules.nobody:
            st.info(f"{roles.NOBODY} {roles.HOW_TO_SET}")
        _sign_in_forms(rules, _account(rules))
