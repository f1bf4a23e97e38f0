"""A family's journey written up (issue 13) on the report engine: the figures the service
gives, every word people typed escaped, a real PDF printed without a request leaving the
machine, a page of it looked at, and `totalplace journey --out`."""

from __future__ import annotations

import io
import os
import re
import unicodedata
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from totalplace_core.cli import main
from totalplace_core.journeys import service as journeys
from totalplace_core.journeys.write_up import (
    NOT_CONSENTED,
    journey_html,
    journey_pdf,
    journey_write_up,
)
from totalplace_core.money import format_gbp, format_gbp_full
from totalplace_core.reports import engine, pdf_from_html
from totalplace_core.store import Store

# The store only reaches what is printed or drawn here: the file is enough.
pytestmark = pytest.mark.embedded_only

PLACE, CASE, YEAR = "Harrowdale", "ASH", "2009-10"
SHOTS = Path(__file__).resolve().parent / "screenshots"
SVG = "{http://www.w3.org/2000/svg}"
NOTE = "<script>alert(1)</script> **bold**"
FELT = "<img src=x onerror=alert(2)>"
ALIAS = "The <b>Ash</b> & Co family"


@pytest.fixture
def chromium() -> None:
    if not engine.chromium_path().exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: CI must print real PDFs (apt-get install chromium)")
        pytest.skip("Chromium is not installed here, so no PDF can be printed")


def _pdf_text(pdf: bytes) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), unicodedata.normalize("NFKC", text)  # "fi" is one ligature


def _squashed(text: str) -> str:
    """Without any whitespace: a narrow column may break a long word anywhere."""
    return re.sub(r"\s+", "", text)


def test_html_shows_the_family_its_total_each_agency_and_y(demo_store: Store) -> None:
    family = journeys.journey(demo_store, PLACE, CASE, YEAR)
    html = journey_html(demo_store, PLACE, CASE, YEAR)
    total = family.totals().total_pence
    assert "The Ashworth family" in html and f"costs in {YEAR} prices" in html
    assert format_gbp(total) in html  # £65.5k, as the page shows it
    assert format_gbp_full(total) in html  # and to the penny in the tables
    for agency in family.agencies().itertuples():
        assert format_gbp_full(int(agency.total_pence)) in html
    assert format_gbp(family.prevention.y_pence) in html
    assert format_gbp_full(family.prevention.y_pence) in html
    assert "Fictional demo place" in html and NOT_CONSENTED not in html  # ASH is consented
    assert "<script" not in html
    assert "https://" not in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_context_adds_up_to_the_service(demo_store: Store) -> None:
    family = journeys.journey(demo_store, PLACE, CASE, YEAR)
    context = journey_write_up(demo_store, PLACE, CASE, YEAR)
    totals = family.totals()
    assert context["totals"].total_pence == totals.total_pence
    assert sum(a["total_pence"] for a in context["agencies"]) == totals.total_pence
    assert sum(s["total_pence"] for s in context["stops"]) == totals.total_pence
    assert len(context["stops"]) == totals.stops
    months = context["timeline"]["months"]
    assert months[-1]["now_pence"] == totals.total_pence
    assert months[-1]["redesigned_pence"] == family.totals("redesigned").total_pence
    assert [m["now_pence"] for m in months] == sorted(m["now_pence"] for m in months)
    rows = context["redesign"]["rows"]
    assert sum(r["saving_pence"] for r in rows) == context["redesign"]["saving_pence"]
    assert context["costliest"]["total_pence"] == int(family.costliest_stop()["total_pence"])
    sources = " ".join(context["sources"])
    assert "PSSRU Unit Costs of Health and Social Care 2009" in sources
    assert "HM Treasury GDP deflators" in sources and family.rates.mileage_source in sources
    assert any("Only direct costs" in c for c in context["caveats"])


def test_the_timeline_is_a_picture_with_its_low_points_and_a_table(demo_store: Store) -> None:
    family = journeys.journey(demo_store, PLACE, CASE, YEAR)
    context = journey_write_up(demo_store, PLACE, CASE, YEAR)
    svg = ET.fromstring(str(context["timeline"]["svg"]))
    assert svg.get("role") == "img" and svg.find(f"{SVG}title").text == svg.get("aria-label")
    lows = int((family.scenario("current")["emotional_mark"].fillna(0) < 0).sum())
    marks = [p for p in svg.findall(f"{SVG}path") if p.get("class") == "low-point"]
    assert len(marks) == lows == context["timeline"]["low_points"] > 0
    lines = [p for p in svg.findall(f"{SVG}path") if p.get("fill") == "none"]
    assert len(lines) == 2  # the journey now and redesigned
    assert len(context["timeline"]["months"]) == 12  # April 2009 to March 2010


