"""The app's pages, in menu order: one registry read by app.py and by the tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    script: str  # path from the repo root
    title: str  # menu label
    url_path: str  # deep link: /<url_path> ("" for the home page)
    heading: str  # the page's st.title, which tests look for


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/place_headline.py", "Home", "", "All public spend in one place"),
    PageSpec("pages/high_level_count.py", "High-level count", "count", "High-level count"),
    PageSpec("pages/mapping_wall.py", "Mapping wall", "wall", "Mapping wall"),
    PageSpec("pages/ward_explorer.py", "Wards", "wards", "Wards"),
    PageSpec("pages/asset_map.py", "Asset map", "assets", "Asset map"),
    PageSpec("pages/family_journeys.py", "Family journeys", "journeys", "Family journeys"),
    PageSpec("pages/data_in_and_out.py", "Data", "data", "Data"),
    PageSpec("pages/live_workshop.py", "Workshop", "workshop", "Workshop"),
    PageSpec("pages/join_workshop.py", "Join a workshop", "join", "Join a workshop"),
)
