"""Chart text that axe cannot see: every piece of text a chart draws (plotly's SVG, deck.gl's
canvas) against what it is drawn on, at WCAG's 4.5:1 at a desk and 7:1 when projected.

Every chart the app builds is built from the demo place, at a desk and projected, and walked:
annotations, text on and beside bars, treemap tiles, Sankey labels, axis ticks and titles,
legends, and the maps' text layers. Where plotly would pick a text colour itself (text inside
a coloured tile or bar with no colour set), that is a failure: it picks #444 or white by its
own rule, which gave 3.18:1 on the treemap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go
import pydeck as pdk
import pytest

from totalplace_core import chart_style as cs
from totalplace_core import workshop as ws
from totalplace_core.assets import charts as asset_charts
from totalplace_core.assets import service as assets
from totalplace_core.count import charts as count_charts
from totalplace_core.count import service as count_service
from totalplace_core.journeys import charts as journey_charts
from totalplace_core.journeys import service as journeys
from totalplace_core.store import Store
from totalplace_core.wall import charts as wall_charts
from totalplace_core.wall import service as wall_service
from totalplace_core.wards import charts as ward_charts
from totalplace_core.wards import service as wards_service
from totalplace_core.workshop import charts as workshop_charts

PLACE, YEAR = "Harrowdale", "2009-10"
PLOTLY_INK = "#444"  # plotly.js's own default text colour, when nothing sets one
MODES = {"desk": False, "present": True}


@dataclass(frozen=True)
class Text:
    """One piece of chart text: its colour (None: plotly would pick one) on a background."""

    element: str
    colour: object
    background: object

    def ratio(self) -> float:
        return 0.0 if self.colour is None else cs.contrast(cs.over(self.colour, self.background),
                                                           self.background)


# -- the charts, built as the pages build them -------------------------------------------------
def _count_figures(store: Store, present: bool) -> Iterator[tuple[str, go.Figure]]:
    view = count_service.count_view(store, PLACE, YEAR)
    yield "count: function bars", count_charts.division_bars(view.count.by_division, present)
    yield "count: treemap", count_charts.spend_treemap(count_service.tree(view.parts), present)
    yield "count: basis bar", count_charts.basis_bar(view.count.basis_pence, present)
    yield "count: body bars", count_charts.share_bars(
        count_service.shares(view.parts, "org_name"), "org_name", present)
    yield "count: theme bars", count_charts.share_bars(count_service.by_theme(
        view.parts, view.mapping, next(iter(count_service.SCHEMES))), "theme", present)
    yield "count: change bars", count_charts.change_bars(
        count_service.compare_years(store, PLACE, "2008-09", YEAR), present)


def _wall_figures(store: Store, present: bool) -> Iterator[tuple[str, go.Figure]]:
    view = wall_service.wall_view(store, PLACE, YEAR)
    yield "wall: sankey", wall_charts.sankey(view.picture, present)
    yield "wall: hand-over bars", wall_charts.hand_over_bars(view.distribution, present)


def _other_figures(store: Store, present: bool) -> Iterator[tuple[str, go.Figure]]:
    by_body = assets.totals(store, PLACE, by="body")
    yield "assets: totals bars", asset_charts.totals_bars(by_body, 60, present)
    for case in journeys.case_studies(store, PLACE)["case_code"]:
        family = journeys.journey(store, PLACE, case, YEAR)
        for phone in (False, True):
            where = f"{case}{' phone' if phone else ''}"
            yield (f"journeys: timeline {where}",
                   journey_charts.timeline(family.scenario("current"), present, phone))
            yield (f"journeys: redesign {where}",
                   journey_charts.redesign_bars(journeys.redesign_table(family), present, phone))
    for session in ws.sessions(store, PLACE).query("kind == 'force_field'")["session_id"]:
        board = ws.force_board(store, session).combined
        yield "workshop: force field", workshop_charts.force_field(board, present, top=5)
        if not present:
            yield "workshop: force field, half width", workshop_charts.force_field(
                board, narrow=True)


def _maps(store: Store, present: bool) -> Iterator[tuple[str, pdk.Deck]]:
    choices = wards_service.choices(store, PLACE, YEAR)
    table = wards_service.wards(store, PLACE, YEAR)
    picked = str(table["ward_code"].iloc[0])
    yield "wards: map", ward_charts.ward_map(table, choices.wards, picked, present)
    places = assets.choices(store, PLACE)
    colours = asset_charts.body_colours(assets.totals(store, PLACE, by="body"))
    yield "assets: map", asset_charts.asset_map(
        assets.assets(store, PLACE), places.outlines, assets.colocation(store, PLACE).groups,
        colours, present=present)


@pytest.fixture(scope="module")
def built(demo_db: Path) -> dict[str, list[tuple[str, object]]]:
    with Store(demo_db) as store:
        return {mode: [*_count_figures(store, present), *_wall_figures(store, present),
                       *_other_figures(store, present), *_maps(store, present)]
                for mode, present in MODES.items()}


# -- walking a plotly figure -------------------------------------------------------------------
def _plain(text: object) -> str:
    return re.sub(r"<[^>]+>", "", str(text))[:40]


def _each(value: object, n: int) -> list:
    return list(value) if isinstance(value, list | tuple) else [value] * n


def _first(*colours: object) -> object:
    return next((c for c in colours if c is not None), None)


class Plot:
    """A figure's colours as plotly.js resolves them: set on the element, else the layout's,
    else the template's, else plotly's own."""

    def __init__(self, fig: go.Figure) -> None:
        self.fig, self.layout, self.template = fig, fig.layout, fig.layout.template.layout
        self.ink = _first(self.layout.font.color, self.template.font.color, PLOTLY_INK)
        self.paper = _first(self.layout.paper_bgcolor, self.template.paper_bgcolor, "white")
        self.plot = _first(self.layout.plot_bgcolor, self.template.plot_bgcolor, "white")

    def texts(self) -> Iterator[Text]:
        yield from self._annotations()
        yield from self._axes()
        yield from self._legends()
        for i, trace in enumerate(self.fig.data):
            walk = getattr(self, f"_{trace.type}", None)
            if walk is None:
                yield Text(f"trace {i}: no rule for a {trace.type} (add one here)", None, "white")
            else:
                yield from walk(trace, f"{trace.type} {trace.name or i}")

    def _annotations(self) -> Iterator[Text]:
        for note in self.layout.annotations:
            if note.text and note.visible is not False:
                on_plot = str(note.xref).startswith("x") and str(note.yref).startswith("y")
                under = self.plot if on_plot else self.paper
                back = cs.over(note.bgcolor, under) if note.bgcolor else under
                yield Text(f"annotation {_plain(note.text)!r}", _first(note.font.color,
                                                                        self.ink), back)

    def _axes(self) -> Iterator[Text]:
        if not any(hasattr(t, "xaxis") for t in self.fig.data):
            return  # no cartesian axes drawn (a treemap, a Sankey)
        axes = [self.layout[k] for k in self.layout.to_plotly_json()
                if re.fullmatch(r"[xy]axis\d*", k)] or [self.layout.xaxis, self.layout.yaxis]
        for axis in axes:
            if axis.visible is False:
                continue
            if axis.showticklabels is not False:
                yield Text(f"{axis.plotly_name} ticks", _first(axis.tickfont.color, self.ink),
                           self.paper)
            if axis.title.text:
                yield Text(f"{axis.plotly_name} title", _first(axis.title.font.color, self.ink),
                           self.paper)

    def _legends(self) -> Iterator[Text]:
        listed = [t for t in self.fig.data if getattr(t, "showlegend", False) is not False]
        shown = self.layout.showlegend
        if shown is False or (shown is None and len(listed) < 2):
            return
        for key in {t.legend or "legend" for t in listed}:
            legend = self.layout[key]
            back = cs.over(legend.bgcolor, self.paper) if legend.bgcolor else self.paper
            yield Text(key, _first(legend.font.color, self.ink), back)

    def _bar(self, trace: go.Bar, name: str) -> Iterator[Text]:
        texts = _each(trace.text, len(trace.x if trace.x is not None else trace.y or []))
        at = _each(trace.textposition or "auto", len(texts))
        fills = _each(trace.marker.color, len(texts))
        plain, inside = _each(trace.textfont.color, len(texts)), _each(
            trace.insidetextfont.color, len(texts))
        outside = _each(trace.outsidetextfont.color, len(texts))
        for i, text in enumerate(texts):
            if not text or at[i] == "none":
                continue
            if at[i] in ("inside", "auto"):
                back = cs.over(fills[i], self.plot) if fills[i] is not None else None
                yield Text(f"{name} text {_plain(text)!r} on its bar ({fills[i]})",
                           _first(inside[i], plain[i]), back or "white")
            if at[i] in ("outside", "auto"):
                yield Text(f"{name} text {_plain(text)!r}",
                           _first(outside[i], plain[i], self.ink), self.plot)

    def _treemap(self, trace: go.Treemap, name: str) -> Iterator[Text]:
        n = len(trace.ids or trace.labels)
        fills = _each(trace.marker.colors, n)
        colours = [_first(a, b) for a, b in zip(_each(trace.insidetextfont.color, n),
                                                _each(trace.textfont.color, n), strict=True)]
        for label, fill, colour in zip(trace.labels, fills, colours, strict=True):
            yield Text(f"{name} tile {_plain(label)!r} ({fill})", colour,
                       cs.over(fill, self.paper) if fill else "white")

    def _sankey(self, trace: go.Sankey, name: str) -> Iterator[Text]:
        """Labels stand beside their nodes, on the paper; where one runs over a link, plotly
        rings it with a halo of the paper's colour (textfont.shadow "auto"). Without the halo,
        every link's colour is a background too."""
        if not any(trace.node.label or []):
            return
        colour = _first(trace.textfont.color, self.ink)
        yield Text(f"{name} node labels", colour, self.paper)
        if trace.textfont.shadow not in (None, "auto"):
            for link in dict.fromkeys(_each(trace.link.color, 1)):
                yield Text(f"{name} node labels over a link ({link})", colour,
                           cs.over(link, self.paper))

    def _scatter(self, trace: go.Scatter, name: str) -> Iterator[Text]:
        if "text" in str(trace.mode or ""):
            yield Text(f"{name} text", _first(trace.textfont.color, self.ink), self.plot)


