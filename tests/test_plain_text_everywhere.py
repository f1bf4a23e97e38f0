"""Text is text everywhere, without a browser: every chart module escapes typed text through
plain_text (one path), each chart built with hostile labels carries them escaped and draws no
tag, the map tooltips are given as typed (Streamlit escapes them), and HTML blocks escape.
tests/browser/test_hostile_text.py sweeps the pages themselves in Chromium."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from totalplace_core import plain_text, tables
from totalplace_core.assets import charts as asset_charts
from totalplace_core.count import charts as count_charts
from totalplace_core.journeys import charts as journey_charts
from totalplace_core.wall import charts as wall_charts
from totalplace_core.wall.sankey import Picture
from totalplace_core.wards import charts as ward_charts
from totalplace_core.workshop import charts as workshop_charts

REPO = Path(__file__).resolve().parents[1]
CHART_MODULES = ("count/charts.py", "wall/charts.py", "wall/sankey.py", "wall/display.py",
                 "workshop/charts.py", "wards/charts.py", "assets/charts.py",
                 "journeys/charts.py")
# What a hostile spreadsheet or participant types; 203.0.113.1 is TEST-NET-3 (never routed).
HOSTILE = ("<img src=http://203.0.113.1/x.png onerror=alert(1)>", "[click](javascript:alert(1))",
           "![x](http://203.0.113.1/x.png)", "**bold**", "<b>bold</b>",
           "<script>alert(1)</script>", "=cmd|' /C calc'!A0",
           '<a href="http://203.0.113.1/a">link</a>', "<http://203.0.113.1/auto>",
           "Smith & Sons \"quoted\" 'single'")
# A tag plotly (or a browser) would act on, written raw.
RAW_TAG = re.compile(r"<(img|script|a |a>|b>|i>|span|iframe)", re.I)


def _texts(spec: object) -> list[str]:
    """Every string in a figure's JSON."""
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict):
        return [t for v in spec.values() for t in _texts(v)]
    if isinstance(spec, list):
        return [t for v in spec for t in _texts(v)]
    return []


def _assert_text_not_markup(fig, whole: bool = True) -> str:
    """No hostile tag raw in the figure; `whole`: each hostile value is there, escaped (not
    where a label is wrapped over lines)."""
    texts = " ".join(_texts(json.loads(fig.to_json())))
    for raw in (h for h in HOSTILE if RAW_TAG.search(h)):
        assert raw not in texts, f"{raw!r} is in the figure as markup"
    assert "<img" not in texts and "<script" not in texts and "<a " not in texts
    if not whole:
        return texts
    assert "&lt;img src=http://203.0.113.1/x.png onerror=alert(1)&gt;" in texts
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in texts
    assert "&lt;b&gt;bold&lt;/b&gt;" in texts
    assert "Smith &amp; Sons \"quoted\" 'single'" in texts  # quotes as typed: plotly shows them
    assert "&quot;" not in texts and "&#x27;" not in texts
    return texts


def _names(n: int = len(HOSTILE)) -> list[str]:
    return [f"{HOSTILE[i % len(HOSTILE)]} {i}" for i in range(n)]


# -- the one path ----------------------------------------------------------------------------
def test_chart_modules_escape_only_through_plain_text() -> None:
    """No chart module imports `html` or escapes by hand; those that show typed text import
    plain_text's helpers."""
    for name in CHART_MODULES:
        source = (REPO / "totalplace_core" / name).read_text()
        imported = {a.name for node in ast.walk(ast.parse(source))
                    if isinstance(node, ast.Import) for a in node.names}
        assert "html" not in imported, f"{name} escapes by itself"
        assert "escape(" not in source, f"{name} escapes by itself"
    for name in ("count/charts.py", "wall/charts.py", "workshop/charts.py", "wards/charts.py",
                 "assets/charts.py", "journeys/charts.py"):
        assert "totalplace_core.plain_text" in (REPO / "totalplace_core" / name).read_text()


@pytest.mark.parametrize("typed", HOSTILE)
def test_each_escaper_keeps_the_words_and_drops_the_markup(typed: str) -> None:
    shown = plain_text.chart_text(typed)
    assert "<" not in shown and ">" not in shown
    assert shown.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == typed
    assert "<" not in plain_text.html_text(typed) and '"' not in plain_text.html_text(typed)
    assert re.search(r"(?<!\\)[\[\]*!<>]", plain_text.plain(typed)) is None


def test_missing_values_show_as_nothing() -> None:
    for missing in (None, float("nan"), pd.NA, pd.NaT):
        assert plain_text.chart_text(missing) == "" and plain_text.html_text(missing) == ""


# -- each chart, built with hostile labels ---------------------------------------------------
def test_count_charts_escape_names_of_bodies_themes_and_functions() -> None:
    names = _names()
    frame = pd.DataFrame({"name": names, "amount_pence": range(100, 100 * (len(names) + 1), 100)})
    _assert_text_not_markup(count_charts.division_bars(frame))
    _assert_text_not_markup(count_charts.share_bars(frame.rename(columns={"name": "org_name"}),
                                                    "org_name", top=len(names)))
    compare = frame.assign(change_pence=5, real_change_pence=4)
    _assert_text_not_markup(count_charts.change_bars(compare))
    tree = pd.DataFrame({"id": [f"10/{i}" for i in range(len(names))],
                         "parent": [""] * len(names), "label": names,
                         "amount_pence": [100] * len(names)})
    _assert_text_not_markup(count_charts.spend_treemap(tree))


