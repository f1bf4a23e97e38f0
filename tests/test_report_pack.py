"""The committee pack (issue 16), built once from the demo with hostile text typed into a
ward's name, a workshop entry, an action, a note on the wall and the meeting: each section's
key figures in the HTML and in the PDF's text, its totals equal to `totalplace count --json`,
page numbers in the contents that match where each section starts, every typed payload shown
as text, and pages rendered to PNG for a person to look at (tests/screenshots/)."""

from __future__ import annotations

import base64
import io
import json
import re
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from totalplace_core.assets import service as assets
from totalplace_core.cli import main
from totalplace_core.journeys import service as journeys
from totalplace_core.money import format_gbp, format_gbp_full, format_per_head
from totalplace_core.reports import engine
from totalplace_core.reports.pack import SECTIONS, PackChoices, build
from totalplace_core.store import Store
from totalplace_core.wall import service as wall
from totalplace_core.wards import service as wards
from totalplace_core.workshop import service as ws

PLACE, YEAR = "Harrowdale", "2009-10"
SHOTS = Path(__file__).resolve().parent / "screenshots"
WARD_NAME = "<script>alert(1)</script> Moor"
FORCE = '=HYPERLINK("http://evil.example/x","Click me")'
ACTION = "<img src=x onerror=alert(3)>Fix the referral form"
NOTE = "<a href='http://evil.example/n'>Who funds this?</a>"
MEETING = "</style><script>alert(4)</script> Scrutiny Committee"


def _flat(text: str) -> str:
    """PDF text as a reader sees it: ligatures undone, lines and spaces joined."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _pence(pounds: float | int) -> int:
    return int(Decimal(str(pounds)) * 100)


def _hostile(store: Store) -> None:
    with store.transaction() as cur:
        cur.execute("UPDATE ward SET ward_name = ? WHERE ward_code = 'HD03'", [WARD_NAME])
    sid = ws.find_session(store, "NEET42")["session_id"]
    ws.add_force(store, sid, "restraining", FORCE, 1, "<b>Eve</b>")
    ws.add_action(store, sid, ACTION, "=1+2", date(2010, 6, 1))
    node = next(t for t in wall.note_targets(wall.load_wall(store, PLACE, YEAR))
                if t.startswith("node:"))
    wall.pin_note(store, PLACE, YEAR, node, NOTE, "Q")


@pytest.fixture(scope="module")
def built(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The pack of every section, HTML and PDF, built once for the module (one browser for
    the charts, one for the PDF), with the figures it should show read from the services."""
    if not engine.chromium_path().exists():
        pytest.skip("Chromium is not installed here, so no PDF can be printed")
    from pypdf import PdfReader

    db = tmp_path_factory.mktemp("pack") / "pack.duckdb"
    db.write_bytes(demo_db.read_bytes())
    with Store(db) as store:
        _hostile(store)
        papers = build(store, PackChoices(PLACE, YEAR, tuple(SECTIONS), MEETING),
                       with_pdf=False)
        view = wall.wall_view(store, PLACE, YEAR)
        found = assets.colocation(store, PLACE)
        ash = journeys.journey(store, PLACE, "ASH", YEAR)
        ward_table = wards.wards(store, PLACE, YEAR)
    requests: list[str] = []
    pdf = engine.pdf_from_html(papers.html, on_request=requests.append)
    reader = PdfReader(io.BytesIO(pdf))
    return {"db": db, "papers": papers, "html": papers.html, "reader": reader, "pdf": pdf,
            "requests": requests,
            "pages": [_flat(p.extract_text()) for p in reader.pages], "view": view,
            "colocation": found, "ash": ash, "wards": ward_table}


@pytest.fixture(scope="module")
def counted(built: dict[str, Any]) -> dict[str, Any]:
    """What `totalplace count --json` prints for the same database."""
    out = io.StringIO()
    from contextlib import redirect_stdout

    with redirect_stdout(out):
        assert main(["--db", str(built["db"]), "count", "--place", PLACE, "--year", YEAR,
                     "--json"]) == 0
    return json.loads(out.getvalue())


def _titles(outline: list) -> set[str]:
    return {t for item in outline for t in (_titles(item) if isinstance(item, list)
                                            else {item.title})}


def _both(built: dict[str, Any], *figures: str) -> None:
    text = " ".join(built["pages"])
    for figure in figures:
        assert figure in built["html"], figure
        assert figure in text, figure


def test_the_count_equals_totalplace_count_json(built: dict[str, Any],
                                                counted: dict[str, Any]) -> None:
    for key in ("gross_gbp", "transfers_gbp", "net_gbp"):
        _both(built, format_gbp_full(_pence(counted[key])))
    _both(built, format_gbp(_pence(counted["net_gbp"])),
          format_per_head(_pence(counted["per_head_gbp"])))
    for division in counted["by_division"]:
        _both(built, format_gbp_full(_pence(division["amount_gbp"])))
    assert f"<span class=\"value\">{counted['bodies_counted']}</span>" in built["html"]
    for basis, share in counted["basis_share_pct"].items():
        assert f"{share:.1f}%" in built["html"], basis


