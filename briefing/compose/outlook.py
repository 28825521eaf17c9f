"""Outlook: the developments dated after the brief's today, in their own short section.

A development is upcoming when its whole date lies after ``today``, or it is reported as
scheduled and its period is not over (``timeline.is_upcoming``). The Outlook keeps those a
reader can plan by: dated to the day, week or month, reported by an article published by
the brief's day, not dated implausibly far ahead of its articles, and reading as a line of
its own; soonest first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from briefing.compose.common import distinct, stands_alone
from briefing.compose.timeline import period
from briefing.records import BriefDevelopment

# An upcoming event dated further than this after every article reporting it is a misread
# date (a rhetorical "on February 16" taken as next year's, "eight years later"), not an outlook.
OUTLOOK_AHEAD_DAYS = 366


def outlook(
    developments: Sequence[BriefDevelopment], published: dict[str, dt.date | None], today: dt.date, limit: int
) -> list[BriefDevelopment]:
    """The Outlook: developments dated after the brief's today (``upcoming``) to the day,
    week or month (a year is too vague to plan by), soonest first (by the last day of their
    date, then the first, then the more widely reported), at most ``limit``. Left out: one
    only articles published after today report (not yet news on the brief's day), one dated
    further than ``OUTLOOK_AHEAD_DAYS`` after the articles reporting it (a misread date), and
    a line that does not stand alone (a question, words in the first person, "As it was in
    April": ``common.stands_alone``), and a sentence already chosen."""
    if limit <= 0:
        return []
    found: list[tuple[dt.date, dt.date, int, BriefDevelopment]] = []
    for d in developments:
        bounds = period(d.date)
        if not d.upcoming or bounds is None or len(d.date or "") < 7 or not stands_alone(d.text):
            continue
        days = [day for day in (published.get(a) for a in d.articles) if day is not None]
        if days and (min(days) > today or (bounds[0] - max(days)).days > OUTLOOK_AHEAD_DAYS):
            continue
        found.append((bounds[1], bounds[0], -len(d.articles), d))
    found.sort(key=lambda f: f[:3])
    return distinct((d for *_, d in found), limit)
