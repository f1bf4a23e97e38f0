"""Not a page: the family's write-up to download, as HTML (prints from any browser) and as
PDF, drawn by pages/family_journeys.py. Each file is made when its button is pressed, not on
every rerun. Widgets and layout only."""

import streamlit as st

# Until the journeys service re-exports journey_html and journey_pdf (house rule 11: a page
# reaches a tool through its service), the write-up is imported from its own module.
from totalplace_core.journeys import service as journeys


def draw(store, place: str, case_code: str, price_year: str) -> None:
    """Two download buttons side by side (one under the other on a phone): the write-up as
    HTML and as PDF."""
    name = f"journey-{case_code}-{price_year}"
    row = st.container(horizontal=True)
    row.download_button(
        "Family write-up (HTML, prints from any browser)",
        lambda: journeys.journey_html(store, place, case_code, price_year),
        file_name=f"{name}.html", mime="text/html", on_click="ignore",
        icon=":material/description:")
    row.download_button(
        "Family write-up (PDF)",
        lambda: journeys.journey_pdf(store, place, case_code, price_year),
        file_name=f"{name}.pdf", mime="application/pdf", on_click="ignore",
        icon=":material/picture_as_pdf:")
