"""The Asset map in Chromium: every building on the wards' outlines, the candidates ranked, at
a desk, on a phone and projected, with nothing fetched from off the machine; a ward's page
links to its buildings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import DESK, PHONE, check_deep_link
from totalplace_core.assets import service as assets
from totalplace_core.money import format_gbp
from totalplace_core.store import Store

pytestmark = pytest.mark.browser
MAP = "[data-testid='stDeckGlJsonChart'] canvas"


@pytest.fixture(scope="module")
def expected(demo_db: Path) -> dict[str, str]:
    with Store(demo_db) as store:
        estate = assets.totals(store, "Harrowdale").iloc[0]
        found = assets.colocation(store, "Harrowdale")
    return {"estate": format_gbp(int(estate["running_cost_pence"])),
            "candidates": str(len(found.groups)),
            "saving": format_gbp(found.saving_for_top(10)),
            "top_ward": str(found.groups["ward_name"].iloc[0])}


def test_the_estate_at_desk_phone_and_projected(visit, expected: dict[str, str]) -> None:
    """At a desk and on a phone, also the page's deep-link checks (tests/browser/test_pages.py),
    on the same visits."""
    opened = visit.at_once(("/assets", DESK), ("/assets", PHONE), ("/assets?present=1", DESK))
    for label, v in zip(("desk", "phone", "present"), opened, strict=True):
        v.page.wait_for_selector(MAP, timeout=30_000)
        if label != "present":
            check_deep_link(v, "Asset map", at_desk=label == "desk")
        main = v.page.locator("[data-testid='stMain']").inner_text()
        assert expected["estate"] in main and expected["saving"] in main
        assert "Co-location candidates" in main
        assert "co-location candidate (rank)" in main  # the legend
        if label == "present":
            assert expected["top_ward"] in main  # the top candidates under the map
        assert v.problems() == [] and v.offsite() == []
        v.shot(f"assets-{label}")


def test_a_ward_links_to_its_buildings(visit) -> None:
    v = visit("/wards?ward=HD04")
    v.page.get_by_text("Public buildings in Westwood").click()
    v.page.wait_for_selector(MAP, timeout=30_000)
    v.wait()
    assert "/assets" in v.page.url
    main = v.page.locator("[data-testid='stMain']").inner_text()
    assert "Asset map" in main
    sidebar = v.page.locator("[data-testid='stSidebar']").inner_text()
    assert "Westwood" in sidebar  # the ward filter is set
    v.page.get_by_role("tab", name="Buildings").click()
    # Westwood's 8, not the place's 184 (the tab draws after a rerun: wait for its words)
    v.page.get_by_text("8 buildings, costliest first").wait_for(timeout=30_000)
    assert v.offsite() == []
