"""``find_timexes``: every match of every pattern, longest first at each position, resolved
in text order (each resolved date can anchor the ones after it)."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc

from briefing.analysis.doccache import doc_text
from briefing.analysis.quotes.marks import OPEN_DOUBLE, OPEN_SINGLE, STRAIGHT_DOUBLE, STRAIGHT_SINGLE
from briefing.analysis.timex.calendar import CALENDAR_VALUE
from briefing.analysis.timex.context import DateContext, Handler
from briefing.analysis.timex.scanning import matches
from briefing.analysis.timex.words import date_words
from briefing.records import Timex

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def find_timexes(doc: Doc, ref: dt.date | None) -> list[Timex]:
    """Every temporal expression in ``doc``, normalised against ``ref`` (see the module doc)."""
    ctx = DateContext(doc, ref)
    text = doc_text(doc)
    cands: list[tuple[int, int, int, re.Match[str], Handler]] = []
    for order, m, handler in matches(text):
        if m.end() > m.start():
            cands.append((m.start(), m.end(), order, m, handler))
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2]))
    out: list[Timex] = []
    taken_until = 0
    for start, end, _order, m, handler in cands:
        if start < taken_until or quoted_title(text, start, end):
            continue
        ext_start, ext_end = start, end
        if m.groupdict().get("x") is not None:
            ext_start, ext_end = m.span("x")
        try:
            val = handler(m, ctx)
        except (ValueError, OverflowError, KeyError):
            val = None
        if val is None:
            continue
        typ, value, resolved = val
        out.append(Timex(text[ext_start:ext_end], ext_start, ext_end, typ, value, resolved))
        taken_until = end
        ctx.note_period(typ, value)
        if typ == "DATE" and resolved and _DAY.fullmatch(value):
            ctx.anchor = dt.date.fromisoformat(value)
            ctx.anchored = True
            ctx.last_day = (ext_end, ctx.anchor)
        if resolved and typ in ("DATE", "TIME"):
            day = value.split("T")[0] if typ == "TIME" else value
            # a comparison ("up from a year earlier") is told against the period under
            # discussion and does not become it ("earlier in the year")
            if CALENDAR_VALUE.fullmatch(day) and not _comparison(text[ext_start:end], day):
                ctx.mentions.append(day)
                ctx.last_end = ext_end
    return _join_clock_days(out, text)


def _comparison(phrase: str, value: str) -> bool:
    """``phrase`` compares with a month, quarter or year counted back from the report, told
    after what it compares ("up from $4 million a year earlier", "year-ago sales"). Leading a
    sentence ("Eight years ago, Ukrainians chose ...") it sets the scene the story goes on
    from; "Earlier this month" names the period itself; a day counted back ("a day
    earlier") is where the story goes on."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", phrase)]
    if _DAY.fullmatch(value) or not phrase[:1].islower():
        return False
    return not date_words().comparison_tails.isdisjoint(words[1:])


def _join_clock_days(found: list[Timex], text: str) -> list[Timex]:
    """A clock time and the calendar day right after it, with no comma between ("5 p.m. EST
    Nov. 9"), are one TIMEX3 of type TIME, as TimeML marks them; the time already carries
    the day. Set off by a comma ("16:15 UTC, June 1st") the day stays its own expression."""
    out: list[Timex] = []
    for t in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == "TIME"
            and t.type == "DATE"
            and prev.value.split("T")[0] == t.value
            and text[prev.end : t.start].isspace()
            and "\n" not in text[prev.end : t.start]
        ):
            out[-1] = Timex(text[prev.start : t.end], prev.start, t.end, "TIME", prev.value, prev.resolved)
            continue
        out.append(t)
    return out


# What may open a quoted title: any opening or straight quote mark, or a doubled backtick.
_OPENING_QUOTES = (*OPEN_DOUBLE, *STRAIGHT_DOUBLE, *OPEN_SINGLE, *STRAIGHT_SINGLE, "``")


def quoted_title(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` opens a quoted title in title case (ABC's "This Week", a film
    called "Next Year"): a name, not a time. A date of one word or in running case is not one."""
    words = re.findall(r"[A-Za-z]+", text[start:end])
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return False
    names = date_words()
    if all(w.lower() in names.months or w.lower() in names.weekdays for w in words):
        return False  # "Monday, March 3" opening a quotation is a date
    return text[max(0, start - 2) : start].endswith(_OPENING_QUOTES)


def tense_direction(doc: Doc, start: int, end: int) -> int:
    """``PAST``, ``FUTURE`` or ``NEUTRAL``: which way the clause around ``doc.text[start:end]`` points."""
    return DateContext(doc, None).direction(start, end)
