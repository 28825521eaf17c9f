"""Resolution of calendar dates and clock times: each function takes a pattern's match and
returns its TIMEX3 type and value, resolved against the article's reference date
(``ctx.ref``) and the dates mentioned before it, or None for a look-alike ("May" as a
modal, "Sunday Times", "2014 seats")."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Token

from briefing.analysis.timex.calendar import (
    FUTURE,
    NEUTRAL,
    PAST,
    add_months,
    at_granularity,
    duration,
    iso_week,
    shift_value,
    shift_year,
    unit_value,
    valid_day,
    weekday_date,
    written_year,
    year_for,
)
from briefing.analysis.timex.context import DateContext, Value, capitalised
from briefing.analysis.timex.words import full_month_name


def resolve_iso(m: re.Match[str], ctx: DateContext) -> Value | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not valid_day(y, mo, d):
        return None
    return "DATE", f"{y:04d}-{mo:02d}-{d:02d}", True


def resolve_slash(m: re.Match[str], ctx: DateContext) -> Value | None:
    mo, d, ys = int(m["m"]), int(m["d"]), m["y"]
    y = int(ys) if len(ys) == 4 else 2000 + int(ys) if int(ys) < 50 else 1900 + int(ys)
    if not valid_day(y, mo, d):
        return None
    return "DATE", f"{y:04d}-{mo:02d}-{d:02d}", True


def _month_of(m: re.Match[str], ctx: DateContext) -> int | None:
    name = m["month"]
    key = name.lower().rstrip(".")
    month = ctx.words.months.get(key)
    if month is None or not capitalised(name):
        return None
    tok = ctx.token_at(m.start("month"))
    if tok is not None and (tok.tag_ == "MD" or tok.pos_ == "VERB"):
        return None
    return month


def resolve_month(m: re.Match[str], ctx: DateContext) -> Value | None:
    month = _month_of(m, ctx)
    if month is None:
        return None
    day = int(m["day"]) if m["day"] else None
    year = int(m["year"]) if m["year"] else None
    if m.groupdict().get("yearw"):
        year = written_year(m["yearw"])
    rel = (m.groupdict().get("rel") or "").lower()
    mod = m.groupdict().get("mod")
    name = m["month"]
    yrel = (m.groupdict().get("yrel") or "").lower()
    if yrel and year is None and ctx.ref is not None:
        year = ctx.ref.year + {"this": 0, "last": -1, "next": 1}[yrel]
    if day is None and year is None and not rel and not mod:
        # A bare month name: demand a temporal preposition for the ambiguous and abbreviated ones.
        short = name.lower().rstrip(".") != full_month_name(month)
        ambiguous = name.lower() in ("may", "march") or short
        if ambiguous and ctx.prev_word(m.start("month")) not in ctx.words.month_preps:
            return None
        if ctx.blocked(m.start("month")):
            return None
        tok = ctx.token_at(m.start("month"))
        if ambiguous and tok is not None and tok.pos_ not in ("PROPN", "NOUN"):
            return None
    elif ctx.blocked(m.start("month")) and year is None and day is None:
        return None
    if year is not None and not 1000 <= year <= 2999:
        year = None
    if day is not None:
        if year is not None:
            if not valid_day(year, month, day):
                return None
            return "DATE", f"{year:04d}-{month:02d}-{day:02d}", True
        if not valid_day(2000, month, day):  # no year has it
            return None
        if ctx.ref is None:
            return "DATE", f"XXXX-{month:02d}-{day:02d}", False
        direction = ctx.direction(m.start(), m.end())
        y = year_for(month, day, ctx.ref, direction, rel)
        before = ctx.continued(m.start(), direction) if not rel else None
        if before is not None and (y, month, day) < (before.year, before.month, before.day):
            y = before.year if (month, day) >= (before.month, before.day) else before.year + 1
        if not valid_day(y, month, day):
            return "DATE", f"XXXX-{month:02d}-{day:02d}", False
        return "DATE", f"{y:04d}-{month:02d}-{day:02d}", True
    if year is not None:
        return "DATE", f"{year:04d}-{month:02d}", True
    if ctx.ref is None:
        return "DATE", f"XXXX-{month:02d}", False
    y = year_for(month, None, ctx.ref, ctx.direction(m.start(), m.end()), rel)
    return "DATE", f"{y:04d}-{month:02d}", True


def resolve_year(m: re.Match[str], ctx: DateContext) -> Value | None:
    year = int(m["year"])
    if not 1000 <= year <= 2999:
        return None
    tok = ctx.token_at(m.start("year"))
    ent = tok.ent_type_ if tok is not None else ""
    if ent == "EVENT" and tok is not None and tok.dep_ in ("nummod", "compound", "amod"):
        ent = "DATE"  # the year of a named event: "the 2014 Sochi Olympics"
    if ent in ctx.words.blocking_entities:
        return None
    if tok is not None and tok.dep_ == "nummod" and tok.head.tag_ == "NNS" and not (m["mod"] or m["fy"]):
        owned = tok.i > 0 and tok.doc[tok.i - 1].tag_ in ("POS", "PRP$", "DT")
        if ent != "DATE" or not owned:
            return None  # "2014 seats": a count, but not "the company's 1989 results"
    if tok is not None and not m["mod"] and not m["fy"] and _inside_name(tok, ctx):
        return None  # "the Russell 2000 Index", "Windows 2000 Server": part of a name
    if ent != "DATE" and not m["mod"] and not m["fy"]:
        if ctx.prev_word(m.start()) not in ctx.words.year_preps or not 1600 <= year <= 2100:
            return None
        nxt = ctx.token_at(m.end("year") + 1) if m.end("year") + 1 < len(ctx.text) else None
        if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and nxt.i == (tok.i + 1 if tok else -1):
            return None  # "in 2014 votes": a count, not a year
    return "DATE", f"{year:04d}", True


def _inside_name(tok: Token, ctx: DateContext) -> bool:
    """``tok`` stands between two capitalised proper nouns that are not calendar words."""
    doc = tok.doc
    if tok.i == 0 or tok.i + 1 >= len(doc):
        return False
    calendar = ctx.words.months.keys() | ctx.words.weekdays.keys() | ctx.words.seasons.keys()

    def name_word(t: Token) -> bool:
        return t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_.rstrip(".") not in calendar

    return name_word(doc[tok.i - 1]) and name_word(doc[tok.i + 1])


def resolve_decade(m: re.Match[str], ctx: DateContext) -> Value | None:
    digits = m["dec"].lstrip("'")
    if len(digits) == 2:
        # "the 70s and 80s": the second of two joined decades takes the first's century
        joined = re.search(
            r"(?:\b(?P<c>1[0-9]|20)|'|\bthe\s+)\d0s(?:\s*,)?(?:\s+(?:and|or|to|through|into)\s+|\s*[-\u2013]\s*)$",
            ctx.text[max(0, m.start() - 30) : m.start()],
        )
        if not m["the"] and not m["dec"].startswith("'") and not joined:
            return None
        century = joined["c"] if joined and joined["c"] else "19"
        return "DATE", f"{century}{digits[0]}", True
    return "DATE", digits[:3], True


def resolve_range_end(m: re.Match[str], ctx: DateContext) -> Value | None:
    """The end of a range that starts with the date just before it, joined by a dash: a day
    ("March 10-11" -> the 11th of that month) or a year ("1957-58", "2019-2021"). The start
    keeps its own expression; the end is one of its own, as TIMEX3 writes a range."""
    if ctx.last_end != m.start() or not ctx.mentions:
        return None
    start, digits = ctx.mentions[-1], m["x"]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", start) and len(digits) <= 2:
        first = dt.date.fromisoformat(start)
        day = int(digits)
        if day <= first.day or not valid_day(first.year, first.month, day):
            return None
        return "DATE", first.replace(day=day).isoformat(), True
    if re.fullmatch(r"\d{4}", start) and len(digits) in (2, 4):
        year = int(digits) if len(digits) == 4 else int(start[:2] + digits)
        if len(digits) == 2 and year <= int(start):
            year += 100  # "1999-01"
        if not int(start) < year <= int(start) + 100:
            return None
        return "DATE", f"{year:04d}", True
    return None


def resolve_written_year(m: re.Match[str], ctx: DateContext) -> Value | None:
    """ "nineteen ninety-six", "the year two thousand": "two thousand" alone is a number."""
    year = written_year(m["words"])
    if year is None or (m["words"].lower().startswith("two") and not m["the"] and year == 2000):
        return None
    return "DATE", f"{year:04d}", True


def resolve_century(m: re.Match[str], ctx: DateContext) -> Value | None:
    """ "the 20th century" -> 19 (the years 1900-1999), "the twenty-first century" -> 20."""
    ordinal = m["ord"].lower()
    n = int(ordinal[:-2]) if ordinal[0].isdigit() else ctx.words.century_ordinals.get(ordinal)
    if not n or n > 30:
        return None
    return "DATE", f"{n - 1:02d}", True


def resolve_decade_word(m: re.Match[str], ctx: DateContext) -> Value | None:
    """ "the nineties" -> 199: the decade of the century the article's date lies in, or the
    last century's if that decade has not yet come."""
    tens = int(ctx.words.numbers[m["tens"].lower()[:-3] + "y"]) // 10
    century = 19
    if ctx.ref is not None:
        century = ctx.ref.year // 100 if tens <= (ctx.ref.year % 100) // 10 else ctx.ref.year // 100 - 1
    return "DATE", f"{century:02d}{tens}", True