def test_typed_words_are_escaped_and_printed_as_text(demo_copy: Path, chromium: None) -> None:
    with Store(demo_copy) as store:
        family = journeys.journey(store, PLACE, CASE, YEAR)
        table = journeys.stop_editor(family, "current")
        table.loc[0, "Note"], table.loc[0, "How it felt"] = NOTE, FELT
        journeys.save_stops(store, PLACE, CASE, "current", table)
        with store.transaction() as cur:  # the alias as typed, and the check not yet made
            cur.execute("UPDATE case_study SET title = ?, consent_checked = false "
                        "WHERE case_code = ?", [ALIAS, CASE])
        html = journey_html(store, PLACE, CASE, YEAR)
        total = journeys.journey(store, PLACE, CASE, YEAR).totals().total_pence
    assert "<script" not in html and "<img" not in html and "<b>Ash" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold**" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "The &lt;b&gt;Ash&lt;/b&gt; &amp; Co family" in html
    assert NOT_CONSENTED in html and 'class="banner"' in html
    pages, text = _pdf_text(pdf_from_html(html))
    assert _squashed(NOTE) in _squashed(text) and _squashed(FELT) in _squashed(text)
    assert _squashed(ALIAS) in _squashed(text) and format_gbp(total) in text
    # Not consented: said at the head of every page, not only the first.
    assert text.count(NOT_CONSENTED) >= pages + 1


def test_pdf_shows_the_family_and_its_total_and_asks_for_nothing(demo_store: Store,
                                                                chromium: None) -> None:
    requests: list[str] = []
    pdf = pdf_from_html(journey_html(demo_store, PLACE, CASE, YEAR),
                        on_request=requests.append)
    assert requests == []
    assert pdf.startswith(b"%PDF-")
    pages, text = _pdf_text(pdf)
    total = journeys.journey(demo_store, PLACE, CASE, YEAR).totals().total_pence
    assert 2 <= pages <= 6 and f"Page {pages} of {pages}" in text
    assert "The Ashworth family" in text and format_gbp(total) in text
    assert format_gbp_full(total) in text
    assert journey_pdf(demo_store, PLACE, "BRE", YEAR).startswith(b"%PDF-")


def test_every_demo_family_and_a_family_with_no_stops_are_written_up(
        demo_copy: Path) -> None:
    with Store(demo_copy) as store:
        journeys.save_case(store, PLACE, "NEW", "The New family", "", False)
        for code in journeys.case_studies(store, PLACE)["case_code"]:
            html = journey_html(store, PLACE, code, YEAR)
            title = journeys.journey(store, PLACE, code, YEAR).case["title"]
            assert title.replace("'", "&#39;") in html
        empty = journey_write_up(store, PLACE, "NEW", YEAR)
    assert empty["stops"] == [] and empty["timeline"]["months"] == []
    assert str(empty["timeline"]["svg"]) == "" and empty["costliest"] is None


def test_a_page_of_the_write_up_looks_like_a_paper(demo_store: Store, chromium: None) -> None:
    """The first A4 page as a browser shows it, saved for a person to look at."""
    html = journey_html(demo_store, PLACE, CASE, YEAR)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / "journey-write-up.png"
    # In a thread of its own: Playwright's sync API refuses a thread where an asyncio loop
    # runs, as one does after the browser tests in the same pytest process.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(_shoot, html, path).result()
    assert path.stat().st_size > 50_000


def _shoot(html: str, path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(engine.chromium_path()),
                                     args=engine.CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 900, "height": 1300},
                                    device_scale_factor=1.5)
            page.route("**/*", lambda route: route.continue_()
                       if route.request.url.startswith(engine.LOCAL_SCHEMES)
                       else route.abort())
            page.set_content(html)
            box = page.locator(".sheet").bounding_box()
            a4 = box["width"] * 297 / 210
            page.screenshot(path=str(path), full_page=True,
                            clip={"x": box["x"], "y": box["y"], "width": box["width"],
                                  "height": min(box["height"], a4)})
        finally:
            browser.close()


def _run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "journey", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_writes_the_write_up_as_html(demo_copy: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ash.html"
    code, said, err = _run(capsys, demo_copy, "--case", CASE, "--out", str(out))
    assert code == 0 and err == "" and str(out) in said
    html = out.read_text(encoding="utf-8")
    with Store(demo_copy) as store:
        total = journeys.journey(store, PLACE, CASE, YEAR).totals().total_pence
    assert "The Ashworth family" in html and format_gbp(total) in html


def test_cli_prints_the_write_up_as_pdf(demo_copy: Path, tmp_path: Path, chromium: None,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    code, _, err = _run(capsys, demo_copy, "--case", CASE, "--out", str(out))
    assert code == 0 and err == ""
    _, text = _pdf_text(out.read_bytes())
    assert "The Ashworth family" in text


@pytest.mark.parametrize(("args", "message"), [
    (["--case", CASE, "--out", "x.docx"], "totalplace: --out must end in .pdf or .html"),
    (["--case", "NOPE", "--out", "x.html"], "totalplace: Harrowdale has no case study 'NOPE'."),
])
def test_cli_refuses_what_it_cannot_write_in_one_line(demo_copy: Path, tmp_path: Path,
                                                      args: list[str], message: str,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "out"
    work.mkdir()
    monkeypatch.chdir(work)
    code, said, err = _run(capsys, demo_copy, *args)
    assert code == 2 and said == ""
    assert err.startswith(message) and len(err.strip().splitlines()) == 1
    assert list(work.iterdir()) == []  # nothing half-written