# -- walking a deck.gl map ---------------------------------------------------------------------
def _layer_colours(layer: pdk.Layer, accessor: object) -> list:
    """A layer's colour: a constant, or read from each datum ("properties.fill", "fill")."""
    if not isinstance(accessor, str):
        return [accessor]
    data = layer.data if isinstance(layer.data, list) else layer.data.get("features", [])
    path = accessor.removeprefix("@@=").split(".")  # pydeck marks accessors with "@@="
    out = []
    for datum in data:
        for step in path:
            datum = datum[step]
        out.append(datum)
    return out


def map_texts(deck: pdk.Deck) -> Iterator[Text]:
    """Text layers against the page (white) and every fill drawn beneath them."""
    beneath = [cs.WHITE]
    for layer in deck.layers:
        kwargs = vars(layer)
        if layer.type == "TextLayer":
            text = kwargs.get("get_color", [0, 0, 0, 255])
            backs = beneath
            if kwargs.get("background"):
                box = kwargs.get("get_background_color", [255, 255, 255, 255])
                backs = [cs.over(box, b) for b in beneath]
            for back in dict.fromkeys(backs):
                yield Text(f"text layer {layer.id} on {back}", text, back)
        elif kwargs.get("filled", True) and "get_fill_color" in kwargs:
            fills = _layer_colours(layer, kwargs["get_fill_color"])
            beneath = [*beneath, *dict.fromkeys(cs.over(f, cs.WHITE) for f in map(tuple, fills))]


