"""The count's figures: data in, figure out. No Streamlit here. Names people typed (bodies,
themes, functions) go through plain_text.chart_text: plotly reads labels as HTML."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from totalplace_core.chart_style import (
    BASIS_COLOURS,
    DIVISION_COLOURS,
    PALETTE,
    base_layout,
    fill_for_text,
    text_on,
)
from totalplace_core.money import format_gbp
from totalplace_core.plain_text import chart_text


def division_bars(by_division: pd.DataFrame, present: bool = False) -> go.Figure:
    """Horizontal bars of net spend by COFOG division, largest at the top."""
    frame = by_division.sort_values("amount_pence")
    labels = [format_gbp(p) for p in frame["amount_pence"]]
    fig = go.Figure(go.Bar(
        x=(frame["amount_pence"] / 100).tolist(),
        y=[chart_text(n) for n in frame["name"]],
        orientation="h",
        text=labels,
        textposition="outside",
        cliponaxis=False,
        marker_color=PALETTE[0],
        hovertemplate="%{y}: %{text}<extra></extra>",
    ))
    fig.update_xaxes(visible=False, range=[0, frame["amount_pence"].max() / 100 * 1.25])
    fig.update_yaxes(automargin=True)
    return base_layout(fig, present, height=620 if present else 440)


def drawable(tree: pd.DataFrame) -> pd.DataFrame:
    """The tree as boxes can show it: a box cannot have a negative area, and plotly draws
    nothing at all when one child is negative. So a leaf that nets to a credit (a body's
    refund bigger than its spend in a group) is left out of the picture, and each box is
    sized by what is drawn inside it (`drawn_pence`); its text still says its true amount,
    and the table beside the chart lists all. A few hundred rows: children before parents."""
    parent_of = dict(zip(tree["id"], tree["parent"], strict=True))
    has_children = set(tree["parent"])

    def depth(node: str) -> int:
        steps = 0
        while parent_of.get(node):
            node, steps = parent_of[node], steps + 1
        return steps

    size: dict[str, int] = {}
    for node, amount in sorted(zip(tree["id"], tree["amount_pence"], strict=True),
                               key=lambda row: -depth(row[0])):
        own = size.get(node, 0) if node in has_children else max(int(amount), 0)
        size[node] = own
        if parent_of[node]:
            size[parent_of[node]] = size.get(parent_of[node], 0) + own
    drawn = tree.assign(drawn_pence=tree["id"].map(size).astype("int64"))
    return drawn[drawn["drawn_pence"] > 0].reset_index(drop=True)


def spend_treemap(tree: pd.DataFrame, present: bool = False) -> go.Figure:
    """Division > group > body; click a box to drill in (lines are listed in a table). Each
    tile's text is ink or white, whichever reads on it, never left to plotly; projected, a
    tile too mid-toned for 7:1 either way is stepped lighter or darker."""
    tree = drawable(tree)
    texts = [format_gbp(p) for p in tree["amount_pence"]]
    fills = [fill_for_text(DIVISION_COLOURS.get(d, "#999999"), present)
             for d in tree["id"].str.split("/").str[0]]
    fig = go.Figure(go.Treemap(
        ids=tree["id"].tolist(), parents=tree["parent"].tolist(),
        labels=[chart_text(label) for label in tree["label"]],
        values=(tree["drawn_pence"] / 100).tolist(), branchvalues="total", text=texts,
        texttemplate="<b>%{label}</b><br>%{text}",
        hovertemplate="%{label}<br>%{text}<extra></extra>",
        marker={"colors": fills}, textfont={"color": [text_on(f) for f in fills]}, maxdepth=2,
        pathbar={"visible": True},
    ))
    fig.update_layout(uniformtext={"minsize": 16 if present else 11, "mode": "hide"})
    return base_layout(fig, present, height=540 if present else 560)


def basis_bar(basis_pence: dict[str, int], present: bool = False) -> go.Figure:
    """One stacked bar: how much of the count is actual, estimate, proxy, each part named on
    it in ink or white, whichever reads on its colour."""
    total = sum(basis_pence.values()) or 1
    fig = go.Figure()
    for basis, pence in basis_pence.items():
        share = 100 * pence / total
        fill = fill_for_text(BASIS_COLOURS[basis], present)
        fig.add_bar(x=[share], y=[""], orientation="h", name=chart_text(basis),
                    marker_color=fill, text=[f"{basis} {share:.0f}%" if share >= 6 else ""],
                    textposition="inside", insidetextanchor="middle",
                    textfont={"color": text_on(fill)},
                    hovertemplate=f"{basis}: {format_gbp(pence)} ({share:.1f}%)<extra></extra>")
    fig.update_layout(barmode="stack")
    fig.update_xaxes(visible=False, range=[0, 100])
    fig.update_yaxes(visible=False)
    return base_layout(fig, present, height=90 if present else 70)


def share_bars(frame: pd.DataFrame, label: str, present: bool = False,
               top: int = 15) -> go.Figure:
    """Bars for a `by(...)` frame: the biggest `top` rows, largest at the top."""
    return division_bars(frame.head(top).rename(columns={label: "name"}), present)


def change_bars(compare: pd.DataFrame, present: bool = False) -> go.Figure:
    """Change by division between two years, in cash and real terms: each bar says which it
    is ("£3.7m cash", "£1.3m real"), so no legend's colours need matching."""
    fig = go.Figure()
    values = []
    for column, name, word, colour in (("change_pence", "cash", "cash", PALETTE[0]),
                                       ("real_change_pence", "real terms", "real", PALETTE[1])):
        values += list(compare[column] / 100)
        fig.add_bar(y=[chart_text(n) for n in compare["name"]],
                    x=(compare[column] / 100).tolist(), orientation="h", name=name,
                    marker_color=colour, text=[f"{format_gbp(p)} {word}" for p in compare[column]],
                    textposition="outside", cliponaxis=False)
    low, high = min([0.0, *values]), max([0.0, *values])
    room = 0.3 * ((high - low) or 1)  # for the labels beyond the longest bars
    fig.update_layout(barmode="group")
    fig.update_xaxes(visible=False, range=[low - room if low < 0 else 0, high + room])
    fig.update_yaxes(automargin=True, autorange="reversed")
    return base_layout(fig, present, height=620 if present else 480)