def resolve_time(m: re.Match[str], ctx: DateContext) -> Value | None:
    h = int(m["h"])
    mi = int(m["mi"]) if m["mi"] else 0
    ampm = (m.groupdict().get("ampm") or "").lower().replace(".", "")
    tz = (m.groupdict().get("tz") or "").lower()
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = (h % 12) + (12 if ampm == "pm" else 0)
    if h > 23 or mi > 59:
        return None
    if not ampm and not tz:
        tok = ctx.token_at(m.start("h"))
        if (tok is None or tok.ent_type_ != "TIME") and ctx.prev_word(m.start("h")) not in (
            "at",
            "by",
            "until",
            "till",
            "from",
            "to",
            "around",
            "before",
            "after",
            "about",
        ):
            return None
    day_value, resolved = "XXXX-XX-XX", False
    day_word = (m.groupdict().get("day2") or "").lower()
    on_date = _clock_date(m, ctx)
    if on_date is not None:
        day_value, resolved = on_date
    elif ctx.ref is not None and ctx.anchor is not None:
        d = ctx.anchor  # a clock time belongs to the day last mentioned
        if day_word in ctx.words.relative_days:
            d = ctx.ref + dt.timedelta(days=ctx.words.relative_days[day_word])
        elif day_word in ctx.words.weekdays:
            d = weekday_date(ctx.words.weekdays[day_word], ctx.ref, ctx.direction(m.start(), m.end()), "")
        day_value, resolved = d.isoformat(), True
    zone = "Z" if tz in ctx.words.utc_zones else ""
    return "TIME", f"{day_value}T{h:02d}:{mi:02d}{zone}", resolved