# -- the tests ---------------------------------------------------------------------------------
def _failures(charts: list[tuple[str, object]], present: bool) -> list[str]:
    need = cs.min_contrast(present)
    failed = []
    for chart, fig in charts:
        texts = map_texts(fig) if isinstance(fig, pdk.Deck) else Plot(fig).texts()
        for text in texts:
            if text.colour is None:
                failed.append(f"{chart}: {text.element}: no colour set, plotly picks one")
            elif (ratio := text.ratio()) < need:
                failed.append(f"{chart}: {text.element}: {text.colour} on {text.background} "
                              f"is {ratio:.2f}:1, under {need}:1")
    return sorted(set(failed))


@pytest.mark.parametrize("mode", list(MODES))
def test_every_charts_text_reads_on_what_it_is_drawn_on(built, mode: str) -> None:
    charts = built[mode]
    names = {name.split(":")[0] for name, _ in charts}
    assert names == {"count", "wall", "assets", "journeys", "workshop", "wards"}
    failed = _failures(charts, MODES[mode])
    shown = failed[:40] + ([f"... and {len(failed) - 40} more"] if len(failed) > 40 else [])
    assert not failed, f"{len(failed)} chart texts under the ratio ({mode}):\n" + \
        "\n".join(shown)


def test_the_walk_sees_text_plotly_would_colour_itself() -> None:
    """The check itself: an unset colour inside a tile or bar, and a pale label, both fail."""
    tiles = go.Figure(go.Treemap(ids=["a"], labels=["A"], parents=[""], values=[1],
                                 marker={"colors": ["#CC79A7"]}))
    bars = go.Figure(go.Bar(x=[1], y=["a"], text=["60%"], textposition="inside",
                            marker_color="#0072B2", textfont={"color": "white"}))
    bars.add_annotation(text="SOURCES", x=0, y=1, font={"color": "#E69F00"})
    failed = _failures([("tiles", tiles), ("bars", bars)], present=True)
    assert any("tiles" in f and "plotly picks" in f for f in failed)
    assert any("bars" in f and "#0072B2" in f and "5.1" in f for f in failed)
    assert any("SOURCES" in f and "#E69F00" in f for f in failed)


def test_contrast_is_wcags() -> None:
    assert cs.contrast("white", "#000000") == pytest.approx(21)
    assert cs.contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert cs.contrast("#D55E00", "white") == pytest.approx(3.87, abs=0.01)  # the issue's
    assert cs.over("rgba(0, 0, 0, 0.5)", "white") == "#808080"
    assert cs.over([20, 24, 31, 255], "#FFFFFF") == "#14181F"


@pytest.mark.parametrize("present", [False, True])
def test_every_palette_colour_can_carry_text(present: bool) -> None:
    palettes = [*cs.PALETTE, *cs.DIVISION_COLOURS.values(), *cs.BASIS_COLOURS.values()]
    for colour in palettes:
        fill = cs.fill_for_text(colour, present)
        assert cs.contrast(cs.text_on(fill), fill) >= cs.min_contrast(present), colour
        if not present:
            assert fill == colour.upper(), "at a desk the palette carries text as it is"