def test_sankey_escapes_node_names_short_names_and_streams() -> None:
    names = _names(4)
    nodes = pd.DataFrame({"key": list("ABCD"), "name": names, "short": names,
                          "tier": ["source", "intermediary", "service", "citizen"],
                          "column": [0, 1, 2, 3], "total_pence": [10_000] * 4,
                          "members": [[k] for k in "ABCD"], "open_notes": [0, 1, 0, 0]})
    links = pd.DataFrame({"source": list("ABC"), "target": list("BCD"),
                          "value_pence": [10_000] * 3, "flows": [1] * 3,
                          "streams": [HOSTILE[4], HOSTILE[5], HOSTILE[9]],
                          "open_notes": [0, 1, 0], "link_code": ["A>B", "B>C", "C>D"]})
    texts = _assert_text_not_markup(wall_charts.sankey(Picture(nodes, links, 0, 0)))
    assert "<b>£" in texts  # the app's own markup is kept


def test_force_field_escapes_wording_and_authors_in_labels_and_hovers() -> None:
    board = pd.DataFrame({"side": ["driving", "restraining"] * 5, "text": _names(10),
                          "strength": [1, 2, 3, 4, 5] * 2, "authors": list(HOSTILE)})
    fig = workshop_charts.force_field(board)
    _assert_text_not_markup(fig)
    hover = " ".join(fig.data[0].text) + json.dumps(fig.data[0].customdata)
    assert "&lt;img" in hover and "<img" not in hover


def test_workshop_board_html_escapes_every_typed_word() -> None:
    cards = workshop_charts.answer_cards_html(list(zip(HOSTILE, HOSTILE, strict=True)),
                                              "objective")
    blocks = (cards, workshop_charts.entry_list_html(list(HOSTILE)),
              workshop_charts.stage_banner_html(1, "Objective", HOSTILE[0], list(HOSTILE)),
              workshop_charts.places_line_html([(h, False) for h in HOSTILE]),
              workshop_charts.place_line_html(HOSTILE[5], True))
    for block in blocks:
        assert "<img src=http" not in block and "<script>" not in block and "<b>bold" not in block
        assert 'href="http://203' not in block


def test_journey_charts_escape_services_bodies_and_notes() -> None:
    n = len(HOSTILE)
    stops = pd.DataFrame({
        "touch_date": pd.date_range("2009-04-01", periods=n, freq="14D"),
        "org_code": [f"B{i % 3}" for i in range(n)], "org_name": [HOSTILE[i % 3] for i in range(n)],
        "service": list(HOSTILE), "total_pence": [1000] * n, "direct_pence": [800] * n,
        "staff_pence": [100] * n, "travel_pence": [100] * n,
        "running_pence": [1000 * (i + 1) for i in range(n)],
        "emotional_mark": [-2, -1, 0, 1, 2] * (n // 5), "emotional_note": list(HOSTILE),
        "is_avoidable": [True, False] * (n // 2), "note": list(HOSTILE)})
    _assert_text_not_markup(journey_charts.timeline(stops))
    redesign = pd.DataFrame({"org_name": _names(), "saving_pence": [(-1) ** i * 500 * (i + 1)
                                                                  for i in range(n)]})
    for phone in (False, True):
        _assert_text_not_markup(journey_charts.redesign_bars(redesign, phone=phone),
                                whole=not phone)


def test_asset_totals_bars_and_keys_escape_names() -> None:
    frame = pd.DataFrame({"label": _names(), "running_cost_pence": [10_000] * len(HOSTILE),
                          "under_used_pence": [2_000] * len(HOSTILE)})
    _assert_text_not_markup(asset_charts.totals_bars(frame, 60))
    colours = {f"C{i}": asset_charts.BODY_COLOURS[i] for i in range(len(HOSTILE) - 1)}
    key = asset_charts.legend_html(colours, dict(zip(colours, HOSTILE, strict=False)),
                                   "running_cost_pence")
    assert "<img src=http" not in key and "<script>" not in key and "&lt;b&gt;bold" in key


def test_map_tooltips_carry_names_as_typed_for_streamlit_to_escape() -> None:
    """Streamlit (1.67: DeckGlJsonChart) HTML-escapes every {field} it puts in a tooltip;
    escaping here as well would show '&amp;' for '&'. The browser sweep hovers a ward to
    check that what is drawn is the typed text."""
    outline = {"type": "Polygon", "coordinates": [[[0, 0], [0, 0.01], [0.01, 0.01],
                                                   [0.01, 0], [0, 0]]]}
    table = pd.DataFrame({"ward_code": ["W1"], "ward_name": [HOSTILE[9]], "per_head_pence": [5],
                          "amount_pence": [500], "proxy_share_pct": [10.0]})
    wards = pd.DataFrame({"ward_code": ["W1"], "ward_name": [HOSTILE[9]],
                          "geometry_geojson": [json.dumps(outline)]})
    deck = ward_charts.ward_map(table, wards)
    features = json.loads(deck.to_json())["layers"][0]["data"]["features"]
    assert features[0]["properties"]["name"] == HOSTILE[9]
    assert "{name}" in deck._tooltip["html"]
    assert "<img src=http" not in ward_charts.legend_html(table)


def test_html_table_escapes_headers_and_cells() -> None:
    out = tables.html_table(pd.DataFrame({HOSTILE[0]: list(HOSTILE)}))
    assert "<img src=http" not in out and "<script>" not in out and "<b>bold" not in out
    assert "&lt;img src=http://203.0.113.1/x.png onerror=alert(1)&gt;" in out