def _clock_date(m: re.Match[str], ctx: DateContext) -> tuple[str, bool] | None:
    """The calendar date written after a clock time ("10 a.m. on March 3"), if any."""
    name = m.groupdict().get("dmon") or m.groupdict().get("dmon_")
    if not name or not capitalised(name):
        return None
    month = ctx.words.months.get(name.lower().rstrip("."))
    day = int(m.groupdict().get("dday") or m.groupdict().get("dday_") or 0)
    if month is None or not valid_day(2000, month, day):
        return None
    if m["dyear"]:
        year = int(m["dyear"])
        return (f"{year:04d}-{month:02d}-{day:02d}", True) if valid_day(year, month, day) else None
    if ctx.ref is None:
        return f"XXXX-{month:02d}-{day:02d}", False
    year = year_for(month, day, ctx.ref, ctx.direction(m.start(), m.end()), "")
    return (f"{year:04d}-{month:02d}-{day:02d}", True) if valid_day(year, month, day) else None


def resolve_named_time(m: re.Match[str], ctx: DateContext) -> Value | None:
    """ "noon", "midnight Friday", "noon today": on the day named, else the article's."""
    clock = "12:00" if m["word"].lower() == "noon" else "24:00"
    if ctx.ref is None:
        return "TIME", f"XXXX-XX-XXT{clock}", False
    day_word = (m["day2"] or "").lower()
    day = ctx.ref
    if day_word in ctx.words.relative_days:
        day = ctx.ref + dt.timedelta(days=ctx.words.relative_days[day_word])
    elif day_word in ctx.words.weekdays:
        if not capitalised(m["day2"]):
            return None
        day = weekday_date(ctx.words.weekdays[day_word], ctx.ref, ctx.direction(m.start(), m.end()), "")
    return "TIME", f"{day.isoformat()}T{clock}", True


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


