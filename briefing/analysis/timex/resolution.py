"""Resolution of calendar dates and clock times: each function takes a pattern's match and
returns its TIMEX3 type and value, resolved against the article's reference date
(``ctx.ref``) and the dates mentioned before it, or None for a look-alike ("May" as a
modal, "Sunday Times", "2014 seats"). Dates relative to another ("yesterday", "three
weeks ago") are resolved in ``relative``, a year's parts (quarters, halves, seasons) in
``periods``."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Token

from briefing.analysis.timex.calendar import (
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
