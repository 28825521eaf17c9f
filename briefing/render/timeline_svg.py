"""The timeline as data for the templates, and as a compact inline SVG strip.

``build_timeline(developments, today)`` groups the brief's developments: past ones in
chronological groups (one per date value: a day, then week, month, quarter and year
precision, a coarser period placed before the days it contains), upcoming ones (after the
brief's date) in their own part, undated ones last. Every entry keeps its ``articles`` for
citation.

``timeline_svg(developments, today, themes)`` draws the dated developments on one time
axis, one row per theme: a self-contained ``<svg>`` with ``role="img"``, an ``aria-label``,
``<title>``/``<desc>`` and a ``<title>`` on every mark; no scripts, links or external
references. It returns ``Markup`` so an autoescaping template inserts it as is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from briefing.compose.timeline import period
from briefing.records import BriefDevelopment

Precision = Literal["day", "week", "month", "quarter", "year", "other"]
_RANK: dict[str, int] = {"year": 0, "quarter": 1, "month": 2, "week": 3, "day": 4, "other": 5}


@dataclass
class TimelineGroup:
    """Developments sharing one date value."""

    date: str  # the TIMEX3 value ("2021-12-23", "2021-W52", "2021-12", "2022")
    label: str  # for readers: "23 December 2021", "week of 27 December 2021", "December 2021"
    precision: Precision
    start: dt.date
    developments: list[BriefDevelopment] = field(default_factory=list)


@dataclass
class Timeline:
    past: list[TimelineGroup]  # up to the brief's date, chronological
    upcoming: list[TimelineGroup]  # after the brief's date, chronological
    undated: list[BriefDevelopment]  # no resolvable date; last

    def __bool__(self) -> bool:
        return bool(self.past or self.upcoming or self.undated)


def precision_of(value: str) -> Precision:
    if len(value) == 10:
        return "day"
    if "-W" in value:
        return "week"
    if "-Q" in value:
        return "quarter"
    if len(value) == 7:
        return "month"
    if len(value) == 4:
        return "year"
    return "other"


def date_label(value: str) -> str:
    bounds = period(value)
    if bounds is None:
        return value
    first = bounds[0]
    kind = precision_of(value)
    if kind == "day":
        return f"{first.day} {first:%B %Y}"
    if kind == "week":
        return f"week of {first.day} {first:%B %Y}"
    if kind == "month":
        return f"{first:%B %Y}"
    if kind == "quarter":
        return f"Q{(first.month - 1) // 3 + 1} {first.year}"
    return str(first.year)


def build_timeline(developments: Sequence[BriefDevelopment], today: dt.date) -> Timeline:
    """The developments grouped for the timeline (see the module doc)."""
    past: dict[str, TimelineGroup] = {}
    ahead: dict[str, TimelineGroup] = {}
    undated: list[BriefDevelopment] = []
    for d in developments:
        bounds = period(d.date)
        if d.date is None or bounds is None:
            undated.append(d)
            continue
        groups = ahead if d.upcoming else past
        if d.date not in groups:
            groups[d.date] = TimelineGroup(d.date, date_label(d.date), precision_of(d.date), bounds[0])
        groups[d.date].developments.append(d)

    def ordered(groups: dict[str, TimelineGroup]) -> list[TimelineGroup]:
        return sorted(groups.values(), key=lambda g: (g.start, _RANK[g.precision]))

    return Timeline(ordered(past), ordered(ahead), undated)


# ---------------------------------------------------------------- SVG strip

_WIDTH = 640
_LEFT = 150  # least room for theme names
_LEFT_MAX = 260
_WINDOW = dt.timedelta(days=120)  # how far back from the latest mark the strip reaches
_RIGHT = 16
_ROW = 22
_TOP = 10
_AXIS = 26  # room for the date ticks
_OTHER = "other"
_TICK_CHAR = 6.2  # a date label's width a character, at 10 px, with room to spare
# The narrow strip, for a phone's width (about 360 px): shown at about its own size, so its
# type stays 10-11 px where the wide one, scaled down to fit, would be 6 px. Each row's
# theme name stands above its line, and the marks use the whole width.
_NARROW = 360
_NARROW_ROW = 32
_NARROW_LEFT = 12  # room for the largest mark (9 px) on the first day


def _x(day: dt.date, first: dt.date, last: dt.date, left: int = _LEFT, width: int = _WIDTH) -> float:
    span = max((last - first).days, 1)
    return left + (width - left - _RIGHT) * (day - first).days / span


def _midpoint(value: str) -> dt.date | None:
    bounds = period(value)
    if bounds is None:
        return None
    return bounds[0] + (bounds[1] - bounds[0]) / 2


def _busiest(days: Sequence[dt.date]) -> tuple[dt.date, dt.date]:
    """The _WINDOW-long span of the sorted ``days`` holding the most of them; the latest on a tie."""
    best, span, lo = 0, (days[-1] - _WINDOW, days[-1]), 0
    for hi, day in enumerate(days):
        while days[lo] < day - _WINDOW:
            lo += 1
        if hi - lo + 1 >= best:
            best, span = hi - lo + 1, (day - _WINDOW, day)
    return span


def _ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """Month starts within the range (or years, for a long range), thinned to a handful."""
    days = (last - first).days
    if days > 3 * 366:
        ticks = [(dt.date(y, 1, 1), str(y)) for y in range(first.year + 1, last.year + 1)]
    else:
        ticks = []
        y, m = first.year, first.month
        while True:
            m += 1
            if m > 12:
                y, m = y + 1, 1
            d = dt.date(y, m, 1)
            if d > last:
                break
            ticks.append((d, d.strftime("%b %Y")))
    step = max(1, len(ticks) // 6 + (len(ticks) % 6 > 0))
    return ticks[::step]


def timeline_svg(
    developments: Sequence[BriefDevelopment],
    today: dt.date,
    themes: Sequence[tuple[str, str]] = (),
    title: str = "Timeline of dated developments",
    narrow: bool = False,
) -> Markup:
    """An inline SVG of the dated developments by date (x) and theme (row).

    ``themes`` gives (id, label) pairs in display order; a development is drawn in the row
    of its first theme, or in an "Other" row. Larger marks are reported by more sources;
    hollow ones are upcoming. Returns an empty string when nothing is dated. ``narrow``
    draws it for a phone's width (class ``narrow``, theme names above their rows; the wide
    one has class ``wide``): the page shows one or the other.
    """
    # Only developments dated to the day or week: a month or a year is a range, not a mark.
    precise = [
        (d, day)
        for d in developments
        if d.date and precision_of(d.date) in ("day", "week") and (day := _midpoint(d.date)) is not None
    ]
    if not precise:
        return Markup("")
    # The strip shows the weeks the brief is about: the window holding the most marks (the
    # latest such). Older background ("in 2014") or one stray date far ahead would squeeze
    # them into a corner, or leave them out. Those stay in the table below.
    start, end = _busiest(sorted(day for _, day in precise))
    points = [(d, day) for d, day in precise if start <= day <= end]
    left_out = len(developments) - len(points)
    labels = dict(themes)
    rows = [t for t, _ in themes if any(d.themes and d.themes[0] == t for d, _ in points)]
    if any(not d.themes or d.themes[0] not in labels for d, _ in points):
        rows.append(_OTHER)
    labels[_OTHER] = "Other"
    first = min(day for _, day in points)
    last = max(max(day for _, day in points), today if any(d.upcoming for d, _ in points) else first)
    if first == last:
        first, last = first - dt.timedelta(days=1), last + dt.timedelta(days=1)
    width, row_h = (_NARROW, _NARROW_ROW) if narrow else (_WIDTH, _ROW)
    height = _TOP + row_h * len(rows) + _AXIS
    # Room for the longest theme name (about 6.2 px a character at 11 px), within bounds.
    left = int(min(_LEFT_MAX, max(_LEFT, 12 + 6.2 * max(len(labels.get(r, r)) for r in rows))))
    if narrow:
        left = _NARROW_LEFT  # the names stand above the rows

    def row_y(i: int) -> float:
        """Where row ``i``'s line runs (below its name, in the narrow strip)."""
        return _TOP + row_h * i + (row_h - 9 if narrow else row_h / 2)

    def x_of(day: dt.date) -> float:
        return _x(day, first, last, left, width)

    suffix = "-narrow" if narrow else ""
    dated = sorted(points, key=lambda p: p[1])
    desc = (
        f"{len(points)} dated developments from {date_label(dated[0][0].date or '')} to "
        f"{date_label(dated[-1][0].date or '')}, by theme: "
        + "; ".join(
            f"{labels[r]} {sum(1 for d, _ in points if (d.themes[0] if d.themes and d.themes[0] in labels else _OTHER) == r)}"
            for r in rows
        )
        + ". Larger marks are reported by more sources"
        + ("; hollow marks are upcoming." if any(d.upcoming for d, _ in points) else ".")
        + (
            f" {left_out} developments dated only by month or year, or outside these weeks, are listed in the table."
            if left_out
            else ""
        )
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-strip {"narrow" if narrow else "wide"}" '
        f'role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="timeline-svg-title{suffix} timeline-svg-desc{suffix}" aria-label={quoteattr(title)}>',
        f'<title id="timeline-svg-title{suffix}">{escape(title)}</title>',
        f'<desc id="timeline-svg-desc{suffix}">{escape(desc)}</desc>',
    ]
    axis_y = _TOP + row_h * len(rows)
    for i, row in enumerate(rows):
        y = row_y(i)
        name = escape(labels.get(row, row))
        if narrow:
            out.append(f'<text x="2" y="{y - 7:.1f}" font-size="11" fill="#333">{name}</text>')
        else:
            out.append(
                f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#333">{name}</text>'
            )
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - _RIGHT}" y2="{y:.1f}" stroke="#ddd" stroke-width="1"/>'
        )
    out.append(
        f'<line x1="{left}" y1="{axis_y}" x2="{width - _RIGHT}" y2="{axis_y}" stroke="#888" stroke-width="1"/>'
    )
    for day, text in _ticks(first, last):
        x = x_of(day)
        out.append(f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 4}" stroke="#888"/>')
        # A label near the right edge ends there rather than run off the picture.
        anchor = "end" if x + _TICK_CHAR * len(text) / 2 > width else "middle"
        out.append(
            f'<text x="{min(x, width - 1):.1f}" y="{axis_y + 16}" text-anchor="{anchor}" font-size="10" '
            f'fill="#555">{escape(text)}</text>'
        )
    if first <= today <= last:
        x = x_of(today)
        out.append(
            f'<line x1="{x:.1f}" y1="{_TOP}" x2="{x:.1f}" y2="{axis_y}" stroke="#b00" '
            f'stroke-dasharray="3 2"><title>{escape("Brief date " + date_label(today.isoformat()))}</title></line>'
        )
    for d, day in dated:
        row = d.themes[0] if d.themes and d.themes[0] in labels else _OTHER
        y = row_y(rows.index(row))
        r = min(3 + 1.5 * len(d.articles), 9)
        fill = "none" if d.upcoming else "#1f4e79"
        tip = f"{date_label(d.date or '')}: {d.text}"
        out.append(
            f'<circle cx="{x_of(day):.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" '
            f'fill-opacity="0.75" stroke="#1f4e79" stroke-width="1.5"><title>{escape(tip)}</title></circle>'
        )
    out.append("</svg>")
    return Markup("\n".join(out))
