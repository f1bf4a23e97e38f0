"""A family's journey drawn: the year's cost building up stop by stop, stacked by agency, and
who saves and who invests when the journey is redesigned. Frames in, plotly figures out; no
Streamlit. Names, services and notes people typed go through plain_text.chart_text: plotly
reads labels as HTML."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from totalplace_core.chart_style import INK, base_layout
from totalplace_core.journeys.domain import feeling
from totalplace_core.money import format_gbp, format_gbp_full
from totalplace_core.plain_text import chart_text

# Okabe-Ito without vermillion (the low points) and black (the markers' ink): the agencies
# with the largest share of the year get a colour each, the rest share one grey.
AGENCY_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#56B4E9", "#CC79A7", "#882255", "#F0E442")
OTHERS, OTHERS_COLOUR = "Other bodies", "#999999"
LOW, SAVES, INVESTS = "#D55E00", "#0072B2", "#E69F00"


def _hover(stop: pd.Series) -> str:
    """One stop as the hover box reads it (every typed word escaped)."""
    lines = [f"{stop['day']:%d %b %Y}: <b>{chart_text(stop['service'])}</b>",
             chart_text(stop["org_name"]),
             f"{format_gbp_full(int(stop['total_pence']))} (direct "
             f"{format_gbp_full(int(stop['direct_pence']))}, staff time "
             f"{format_gbp_full(int(stop['staff_pence']))}, travel "
             f"{format_gbp_full(int(stop['travel_pence']))})",
             f"Running total {format_gbp_full(int(stop['running_pence']))}"]
    felt = feeling(stop["emotional_mark"])
    if felt:
        note = chart_text(stop["emotional_note"])
        lines.append(f"<b>A {felt}</b>" + (f": {note}" if note else ""))
    if bool(stop["is_avoidable"]):
        lines.append("Avoidable")
    if chart_text(stop["note"]):
        lines.append(chart_text(stop["note"]))
    return "<br>".join(lines)


def _bands(stops: pd.DataFrame, start: pd.Timestamp) -> tuple[pd.DataFrame, dict[str, str]]:
    """Each agency's running cost on every stop's day (columns largest first), from `start`
    at nothing; the agencies past the palette folded into one band."""
    by_size = stops.groupby("org_code")["total_pence"].sum().sort_values(ascending=False)
    names = stops.drop_duplicates("org_code").set_index("org_code")["org_name"]
    named = list(by_size.index[:len(AGENCY_COLOURS)]) if len(by_size) <= len(
        AGENCY_COLOURS) else list(by_size.index[:len(AGENCY_COLOURS) - 1])
    band = stops["org_code"].where(stops["org_code"].isin(named), OTHERS)
    grid = (stops.assign(band=band).pivot_table(index="day", columns="band",
                                                values="total_pence", aggfunc="sum")
            .reindex(columns=[*named, *([OTHERS] if (band == OTHERS).any() else [])])
            .fillna(0).cumsum())
    grid.loc[start] = 0
    labels = {code: str(names.get(code, code)) for code in named} | {OTHERS: OTHERS}
    return grid.sort_index(), labels


def timeline(stops: pd.DataFrame, present: bool = False, phone: bool = False) -> go.Figure:
    """The year's cost building up: a stacked step area per agency (largest at the bottom),
    every stop a marker on the top line at its running total; low points a vermillion
    triangle, high points a dark one, avoidable stops ringed."""
    height = 640 if present else 620 if phone else 500
    fig = go.Figure()
    if stops.empty:
        return base_layout(fig, present, height)
    stops = stops.assign(day=pd.to_datetime(stops["touch_date"]))
    start = stops["day"].min() - pd.Timedelta(days=7)
    grid, labels = _bands(stops, start)
    for i, band in enumerate(grid.columns):
        colour = OTHERS_COLOUR if band == OTHERS else AGENCY_COLOURS[i]
        label = labels[band]
        fig.add_scatter(x=grid.index, y=grid[band] / 100, name=chart_text(label), mode="lines",
                        stackgroup="agencies", line={"shape": "hv", "width": 0.5,
                                                     "color": colour},
                        fillcolor=colour, hoverinfo="skip", legendgroup="agencies",
                        legendrank=i)
    size = 22 if present else 10 if phone else 12
    feelings = stops["emotional_mark"].map(feeling)
    for name, rows, symbol, fill in (
            ("Stop", feelings == "", "circle", "white"),
            ("Low point", feelings == "low point", "triangle-down", LOW),
            ("High point", feelings == "high point", "triangle-up", INK)):
        shown = stops[rows]
        fig.add_scatter(
            x=shown["day"], y=shown["running_pence"] / 100, name=name, mode="markers",
            marker={"symbol": symbol, "color": fill, "opacity": 1,
                    "line": {"color": INK, "width": 1.5},
                    "size": [size * (1.5 if abs(m) == 2 else 1.15 if m else 1)
                             for m in shown["emotional_mark"].fillna(0).astype(int)]},
            hovertext=[_hover(s) for _, s in shown.iterrows()], hoverinfo="text",
            legend="legend2", showlegend=not shown.empty)
    avoidable = stops[stops["is_avoidable"].fillna(False).astype(bool)]
    fig.add_scatter(x=avoidable["day"], y=avoidable["running_pence"] / 100,
                    name="Avoidable (ringed)", mode="markers", hoverinfo="skip",
                    marker={"symbol": "circle-open", "size": size * 1.9, "color": INK,
                            "line": {"width": 2.5 if present else 1.5}},
                    legend="legend2", showlegend=not avoidable.empty)
    total = int(stops["running_pence"].max())
    fig.add_annotation(x=stops["day"].max(), y=total / 100, text=f"<b>{format_gbp(total)}</b>",
                       showarrow=False, xanchor="left", xshift=14 if present else 8,
                       font={"size": 34 if present else 18, "color": INK})
    base_layout(fig, present, height)
    fig.update_xaxes(tickformat="%b %y" if phone else "%b %Y",
                     dtick="M3" if phone else "M2" if present else "M1",
                     range=[start, stops["day"].max() + pd.Timedelta(days=45 if phone else 30)],
                     showgrid=False, ticks="outside", tickcolor=INK)
    fig.update_yaxes(tickprefix="£", tickformat="~s", gridcolor="#E3E7ED", rangemode="tozero",
                     automargin=True)
    key = {"orientation": "h", "x": 0, "xanchor": "left",
           "font": {"size": 20 if present else 12 if phone else 13}}
    fig.update_layout(  # the agencies under the picture, the markers' key above it
        showlegend=True, hovermode="closest",
        legend=key | {"yanchor": "top", "y": -0.1 if phone else -0.12,
                       "traceorder": "normal"},
        legend2=key | {"yanchor": "bottom", "y": 1.01},
        margin={"l": 10, "r": 90 if present else 60, "t": 10, "b": 10},
        hoverlabel={"font": {"size": 18 if present else 14}, "align": "left"})
    return fig


def _wrapped(name: object, phone: bool) -> str:
    """A body's name escaped, and on a phone broken over lines so the bars keep the width."""
    if not phone or not chart_text(name):
        return chart_text(name)
    return "<br>".join(chart_text(line) for line in textwrap.wrap(str(name), 18))  # then escaped


