"""The ward factsheet (issue 11) and the report engine under it: the figures a councillor
reads, what people typed escaped, one map path per ward, and a real one-page PDF printed
without a single request leaving the machine."""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import threading
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest

from totalplace_core.cli.factsheet import cmd_factsheet
from totalplace_core.money import format_gbp, format_per_head
from totalplace_core.reports import ReportError, engine, pdf_from_html, render
from totalplace_core.reports.maps import BACKGROUND, HIGHLIGHT, SEQUENTIAL, ward_map_svg
from totalplace_core.store import Store, StoreError
from totalplace_core.wards import service as wards_service
from totalplace_core.wards.factsheet import factsheet_html, factsheet_pdf, ward_factsheet

# The store only reaches what is printed or drawn here: the file is enough.
pytestmark = pytest.mark.embedded_only

PLACE, YEAR, WARD = "Harrowdale", "2009-10", "HD11"  # Harrowdale Central: the longest name
SVG = "{http://www.w3.org/2000/svg}"
SCRIPT_NAME = "<script>alert('x')</script> & Moor"


@pytest.fixture
def chromium() -> None:
    if not engine.chromium_path().exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: CI must print real PDFs (apt-get install chromium)")
        pytest.skip("Chromium is not installed here, so no PDF can be printed")


def _ward(store: Store, code: str = WARD) -> pd.Series:
    table = wards_service.wards(store, PLACE, YEAR)
    return table.set_index("ward_code").loc[code]


def _pdf_text(pdf: bytes) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_html_shows_the_ward_its_total_and_the_place(demo_store: Store) -> None:
    ward = _ward(demo_store)
    html = factsheet_html(demo_store, PLACE, YEAR, WARD)
    assert "<title>Public spending in Harrowdale Central, Harrowdale, 2009-10</title>" in html
    assert format_gbp(int(ward["amount_pence"])) in html  # £131.2m
    assert format_per_head(int(ward["per_head_pence"])) in html
    table = wards_service.wards(demo_store, PLACE, YEAR)
    assert format_per_head(wards_service.place_per_head(table)) in html
    assert "Fictional demo place" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html  # no font, stylesheet or script from anywhere


def test_context_adds_up_and_says_how_proxies_are_shared(demo_store: Store) -> None:
    context = ward_factsheet(demo_store, PLACE, YEAR, WARD)
    ward = _ward(demo_store)
    assert sum(f["amount_pence"] for f in context["functions"]) == ward["amount_pence"]
    shown = sum(b["amount_pence"] for b in context["bodies"])
    assert shown + context["other_bodies"]["amount_pence"] == ward["amount_pence"]
    assert [f["name"] for f in context["functions"]][:2] == ["Social protection", "Health"]
    # The council's benefit returns are ward-coded: the rest is a proxy.
    shares = context["ward"]["actual_share_pct"], context["ward"]["proxy_share_pct"]
    assert shares == (round(100 * ward["actual_pence"] / ward["amount_pence"], 1),
                      round(100 * ward["proxy_pence"] / ward["amount_pence"], 1))
    assert 0 < shares[0] < 100 and sum(shares) == pytest.approx(100.0)
    notes = " ".join(context["driver_notes"])
    assert "Education: by residents aged 0-17 for Pre-primary and primary education" in notes
    assert "by residents aged 65+ for Old age" in notes
    assert context["ward"]["rank"] == 1 and context["ward_count"] == 21


def test_a_typed_ward_name_is_escaped_everywhere(demo_copy: Path) -> None:
    with Store(demo_copy) as store:
        with store.transaction() as cur:
            cur.execute("UPDATE ward SET ward_name = ? WHERE ward_code = ?",
                        [SCRIPT_NAME, WARD])
        html = factsheet_html(store, PLACE, YEAR, WARD)
    assert "<script" not in html
    # By Jinja in the <title>, the heading and the map's caption; by the map itself in the
    # ward's <title> and the map's label.
    assert html.count("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Moor") == 3
    assert html.count("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Moor") == 3


def test_map_has_one_path_per_ward_and_the_highlighted_one_stands_out(
        demo_store: Store) -> None:
    place_id = demo_store.place(PLACE)["place_id"]
    wards = demo_store.table("ward", place_id)
    svg = ET.fromstring(ward_map_svg(wards, WARD))
    assert svg.get("role") == "img" and "Harrowdale Central" in svg.get("aria-label")
    assert svg.find(f"{SVG}title").text == svg.get("aria-label")
    paths = svg.findall(f"{SVG}path")
    assert sorted(p.get("data-ward") for p in paths) == sorted(wards["ward_code"])
    fills = {p.get("data-ward"): p.get("fill") for p in paths}
    assert fills.pop(WARD) == HIGHLIGHT
    assert set(fills.values()) == {BACKGROUND}
    shaded = ET.fromstring(ward_map_svg(wards, None, {"HD01": 1.0, "HD02": 5.0, "HD03": 9.0}))
    fills = {p.get("data-ward"): p.get("fill") for p in shaded.findall(f"{SVG}path")}
    assert (fills["HD01"], fills["HD03"], fills["HD04"]) == \
        (SEQUENTIAL[0], SEQUENTIAL[-1], BACKGROUND)


