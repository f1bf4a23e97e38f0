"""Workshop pictures: the force-field diagram, the QR code, and escaped HTML blocks for the
board (ORID answers, the stage banner, the timer, the join panel). No Streamlit here.

Everything a person typed goes through plain_text before it reaches HTML (html_text) or a
plotly label or hover (chart_text): plotly reads a few tags (<a>, <b>, <br>) in text, so
unescaped text could draw links on the projector.
"""

from __future__ import annotations

import base64
import functools
import io
import textwrap
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import segno

from totalplace_core.chart_style import INK, PALETTE
from totalplace_core.plain_text import chart_text, html_text

SIDE_COLOURS: dict[str, str] = {"driving": PALETTE[0], "restraining": PALETTE[3]}
STAGE_COLOURS: dict[str, str] = {
    "objective": PALETTE[0], "reflective": PALETTE[1], "interpretive": PALETTE[2],
    "decisional": PALETTE[5],
}
GAP = 0.25  # space between an arrow's head and the centre line, in strength units
EDGE = 5.9  # half the x range: five strength units and room for the number


def _wrap(text: str, width: int, lines: int) -> str:
    """Escaped, wrapped to `width` characters, at most `lines` lines."""
    parts = textwrap.wrap(text, width=width) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: max(width - 1, 1)].rstrip() + "…"
    return "<br>".join(chart_text(p) for p in parts)


def _side_rows(board: pd.DataFrame, side: str, top: int | None) -> pd.DataFrame:
    rows = board[board["side"] == side].sort_values("strength", ascending=False, kind="stable")
    return rows.head(top) if top else rows


def _arrow(x_tail: float, x_head: float, y: float, colour: str, width: int) -> dict:
    return {"x": x_head, "y": y, "ax": x_tail, "ay": y, "xref": "x", "yref": "y",
            "axref": "x", "ayref": "y", "showarrow": True, "arrowhead": 2,
            "arrowsize": 0.9, "arrowwidth": width, "arrowcolor": colour, "text": ""}


def _label(text: str, x: float, y: float, anchor: str, size: int, bold: bool = False) -> dict:
    """Text on the board, always in ink: it stands on white."""
    shown = f"<b>{text}</b>" if bold else text
    return {"x": x, "y": y, "xref": "x", "yref": "y", "text": shown, "showarrow": False,
            "xanchor": anchor, "yanchor": "bottom", "align": anchor if anchor != "center"
            else "center", "font": {"size": size, "color": INK}}


# Text size, arrow width, characters a line, lines, pixels a row: on the projector, at the
# desk across the page, and at the desk in half the page (two maps side by side).
SCALES: dict[str, tuple[int, int, int, int, int]] = {
    "present": (24, 9, 60, 2, 88), "desk": (15, 6, 80, 2, 76), "narrow": (13, 5, 36, 3, 84),
}


def _side_annotations(rows: pd.DataFrame, side: str, scale: str) -> list[dict]:
    """For each force: its wording above an arrow pointing at the centre line, the arrow's
    length its strength, the strength written at the tail in ink (the side's colour is the
    arrow's: vermillion text would be 3.87:1 on white)."""
    sign = -1 if side == "driving" else 1
    colour = SIDE_COLOURS[side]
    size, width, chars, lines, _ = SCALES[scale]
    notes: list[dict] = []
    for i, row in enumerate(rows.itertuples()):
        y = -float(i)
        tail = sign * (GAP + float(row.strength))
        notes.append(_arrow(tail, sign * GAP, y - 0.18, colour, width))
        notes.append(_label(f"{row.strength:g}", tail + sign * 0.12, y - 0.36,
                            "right" if side == "driving" else "left", size + 2, bold=True))
        notes.append(_label(_wrap(str(row.text), chars, lines), sign * GAP, y - 0.05,
                            "right" if side == "driving" else "left", size))
    return notes


