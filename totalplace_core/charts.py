"""Figure builders: data in, figure out. No Streamlit here."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from totalplace_core.money import format_gbp

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9",
    "#CC79A7", "#F0E442", "#000000", "#999999", "#882255",
)
BASIS_COLOURS: dict[str, str] = {"actual": "#0072B2", "estimate": "#E69F00", "proxy": "#CC79A7"}


def _layout(fig: go.Figure, present: bool, height: int) -> go.Figure:
    size = 22 if present else 14
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        font={"size": size, "color": "#14181F"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        showlegend=False,
    )
    return fig


def division_bars(by_division: pd.DataFrame, present: bool = False) -> go.Figure:
    """Horizontal bars of net spend by COFOG division, largest at the top."""
    frame = by_division.sort_values("amount_pence")
    labels = [format_gbp(p) for p in frame["amount_pence"]]
    fig = go.Figure(go.Bar(
        x=frame["amount_pence"] / 100,
        y=frame["name"],
        orientation="h",
        text=labels,
        textposition="outside",
        cliponaxis=False,
        marker_color=PALETTE[0],
        hovertemplate="%{y}: %{text}<extra></extra>",
    ))
    fig.update_xaxes(visible=False, range=[0, frame["amount_pence"].max() / 100 * 1.25])
    fig.update_yaxes(automargin=True)
    return _layout(fig, present, height=620 if present else 440)
