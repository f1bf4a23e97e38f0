"""The Papers page in Chromium: at a desk, on a phone and projected it offers the sections
and builds nothing until asked; a scrutiny officer builds the committee pack and downloads a
PDF whose headline equals the count."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest

from tests.browser.conftest import DESK, PHONE
from totalplace_core.count import service as count
from totalplace_core.money import format_gbp, format_gbp_full
from totalplace_core.store import Store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def net(demo_db: Path) -> int:
    with Store(demo_db) as store:
        return count.place_count(store, "Harrowdale", "2009-10").net_pence


def test_papers_at_desk_phone_and_projected(visit) -> None:
    for label, path, viewport in (("desk", "/papers", DESK), ("phone", "/papers", PHONE),
                                  ("present", "/papers?present=1", DESK)):
        v = visit(path, viewport)
        main = v.page.locator("[data-testid='stMain']").inner_text()
        assert "Papers" in main and "The headline count" in main
        assert "Build the papers" in main and "Download the papers" not in main
        assert v.problems() == [] and v.offsite() == []
        v.shot(f"papers-{label}")


def test_a_scrutiny_officer_builds_and_downloads_the_pack(visit, net: int) -> None:
    from pypdf import PdfReader

    v = visit("/papers")
    v.page.get_by_label("The meeting it is for (on the cover)").fill(
        "Overview and Scrutiny Committee")
    v.page.get_by_label("The meeting it is for (on the cover)").press("Enter")
    v.wait()
    v.page.get_by_role("button", name="Build the papers").click()
    button = v.page.get_by_role("button", name="Download the papers (PDF)")
    button.wait_for(timeout=90_000)
    v.wait()
    v.shot("papers-built")
    main = v.page.locator("[data-testid='stMain']").inner_text()
    assert "Built in" in main and " pages." in main
    assert main.split("What is in them")[1].split()[-4:] == ["Workshop", "outputs", "and",
                                                              "actions"]
    with v.page.expect_download(timeout=60_000) as download:
        button.click()
    assert download.value.suggested_filename == "committee-papers-harrowdale-2009-10.pdf"
    pdf = Path(download.value.path()).read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in reader.pages))
    assert "For Overview and Scrutiny Committee" in text
    assert format_gbp(net) in text and format_gbp_full(net) in text
    assert v.problems() == [] and v.offsite() == []
