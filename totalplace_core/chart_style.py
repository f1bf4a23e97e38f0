"""Colours and layout every chart of the app shares: one colour-blind-safe palette, and text
that reads on whatever it is drawn on (WCAG contrast: 4.5:1 at a desk, 7:1 when projected).

A chart's own text (labels in an SVG or a deck.gl canvas) is out of reach of the browser's
accessibility checks, so its colours are chosen here and checked by tests/test_chart_contrast.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import plotly.graph_objects as go

INK, WHITE = "#14181F", "#FFFFFF"  # the app's text colour, and text on dark fills
MIN_CONTRAST, MIN_CONTRAST_PRESENT = 4.5, 7.0  # WCAG 2 AA; AAA when projecting

# Okabe-Ito: distinguishable with the common forms of colour blindness.
# The biggest functions get the strongest colours.
PALETTE: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9",
    "#CC79A7", "#F0E442", "#000000", "#999999", "#882255",
)
DIVISION_COLOURS: dict[str, str] = {
    "10": "#0072B2", "07": "#009E73", "09": "#E69F00", "01": "#56B4E9", "03": "#D55E00",
    "04": "#CC79A7", "06": "#882255", "05": "#999999", "08": "#F0E442", "02": "#000000",
}
BASIS_COLOURS: dict[str, str] = {"actual": "#0072B2", "estimate": "#E69F00", "proxy": "#CC79A7"}

Colour = str | Sequence[float]  # "#RRGGBB", "rgb(...)", "rgba(...)", a name, or [r, g, b(, a)]
_NAMES = {"white": (255, 255, 255, 1.0), "black": (0, 0, 0, 1.0),
          "transparent": (0, 0, 0, 0.0)}


def rgba(colour: Colour) -> tuple[float, float, float, float]:
    """Red, green, blue (0-255) and alpha (0-1) of a plotly colour or a deck.gl [r, g, b, a]."""
    if not isinstance(colour, str):
        r, g, b, *a = colour
        return float(r), float(g), float(b), (a[0] / 255 if a else 1.0)
    text = colour.strip().lower()
    if text in _NAMES:
        return _NAMES[text]
    if text.startswith("#") and len(text) in (4, 7):
        digits = text[1:] if len(text) == 7 else "".join(c * 2 for c in text[1:])
        return (*(float(int(digits[i:i + 2], 16)) for i in (0, 2, 4)), 1.0)
    numbers = re.fullmatch(r"rgba?\(([^)]*)\)", text)
    if numbers:
        r, g, b, *a = (float(n) for n in numbers.group(1).split(","))
        return r, g, b, (a[0] if a else 1.0)
    raise ValueError(f"not a colour this app draws with: {colour!r}")


def hex_colour(colour: Colour) -> str:
    r, g, b, _ = rgba(colour)
    return "#{:02X}{:02X}{:02X}".format(*(round(c) for c in (r, g, b)))


def over(top: Colour, below: Colour) -> str:
    """`top` drawn over opaque `below`: what the eye sees of a translucent colour."""
    *front, alpha = rgba(top)
    back = rgba(below)[:3]
    return hex_colour([f * alpha + b * (1 - alpha) for f, b in zip(front, back, strict=True)])


def luminance(colour: Colour) -> float:
    """WCAG 2 relative luminance (sRGB channels linearised, weighted for the eye)."""
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b, _ = rgba(colour)
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(a: Colour, b: Colour) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def min_contrast(present: bool) -> float:
    return MIN_CONTRAST_PRESENT if present else MIN_CONTRAST


def text_on(fill: Colour) -> str:
    """Ink or white, whichever reads better on `fill`: the text colour of a tile or bar."""
    return INK if contrast(INK, fill) >= contrast(WHITE, fill) else WHITE


def fill_for_text(fill: Colour, present: bool = False) -> str:
    """`fill` itself if its text colour (text_on) reads on it at the mode's ratio, else the
    fill stepped just far enough towards white (under ink) or black (under white): the hue
    and the text colour stay as they are at the desk."""
    need, text = min_contrast(present), text_on(fill)
    towards = WHITE if text == INK else "#000000"
    for step in range(0, 101, 2):
        stepped = _mix(fill, towards, step / 100)
        if contrast(text, stepped) >= need:
            return stepped
    return towards  # not reached: ink on white is 17:1, white on black 21:1


def _mix(colour: Colour, towards: Colour, share: float) -> str:
    a, b = rgba(colour)[:3], rgba(towards)[:3]
    return hex_colour([x + (y - x) * share for x, y in zip(a, b, strict=True)])


def base_layout(fig: go.Figure, present: bool, height: int) -> go.Figure:
    size = 24 if present else 15
    fig.update_xaxes(tickfont={"size": size, "color": INK})
    fig.update_yaxes(tickfont={"size": size, "color": INK})
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        font={"size": size, "color": INK},
        paper_bgcolor="white",
        plot_bgcolor="white",
        showlegend=False,
    )
    return fig
