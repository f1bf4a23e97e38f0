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
    PageSpec("app_pages/home.py", "Home", "", "All public spend in one place"),
    PageSpec("app_pages/count.py", "High-level count", "count", "High-level count"),
    PageSpec("app_pages/wall.py", "Mapping wall", "wall", "Mapping wall"),
    PageSpec("app_pages/data.py", "Data", "data", "Data"),
    PageSpec("app_pages/workshop.py", "Workshop", "workshop", "Workshop"),
    PageSpec("app_pages/join.py", "Join a workshop", "join", "Join a workshop"),
)
