"""Mapping wall figures: the Sankey of flows and the hand-over distribution. No Streamlit.

Every value handed to plotly is a plain list (so a page's chart spec is plain JSON), and every
piece of text a person typed (node names, stream names) goes through plain_text.chart_text:
plotly reads a little HTML in labels and hover text, and typed text must show as typed.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from totalplace_core.chart_style import INK, PALETTE
from totalplace_core.classifications import NODE_TIERS
from totalplace_core.money import format_gbp
from totalplace_core.plain_text import chart_text
from totalplace_core.wall.sankey import Picture

TIER_COLOURS: dict[str, str] = dict(zip(NODE_TIERS, (PALETTE[0], PALETTE[1], PALETTE[2],
                                                     PALETTE[5]), strict=True))
TIER_HEADINGS: dict[str, str] = {"source": "SOURCES", "intermediary": "BODIES",
                                 "service": "SERVICES", "citizen": "PEOPLE"}
NOTE_COLOUR = "rgba(213, 94, 0, 0.75)"  # Okabe-Ito vermillion: a link with open notes
HAND_OVER_COLOURS = (PALETTE[2], PALETTE[4], PALETTE[1], PALETTE[3], PALETTE[5], PALETTE[9])
# Download from the chart's own toolbar: drawn in the browser, so it works offline.
SANKEY_CONFIG: dict = {
    "displayModeBar": "hover", "displaylogo": False,
    "modeBarButtons": [["toImage"]],
    "toImageButtonOptions": {"format": "png", "filename": "mapping-wall", "scale": 2},
}


def _rgba(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def _size(present: bool) -> dict[str, int]:
    """Type and node sizes; `width` is the width the chart is expected to get (a projector
    without a sidebar, a desk screen with one), from which label widths are worked out."""
    if present:
        return {"font": 20, "height": 740, "width": 1820, "wrap": 24, "thickness": 26, "pad": 14}
    return {"font": 14, "height": 760, "width": 1480, "wrap": 26, "thickness": 20, "pad": 12}


def _wrap(size: dict[str, int], columns: int) -> int:
    """Characters of label per line: more where fewer columns leave more room (a label may
    run a little over the next column's links; plotly draws it with a white halo)."""
    unit = size["width"] / (columns + 0.5)  # the last gap is 2.5 units wide
    return max(size["wrap"], int((unit - size["thickness"] - 8) / (0.55 * size["font"])))


def node_label(name: str, total_pence: int, open_notes: int, wrap: int, lines: int = 3,
               short: str | None = None) -> str:
    """Escaped name with its total in £m (and its open notes) in at most `lines` lines: the
    whole name if it fits, else the short name (a body's code), else the name cut short."""
    money = f"<b>{format_gbp(total_pence)}</b>"
    notes = f" · {open_notes} note{'s' if open_notes != 1 else ''}" if open_notes else ""
    if lines < 1:
        return ""
    if lines == 1:
        one = name if len(name) <= wrap - 4 else (short or name)
        return f"{chart_text(_cut(one, wrap - 4))} {money}{notes}"
    room = min(lines - 1, 2)
    wrapped = textwrap.wrap(name, wrap) or [""]
    if len(wrapped) > room and short and len(short) <= wrap:
        wrapped = [short]
    if len(wrapped) > room:
        wrapped = [*wrapped[: room - 1], _cut(" ".join(wrapped[room - 1:]), wrap)]
    return "<br>".join([*(chart_text(line) for line in wrapped), money + notes])


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip(" ,") + "…"


def _d3_scale(nodes: pd.DataFrame, links: pd.DataFrame, height: float, pad: float) -> float:
    """Pixels per penny plotly will draw nodes at: d3-sankey's own layering (longest path from
    the sources, sinks in the last layer) and its `ky`. Node positions must use the same."""
    keys = list(nodes["key"])
    outs = {k: set(links.loc[links["source"] == k, "target"]) for k in keys}
    depth, current, layer_count = {}, set(keys), 0
    while current:
        for k in current:
            depth[k] = layer_count
        current = set().union(*(outs[k] for k in current))
        layer_count += 1
        if layer_count > len(keys):  # a cycle: plotly lays it out its own way
            return (height - (len(keys) - 1) * pad) / max(nodes["total_pence"].sum(), 1)
    layer = {k: depth[k] if outs[k] else layer_count - 1 for k in keys}
    value = dict(zip(keys, nodes["total_pence"], strict=True))
    by_layer: dict[int, list[str]] = {}
    for k, n in layer.items():
        by_layer.setdefault(n, []).append(k)
    longest = max(len(c) for c in by_layer.values())
    gap = min(pad, height / (longest - 1)) if longest > 1 else pad
    return min((height - (len(c) - 1) * gap) / max(sum(value[k] for k in c), 1)
               for c in by_layer.values())


def _positions(nodes: pd.DataFrame, links: pd.DataFrame, height: float, pad: float,
               line: float) -> tuple[list[float], list[float], list[int]]:
    """x by column; y stacked within a column in the order of what feeds each node, spread
    over the height; and how many lines of label each node has room for."""
    last = max(int(nodes["column"].max()), 1)
    scale = _d3_scale(nodes, links, height, pad)
    y: dict[str, float] = {}
    room: dict[str, int] = {}
    for _, part in sorted(nodes.groupby("column")):
        order = [round(_feeder_y(k, links, y, t), 4)  # equal feeders: biggest first
                 for k, t in zip(part["key"], part["total_pence"], strict=True)]
        part = part.assign(order=order, size=-part["total_pence"]).sort_values(
            ["order", "size", "key"])
        sizes = [t * scale for t in part["total_pence"]]
        spare = height - sum(sizes)
        gap = min(spare / (len(sizes) - 1), 4 * line) if len(sizes) > 1 else 0.0
        top = max((height - sum(sizes) - gap * (len(sizes) - 1)) / 2, 0.0)
        for key, size in zip(part["key"], sizes, strict=True):
            y[key] = min(max((top + size / 2) / height, 0.001), 0.999)
            room[key] = int((size + gap) // line)
            top += size + gap
    # The last gap is 2.5 times as wide: labels of services (right of their nodes) and of
    # people (left of theirs, at the edge) share it.
    x = [0.999 if c == last else 0.001 + 0.998 * c / (last + 1.5) for c in nodes["column"]]
    return x, [y[k] for k in nodes["key"]], [room[k] for k in nodes["key"]]


def _feeder_y(key: str, links: pd.DataFrame, placed: dict[str, float], total: int) -> float:
    feeds = links[(links["target"] == key) & links["source"].isin(placed)]
    if feeds.empty or not feeds["value_pence"].sum():
        return -float(total)  # nothing placed feeds it: biggest at the top
    weights = feeds["value_pence"]
    return float((feeds["source"].map(placed) * weights).sum() / weights.sum())


def sankey(pic: Picture, present: bool = False) -> go.Figure:
    """The wall: nodes coloured by tier with their totals, links as wide as the money."""
    size = _size(present)
    nodes, links = pic.nodes.reset_index(drop=True), pic.links
    index = {k: i for i, k in enumerate(nodes["key"])}
    x, y, room = _positions(nodes, links, size["height"] - 100, size["pad"], size["font"] * 1.25)
    wrap = _wrap(size, int(nodes["column"].max()) + 1 if len(nodes) else 1)
    names = [chart_text(n) for n in nodes["name"]]
    fig = go.Figure(go.Sankey(
        arrangement="snap",  # keeps these positions, nudging apart any nodes that overlap
        node={"label": [node_label(r.name, r.total_pence, r.open_notes, wrap, lines, r.short)
                        for r, lines in zip(nodes.itertuples(), room, strict=True)],
              "x": x, "y": y, "pad": size["pad"], "thickness": size["thickness"],
              "color": [TIER_COLOURS[t] for t in nodes["tier"]],
              "line": {"color": "white", "width": 1},
              "customdata": [f"{n}: {format_gbp(t)}" for n, t in
                             zip(names, nodes["total_pence"], strict=True)],
              "hovertemplate": "%{customdata}<extra></extra>"},
        link={"source": [index[s] for s in links["source"]],
              "target": [index[t] for t in links["target"]],
              "value": [p / 100 for p in links["value_pence"]],
              "color": [NOTE_COLOUR if n else _rgba(TIER_COLOURS[nodes["tier"][index[s]]], 0.45)
                        for s, n in zip(links["source"], links["open_notes"], strict=True)],
              "customdata": [_link_hover(r, names, index) for r in links.itertuples()],
              "hovertemplate": "%{customdata}<extra></extra>"},
        textfont={"size": size["font"], "color": INK, "family": "sans-serif"},
    ))
    fig.update_layout(height=size["height"], margin={"l": 8, "r": 8, "t": 72, "b": 28},
                      paper_bgcolor="white", font={"size": size["font"], "color": INK},
                      annotations=_headings(nodes, x, size["font"]),
                      shapes=_heading_bars(nodes, x, size["font"]))
    return fig


def _link_hover(row, names: list[str], index: dict[str, int]) -> str:
    notes = f"<br>{row.open_notes} open note(s)" if row.open_notes else ""
    return (f"{names[index[row.source]]} → {names[index[row.target]]}: "
            f"{format_gbp(row.value_pence)}<br>{chart_text(row.streams)}{notes}")


def _heading_places(nodes: pd.DataFrame, x: list[float]) -> list[tuple[str, float, str]]:
    """(tier, x, anchor) of each column heading: over the tier's first column."""
    first = nodes.assign(x=x).groupby("tier")["x"].min()
    return [(tier, float(first[tier]), "left" if first[tier] < 0.5 and tier != "citizen"
             else "right") for tier in NODE_TIERS if tier in first.index]


def _headings(nodes: pd.DataFrame, x: list[float], font: int) -> list[dict]:
    """Column headings in ink (the tier colours are too light for text on white: orange
    2.25:1); each tier's colour is the bar under its heading (_heading_bars)."""
    return [{"text": f"<b>{TIER_HEADINGS[tier]}</b>", "x": at, "y": 1.0, "xref": "paper",
             "yref": "paper", "yanchor": "bottom", "yshift": 34, "xanchor": anchor,
             "showarrow": False, "font": {"size": font, "color": INK}}
            for tier, at, anchor in _heading_places(nodes, x)]


def _heading_bars(nodes: pd.DataFrame, x: list[float], font: int) -> list[dict]:
    """A bar in the tier's colour under each heading, as wide as the heading (in pixels)."""
    bars = []
    for tier, at, anchor in _heading_places(nodes, x):
        width = 0.78 * font * len(TIER_HEADINGS[tier])
        bars.append({"type": "rect", "xref": "paper", "yref": "paper",
                     "xsizemode": "pixel", "ysizemode": "pixel", "xanchor": at, "yanchor": 1.0,
                     "x0": 0 if anchor == "left" else -width,
                     "x1": width if anchor == "left" else 0,
                     "y0": 26, "y1": 31, "fillcolor": TIER_COLOURS[tier], "line": {"width": 0},
                     "layer": "above"})
    return bars


def hand_over_bars(dist: pd.DataFrame, present: bool = False) -> go.Figure:
    """Money reaching people by the number of hand-overs on the way."""
    font = 22 if present else 15
    labels = [f"{k} hand-over{'s' if k != 1 else ''}" for k in dist["hand_overs"]]
    fig = go.Figure(go.Bar(
        x=labels, y=[p / 100 for p in dist["delivered_pence"]],
        text=[f"{format_gbp(p)} · {s:.0f}%" if s >= 1 or not p else
              f"{format_gbp(p)} · <1%" for p, s in
              zip(dist["delivered_pence"], dist["share_pct"], strict=True)],
        textposition="outside", cliponaxis=False,
        marker_color=[HAND_OVER_COLOURS[min(k, len(HAND_OVER_COLOURS) - 1)]
                      for k in dist["hand_overs"]],
        hovertemplate="%{x}: %{text}<extra></extra>",
    ))
    top = max([p / 100 for p in dist["delivered_pence"]] or [1])
    fig.update_yaxes(visible=False, range=[0, top * 1.2])
    fig.update_xaxes(tickfont={"size": font, "color": INK})
    fig.update_layout(height=420 if present else 340, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      font={"size": font, "color": INK}, paper_bgcolor="white",
                      plot_bgcolor="white", showlegend=False)
    return fig
