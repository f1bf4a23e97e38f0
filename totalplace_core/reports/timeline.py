"""A running total over a year as inline SVG for printed documents: a step line per series,
marks on chosen points, a tick a month and pound gridlines. No fonts, no script, no libraries,
so the document carries its own picture and prints offline. Nothing typed by people is
written into it; the label it is given is escaped."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from html import escape

from totalplace_core.money import format_gbp

INK, GRID, MUTED, MARK = "#14181F", "#B8C0CC", "#3D4451", "#D55E00"
WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 54, 14, 12, 34  # room for the pound labels and the months
Point = tuple[date, int]  # a day and the running total (pence) after it


@dataclass(frozen=True)
class Series:
    """One line: the running total after each stop, in date order."""

    colour: str
    points: list[Point] = field(default_factory=list)
    dashed: bool = False


def month_starts(first: date, last: date) -> list[date]:
    """The first of every month from `first`'s month to the month after `last`'s."""
    months, day = [], date(first.year, first.month, 1)
    while True:
        months.append(day)
        if day > last:
            return months
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _step(top: int) -> int:
    """A round gridline step (1, 2, 2.5 or 5 x a power of ten) giving four or five lines."""
    raw = max(top, 1) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    return int(next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw))


def running_total_svg(series: list[Series], marks: list[Point], label: str) -> str:
    """The series as step lines from nothing at the first month's start to the last month's
    end, `marks` as downward triangles (low points), and `label` as the picture's title."""
    days = [d for s in series for d, _ in s.points] + [d for d, _ in marks]
    if not days:
        return ""
    months = month_starts(min(days), max(days))
    start, end = months[0], months[-1]
    step = _step(max(v for s in series for _, v in s.points))
    top = step * math.ceil(max(v for s in series for _, v in s.points) / step)
    span_x, span_y = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + span_x * (day - start).days / max((end - start).days, 1)

    def y(pence: int) -> float:
        return TOP + span_y * (1 - pence / top)

    parts = []
    for value in range(0, top + 1, step):
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" '
                     f'y2="{y(value):.1f}" stroke="{GRID}" stroke-width="0.6"/>'
                     f'<text x="{LEFT - 5}" y="{y(value) + 3.5:.1f}" text-anchor="end">'
                     f"{escape(format_gbp(value, 0))}</text>")
    for month in months:
        tick = f"{x(month):.1f}"
        parts.append(f'<line x1="{tick}" x2="{tick}" y1="{HEIGHT - BOTTOM}" '
                     f'y2="{HEIGHT - BOTTOM + 4}" stroke="{INK}" stroke-width="0.8"/>')
        if month < end:  # a month's name sits in the middle of its month
            middle = (x(month) + x(months[months.index(month) + 1])) / 2
            year = f"{month:%Y}" if month in (start, date(month.year, 1, 1)) else ""
            parts.append(f'<text x="{middle:.1f}" y="{HEIGHT - BOTTOM + 14}" '
                         f'text-anchor="middle">{month:%b}</text>'
                         + (f'<text x="{middle:.1f}" y="{HEIGHT - BOTTOM + 26}" '
                            f'text-anchor="middle" fill="{MUTED}">{year}</text>' if year else ""))
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" '
                 f'y2="{HEIGHT - BOTTOM}" stroke="{INK}" stroke-width="0.8"/>')
    for line in series:
        path = f"M{x(start):.1f},{y(0):.1f}" + "".join(
            f"H{x(day):.1f}V{y(value):.1f}" for day, value in line.points) + f"H{x(end):.1f}"
        dash = ' stroke-dasharray="6 4"' if line.dashed else ""
        parts.append(f'<path d="{path}" fill="none" stroke="{line.colour}" stroke-width="2"'
                     f' stroke-linejoin="round"{dash}/>')
    for day, value in marks:
        cx, cy = x(day), y(value)
        parts.append(f'<path d="M{cx - 4.5:.1f},{cy - 8:.1f}H{cx + 4.5:.1f}L{cx:.1f},'
                     f'{cy - 0.5:.1f}Z" fill="{MARK}" stroke="white" stroke-width="0.7" '
                     'class="low-point"/>')
    title = escape(label)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{title}" '
            f'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="11" '
            f'fill="{INK}"><title>{title}</title>{"".join(parts)}</svg>')
