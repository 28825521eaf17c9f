"""Resolution of dates relative to the reference date or to a date mentioned before:
"yesterday", "on Sunday", "three weeks ago", "the same period last year", "year-end".
Like ``resolution``, each function takes a pattern's match and returns its TIMEX3 type and
value, or None for a look-alike."""

from __future__ import annotations

import datetime as dt
import re

from briefing.analysis.timex.calendar import (
    NEUTRAL,
    PAST,
    at_granularity,
    duration,
    iso_week,
    shift_value,
    shift_year,
    unit_value,
    weekday_date,
)
from briefing.analysis.timex.context import DateContext, Value, capitalised


def resolve_relday(m: re.Match[str], ctx: DateContext) -> Value | None:
    word = m["word"].lower()
    part = (m.groupdict().get("part") or m.groupdict().get("part0") or "").lower()
    if word == "last night":
        offset, part = -1, "night"
    elif word.startswith("this"):
        offset = 0
        part = part or word.split()[-1]  # "this morning"
    elif word.startswith("the day before"):
        offset = -2
    elif word.startswith("the day after"):
        offset = 2
    else:
        offset = ctx.words.relative_days[word]
        if word == "tonight":
            part = "tonight"
        if ctx.blocked(m.start("word")):
            return None  # "USA Today"
    code = ctx.words.day_parts.get(part, "")
    if ctx.ref is None:
        return ("TIME", f"XXXX-XX-XXT{code}", False) if code else ("DATE", "XXXX-XX-XX", False)
    d = (ctx.ref + dt.timedelta(days=offset)).isoformat()
    return ("TIME", f"{d}T{code}", True) if code else ("DATE", d, True)


def resolve_day_part(m: re.Match[str], ctx: DateContext) -> Value | None:
    """ "in the afternoon", "in morning trading": that part of the day under discussion."""
    after = re.match(r"\s*([A-Za-z]+)", ctx.text[m.end() : m.end() + 30])
    nxt = after.group(1).lower() if after else ""
    if nxt == "of":
        return None  # "the morning of March 3": the date carries it
    if nxt not in ctx.words.day_part_nouns:
        tok = ctx.token_at(m.end() + after.start(1)) if after else None
        if not (m["the"] or m["mid"]) or (tok is not None and tok.pos_ in ("NOUN", "PROPN")):
            return None  # "in evening wear", "in the evening news"; but "by mid afternoon"
    code = ctx.words.day_parts[m["part"].lower()]
    if ctx.ref is None or ctx.anchor is None:
        return "TIME", f"XXXX-XX-XXT{code}", False
    return "TIME", f"{ctx.anchor.isoformat()}T{code}", True


# Prepositions after which a weekday is a date even before a capitalised word ("on Sunday Boris ...").
_WEEKDAY_PREPS = frozenset({"on", "since", "until", "till", "by", "before", "after", "from", "through"})