# After a quarter, what says it is over: "the fourth quarter ended Sept. 30".
_ENDED = re.compile(r"[\s,]+(?:which\s+|that\s+)?(?:ended|closed)\b", re.I)


def resolve_quarter(m: re.Match[str], ctx: DateContext) -> Value | None:
    ordinal = m["ord"].lower()
    q = int(ordinal[0]) if ordinal[0].isdigit() else ctx.words.ordinals[ordinal]
    value = _quarter_value(m, ctx, q)
    if value.startswith("X"):
        return "DATE", value, False
    if not m.groupdict().get("ago"):
        ctx.quarters.append(value)  # a comparison quarter is not the one reported on
        if _ENDED.match(ctx.text, m.end()) or ctx.direction(m.start(), m.end()) == PAST:
            # results told in the past ("reported fourth-quarter earnings") or a quarter "ended
            # Sept. 30": a fiscal quarter over before the calendar one of its name
            ctx.ended_quarters.add(value)
    return "DATE", value, True


def _quarter_value(m: re.Match[str], ctx: DateContext, q: int) -> str:
    value = _named_quarter(m, ctx, q)
    if m.groupdict().get("ago") and not value.startswith("X"):
        return shift_year(value, -1)  # "the year-ago third quarter"
    return value


def _named_quarter(m: re.Match[str], ctx: DateContext, q: int) -> str:
    ordinal = m["ord"].lower()
    year = m["year"] or m.groupdict().get("year0")
    if year:
        return f"{int(year):04d}-Q{q}"
    yrel = (m.groupdict().get("yrel") or m.groupdict().get("yrel0") or "").lower()
    if ctx.ref is None:
        return f"XXXX-Q{q}"
    ref_q = (ctx.ref.month - 1) // 3 + 1
    if yrel in ("this", "the"):
        return f"{ctx.ref.year:04d}-Q{q}"
    if yrel == "last":
        return f"{ctx.ref.year - 1:04d}-Q{q}"
    if yrel == "next":
        return f"{ctx.ref.year + 1:04d}-Q{q}"
    if ordinal == "last":  # "the last quarter": the one before the current
        y, mo = add_months(ctx.ref.year, ctx.ref.month, -3)
        return f"{y:04d}-Q{(mo - 1) // 3 + 1}"
    # A quarter up to the current one is this year's, whatever the tense ("reported a loss for
    # the third quarter", "will report third-quarter results"); a later one is last year's if it
    # is told in the past tense, else this year's.
    year_of = ctx.ref.year
    if q > ref_q and ctx.direction(m.start(), m.end()) == PAST:
        year_of -= 1
    return f"{year_of:04d}-Q{q}"


def last_quarter_mentioned(ctx: DateContext) -> str | None:
    """The latest quarter named so far ("2009-Q3"), the period under discussion in a report
    of results."""
    return ctx.quarters[-1] if ctx.quarters else None


def resolve_the_quarter(m: re.Match[str], ctx: DateContext) -> Value | None:
    """ "the quarter", "the latest period", "the 1988 quarter": the quarter under discussion
    (in the year named), only once a quarter has been named."""
    value = last_quarter_mentioned(ctx)
    if value is None:
        return None
    if m["latest"] and ctx.ref is not None:
        # "the latest quarter": the last one over by the article's date
        y, mo = add_months(ctx.ref.year, ctx.ref.month, -3)
        finished = f"{y:04d}-Q{(mo - 1) // 3 + 1}"
        value = min(value, finished)
    if m.groupdict().get("year"):
        return "DATE", f"{int(m['year']):04d}{value[4:]}", True
    if m.groupdict().get("shift"):
        return "DATE", shift_year(value, -1), True  # "the quarter a year ago"
    return "DATE", value, True