def redesign_bars(redesign: pd.DataFrame, present: bool = False,
                  phone: bool = False) -> go.Figure:
    """Who saves (to the right, blue) and who invests (to the left, orange) when the journey
    is redesigned, one bar per agency, the largest saving at the top, each bar labelled."""
    frame = redesign[redesign["saving_pence"] != 0].sort_values("saving_pence")
    names = [_wrapped(n, phone) for n in frame["org_name"]]
    fig = go.Figure()
    for name, rows, colour, word in (("Saves", frame["saving_pence"] > 0, SAVES, "saves"),
                                     ("Invests", frame["saving_pence"] < 0, INVESTS,
                                      "invests")):
        part = frame[rows]
        fig.add_bar(
            y=[_wrapped(n, phone) for n in part["org_name"]], x=part["saving_pence"] / 100,
            orientation="h", name=name, marker_color=colour,
            text=[f"{word} {format_gbp(abs(int(p)))}" for p in part["saving_pence"]],
            textposition="outside", cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>")
    saves = max(0, int(frame["saving_pence"].max())) if len(frame) else 0
    invests = max(0, -int(frame["saving_pence"].min())) if len(frame) else 0
    room = max(saves, invests, 100) * (0.6 if phone else 0.35)  # room for the labels
    grow = 2.0 if phone else 1.5
    fig.update_xaxes(range=[-max(invests, room) * grow / 100, max(saves, room) * grow / 100],
                     zeroline=True, zerolinewidth=2,
                     zerolinecolor=INK, showticklabels=False, showgrid=False)
    fig.update_yaxes(automargin=True, categoryorder="array",
                     categoryarray=names)
    row = 52 if present else 58 if phone else 38
    base_layout(fig, present, height=max(200, 70 + row * len(frame)))
    if phone:
        fig.update_layout(font={"size": 12}, yaxis={"tickfont": {"size": 12}})
    fig.update_layout(barmode="relative")  # each bar says "saves" or "invests": no legend
    return fig
