"""Charts as static pictures for printed documents. A plotly figure is drawn to SVG by
plotly's own static export (kaleido), which drives the machine's Chromium; every chart of a
document is drawn in one browser start, and each becomes an <img> with its alt text, so the
document carries its pictures and prints offline. Nothing is fetched: kaleido loads the
plotly.js that ships inside the plotly package, and MathJax (which it would take from a CDN)
is switched off."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import plotly.graph_objects as go
from markupsafe import Markup

TIMEOUT_S = 60  # one chart; the first waits for the browser to start (about 2.5 s here)


@dataclass(frozen=True, eq=False)  # compared by identity: a document may draw one twice
class Chart:
    """A figure to draw, what it shows in words (the image's alt text), and the size in CSS
    pixels it is laid out at before the page scales it to its column."""

    figure: go.Figure
    alt: str
    width: int = 760
    height: int = 420


class ChartsNotDrawn(RuntimeError):
    """Kaleido or Chromium is missing or failed: the document is made without pictures."""


async def _export(charts: Sequence[Chart]) -> list[bytes]:
    import kaleido  # here, not at the top: importing it costs time a page rerun need not pay

    async with kaleido.Kaleido(n=1, timeout=TIMEOUT_S, mathjax=False) as k:
        return [await k.calc_fig(c.figure, opts={"format": "svg", "width": c.width,
                                                 "height": c.height}) for c in charts]


def _run(charts: Sequence[Chart]) -> list[bytes]:
    try:
        return asyncio.run(_export(charts))
    except Exception as exc:  # any failure of an optional picture: said, and the table stays
        raise ChartsNotDrawn(f"{type(exc).__name__}: {exc}".strip(": ")) from exc


def svgs(charts: Sequence[Chart]) -> list[bytes]:
    """The charts as SVG documents, drawn in one browser. asyncio.run refuses a thread where
    a loop runs (an async server, or Playwright's sync API in this thread), so it runs in a
    thread of its own."""
    if not charts:
        return []
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_run, charts).result()


def image(chart: Chart, svg: bytes) -> Markup:
    """The picture as an <img>: an SVG inside an <img> runs no script and loads nothing."""
    data = base64.b64encode(svg).decode("ascii")
    return Markup('<img class="chart" src="data:image/svg+xml;base64,{}" alt="{}" '
                  'width="{}" height="{}">').format(data, chart.alt, chart.width, chart.height)


def missing(chart: Chart, reason: str) -> Markup:
    """Where a picture could not be drawn: its description, and why it is not there."""
    return Markup('<div class="chart missing" role="img" aria-label="{0}"><p>{0}</p>'
                  '<p class="muted">The picture could not be drawn here ({1}); the table '
                  "beside it holds the same figures.</p></div>").format(chart.alt,
                                                                       reason)


def draw(charts: Sequence[Chart]) -> list[Markup]:
    """Each chart as an <img> (or, if no browser could draw them, as its description)."""
    try:
        drawn = svgs(charts)
    except ChartsNotDrawn as exc:
        return [missing(c, str(exc)) for c in charts]
    return [image(c, svg) for c, svg in zip(charts, drawn, strict=True)]