def resolve_half(m: re.Match[str], ctx: DateContext) -> Value | None:
    """ "the first half of 1990", "the last half of this year": YYYY-H1 / YYYY-H2."""
    half = 1 if m["half"].lower() == "first" else 2
    if m["year"]:
        return "DATE", f"{int(m['year']):04d}-H{half}", True
    if ctx.ref is None:
        return "DATE", f"XXXX-H{half}", False
    yrel = m["yrel"].lower()
    if yrel == "the":
        year, resolved = ctx.current("year")
        return "DATE", f"{year}-H{half}", resolved
    year_of = ctx.ref.year + {"this": 0, "last": -1, "next": 1}[yrel]
    return "DATE", f"{year_of:04d}-H{half}", True


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11)}  # winter straddles the new year


def resolve_season(m: re.Match[str], ctx: DateContext) -> Value | None:
    rel = re.sub(r"\s+", " ", (m.groupdict().get("rel") or "").lower())
    rel = "last" if rel == "this past" else rel  # "this past spring"
    word = m["season"]
    yrel = (m.groupdict().get("yrel") or "").lower()
    tok = ctx.token_at(m.start("season"))
    if tok is not None and tok.pos_ not in ("NOUN", "PROPN"):
        return None
    if m["yearw"] and written_year(m["yearw"]) is not None:
        pass
    elif not m["year"] and tok is not None and capitalised(word) and tok.i > 0:
        prev = tok.doc[tok.i - 1]
        if capitalised(prev.text) and (prev.pos_ == "PROPN" or prev.ent_type_ in ctx.words.blocking_entities):
            return None  # a name: "the Arab Spring", "the Prague Spring"
    if not m["year"] and ctx.blocked(m.start("season")):
        return None
    sentence_start = tok is not None and tok.is_sent_start
    named = capitalised(word) and not sentence_start  # "the IMF's Autumn meetings"
    if (
        not m["year"]
        and not yrel
        and not named
        and tok is not None
        and tok.dep_ in ("compound", "amod", "nmod")
    ):
        return None  # modifies a noun: "winter storms", "summer camp"
    alone = not rel and not m["year"] and not yrel and (not capitalised(word) or sentence_start)
    if alone and ctx.prev_word(m.start()) not in ctx.words.season_preps:
        return None  # a season on its own needs a temporal preposition ("in spring")
    if (
        not m["year"]
        and not yrel
        and rel in ("", "the", "early", "late")
        and re.match(r"\s+(?:of|in|from|to|by|at|below)\b", ctx.text[m.end() : m.end() + 8])
    ):
        return None  # "the fall of the regime", "a fall in prices"
    code = ctx.words.seasons[word.lower()]
    year_named = int(m["year"]) if m["year"] else written_year(m["yearw"]) if m["yearw"] else None
    if year_named is not None:
        return "DATE", f"{year_named:04d}-{code}", True
    if ctx.ref is None:
        return "DATE", f"XXXX-{code}", False
    year = ctx.ref.year + {"": 0, "this": 0, "last": -1, "next": 1}[yrel]
    if yrel:
        return "DATE", f"{year:04d}-{code}", True
    first, last = _SEASON_MONTHS.get(code, (0, 0))
    month = ctx.ref.month
    if rel == "last":
        # the latest such season already over: "last summer" said in October is this year's
        year -= 0 if code in _SEASON_MONTHS and month > last else 1
    elif rel == "next":
        year += 0 if code in _SEASON_MONTHS and month < first else 1
    elif rel in ("", "the") and code in _SEASON_MONTHS:
        direction = ctx.direction(m.start(), m.end())
        if direction == PAST and month < first:
            year -= 1  # "prices rose in the summer", said in March
        elif direction == FUTURE and month > last:
            year += 1  # "talks will resume in the spring", said in November
    return "DATE", f"{year:04d}-{code}", True