def resolve_weekday(m: re.Match[str], ctx: DateContext) -> Value | None:
    name = m["wd"]
    if not capitalised(name) or ctx.blocked(m.start("wd")):
        return None
    after = ctx.text[m.end() : m.end() + 30]
    # A capitalised word right after it, on the same line, may make it part of a name; not
    # after a preposition of time ("said on Sunday Boris Johnson ...").
    nxt = re.match(r"[^\S\n]+([A-Z][a-z]+)", after)
    if (
        nxt
        and not (m.groupdict().get("rel") or ctx.prev_word(m.start()) in _WEEKDAY_PREPS)
        and nxt.group(1).lower() not in ctx.words.months
        and nxt.group(1).lower() not in ctx.words.day_parts
    ):
        tok = ctx.token_at(m.end() + 1 + after[1:].find(nxt.group(1)) if after else m.end())
        if tok is not None and tok.pos_ == "PROPN" and tok.ent_type_ != "DATE":
            return None  # "Sunday Times", "Monday Night Football"
    wd = ctx.words.weekdays[name.lower()]
    rel = (m.groupdict().get("rel") or "").lower()
    code = ctx.words.day_parts.get((m.groupdict().get("part") or "").lower(), "")
    if ctx.ref is None:
        value = f"XXXX-WXX-{wd}"
        return ("TIME", f"{value}T{code}", False) if code else ("DATE", value, False)
    rel = re.sub(r"\s+", " ", rel).removeprefix("this ")  # "this coming Sunday", "this past Monday"
    if rel in ("the previous", "the following") and ctx.anchor is not None:
        # "the previous Friday", "the following Monday": from the day last mentioned
        toward = "last" if rel == "the previous" else "next"
        d = weekday_date(wd, ctx.anchor, NEUTRAL, toward).isoformat()
        return ("TIME", f"{d}T{code}", ctx.anchored) if code else ("DATE", d, ctx.anchored)
    direction = NEUTRAL if rel in ("last", "past", "next", "coming") else ctx.direction(m.start(), m.end())
    day = weekday_date(wd, ctx.ref, direction, rel)
    before = ctx.continued(m.start(), direction) if not rel else None
    if before is not None and day < before:  # "from Monday to Wednesday": not before Monday
        day = before + dt.timedelta(days=(wd - before.isoweekday()) % 7)
    d = day.isoformat()
    return ("TIME", f"{d}T{code}", True) if code else ("DATE", d, True)


def resolve_relunit(m: re.Match[str], ctx: DateContext) -> Value | None:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = m["unit"].lower()
    kind = (m.groupdict().get("kind") or "").lower()
    if rel == "the":
        following = ctx.text[m.end() : m.end() + 20]
        prev = ctx.prev_word(m.start())
        # "the day when ...", but "over the weekend when the sailor ..." is the weekend just past
        recent = unit == "weekend" and prev in ("over", "during") and re.match(r"\s+when\b", following)
        if re.match(r"\s+(?:of|before|after|when|that|since|in\s+which)\b", following) and not recent:
            return None
        framed = re.match(r"(?:earlier|later|\s|in)*(?:the\s+)?\w+(?:\s+half)?\s+of\s", m.group(0), re.I)
        if unit == "day" and prev not in ctx.words.day_preps and not framed:
            return None  # but "the start of the day" is the day in question
        if unit == "year" and re.match(r",?\s+(?:ended|ending|ends)\b", following):
            return "DURATION", "P1Y", True  # "the year ended Sept. 30": a year's length, as reported
        if unit == "year" and prev != "of" and not framed and not kind and prev not in ctx.words.period_preps:
            return None  # only "the end/start of the year", "for the year", "the fiscal year"
        if unit not in ("day", "weekend", "year"):
            return None
    bare = rel.removeprefix("the ")
    # "the past year", "the last decade": the period before the article's, as TimeML dates it
    named_past = rel in ("the past", "the last") and unit in ("year", "decade", "century")
    if bare == "past" and not named_past:
        if unit == "weekend":
            return None
        value = duration(1.0, unit)
        return ("DURATION", value, True) if value else None
    if unit == "day" and rel in ("this", "last", "next", "current", "coming"):
        return None  # "this day", "last day": not a calendar reference
    if rel == "the same" and ctx.ref is not None:
        value, resolved = ctx.current(unit)  # "in January ... in the same month"
        return "DATE", value, resolved
    uses_anchor = rel in ("the same", "the", "the previous", "the following") or (
        unit == "day" and rel == "the next"
    )
    base = ctx.anchor if uses_anchor else ctx.ref
    if bare in ("this", "current", "same", "the"):
        offset = 0
    elif bare in ("last", "previous", "past"):
        offset = -1
    else:  # next, coming, following
        offset = 1
    if rel in ("the previous", "the following") and unit in ("month", "quarter", "year") and ctx.mentions:
        # "in March ... the following month": a month after the month under discussion
        current = next(
            (at_granularity(v, unit) for v in reversed(ctx.mentions) if at_granularity(v, unit)), None
        )
        if current is not None:
            return "DATE", shift_value(current, unit, offset), True
    if unit == "weekend" and rel == "the" and base is not None:
        direction = ctx.direction(m.start(), m.end())
        if direction == PAST and ctx.ref is not None:
            # "over the weekend, talks continued": the latest weekend up to the article's day
            base = ctx.ref
            offset = -1 if base.isoweekday() < 6 else 0
            uses_anchor = False  # counted from the article's day, not from a day it names
    value, resolved = unit_value(unit, base, offset)
    return "DATE", value, resolved and (ctx.anchored or not uses_anchor)