def test_the_wall_wards_assets_journeys_and_workshop_show_their_figures(
        built: dict[str, Any]) -> None:
    view = built["view"]
    _both(built, format_gbp(view.loss_pence), format_gbp(view.summary.delivered_pence),
          f"{view.summary.mean_hand_overs:.2f}", "at 20% of a stream's value")
    top = built["wards"].sort_values("per_head_pence").iloc[-1]
    _both(built, str(top["ward_name"]), format_gbp_full(int(top["amount_pence"])),
          format_per_head(int(top["per_head_pence"])))
    found = built["colocation"]
    _both(built, format_gbp(found.saving_for_top(len(found.groups))),
          str(found.members.iloc[0]["asset_name"]))
    prevention = built["ash"].prevention
    _both(built, "The Ashworth family", format_gbp_full(prevention.y_pence),
          format_gbp(built["ash"].totals().total_pence))
    _both(built, "Draft an information-sharing agreement", "Mark and Joanne", "30 Apr 2010",
          "Restraining forces are stronger by")


def test_the_cover_contents_and_page_numbers(built: dict[str, Any]) -> None:
    pages = built["pages"]
    cover = pages[0]
    assert "Public spending in Harrowdale, 2009-10" in cover
    assert "Harrowdale is a fictional place." in cover and "Financial year 2009-10" in cover
    assert f"Page 1 of {len(pages)}" in cover
    # Each contents line ends with the page its section starts on, and that page opens
    # with the section's numbered heading.
    for number, title in enumerate(SECTIONS.values(), start=1):
        found = re.search(rf"{number} {re.escape(title)} (\d+)", cover)
        assert found, title
        start = pages[int(found.group(1)) - 1]
        assert f"{number} {title}" in start.split("Fictional demo place", 1)[-1][:120], title
    notes = int(re.search(r"Sources and caveats (\d+)", cover).group(1))
    assert "Sources Spending:" in pages[notes - 1] and "Sources" not in pages[notes - 2]
    assert "Caveats" in pages[-1] and "Audit Commission" in pages[-1]
    assert {"Contents", "6 Workshop outputs and actions", "Sources"} <= _titles(
        built["reader"].outline)  # the PDF's bookmarks


def test_tables_are_tables_and_charts_are_pictures_with_words(built: dict[str, Any]) -> None:
    html = built["html"]
    assert html.count("<table") >= 10 and html.count("<thead>") == html.count("<table")
    images = re.findall(r'<img class="chart" src="data:image/svg\+xml;base64,([^"]+)" '
                        r'alt="([^"]+)"', html)
    alts = [alt for _, alt in images]
    assert len(images) == 4, alts  # by function, the wall, its hand-overs, the force field
    assert alts[0].startswith("Bar chart of public spending in Harrowdale, 2009-10")
    assert any(a.startswith("Sankey diagram of public money") for a in alts)
    assert any(a.startswith("Force-field diagram") for a in alts)
    for data, _ in images:
        svg = base64.b64decode(data).decode("utf-8")
        assert svg.startswith("<svg")
        # Typed text may say an address; the picture never links to one or runs anything.
        assert 'href="http' not in svg and "<a " not in svg and "<script" not in svg
    assert "https://" not in html  # nothing to fetch: no font, script or picture elsewhere
    assert [u for u in built["requests"] if not u.startswith(("data:", "about:"))] == []


def test_what_people_typed_is_text_in_the_html(built: dict[str, Any]) -> None:
    html = built["html"]
    assert "<script" not in html and "<img src=x" not in html and "<b>Eve" not in html
    assert "<a href='http://evil" not in html and "</style><script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Moor" in html  # ward table and map
    assert "=HYPERLINK(&#34;http://evil.example/x&#34;,&#34;Click me&#34;)" in html
    assert "&lt;img src=x onerror=alert(3)&gt;Fix the referral form" in html
    assert "&lt;a href=&#39;http://evil.example/n&#39;&gt;Who funds this?&lt;/a&gt;" in html
    assert "For &lt;/style&gt;&lt;script&gt;alert(4)&lt;/script&gt; Scrutiny Committee" in html


def test_what_people_typed_is_text_in_the_pdf(built: dict[str, Any]) -> None:
    text = " ".join(built["pages"])
    for typed in (WARD_NAME, "<img src=x onerror=alert(3)>Fix the referral", MEETING,
                  "Who funds this?</a>", "=1+2", "<b>Eve</b>"):
        assert typed in text, typed
    assert '=HYPERLINK("http://evil.example/x","Click' in text
    links = [annot.get_object().get("/A", {}).get("/URI")
             for page in built["reader"].pages for annot in page.get("/Annots") or []]
    assert not [u for u in links if u], links  # no typed address became a link


def test_pages_of_the_pdf_as_pictures(built: dict[str, Any]) -> None:
    """The cover, the wall's landscape page and the workshop page, for a person to look at."""
    import pypdfium2

    SHOTS.mkdir(parents=True, exist_ok=True)
    document = pypdfium2.PdfDocument(built["pdf"])
    pages = built["pages"]
    wanted = {"cover": 0, "wall": next(i for i, p in enumerate(pages)
                                       if "2 The mapping wall" in p[:120]),
              "workshop": next(i for i, p in enumerate(pages)
                               if "6 Workshop outputs" in p[:120])}
    for name, index in wanted.items():
        picture = document[index].render(scale=1.5).to_pil()
        picture.save(SHOTS / f"papers-pdf-{name}.png")
        width, height = picture.size
        assert (width > height) == (name == "wall")  # the wall's picture is printed wide
        colours = picture.convert("L").getextrema()
        assert colours[0] < 40 and colours[1] > 240  # ink on paper, not a blank page
