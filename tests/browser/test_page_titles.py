"""Each page has its own browser title (WCAG 2.4.2), read by a screen reader first and shown
on the tab a facilitator switches to: the page's name, then the app's."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("path", "title"), [
    ("/", "Home · Total Place Studio"),
    ("/wards?present=1", "Wards · Total Place Studio"),
    ("/join", "Join a workshop · Total Place Studio"),
])
def test_each_page_has_its_own_title(visit, path: str, title: str) -> None:
    v = visit(path)
    assert v.page.title() == title
