"""Total Place Studio: the entry point. Routes to the pages and draws the shared sidebar."""

from pathlib import Path

import streamlit as st

from totalplace_core import ui
from totalplace_core.navigation import for_role

HERE = Path(__file__).parent

st.set_page_config(
    page_title="Total Place Studio",
    page_icon=str(HERE / "assets" / "favicon.png"),
    layout="wide",
    initial_sidebar_state="auto",  # collapsed on phones
)
ui.css("app.css")
present = ui.presentation_mode()

allowed, refused = for_role(ui.role())
pages = [
    st.Page(p.script, title=p.title, url_path=p.url_path or None, default=not p.url_path)
    for p in allowed
]
# A page this role may not use is in no menu; at its url stands a hidden page that refuses in
# words (Streamlit's own answer would be "Page not found" over the home page), so the page's
# script never runs for this session. Signing in there reruns the same url as the real page.
stand_ins = [
    st.Page(lambda p=p: ui.refuse(p.title, p.heading, stop=False), title=p.title,
            url_path=p.url_path, visibility="hidden")
    for p in refused
]
# Until a server has run this file once, Streamlit serves a request for /<stem> by running
# pages/<stem>.py alone (its old multipage mode). No page file's stem is a url path, so every
# deep link reaches this file first, with its sidebar and presentation mode (DECISIONS.md 1).
nav = st.navigation(pages + stand_ins, position="hidden" if present else "sidebar")
# Each page its own browser title (WCAG 2.4.2): a later call overrides the first one's.
st.set_page_config(page_title=f"{nav.title} · Total Place Studio")

if present:
    ui.css("present.css")
else:
    with st.sidebar:
        ui.presentation_switch("sidebar")
        ui.role_panel()

nav.run()

if present:
    st.divider()
    ui.presentation_switch("page")
    ui.nav_links(pages, horizontal=True)
