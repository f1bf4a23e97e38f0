"""Total Place Studio: the entry point. Routes to the pages and draws the shared sidebar."""

from pathlib import Path

import streamlit as st

from totalplace_core import ui

HERE = Path(__file__).parent

st.set_page_config(
    page_title="Total Place Studio",
    page_icon=str(HERE / "assets" / "favicon.png"),
    layout="wide",
    initial_sidebar_state="expanded",
)
ui.css("app.css")
present = ui.presentation_mode()

pages = [
    st.Page("pages/home.py", title="Home", url_path="home", default=True),
    st.Page("pages/count.py", title="High-level count", url_path="count"),
]
nav = st.navigation(pages, position="top" if present else "sidebar")

if present:
    ui.css("present.css")
else:
    with st.sidebar:
        st.toggle("Presentation mode", key="present",
                  help="Large type, no clutter, for projecting. Or add ?present=1 to the URL.")

nav.run()

if present:
    st.divider()
    st.toggle("Presentation mode", key="present")
