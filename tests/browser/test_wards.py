"""The Wards page in Chromium: the map draws with no basemap and nothing off the machine, at a
desk, on a phone and projected; a councillor's link opens their ward."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import DESK, PHONE, Visit, Visitor
from totalplace_core.money import format_gbp
from totalplace_core.store import Store
from totalplace_core.wards import service as wards_service

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hd05(demo_db: Path) -> tuple[str, str]:
    with Store(demo_db) as store:
        row = wards_service.wards(store, "Harrowdale", "2009-10").set_index("ward_code") \
            .loc["HD05"]
    return str(row["ward_name"]), format_gbp(int(row["amount_pence"]))


@pytest.fixture(scope="module")
def hd05_pages(module_visit: Visitor) -> dict[str, Visit]:
    """A councillor's link to HD05 opened at a desk, on a phone and projected, at once; the
    factsheet is printed from the desk's page."""
    return dict(zip(("desk", "phone", "present"), module_visit.at_once(
        ("/wards?ward=HD05", DESK), ("/wards?ward=HD05", PHONE),
        ("/wards?ward=HD05&present=1", DESK)), strict=True))


def test_a_ward_by_link_at_desk_phone_and_projected(hd05_pages: dict[str, Visit],
                                                    hd05: tuple[str, str]) -> None:
    name, total = hd05
    for label, v in hd05_pages.items():
        page = v.page
        page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=30_000)
        main = page.locator("[data-testid='stMain']").inner_text()
        assert f"Spent in {name}" in main and total in main
        assert "£ per head" in main
        assert v.problems() == [] and v.offsite() == []
        v.shot(f"wards-{label}")


def test_a_councillor_prints_the_ward_factsheet(hd05_pages: dict[str, Visit],
                                               hd05: tuple[str, str]) -> None:
    import io
    import unicodedata

    from pypdf import PdfReader

    name, total = hd05
    v = hd05_pages["desk"]
    v.page.get_by_role("tab", name="This ward").click()
    v.wait()
    with v.page.expect_download(timeout=60_000) as download:
        v.page.get_by_text("Ward factsheet (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = unicodedata.normalize("NFKC", text)  # the PDF sets "fi" as one ligature
    assert name in text and total in text
    assert v.offsite() == []
