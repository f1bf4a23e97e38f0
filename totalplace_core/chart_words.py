"""A chart said in words: the text alternative every chart and map on a page carries (WCAG
1.1.1, issue 17). It names the kind of chart, what it shows and its largest parts, and points
to the table beside it, which holds every figure. Built from the figure itself, so it cannot
drift from what is drawn."""

from __future__ import annotations

import re
from collections.abc import Sequence

import plotly.graph_objects as go

KINDS = {"bar": "Bar chart", "sankey": "Flow diagram", "treemap": "Tile chart",
         "scatter": "Chart", "pie": "Pie chart", "funnel": "Funnel chart"}
TOP = 3
_TAGS = re.compile(r"<[^>]+>")


def _seq(values) -> list:
    """Plotly holds data as tuples or numpy arrays (whose truth value is ambiguous)."""
    return [] if values is None else list(values)


def _plain(text: object) -> str:
    """Plotly labels may carry <b> or <br>: words only, on one line."""
    return " ".join(_TAGS.sub(" ", str(text or "")).split())


def _title(fig: go.Figure) -> str:
    title = fig.layout.title.text if fig.layout.title else None
    return _plain(title)


def _largest(labels: Sequence, values: Sequence, texts: Sequence | None) -> list[str]:
    """The TOP largest parts as 'label (value)', the value as the chart writes it."""
    rows = []
    for i, (label, value) in enumerate(zip(labels, values, strict=False)):
        try:
            size = abs(float(value))
        except (TypeError, ValueError):
            continue
        shown = _plain(texts[i]) if texts is not None and i < len(texts) else ""
        rows.append((size, _plain(label), shown))
    rows.sort(key=lambda r: -r[0])
    return [_part(label, shown) for _, label, shown in rows[:TOP] if label]


def _part(label: str, shown: str) -> str:
    """'Health (£480.0m)'; a value that already names its label ('actual 64%') alone."""
    if not shown:
        return label
    return shown if shown.lower().startswith(label.lower()) else f"{label} ({shown})"


def _trace_parts(trace) -> list[str]:
    kind = trace.type
    if kind == "bar":
        horizontal = trace.orientation == "h"
        labels, values = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
        texts = None if isinstance(trace.text, str) else _seq(trace.text) or None
        labels = _seq(labels)
        if len(labels) == 1 and trace.name:  # one segment of a stacked bar: its name says it
            labels = [trace.name]
        return _largest(labels, _seq(values), texts)
    if kind in ("treemap", "pie"):
        return _largest(_seq(trace.labels), _seq(trace.values), None)
    if kind == "sankey":
        labels = _seq(trace.node.label)
        return [f"{len(labels)} boxes joined by {len(_seq(trace.link.value))} flows"]
    return []


def describe(fig: go.Figure, subject: str = "") -> str:
    """'Bar chart: Net spend by function. Largest: Social protection (£420m), …. Every figure
    is in the table with it.' `subject` names the chart when its figure has no title."""
    kinds = [t.type for t in fig.data]
    kind = KINDS.get(kinds[0], "Chart") if kinds else "Empty chart"
    what = _title(fig) or subject
    words = f"{kind}: {what}." if what else f"{kind}."
    parts = [p for trace in fig.data for p in _trace_parts(trace)]
    if parts and kinds and kinds[0] == "sankey":
        words += f" {parts[0]}."
    elif parts:
        words += f" Largest: {', '.join(parts[:TOP])}."
    return words + " Every figure is in the table with it."


def describe_map(subject: str, count: int, unit: str, shading: str) -> str:
    """A map said in words: what it shows, how many, and how it is shaded or sized."""
    return (f"Map of {subject}: {count} {unit}, {shading}. Every figure is in the table "
            "with it.")
