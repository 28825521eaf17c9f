"""The date of each dated development: its timex's calendar value, moved when the words
say it was said on another day.

A deictic date inside a quotation ("spoke today", quoted from a statement) refers to the day
of the statement: when the attribution dates the statement ("said in a Sunday statement"),
the date is moved there. A year-less month or day inside a quotation takes the year the
attribution gives ("... the pageant in November ..." he tweeted in 2013).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable

from spacy.tokens import Doc, Span

from briefing.analysis.actors import actor_keys
from briefing.analysis.captions import YEAR
from briefing.analysis.doccache import sentence_of
from briefing.analysis.event_clause import QUOTE_PAIRS
from briefing.analysis.spans import within
from briefing.analysis.timex import date_words
from briefing.analysis.timex.calendar import valid_day
from briefing.records import Development, Timex

# Values that place an event on the calendar (TIMEX3), resolved or with unknown parts (X).
_CALENDAR = re.compile(r"[\dX]{4}(-[\dX]{2}(-[\dX]{2})?|-W[\dX]{2}(-[1-7]|-WE)?)?")
RESOLVED = re.compile(r"\d{4}(-\d{2}(-\d{2})?|-W\d{2})?")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Deictic day words and their offset from the day of speaking (the dates' relative days).
_DEICTIC = date_words().relative_days


# "the past year": TimeML dates it as the year before, but what happened "over the past year"
# happened up to now, not in that calendar year
_STRETCH_TO_NOW = re.compile(r"the\s+(?:past|last)\s+(?:year|decade|century)", re.I)


def calendar_value(timex: Timex) -> str | None:
    """The ISO date of a timex if it is a calendar date; None for durations, sets, vague refs
    and stretches of time up to now ("the past year")."""
    if timex.type not in ("DATE", "TIME") or _STRETCH_TO_NOW.fullmatch(timex.text):
        return None
    value = timex.value[:10] if timex.type == "TIME" else timex.value
    return value if _CALENDAR.fullmatch(value) else None


def _quote_spans(sent: Span) -> list[tuple[int, int]]:
    text, base = sent.text, sent.start_char
    spans = []
    for opening, closing in QUOTE_PAIRS:
        pos = 0
        while (i := text.find(opening, pos)) >= 0:
            j = text.find(closing, i + 1)
            if j < 0:
                break
            spans.append((base + i, base + j + 1))
            pos = j + 1
    return spans


def _statement_day(
    sent: Span, quoted: Callable[[int], bool], dated: list[tuple[Timex, str]]
) -> dt.date | None:
    """The day a quoted statement was made, when the words outside the quotation give it
    (``quoted``: is an offset inside one of the sentence's quotations?)."""
    for timex, value in dated:
        outside = not quoted(timex.start)
        in_sentence = sent.start_char <= timex.start < sent.end_char
        if outside and in_sentence and _DAY.fullmatch(value) and timex.text.lower() not in _DEICTIC:
            return dt.date.fromisoformat(value)
    return None


_YEARLESS = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")  # a month or day (written without its year: no YEAR)


def _as_said(
    date: str,
    sent: Span,
    quoted: Callable[[int], bool],
    dated: list[tuple[Timex, str]],
    sorted_starts: list[int],
    by_start: list[int],
) -> str | None:
    """A year-less month or day inside a quotation, in the year of the statement when the
    attribution dates it in another year than the article's ("“... the pageant in November
    ...” he tweeted in 2013": November 2013). The attribution is the words outside the
    quotation in its sentence, or the sentence after it when that one goes on in lower case
    (the parser often ends the sentence at the closing mark). ``sent``: the date's sentence,
    ``quoted``: whether a character of it is inside its quotations."""
    doc = sent.doc
    places = [(sent.start_char, sent.end_char)]
    if sent.end < len(doc) and doc[sent.end].text[:1].islower():
        after = sentence_of(sent.end, doc)
        places.append((after.start_char, after.end_char))
    for lo_char, hi_char in places:
        lo = bisect.bisect_left(sorted_starts, lo_char)
        hi = bisect.bisect_left(sorted_starts, hi_char)
        for j in sorted(by_start[lo:hi]):
            timex, value = dated[j]
            if quoted(timex.start) or not YEAR.fullmatch(value[:4]) or not YEAR.search(timex.text):
                continue
            moved = value[:4] + date[4:]
            if value[:4] == date[:4] or (
                len(moved) == 10 and not valid_day(int(moved[:4]), int(moved[5:7]), int(moved[8:10]))
            ):
                return None
            return moved
    return None


def dates_of(doc: Doc, dated: list[tuple[Timex, str]]) -> tuple[list[str | None], list[bool]]:
    """The date of each of ``dated`` (calendar timexes with their values; None when its value
    is not resolved), and whether it is a deictic day quoted from a statement that does not
    date itself (see ``date_retold``)."""
    # A sentence's quotations and the day of its statement are found once per sentence, the
    # dates in it by bisection: a run-on sentence of quoted "today"s stays linear.
    dates: list[str | None] = []
    quoted: list[bool] = []
    in_quotes: dict[int, Callable[[int], bool]] = {}  # per sentence
    said: dict[int, dt.date | None] = {}  # per sentence
    by_start = sorted(range(len(dated)), key=lambda j: dated[j][0].start)
    sorted_starts = [dated[j][0].start for j in by_start]
    for timex, value in dated:
        # a date the article's own date does not resolve ("the next day", before any day is
        # named) is shown undated, not guessed
        date = value if timex.resolved and RESOLVED.fullmatch(value) else None
        if re.fullmatch(r"\d{4}-W\d{2}-WE", value):
            date = value[:8]  # a weekend is placed in its week
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        word = timex.text.lower()
        in_quote = False
        if span is not None and len(span) and word in _DEICTIC:
            sent = sentence_of(span.start, doc)
            if sent.start not in in_quotes:
                in_quotes[sent.start] = within(_quote_spans(sent))
            in_quote = in_quotes[sent.start](timex.start)
            if in_quote and date and sent.start not in said:
                lo = bisect.bisect_left(sorted_starts, sent.start_char)
                hi = bisect.bisect_left(sorted_starts, sent.end_char)
                in_sentence = [dated[j] for j in sorted(by_start[lo:hi])]  # in their own order
                said[sent.start] = _statement_day(sent, in_quotes[sent.start], in_sentence)
            said_on = said[sent.start] if in_quote and date else None
            if said_on is not None:
                date = (said_on + dt.timedelta(days=_DEICTIC[word])).isoformat()
                in_quote = False  # anchored
        elif date and span is not None and len(span) and _YEARLESS.fullmatch(value) and not YEAR.search(word):
            sent = sentence_of(span.start, doc)
            if sent.start not in in_quotes:
                in_quotes[sent.start] = within(_quote_spans(sent))
            if in_quotes[sent.start](span.start_char):
                date = _as_said(date, sent, in_quotes[sent.start], dated, sorted_starts, by_start) or date
        dates.append(date)
        quoted.append(in_quote)
    return dates, quoted


def date_retold(developments: list[Development], floating: list[Development]) -> None:
    """A quoted "today" from an undated statement (``floating``) that retells an event the
    article dates itself (same action, same two actors) takes the article's date for it. The
    dated developments are looked up by action, their actors' keys computed once."""
    floats = {id(dev) for dev in floating}
    by_action: dict[str | None, list[tuple[Development, set[str]]]] = {}
    for d in developments if floating else []:
        if id(d) not in floats:
            by_action.setdefault(d.action, []).append((d, actor_keys(d.actors)))
    for dev in floating:
        own_keys = actor_keys(dev.actors)
        told = next((d for d, d_keys in by_action.get(dev.action, []) if len(d_keys & own_keys) >= 2), None)
        if told is not None:
            dev.date = told.date
