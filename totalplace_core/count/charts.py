"""The count's figures: data in, figure out. No Streamlit here. Names people typed (bodies,
themes, functions) go through plain_text.chart_text: plotly reads labels as HTML."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from totalplace_core.chart_style import BASIS_COLOURS, DIVISION_COLOURS, PALETTE, base_layout
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


def spend_treemap(tree: pd.DataFrame, present: bool = False) -> go.Figure:
    """Division > group > body; click a box to drill in (lines are listed in a table)."""
    texts = [format_gbp(p) for p in tree["amount_pence"]]
    divisions = tree["id"].str.split("/").str[0]
    fig = go.Figure(go.Treemap(
        ids=tree["id"].tolist(), parents=tree["parent"].tolist(),
        labels=[chart_text(label) for label in tree["label"]],
        values=(tree["amount_pence"] / 100).tolist(), branchvalues="total", text=texts,
        texttemplate="<b>%{label}</b><br>%{text}",
        hovertemplate="%{label}<br>%{text}<extra></extra>",
        marker={"colors": [DIVISION_COLOURS.get(d, "#999999") for d in divisions]}, maxdepth=2,
        pathbar={"visible": True},
    ))
    fig.update_layout(uniformtext={"minsize": 16 if present else 11, "mode": "hide"})
    return base_layout(fig, present, height=540 if present else 560)


def basis_bar(basis_pence: dict[str, int], present: bool = False) -> go.Figure:
    """One stacked bar: how much of the count is actual, estimate, proxy."""
    total = sum(basis_pence.values()) or 1
    fig = go.Figure()
    for basis, pence in basis_pence.items():
        share = 100 * pence / total
        fig.add_bar(x=[share], y=[""], orientation="h", name=chart_text(basis),
                    marker_color=BASIS_COLOURS[basis],
                    text=[f"{basis} {share:.0f}%" if share >= 6 else ""],
                    textposition="inside", insidetextanchor="middle",
                    textfont={"color": "white" if basis != "estimate" else "black"},
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
    """Change by division between two years, in cash and real terms."""
    fig = go.Figure()
    for column, name, colour in (("change_pence", "cash", PALETTE[0]),
                                 ("real_change_pence", "real terms", PALETTE[1])):
        fig.add_bar(y=[chart_text(n) for n in compare["name"]],
                    x=(compare[column] / 100).tolist(), orientation="h", name=name,
                    marker_color=colour, text=[format_gbp(p) for p in compare[column]],
                    textposition="outside", cliponaxis=False)
    fig.update_layout(barmode="group", showlegend=True, legend={"orientation": "h", "y": 1.08})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(automargin=True, autorange="reversed")
    base_layout(fig, present, height=620 if present else 480)
    fig.update_layout(showlegend=True)
    return fig
