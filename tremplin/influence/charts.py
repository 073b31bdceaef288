"""Small server-rendered SVG line charts (pygal is not installed, and this is all we
need). No inline style and no script: the CSP forbids both, so every colour, stroke and
font comes from classes styled in static/css/influence.css. Each chart is an image for
assistive technologies (role="img" with <title> and <desc>); the page puts a table of
the same numbers beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 32


@dataclass
class Series:
    name: str
    css: str  # one of the `series-*` classes of influence.css
    values: Sequence[int]


def nice_max(value: int) -> int:
    """A round top for the y axis, at least 1 (so a flat zero line sits at the bottom)."""
    if value <= 4:
        return max(value, 1) if value <= 1 else 4
    step = 10 ** (len(str(value)) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        top = int(step * factor)
        if top >= value:
            return top
    return value


def line_chart(
    chart_id: str, title: str, desc: str, days: Sequence[date], series: Sequence[Series]
) -> SafeString:
    top = nice_max(max((max(s.values, default=0) for s in series), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = len(days)

    # Coordinates as text with one decimal (format_html escapes, so no format specs).
    def x(i: int) -> str:
        return f"{LEFT + (plot_w * i / (count - 1) if count > 1 else plot_w / 2):.1f}"

    def y(v: float) -> str:
        return f"{TOP + plot_h - plot_h * v / top:.1f}"

    parts = [
        format_html(
            '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-t {}-d" '
            'focusable="false" xmlns="http://www.w3.org/2000/svg">'
            '<title id="{}-t">{}</title><desc id="{}-d">{}</desc>',
            WIDTH,
            HEIGHT,
            chart_id,
            chart_id,
            chart_id,
            title,
            chart_id,
            desc,
        )
    ]
    # Horizontal grid lines and their values: 0, half, top.
    for value in sorted({0, top // 2, top}):
        parts.append(
            format_html(
                '<line class="grid" x1="{}" y1="{}" x2="{}" y2="{}"/>'
                '<text class="axis" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                y(value),
                WIDTH - RIGHT,
                y(value),
                LEFT - 6,
                y(value - top * 4 / plot_h),  # 4 px lower: centred on the line
                value,
            )
        )
    # Dates under the first, middle and last days.
    for i in sorted({0, (count - 1) // 2, count - 1}) if count else []:
        anchor = "start" if i == 0 else "end" if i == count - 1 else "middle"
        parts.append(
            format_html(
                '<text class="axis" x="{}" y="{}" text-anchor="{}">{}</text>',
                x(i),
                HEIGHT - 10,
                anchor,
                date_format(days[i], "MONTH_DAY_FORMAT"),
            )
        )
    for line in series:
        points = " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(line.values))
        parts.append(format_html('<polyline class="line {}" points="{}"/>', line.css, points))
        if count <= 31:
            # Markers help tell the lines apart without colour (each series has its own
            # shape through CSS: stroke dash and marker size).
            parts.append(
                mark_safe(  # noqa: S308  (numbers and an escaped class name only)
                    "".join(
                        f'<circle class="dot {escape(line.css)}" cx="{x(i)}" cy="{y(v)}" r="3"/>'
                        for i, v in enumerate(line.values)
                    )
                )
            )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308  (built with format_html)
