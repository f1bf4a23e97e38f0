"""Family journeys in Chromium: a family's story, its year's cost and the timeline at a desk, on
a phone and projected, with nothing fetched from off the machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import DESK, PHONE
from totalplace_core.journeys import service as journeys
from totalplace_core.money import format_gbp
from totalplace_core.store import Store

pytestmark = pytest.mark.browser
CHART = "[data-testid='stPlotlyChart'] .main-svg"


@pytest.fixture(scope="module")
def ashworths(demo_db: Path) -> tuple[str, str]:
    with Store(demo_db) as store:
        family = journeys.journey(store, "Harrowdale", "ASH", "2009-10")
    return str(family.case["title"]), format_gbp(family.totals().total_pence)


def test_a_family_at_desk_phone_and_projected(visit, ashworths: tuple[str, str]) -> None:
    alias, total = ashworths
    opened = visit.at_once(("/journeys?case=ASH", DESK), ("/journeys?case=ASH", PHONE),
                           ("/journeys?case=ASH&present=1", DESK))
    for label, v in zip(("desk", "phone", "present"), opened, strict=True):
        v.page.wait_for_selector(CHART, timeout=30_000)
        main = v.page.locator("[data-testid='stMain']").inner_text()
        assert alias in main and total in main
        assert "do not project" not in main  # the demo's made-up families are checked
        if label == "present":
            assert "Type or paste the stops" not in main and "Save the stops" not in main
        assert v.problems() == [] and v.offsite() == []
        assert "case=ASH" in v.page.url
        v.shot(f"journeys-{label}")