def _hover_trace(rows: pd.DataFrame, side: str, name: str) -> go.Scatter:
    """Invisible points on the arrows: hover text, and the figures as data for tests."""
    sign = -1 if side == "driving" else 1
    return go.Scatter(
        x=[sign * (GAP + float(s) / 2) for s in rows["strength"]],
        y=[-float(i) - 0.18 for i in range(len(rows))],
        mode="markers", marker={"size": 18, "opacity": 0}, name=name,
        text=[chart_text(t) for t in rows["text"]],
        customdata=[[float(s), chart_text(a)] for s, a in zip(rows["strength"], rows["authors"],
                                                              strict=True)],
        hovertemplate="%{text}<br>strength %{customdata[0]} · %{customdata[1]}<extra></extra>",
    )


def force_field(board: pd.DataFrame, present: bool = False, top: int | None = None,
                narrow: bool = False) -> go.Figure:
    """Lewin's diagram: driving forces on the left pushing right, restraining forces on the
    right pushing left, against a centre line; arrow length is strength (1-5). `narrow` for
    half the page's width; `top` keeps the strongest forces of each side."""
    scale = "present" if present else "narrow" if narrow else "desk"
    driving = _side_rows(board, "driving", top)
    restraining = _side_rows(board, "restraining", top)
    n_rows = max(len(driving), len(restraining), 1)
    size = SCALES[scale][0] + (0 if present else 1)
    totals = {s: board.loc[board["side"] == s, "strength"].sum() for s in SIDE_COLOURS}
    notes = [*_side_annotations(driving, "driving", scale),
             *_side_annotations(restraining, "restraining", scale)]
    notes += [
        _label(f"Driving forces → (total {totals['driving']:g})", -GAP, 0.62, "right",
               size + 4, bold=True),
        _label(f"(total {totals['restraining']:g}) ← Restraining forces", GAP, 0.62, "left",
               size + 4, bold=True),
    ]
    notes += _more_notes(board, driving, restraining, n_rows, size)
    fig = go.Figure([_hover_trace(driving, "driving", "Driving"),
                     _hover_trace(restraining, "restraining", "Restraining")])
    fig.add_shape(type="line", x0=0, x1=0, y0=-n_rows + 0.35, y1=0.6,
                  line={"color": INK, "width": 4 if present else 3})
    row_px = SCALES[scale][4]
    fig.update_layout(
        annotations=notes, height=int(90 + row_px * (n_rows + 0.3)), showlegend=False,
        margin={"l": 8, "r": 8, "t": 8, "b": 8}, paper_bgcolor="white", plot_bgcolor="white",
        font={"size": size, "color": INK}, hoverlabel={"font": {"size": size}},
    )
    fig.update_xaxes(visible=False, range=[-EDGE, EDGE], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-n_rows + 0.3, 1.1], fixedrange=True)
    return fig


def _more_notes(board: pd.DataFrame, driving: pd.DataFrame, restraining: pd.DataFrame,
                n_rows: int, size: int) -> list[dict]:
    """'+ 3 more' under a side whose weaker forces did not fit on the projector."""
    notes = []
    for side, shown, x, anchor in (("driving", driving, -GAP, "right"),
                                   ("restraining", restraining, GAP, "left")):
        hidden = int((board["side"] == side).sum()) - len(shown)
        if hidden > 0:
            notes.append(_label(f"+ {hidden} more, weaker {side} force{'s' * (hidden > 1)}",
                                x, -n_rows + 0.35, anchor, size - 2))
    return notes


