"""One report engine for every document (issue 16): the ward factsheet, the family and
workshop write-ups and the committee pack share one base template; charts become pictures
with words (or, with no browser, their words); a place with nothing in a section gets its
papers all the same; `totalplace report` writes them. None of these tests starts a browser
for charts: they stay fast (the pack's own test draws them once)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import plotly.graph_objects as go
import pytest

from tests.handmade import PLACE as TESTBOROUGH
from tests.handmade import load_handmade
from totalplace_core.cli import main
from totalplace_core.journeys import service as journeys
from totalplace_core.reports import Chart, engine, images, render
from totalplace_core.reports.pack import PackChoices, pack_html
from totalplace_core.store import Store
from totalplace_core.wards import service as wards
from totalplace_core.workshop import service as ws

# The store only reaches what is printed or drawn here: the file is enough.
pytestmark = pytest.mark.embedded_only

PLACE, YEAR = "Harrowdale", "2009-10"
BASE_MARKS = ("<main class=\"sheet", "One stylesheet for every printed document",
              "<header class=\"masthead\">", "Made with Total Place Studio on")


def test_every_document_comes_from_the_same_base(demo_store: Store) -> None:
    orid = ws.write_up(demo_store, ws.find_session(demo_store, "ORID17")["session_id"])
    documents = {"Ward factsheet": wards.factsheet_html(demo_store, PLACE, YEAR, "HD05"),
                 "Family journey write-up": journeys.journey_html(demo_store, PLACE, "ASH",
                                                                  YEAR),
                 "Workshop write-up": ws.summary_html(orid)}
    for kind, html in documents.items():
        assert all(mark in html for mark in BASE_MARKS), kind
        assert f'<span class="kind">{kind}</span>' in html
        assert "Fictional demo place" in html
    write_up = documents["Workshop write-up"]
    assert "<table class=\"actions\">" in write_up and "Decisional: What now?" in write_up


def test_the_workshop_write_up_prints(demo_store: Store) -> None:
    if not engine.chromium_path().exists():
        pytest.skip("Chromium is not installed here")
    from pypdf import PdfReader

    orid = ws.write_up(demo_store, ws.find_session(demo_store, "ORID17")["session_id"])
    reader = PdfReader(io.BytesIO(ws.summary_pdf(orid)))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Six months in: looking back on the Total Place programme" in text
    assert "Write to the Treasury Total Place team" in text and "29 Jan 2010" in text


def test_a_place_with_nothing_but_spend_gets_its_papers(empty_store: Store) -> None:
    load_handmade(empty_store)
    html = pack_html(empty_store, PackChoices(TESTBOROUGH, "2009-10", (
        "wall", "wards", "assets", "journeys", "workshop")))
    said = re.findall(r'<p class="empty" role="note">([^<]+)</p>', html)
    assert len(said) == 5, said
    assert "no flows on its mapping wall yet" in said[0]
    assert "has no wards loaded" in said[1]
    assert "No public buildings are loaded for Testborough" in said[2]
    assert "no family journeys are loaded" in said[3]
    assert "no workshop sessions have been held" in said[4]
    assert 'data-page-of="workshop"' in html and "<img" not in html


def test_chosen_families_and_sessions_and_none(demo_store: Store) -> None:
    html = pack_html(demo_store, PackChoices(PLACE, YEAR, ("journeys", "workshop"),
                                             cases=("bre",), sessions=("NOPE1",)))
    assert "Brenda&#39;s year" in html and "The Ashworth family (case ASH)" in html
    assert "Not in these papers: The Ashworth family (case ASH)" in html
    assert "no workshop session was chosen" in html


def test_a_chart_becomes_a_picture_with_its_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images, "svgs", lambda charts: [b"<svg></svg>"] * len(charts))
    chart = Chart(go.Figure(), 'Spend by "function" <b>bold</b>', 700, 300)
    html = render("base.html", {"title": "T", "sources": [chart, chart]})
    assert html.count('<img class="chart" src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="'
                      ' alt="Spend by &#34;function&#34; &lt;b&gt;bold&lt;/b&gt;" width="700"'
                      ' height="300">') == 2


def test_without_a_browser_a_chart_is_its_words(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(charts):
        raise images.ChartsNotDrawn("ChromeNotFoundError: no Chromium")

    monkeypatch.setattr(images, "svgs", refuse)
    [drawn] = images.draw([Chart(go.Figure(), "Bars <by> body")])
    assert 'role="img" aria-label="Bars &lt;by&gt; body"' in drawn
    assert "could not be drawn here (ChromeNotFoundError: no Chromium)" in drawn


def test_a_running_head_cannot_leave_its_css_string() -> None:
    typed = 'Bath & "Wells" </style><script>\\ \n x'
    css = str(engine.css_string(typed))
    inner = css[1:-1]
    assert css[0] == css[-1] == '"' and not set('"<>\\\n') & set(inner.replace("\\", ""))
    assert inner.startswith("Bath \\000026  \\000022 Wells")


def _run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "report", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_writes_the_chosen_sections(demo_copy: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pack.html"
    code, said, err = _run(capsys, demo_copy, "--place", PLACE, "--year", YEAR, "--sections",
                           "wards, journeys", "--meeting", "Scrutiny, 12 March 2010",
                           "--out", str(out))
    assert code == 0 and err == "" and f"written to {out}" in said
    html = out.read_text(encoding="utf-8")
    sections = re.findall(r'<section class="pack-section[^"]*" id="(\w+)"', html)
    assert sections == ["wards", "journeys"]
    assert "For Scrutiny, 12 March 2010" in html and "Harrowdale Central" in html


@pytest.mark.parametrize(("args", "message"), [
    (["--sections", "count,budget", "--out", "x.html"], "No section called 'budget'"),
    (["--out", "x.docx"], "--out must end in .pdf or .html"),
    (["--place", "Nowhere", "--out", "x.html"], "No place called 'Nowhere'"),
])
def test_cli_refuses_in_one_line(demo_copy: Path, tmp_path: Path, args: list[str],
                                 message: str, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(capsys, demo_copy, *args)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
    assert not list(tmp_path.glob("x.*"))


def test_the_papers_page_builds_and_says_why_there_is_no_pdf(
        demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """AppTest of /papers with no browser for charts or PDF (the browser test prints one):
    the pack still builds, the HTML downloads and the page says why there is no PDF."""
    from tests.app_runner import open_app
    from totalplace_core.reports import ReportError, pack

    def no_chromium(html: str) -> bytes:
        raise ReportError("Chromium is not installed, so no PDF can be printed.")

    monkeypatch.setenv("TOTALPLACE_DB", str(demo_copy))
    monkeypatch.setattr(images, "svgs", lambda charts: [b"<svg></svg>"] * len(charts))
    monkeypatch.setattr(pack, "pdf_from_html", no_chromium)
    at = open_app("pages/committee_papers.py")
    assert at.title[0].value == "Papers"
    assert at.multiselect(key="papers_sections").value == list(pack.SECTIONS)
    assert not at.get("download_button")
    at.multiselect(key="papers_sections").set_value(["wards", "count"])
    at.button[0].click().run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download the papers (HTML, prints from any browser)"]
    assert "Chromium is not installed" in at.warning[0].value
    assert at.markdown[-1].value == "1. **Spending by ward**\n2. **The headline count**"
