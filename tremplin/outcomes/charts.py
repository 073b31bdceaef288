"""Server-rendered SVG bar charts: no JavaScript, no inline style (the CSP forbids it),
colours from classes in static/css/outcomes.css. Each chart is decorative beside its
table, which carries the same figures as text (the chart's text alternative)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 640
LABEL_WIDTH = 230
BAR_HEIGHT = 22
GAP = 10
LABEL_CHARS = 32


@dataclass
class Bar:
    label: str
    value: int | None  # None: suppressed, no bar
    text: str  # what is written at the end of the bar ("72 %", "fewer than 5")


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(chart_id: str, title: str, bars: list[Bar], maximum: int | None = None) -> SafeString:
    """A horizontal bar chart. `maximum` fixes the scale (100 for percentages)."""
    top = max([b.value for b in bars if b.value is not None] + [maximum or 0, 1])
    room = WIDTH - LABEL_WIDTH - 110
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    rows = []
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        middle = y + BAR_HEIGHT // 2 + 5
        width = (
            0 if bar.value is None else max(round(room * bar.value / top), 1 if bar.value else 0)
        )
        css = "chart-bar" if bar.value is not None else "chart-bar suppressed"
        rows.append(
            format_html(
                '<text x="0" y="{}" class="chart-label">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" class="{}"></rect>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                middle,
                _short(bar.label),
                LABEL_WIDTH,
                y,
                width,
                BAR_HEIGHT,
                css,
                LABEL_WIDTH + width + 6,
                middle,
                bar.text,
            )
        )
    return format_html(
        '<svg class="chart" id="{}" viewBox="0 0 {} {}" width="{}" height="{}" '
        'role="img" aria-labelledby="{}-title" focusable="false">'
        '<title id="{}-title">{}</title>{}</svg>',
        chart_id,
        WIDTH,
        height,
        WIDTH,
        height,
        chart_id,
        chart_id,
        title,
        format_html_join("", "{}", ((row,) for row in rows)),
    )