def resolve_day_next(m: re.Match[str], ctx: DateContext) -> Value | None:
    """ "The day before, ...", "the day after.": the day before (after) the one last named;
    before any day is named, a guess from the article's date (``resolved=False``)."""
    if ctx.anchor is None:
        return None
    step = -1 if m["dir"].lower() in ("before", "earlier") else 1
    return "DATE", (ctx.anchor + dt.timedelta(days=step)).isoformat(), ctx.anchored


def resolve_nth_unit(m: re.Match[str], ctx: DateContext) -> Value | None:
    """ "the second day of the offensive", "a third straight day", "the fourth week in a
    row": a day (week) counted in a run is the one under discussion, the day last named."""
    if ctx.anchor is None:
        return None
    unit = m["unit"].lower()
    value = ctx.anchor.isoformat() if unit == "day" else iso_week(ctx.anchor)
    return "DATE", value, ctx.anchored


def resolve_same_period(m: re.Match[str], ctx: DateContext) -> Value | None:
    """ "the same month a year ago", "the same period last year", "the year-ago quarter": the
    period last talked about, moved back a year (or to the year named)."""
    unit = m["unit"].lower()
    shifted = bool(m["shift"] or m["ago"])
    if unit == "time" and not shifted:
        return None  # "at the same time": simultaneously
    if not shifted and unit != "period":
        return None  # "the same day/month": left to the calendar-unit rule
    if ctx.ref is None:
        return None
    quarter = ctx.reporting_quarter()
    if shifted and unit in ("period", "quarter") and quarter is not None and not m.groupdict().get("year"):
        return (
            "DATE",
            shift_year(quarter, -1),
            True,
        )  # "the year-ago quarter": the one reported on, a year back
    if unit in ("period", "time"):
        # a period is a month, quarter, half or season: the latest one mentioned
        value = next(
            (v for v in reversed(ctx.mentions) if re.fullmatch(r"\d{4}-(?:\d{2}|Q\d|H\d|[A-Z]{2})", v)), ""
        )
        if not value:
            return None
        resolved = True
        if not shifted:
            return "DATE", value, True
    else:
        value, resolved = ctx.current(unit)
    if not resolved:
        return None
    year = m.groupdict().get("year")
    if year:
        return "DATE", f"{int(year):04d}{value[4:]}", True
    return "DATE", shift_year(value, -1), True


def resolve_year_ago(m: re.Match[str], ctx: DateContext) -> Value | None:
    """ "year-ago results", "year-earlier sales": the quarter under discussion a year back,
    else the year before the article's."""
    quarter = ctx.reporting_quarter()
    if quarter is not None:
        return "DATE", shift_year(quarter, -1), True
    if ctx.ref is None:
        return "DATE", "XXXX", False
    return "DATE", f"{ctx.ref.year - 1:04d}", True


def resolve_year_end(m: re.Match[str], ctx: DateContext) -> Value | None:
    """ "by year-end", "by year's end": the end of the year under discussion, which TimeML
    writes as that year; "since year-end" is the last one over."""
    if ctx.ref is None:
        return "DATE", "XXXX", False
    year = ctx.ref.year - (1 if ctx.prev_word(m.start()) in ctx.words.past_preps else 0)
    return "DATE", f"{year:04d}", True


def resolve_in_the_unit(m: re.Match[str], ctx: DateContext) -> Value | None:
    """ "later in the day", "earlier in the month": the day/week/month/year under discussion."""
    if ctx.ref is None:
        return None
    value, resolved = ctx.current(m["unit"].lower())
    return "DATE", value, resolved