@functools.lru_cache(maxsize=64)
def qr_png(link: str, scale: int = 10) -> bytes:
    """A QR code of the join link, as a PNG made here (no network); made once per link."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=scale, border=3)
    return buffer.getvalue()


def qr_html(link: str, code: str, width: int) -> str:
    """The QR code as an image with a text alternative (WCAG 1.1.1): what it holds, said in
    words, for a screen reader and for anyone who cannot scan it."""
    data = base64.b64encode(qr_png(link)).decode()
    words = html_text(f"QR code to join the workshop: open {link} or enter the code {code}")
    return (f"<figure style='margin:0;text-align:center'><img src='data:image/png;base64,{data}'"
            f" width='{width}' height='{width}' alt='{words}'>"
            "<figcaption class='tp-qr-caption'>Scan to join</figcaption></figure>")


# -- HTML blocks for st.html: every piece of user text escaped --------------------------------
def join_panel_html(code: str, link: str, present: bool = False) -> str:
    address = link.split("://", 1)[-1].split("?", 1)[0]
    big = "4.2rem" if present else "2.6rem"
    return (
        "<div style='border:3px solid #14181F;border-radius:12px;padding:10px 16px;"
        "background:#FFFFFF;color:#14181F;line-height:1.2'>"
        f"<div style='font-size:{'1.5rem' if present else '1.05rem'}'>Join on your phone at "
        f"<b>{html_text(address)}</b> with the code</div>"
        f"<div data-testid='join-code' style='font-size:{big};font-weight:800;"
        f"letter-spacing:0.18em;font-family:monospace'>{html_text(code)}</div></div>"
    )


def stage_banner_html(number: int, name: str, question: str, prompts: Sequence[str],
                      present: bool = False) -> str:
    """The current ORID stage, its question and prompts, for the projector."""
    key = name.lower()
    colour = STAGE_COLOURS.get(key, PALETTE[0])
    steps = "".join(
        f"<span style='display:inline-block;width:{'1.3rem' if present else '0.9rem'};"
        f"height:{'1.3rem' if present else '0.9rem'};border-radius:50%;margin-right:6px;"
        f"background:{colour if i <= number else '#D5DAE1'}'></span>" for i in range(1, 5))
    items = "".join(f"<li>{html_text(p)}</li>" for p in prompts)
    title, body = ("2.6rem", "1.7rem") if present else ("1.6rem", "1.1rem")
    return (
        f"<div style='border-left:12px solid {colour};padding:6px 18px;color:#14181F'>"
        f"<div style='font-size:{body}'>{steps} Stage {number} of 4</div>"
        f"<div style='font-size:{title};font-weight:800'>{html_text(name)}: "
        f"{html_text(question)}</div>"
        f"<ul style='font-size:{body};margin:4px 0 0 0'>{items}</ul></div>"
    )


def timer_html(clock_text: str, seconds: int, present: bool = False) -> str:
    # The last minute in a deep red that keeps 8.7:1 on white (vermillion is 3.9:1).
    colour = "#882255" if seconds < 60 else INK
    size = "5rem" if present else "2.8rem"
    words = "Time is up" if seconds == 0 else "left to write"
    return (
        f"<div data-testid='workshop-timer' style='text-align:center;color:{colour}'>"
        f"<div style='font-size:{size};font-weight:800;font-family:monospace;line-height:1'>"
        f"{html_text(clock_text)}</div>"
        f"<div style='font-size:{'1.6rem' if present else '1.05rem'}'>{words}</div></div>"
    )


def answer_cards_html(answers: Sequence[tuple[str, str]], stage_key: str,
                      present: bool = False) -> str:
    """Answers as cards, name under the words, every piece escaped."""
    colour = STAGE_COLOURS.get(stage_key, PALETTE[0])
    text, who, width = ("1.7rem", "1.5rem", "30%") if present else ("1.05rem", "0.85rem", "31%")
    cards = "".join(
        f"<div class='tp-card' style='flex:0 0 {width};box-sizing:border-box;"
        f"border:2px solid {colour};border-top-width:8px;border-radius:10px;padding:10px 14px;"
        f"background:#FFFFFF;color:#14181F'><div style='font-size:{text};line-height:1.3'>"
        f"{html_text(body)}</div><div style='font-size:{who};color:#3A4150;margin-top:6px'>"
        f"— {html_text(name)}</div></div>" for name, body in answers)
    return f"<div style='display:flex;flex-wrap:wrap;gap:14px'>{cards}</div>"


def places_line_html(places: Sequence[tuple[str, bool]]) -> str:
    """The places whose workshops run here, with the badge when any is fictional."""
    names = ", ".join(html_text(name) for name, _ in places)
    badge = ' <span class="tp-badge">Fictional demo place</span>' \
        if any(fictional for _, fictional in places) else ""
    return f"<div class='tp-place'>Workshops for {names}{badge}</div>"


def place_line_html(place_name: str, is_fictional: bool) -> str:
    badge = ' <span class="tp-badge">Fictional demo place</span>' if is_fictional else ""
    return f"<div class='tp-place'>{html_text(place_name)}{badge}</div>"


# The participant's phone: buttons and text large enough for a thumb (JOIN_CSS); once a
# code is given, only the session's form: the app's menu, sidebar and toolbar are hidden too
# (PHONE_CSS).
_HIDE = """
header[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stToolbar"],
[data-testid="stSidebarCollapsedControl"], footer { display: none !important; }
.stMainBlockContainer, .block-container { padding-top: 1rem !important; }"""
_BIG = """
.stMainBlockContainer, .block-container { padding-left: 1rem !important;
  padding-right: 1rem !important; max-width: 680px !important; }
h1 { font-size: 1.6rem !important; line-height: 1.25 !important; }
[data-testid="stFormSubmitButton"] button, [data-testid="stBaseButton-secondary"],
[data-testid="stBaseButton-primary"] { min-height: 3.4rem; font-size: 1.2rem !important; }
[data-testid="stFormSubmitButton"] button p, [data-testid="stButton"] button p {
  font-size: 1.2rem !important; font-weight: 600; }
textarea, input { font-size: 1.15rem !important; }
[data-testid="stButtonGroup"] button { min-height: 3rem; }
[data-testid="stButtonGroup"] button p { font-size: 1.25rem !important; font-weight: 600; }
[data-testid="stWidgetLabel"] p { font-size: 1.1rem !important; }
"""
# The join page is a participant's only page: no app menu, so the code box is the first Tab
# stop rather than the thirteenth behind a collapsed sidebar (issue 17).
JOIN_CSS = f"<style>{_HIDE}{_BIG}</style>"
# After Join, Start or Send, the keyboard is put in the form's first field, not left on the
# page body (WCAG 2.4.3): the app's own fixed script, with nothing typed in it.
FOCUS_FIRST_FIELD = """<script>(() => {
  let tries = 0;
  const go = () => {
    const field = document.querySelector(
      "[data-testid='stMain'] textarea, [data-testid='stMain'] input[type='text']");
    if (field) field.focus(); else if (tries++ < 60) setTimeout(go, 50);
  };
  go();
})();</script>"""
PHONE_CSS = f"<style>{_HIDE}{_BIG}</style>"


def entry_list_html(items: Sequence[str]) -> str:
    """A person's own entries on their phone, escaped."""
    rows = "".join(f"<li style='margin-bottom:6px'>{html_text(t)}</li>" for t in items)
    return f"<ul style='font-size:1.05rem;padding-left:1.2rem;margin:0'>{rows}</ul>"


def phone_stage_html(number: int, name: str, question: str, prompts: Sequence[str]) -> str:
    """The one ORID stage a participant sees, and its questions."""
    colour = STAGE_COLOURS.get(name.lower(), PALETTE[0])
    items = "".join(f"<li>{html_text(p)}</li>" for p in prompts)
    return (f"<div style='border-left:8px solid {colour};padding:4px 12px;color:#14181F'>"
            f"<div style='font-size:0.95rem'>Stage {number} of 4</div>"
            f"<div style='font-size:1.35rem;font-weight:800'>{html_text(name)}: "
            f"{html_text(question)}</div><ul style='font-size:1.05rem;margin:4px 0 0 0;"
            f"padding-left:1.2rem'>{items}</ul></div>")
