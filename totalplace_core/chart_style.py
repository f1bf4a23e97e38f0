"""Colours and layout every chart of the app shares: one colour-blind-safe palette."""

from __future__ import annotations

import plotly.graph_objects as go

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


def base_layout(fig: go.Figure, present: bool, height: int) -> go.Figure:
    size = 24 if present else 15
    fig.update_xaxes(tickfont={"size": size, "color": "#14181F"})
    fig.update_yaxes(tickfont={"size": size, "color": "#14181F"})
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        font={"size": size, "color": "#14181F"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        showlegend=False,
    )
    return fig
