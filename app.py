"""Total Place Studio: the entry point. Routes to the pages and draws the shared sidebar."""

from pathlib import Path

import streamlit as st

from totalplace_core import ui
from totalplace_core.navigation import PAGES

HERE = Path(__file__).parent

st.set_page_config(
    page_title="Total Place Studio",
    page_icon=str(HERE / "assets" / "favicon.png"),
    layout="wide",
    initial_sidebar_state="auto",  # collapsed on phones
)
ui.css("app.css")
present = ui.presentation_mode()

pages = [
    st.Page(p.script, title=p.title, url_path=p.url_path or None, default=not p.url_path)
    for p in PAGES
]
# Page scripts live in app_pages/, not pages/: a folder named pages/ beside app.py switches
# Streamlit into its old multipage mode on a server's first session (and in AppTest reruns),
# where a deep link runs the page script alone, without this file's sidebar or settings.
nav = st.navigation(pages, position="hidden" if present else "sidebar")

if present:
    ui.css("present.css")
else:
    with st.sidebar:
        ui.presentation_switch("sidebar")

nav.run()

if present:
    st.divider()
    ui.presentation_switch("page")
    ui.nav_links(pages, horizontal=True)
