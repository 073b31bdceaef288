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


@dataclass(frozen=True)
class Frame:
    """The plot area of one chart: where a day and a value are drawn."""

    count: int  # days
    top: int  # the y axis' top value

    @property
    def width(self) -> int:
        return WIDTH - LEFT - RIGHT

    @property
    def height(self) -> int:
        return HEIGHT - TOP - BOTTOM

    # Coordinates as text with one decimal (format_html escapes, so no format specs).
    def x(self, i: int) -> str:
        step = self.width * i / (self.count - 1) if self.count > 1 else self.width / 2
        return f"{LEFT + step:.1f}"

    def y(self, v: float) -> str:
        return f"{TOP + self.height - self.height * v / self.top:.1f}"


def _opening(chart_id: str, title: str, desc: str) -> SafeString:
    return format_html(
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


def _grid(frame: Frame) -> list[SafeString]:
    """Horizontal grid lines and their values: 0, half, top."""
    return [
        format_html(
            '<line class="grid" x1="{}" y1="{}" x2="{}" y2="{}"/>'
            '<text class="axis" x="{}" y="{}" text-anchor="end">{}</text>',
            LEFT,
            frame.y(value),
            WIDTH - RIGHT,
            frame.y(value),
            LEFT - 6,
            frame.y(value - frame.top * 4 / frame.height),  # 4 px lower: centred on the line
            value,
        )
        for value in sorted({0, frame.top // 2, frame.top})
    ]


def _dates(frame: Frame, days: Sequence[date]) -> list[SafeString]:
    """Dates under the first, middle and last days."""
    count = frame.count
    parts = []
    for i in sorted({0, (count - 1) // 2, count - 1}) if count else []:
        anchor = "start" if i == 0 else "end" if i == count - 1 else "middle"
        parts.append(
            format_html(
                '<text class="axis" x="{}" y="{}" text-anchor="{}">{}</text>',
                frame.x(i),
                HEIGHT - 10,
                anchor,
                date_format(days[i], "MONTH_DAY_FORMAT"),
            )
        )
    return parts


def _line(frame: Frame, line: Series) -> list[SafeString]:
    points = " ".join(f"{frame.x(i)},{frame.y(v)}" for i, v in enumerate(line.values))
    parts = [format_html('<polyline class="line {}" points="{}"/>', line.css, points)]
    if frame.count <= 31:
        # Markers help tell the lines apart without colour (each series has its own
        # shape through CSS: stroke dash and marker size).
        parts.append(
            mark_safe(  # noqa: S308  (numbers and an escaped class name only)
                "".join(
                    f'<circle class="dot {escape(line.css)}" cx="{frame.x(i)}" '
                    f'cy="{frame.y(v)}" r="3"/>'
                    for i, v in enumerate(line.values)
                )
            )
        )
    return parts


def line_chart(
    chart_id: str, title: str, desc: str, days: Sequence[date], series: Sequence[Series]
) -> SafeString:
    top = nice_max(max((max(s.values, default=0) for s in series), default=0))
    frame = Frame(len(days), top)
    parts = [_opening(chart_id, title, desc), *_grid(frame), *_dates(frame, days)]
    for line in series:
        parts.extend(_line(frame, line))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308  (built with format_html)
