"""Small inline SVG charts for the brief: no scripts, no external references, a text alternative.

Each chart is an ``<svg role="img">`` whose ``<title>`` says in words what the bars show, so a screen reader (and a reader whose email client strips SVG) loses
nothing: the same figures are also in the section headings.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from briefing.records import ThemeSection

# Geometry in SVG user units. Each theme is a label line with its bar below, so long labels
# need no truncation and the chart stays legible when scaled down to a phone's width.
ROW = 34
BAR = 12
FONT = 12
WIDTH = 320
COUNT_AREA = 40
MAX_LABEL_CHARS = 44


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1].rstrip() + "…"


def theme_bar_chart(themes: Sequence[ThemeSection], chart_id: str = "chart-themes") -> Markup:
    """A horizontal bar per theme, its length the number of passages; ``Markup("")`` if none."""
    rows = [(t.label, len(t.points)) for t in themes if t.points]
    if not rows:
        return Markup("")
    top = max(n for _, n in rows)
    bar_area = WIDTH - COUNT_AREA
    height = ROW * len(rows)
    summary = "; ".join(f"{label}: {_plural(n, 'passage')}" for label, n in rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{chart_id}-title" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="{FONT}">',
        # The text alternative (also the PDF's /Alt for the figure): every bar in words.
        f'<title id="{chart_id}-title">Passages per theme: {escape(summary)}.</title>',
    ]
    for i, (label, n) in enumerate(rows):
        y = i * ROW
        bar = max(2, round(bar_area * n / top))
        bar_y = y + FONT + 5
        parts.append(
            f'<text x="0" y="{y + FONT}" fill="#1a1a1a">{escape(_short(label))}</text>'
            f'<rect x="0" y="{bar_y}" width="{bar}" height="{BAR}" fill="#1d4e89"/>'
            f'<text x="{bar + 5}" y="{bar_y + BAR - 2}" fill="#1a1a1a">{n}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
