"""The app's pages, in menu order, and who may open each: one registry read by app.py and by
the tests."""

from __future__ import annotations

from dataclasses import dataclass

from totalplace_core.roles import EVERYONE, FACILITATOR_ONLY


@dataclass(frozen=True)
class PageSpec:
    script: str  # path from the repo root
    title: str  # menu label
    url_path: str  # deep link: /<url_path> ("" for the home page)
    heading: str  # the page's st.title, which tests look for
    roles: frozenset[str] = EVERYONE  # who may open it (roles.py)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/place_headline.py", "Home", "", "All public spend in one place"),
    PageSpec("pages/high_level_count.py", "High-level count", "count", "High-level count"),
    PageSpec("pages/mapping_wall.py", "Mapping wall", "wall", "Mapping wall"),
    PageSpec("pages/ward_explorer.py", "Wards", "wards", "Wards"),
    PageSpec("pages/asset_map.py", "Asset map", "assets", "Asset map"),
    PageSpec("pages/family_journeys.py", "Family journeys", "journeys", "Family journeys"),
    PageSpec("pages/committee_papers.py", "Papers", "papers", "Papers"),
    PageSpec("pages/data_in_and_out.py", "Data", "data", "Data", FACILITATOR_ONLY),
    PageSpec("pages/live_workshop.py", "Workshop", "workshop", "Workshop", FACILITATOR_ONLY),
    PageSpec("pages/join_workshop.py", "Join a workshop", "join", "Join a workshop"),
)


def for_role(role: str) -> tuple[list[PageSpec], list[PageSpec]]:
    """(the pages `role` may open, the rest), each in menu order."""
    return ([p for p in PAGES if role in p.roles], [p for p in PAGES if role not in p.roles])