def test_map_keeps_proportions_and_draws_multipolygons() -> None:
    """Degrees of longitude shrink by cos(latitude): at 60-61N a degree east is about half
    a degree north."""
    square = [[[0, 60], [1, 60], [1, 61], [0, 61], [0, 60]]]
    far = [[[3, 60], [4, 60], [4, 61], [3, 60]]]
    wards = pd.DataFrame({
        "ward_code": ["A", "B"], "ward_name": ["Square", "Islands"],
        "geometry_geojson": [json.dumps({"type": "Polygon", "coordinates": square}),
                             json.dumps({"type": "MultiPolygon",
                                         "coordinates": [square, far]})]})
    svg = ET.fromstring(ward_map_svg(wards, "A", width=206))
    width, height = (float(v) for v in svg.get("viewBox").split()[2:])
    # 4 degrees of longitude wide, 1 of latitude tall, 6 units of margin on each side.
    assert (width - 12) / (height - 12) == pytest.approx(4 * math.cos(math.radians(60.5)),
                                                         rel=0.01)
    islands = next(p for p in svg.findall(f"{SVG}path") if p.get("data-ward") == "B")
    assert islands.get("d").count("M") == 2


def test_pdf_is_one_page_showing_the_total(demo_store: Store, chromium: None) -> None:
    pdf = factsheet_pdf(demo_store, PLACE, YEAR, WARD)
    assert pdf.startswith(b"%PDF-")
    pages, text = _pdf_text(pdf)
    assert pages == 1
    assert format_gbp(int(_ward(demo_store)["amount_pence"])) in text
    assert "Public spending in Harrowdale Central" in text


def test_printing_the_factsheet_requests_nothing(demo_store: Store, chromium: None) -> None:
    requests: list[str] = []
    pdf_from_html(factsheet_html(demo_store, PLACE, YEAR, WARD), on_request=requests.append)
    assert requests == []


class _Recorder(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass


def test_a_document_asking_for_the_network_gets_nothing(chromium: None) -> None:
    """A template that did link a web font or a CDN would be refused inside Chromium: the
    request is seen (and reported) but never reaches a server."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    _Recorder.hits = []
    requests: list[str] = []
    try:
        html = render("base.html", {"title": "Linked", "generated_on": "1 April 2010"})
        html = html.replace("</head>", f'<link rel="stylesheet" href="{url}/font.css">'
                                       f'<script src="{url}/cdn.js"></script></head>')
        pdf = pdf_from_html(html, on_request=requests.append)
    finally:
        server.shutdown()
        server.server_close()
    assert pdf.startswith(b"%PDF-")
    assert sorted(requests) == [f"{url}/cdn.js", f"{url}/font.css"]
    assert _Recorder.hits == []


def test_missing_chromium_is_said_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "chromium_path", lambda: Path("/nonexistent/chromium"))
    with pytest.raises(ReportError, match="Chromium is not installed"):
        pdf_from_html("<p>hello</p>")


def test_base_template_labels_fiction_and_dates_the_footer() -> None:
    html = render("base.html", {"title": "T", "fictional": True, "generated_on": "1 April 2010",
                                "sources": ["<b>typed</b>"], "caveats": ["c"]})
    assert "Fictional demo place" in html and "1 April 2010" in html
    assert "&lt;b&gt;typed&lt;/b&gt;" in html
    assert "Fictional demo place" not in render("base.html", {"title": "T"})


def _args(db: Path, out: Path, ward: str = WARD) -> argparse.Namespace:
    return argparse.Namespace(db=str(db), ward_code=ward, out=str(out), place=None, year=None)


def test_cli_writes_html_and_refuses_what_it_cannot_do(demo_copy: Path,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "sheet.html"
    assert cmd_factsheet(_args(demo_copy, out)) == 0
    html = out.read_text(encoding="utf-8")
    assert "Harrowdale Central, Harrowdale, 2009-10" in html  # the latest year by default
    assert cmd_factsheet(_args(demo_copy, tmp_path / "sheet.docx")) == 2
    with pytest.raises(StoreError, match=r"No ward 'XX99' in Harrowdale \(wards: HD01"):
        cmd_factsheet(_args(demo_copy, out, "XX99"))


def test_cli_prints_a_pdf(demo_copy: Path, tmp_path: Path, chromium: None) -> None:
    out = tmp_path / "sheet.pdf"
    assert cmd_factsheet(_args(demo_copy, out, "HD01")) == 0
    pages, text = _pdf_text(out.read_bytes())
    with Store(demo_copy) as store:
        total = format_gbp(int(_ward(store, "HD01")["amount_pence"]))
    assert pages == 1 and total in text and "Ashby Moor" in text
