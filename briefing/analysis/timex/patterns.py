"""The rules that find temporal expressions: one regular expression per kind of expression,
built from the word lists of ``briefing/data/timex.toml``, each with the function that
resolves its matches (``resolution``, ``durations``) and the strings every match of it
holds (``needs``), by which ``scanning`` skips a rule over a text that holds none of them.

A rule's ``needs`` are declared with the rule, from the words its pattern is built from:
when a pattern changes, its ``needs`` must say what every match of the new pattern holds.
``tests/analysis/timex/test_scanning.py`` checks it on real and synthetic text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from briefing.analysis.timex.context import Handler
from briefing.analysis.timex.durations import (
    resolve_bare_units,
    resolve_duration,
    resolve_recent_units,
    resolve_set_every,
    resolve_set_weekday,
    resolve_set_word,
    resolve_vague,
)
from briefing.analysis.timex.periods import (
    resolve_half,
    resolve_quarter,
    resolve_season,
    resolve_the_quarter,
)
from briefing.analysis.timex.relative import (
    resolve_day_next,
    resolve_day_part,
    resolve_in_the_unit,
    resolve_nth_unit,
    resolve_relday,
    resolve_relunit,
    resolve_same_period,
    resolve_weekday,
    resolve_year_ago,
    resolve_year_end,
)
from briefing.analysis.timex.resolution import (
    resolve_century,
    resolve_decade,
    resolve_decade_word,
    resolve_iso,
    resolve_month,
    resolve_named_time,
    resolve_range_end,
    resolve_slash,
    resolve_time,
    resolve_written_year,
    resolve_year,
)
from briefing.analysis.timex.words import date_words, full_month_name


@dataclass(frozen=True)
class Rule:
    """A pattern (case-insensitive), the function resolving its matches, and ``needs``:
    strings in lower case one of which every match holds once lower-cased, or None when
    there is no such set."""

    pattern: re.Pattern[str]
    resolve: Handler
    needs: frozenset[str] | None


def _longest_word(phrase: str) -> str:
    """The longest word of ``phrase`` (the first of the longest): a string every match of
    the phrase holds, however the words are spaced."""
    return max(phrase.split(), key=len)


def _alt(words: list[str] | set[str] | frozenset[str]) -> str:
    """A regex alternation, longest first, spaces matching any whitespace."""
    items = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


@functools.lru_cache(maxsize=1)
def rules() -> list[Rule]:
    """The rules, in order of precedence: at one position the longest match wins, and of two
    as long the earlier rule."""
    words = date_words()
    # every match of a rule holds one of its ``needs`` (see ``Rule``), here the words it is built from
    month_names = set(words.months)
    weekdays = set(words.weekdays)
    part_words = set(words.day_parts) - {"tonight"}
    set_words = set(words.sets) | set(words.period_adjectives)
    full_months = {full_month_name(n) for n in set(words.months.values())}
    abbrevs = set(words.months) - full_months
    mon = rf"(?:(?:{_alt(full_months)})\b|(?:{_alt(abbrevs)})(?:\.|\b))"
    wd = _alt(weekdays)
    unit_words = set(words.units) | {u + "s" for u in words.units} | set(words.unit_plurals)
    units = _alt(unit_words)
    numwords = _alt({k for k in words.numbers if k not in ("a", "an", "half", "single", "couple")})
    num = (
        r"\d+(?:[\s-]+[1-9]/[1-9]|(?:,\d{3})*(?:\.\d+)?(?:\s+and\s+a\s+half)?)"
        rf"|(?:{numwords})(?:[\s-]+(?:{numwords}))*(?:\s+and\s+a\s+half)?"
        rf"|half\s+an?|(?:a\s+)?couple(?:\s+of)?|{_alt(words.vague_quantities)}|an?|single"
    )
    # The day a clock time is on. A relative day or weekday joins the expression ("16:00 UTC
    # today"); a calendar date after it is an expression of its own ("16:15 UTC, June 1st"),
    # only looked ahead at, which gives the clock time its day.
    date_tail = (
        rf"(?:\s+(?:on\s+)?(?P<day2>today|yesterday|tomorrow|{wd})\b(?!,?\s+{mon}\s*\d))?"
        rf"(?=,?\s+(?:on\s+)?(?:(?:{wd}),?\s+)?(?:(?P<dmon>{mon})\s*(?P<dday>\d{{1,2}})(?:st|nd|rd|th)?\b"
        rf"|(?:the\s+)?(?P<dday_>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmon_>{mon}))"
        r"(?:,?\s+(?P<dyear>\d{4})\b)?)?"
    )
    # a year written out: "nineteen ninety-six", "nineteen oh five", "two thousand and one"
    tens = _alt({k for k, v in words.numbers.items() if v in (20, 30, 40, 50, 60, 70, 80, 90)})
    ones = _alt({k for k, v in words.numbers.items() if v in range(1, 10) and k not in ("a", "an", "single")})
    teens = _alt({k for k, v in words.numbers.items() if v in range(10, 20)})
    tail = rf"(?:(?:{tens})(?:[\s-]+(?:{ones}))?|{teens})\b"
    written = (
        rf"(?:(?:sixteen|seventeen|eighteen|nineteen|twenty)[\s-]+(?:{tail}|hundred\b|oh[\s-]+(?:{ones})\b)"
        rf"|two\s+thousand(?:(?:\s+and)?[\s-]+(?:{tail}|(?:{ones})\b))?)"
    )
    dmods = _alt(set(words.duration_mods))
    counted = {k for k, v in words.ordinals.items() if v >= 2 and k not in ("last", "final")}
    cmods = rf"(?:\b(?:{_alt(set(words.clock_mods))})\s+)?"
    parts = _alt(part_words)
    zones = r"UTC|GMT|Z|[ECMP][SD]T|BST|CET|CEST"

    def rule(rx: str, resolve: Handler, needs: Iterable[str] | None) -> Rule:
        return Rule(re.compile(rx, re.IGNORECASE), resolve, None if needs is None else frozenset(needs))

    return [
        rule(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b", resolve_iso, ["-"]),
        rule(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})\b", resolve_slash, ["/"]),
        rule(
            rf"\b(?:(?P<wd>{wd}),?[^\S\n]+)?"
            r"(?:(?:the\s+)?(?P<mod>early|mid|late|end|beginning|start|middle)(?:\s+of\s+|\s*-\s*|\s+))?"
            r"(?:(?P<rel>last|next|this)\s+)?"
            rf"(?P<month>{mon})(?:\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b)?(?:,?\s+(?:of\s+)?(?P<year>\d{{4}})\b"
            rf"|,?\s+(?P<yearw>{written})|\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year\b)?",
            resolve_month,
            month_names,
        ),
        rule(
            rf"\b(?:(?P<wd>{wd}),?[^\S\n]+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
            rf"(?P<month>{mon})(?:,?\s+(?P<year>\d{{4}})\b)?",
            resolve_month,
            month_names,
        ),
        rule(
            r"\b(?:(?:the\s+)?(?P<mod>early|mid|late|end\s+of|beginning\s+of|start\s+of)(?:\s*-\s*|\s+))?"
            r"(?:(?P<fy>fiscal(?:\s+year)?|FY)\s*)?(?P<year>\d{4})\b(?![.,]\d|\s*-\s*\d(?!\d\b|\d{3}\b))",
            resolve_year,
            None,  # four digits hold no string every match has
        ),
        # the end of a range whose start was just resolved: "March 10-11", "1957-58", "2019-2021"
        rule(r"(?<=\d)[-\u2013](?P<x>\d{1,2}|\d{4})\b(?![-/:.,]\d)", resolve_range_end, ["-", "\u2013"]),
        # a second day offered as the other of two: "February 16 or 17", before punctuation
        rule(r"(?<=\d)\s+or\s+(?P<x>\d{1,2})(?:st|nd|rd|th)?(?=\s*[.,;:)]|\s*$)", resolve_range_end, ["or"]),
        rule(
            rf"\b(?:(?P<the>the\s+year)\s+)?(?P<words>{written})",
            resolve_written_year,
            ["sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thousand"],
        ),
        rule(
            r"\b(?:the\s+)?(?P<ord>\d{1,2}(?:st|nd|rd|th)|"
            + _alt({k for k in words.century_ordinals})
            + r")[\s-]+century\b(?!-)",
            resolve_century,
            ["century"],
        ),
        rule(
            r"\bthe\s+(?:(?:early|late|mid)[\s-]+)?(?P<tens>twenties|thirties|forties|fifties|sixties"
            r"|seventies|eighties|nineties)\b",
            resolve_decade_word,
            ["ties"],
        ),
        rule(
            r"(?:\b(?P<the>the)\s+)?(?:\b(?:early|mid|late)(?:\s+|\s*-\s*))?(?P<dec>(?:1[0-9]|20)\d0|'\d0|\b\d0)s\b",
            resolve_decade,
            ["0s"],  # every form of a decade ends in a zero and an s
        ),
        rule(
            cmods + r"\b(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)"
            rf"(?:\s+(?P<tz>{zones})\b)?" + date_tail,
            resolve_time,
            ["a.m.", "p.m.", "am", "pm"],
        ),
        rule(
            cmods + rf"\b(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)\b(?:\s+(?P<tz>{zones})\b)?" + date_tail,
            resolve_time,
            [":"],
        ),
        rule(
            r"\b(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s+(?P<tz>UTC|GMT)\b" + date_tail,
            resolve_time,
            ["utc", "gmt"],
        ),
        rule(
            rf"\b(?P<word>noon|midnight)\b(?:,?\s+(?:on\s+)?(?P<day2>today|yesterday|tomorrow|{wd})\b)?",
            resolve_named_time,
            ["noon", "midnight"],
        ),
        rule(
            rf"\b(?:(?:earlier|later|early|late)\s+|mid-?(?P<part0>{parts})\s+)?(?P<word>today|tonight|yesterday|tomorrow"
            rf"|last\s+night|this\s+(?:{parts})|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)"
            rf"(?:\s+(?P<part>{parts}))?\b",
            resolve_relday,
            ["today", "tonight", "yesterday", "tomorrow", *part_words],
        ),
        rule(
            r"\b(?:in|during|throughout|by|until|till)\s+(?P<x>(?P<the>the\s+)?(?:(?:early|late|(?P<mid>mid))[\s-]*)?"
            r"(?P<part>morning|afternoon|evening))\b(?!-)",
            resolve_day_part,
            ["morning", "afternoon", "evening"],
        ),
        # the first of two weekdays joined to a plural one shares its number: "on Monday and
        # Tuesday nights" is two sets, not a date and a set
        rule(
            rf"\b(?P<wd>{wd})(?=\s+(?:and|or)\s+(?:{wd})"
            rf"(?:s\b(?:\s+(?P<part>{parts})s?\b)?|\s+(?P<nights>{parts})s\b))",
            resolve_set_weekday,
            weekdays,
        ),
        rule(
            rf"\b(?:(?:early|late)\s+)?(?:(?P<rel>this\s+(?:past|coming)|last|next|this|past|coming"
            r"|the\s+(?:previous|following))\s+)?"
            rf"(?P<wd>{wd})(?:\s+(?P<part>{parts}))?\b",
            resolve_weekday,
            weekdays,
        ),
        rule(
            r"\bthe\s+(?:same|(?P<ago>year-ago|year-earlier|prior-year|previous-year|year-before))\s+"
            r"(?P<unit>period|time|day|week|weekend|month|quarter|season|year)\b(?!-)"
            r"(?P<shift>\s+(?:last\s+year|(?:a|one)\s+year\s+(?:ago|earlier|before)"
            r"|the\s+(?:previous|prior)\s+year|the\s+year\s+(?:before|earlier)"
            r"|(?:of|in)\s+(?:the\s+)?(?:previous|prior|last)\s+year|(?:of|in)\s+(?P<year>\d{4}))\b)?",
            resolve_same_period,
            ["same", "year-ago", "year-earlier", "prior-year", "previous-year", "year-before"],
        ),
        rule(r"\byear-(?:ago|earlier)\b", resolve_year_ago, ["year-ago", "year-earlier"]),
        rule(r"\b(?:year[-\s]end|year's\s+end)\b", resolve_year_end, ["year"]),
        rule(
            r"\b(?:earlier|later|early|late)\s+in\s+(?P<x>the\s+(?P<unit>day|week|month|year))\b(?!-)",
            resolve_in_the_unit,
            ["earlier", "later", "early", "late"],
        ),
        rule(
            r"\b(?:the\s+)?(?P<half>first|second|last|latter)\s+half\s+of\s+"
            r"(?:(?P<year>\d{4})\b|(?P<yrel>this|last|next|the)\s+year\b)",
            resolve_half,
            ["half"],
        ),
        # the day next to the one last named, told on its own ("talked on Saturday. The day
        # before, ..."); before a noun it is a relation, not a date ("the day before the vote")
        rule(
            r"\bthe\s+day\s+(?P<dir>before|after|earlier|later)(?=\s*[,.;:)]|\s*$)",
            resolve_day_next,
            ["day"],
        ),
        # a day or week counted in a run ("the second day of the offensive", "for a third
        # straight day", "the fourth week in a row"): the day or week under discussion
        rule(
            rf"\b(?:(?:the|a)\s+)?(?P<ord>{_alt(counted)}|[2-9](?:st|nd|rd|th)|[1-9]\d(?:st|nd|rd|th))\s+"
            r"(?:(?:straight|consecutive|successive)\s+)?(?P<unit>day|week)\b(?!-)",
            resolve_nth_unit,
            ["day", "week"],
        ),
        rule(
            r"\b(?:(?:earlier|later)\s+(?:in\s+)?|(?:early|late)\s+(?=this|last|next))?"
            r"(?:(?:the\s+)?(?:start|beginning|end|middle|rest|first\s+half|second\s+half)\s+of\s+)?"
            r"(?P<rel>the\s+(?:same|previous|following|next|past|last|coming|current)"
            r"|this|last|next|past|previous|coming|current|the)\s+"
            r"(?:(?P<kind>full|fiscal|calendar)\s+)?"
            r"(?P<unit>day|week|weekend|month|year|quarter|decade|century)\b"
            r"(?!-)",
            resolve_relunit,
            ["day", "week", "month", "year", "quarter", "decade", "century"],
        ),
        rule(
            # "the third-quarter loss": the article goes with the noun a hyphened quarter modifies
            r"\b(?:the\s+(?!(?:fiscal[\s-]+)?(?:first|second|third|fourth|final|last|[1-4](?:st|nd|rd|th))-quarter\b))?"
            r"(?:(?P<year0>\d{4})\s+|(?P<yrel0>this|last|next)\s+year's\s+"
            r"|(?P<ago>year-ago|year-earlier|prior-year)\s+)?(?:fiscal[\s-]+)?"
            r"(?P<ord>first|second|third|fourth|final|last|[1-4](?:st|nd|rd|th))(?:\s+|-)quarter(?!ly)"
            r"(?:\s+(?:of\s+)?(?:(?P<year>\d{4})\b|(?P<yrel>this|last|next|the)\s+year\b))?",
            resolve_quarter,
            ["quarter"],
        ),
        rule(
            r"\b(?:the|that|this)\s+(?:(?:(?P<latest>latest|most\s+recent)|current|same|comparable|(?P<year>\d{4}))\s+)?"
            r"(?:fiscal\s+)?(?:quarter|period)\b(?!-|\s+of\b)(?P<shift>\s+(?:a|one)\s+year\s+(?:ago|earlier))?",
            resolve_the_quarter,
            ["quarter", "period"],
        ),
        rule(
            r"\b(?:(?:the\s+)?(?P<rel>this\s+past|this|last|next|early|late|the)\s+)?(?P<season>spring|summer|autumn|fall|winter)"
            rf"(?:\s+(?:of\s+)?(?P<year>\d{{4}})\b|\s+of\s+(?P<yearw>{written})"
            r"|\s+of\s+(?P<yrel>this|last|next)\s+year\b)?\b",
            resolve_season,
            ["spring", "summer", "autumn", "fall", "winter"],
        ),
        rule(
            # "over the past three years": "over" is "during" there, not "more than", and is left out
            rf"\b(?:(?:{dmods})\s+(?!the\s))?"
            r"(?:(?P<rel>the\s+(?:past|last|previous|next|coming|first|following|final)"
            r"|past|last|next|coming|previous|following)\s+|the\s+(?![\w.,]*-))?"  # not "the five-year plan"
            # a range of counts is one duration, written with its lower bound ("two to three weeks")
            rf"(?P<num>{num})(?:\s*(?:to|or|-|\u2013)\s*(?:\d+|(?:{numwords})(?:-(?:{numwords}))?)(?=[\s-]))?"
            r"[\s-]+(?:(?:straight|consecutive|full|trading|more|additional|successive)\s+)?"
            rf"(?P<unit>{units})\b(?P<half>\s+and\s+a\s+half\b)?(?:\s+or\s+so\b)?"
            r"(?:(?:\s+|-)(?P<tail>ago|earlier|later|old|long)\b)?",
            resolve_duration,
            unit_words,
        ),
        rule(
            r"(?:\b(?:for|over|in|within|across|spanning)\s+(?:the\s+)?(?:just\s+|only\s+|mere\s+)?)"
            r"(?P<x>(?P<unit>years|decades|months|weeks|days|hours|minutes|centuries))\b",
            resolve_bare_units,
            ["years", "decades", "months", "weeks", "days", "hours", "minutes", "centuries"],
        ),
        rule(r"\b(?P<unit>years|decades|months|weeks)-long\b", resolve_bare_units, ["-long"]),
        rule(
            r"\b(?P<which>recent|coming|the\s+coming)\s+(?P<unit>days|weeks|months|years|decades)\b",
            resolve_recent_units,
            ["recent", "coming"],
        ),
        rule(
            r"\b(?:every|each|per)\s+(?P<other>other\s+)?(?:(?P<num>\d+|"
            rf"{numwords})\s+)?(?P<unit>{units})\b",
            resolve_set_every,
            ["every", "each", "per"],
        ),
        rule(
            rf"\b(?:(?:once|twice|thrice|\w+\s+times)\s+(?:a|an|per|each|every)\s+)(?P<unit>{units})\b",
            resolve_set_every,
            ["once", "twice", "thrice", "times"],
        ),
        rule(
            rf"\b(?:(?:every|each|on)\s+)?(?P<wd>{wd})"
            rf"(?:s\b(?:\s+(?P<part>{parts})s?\b)?|\s+(?P<nights>{parts})s\b)",
            resolve_set_weekday,
            weekdays,
        ),
        rule(
            rf"\b(?:every|each)\s+(?:(?P<month>{mon})|(?P<wd>{wd})\b(?:\s+(?P<part>{parts})\b)?)",
            resolve_set_weekday,
            ["every", "each"],
        ),
        rule(rf"\b(?P<word>{_alt(set_words)})\b", resolve_set_word, set_words),
        rule(
            rf"\b(?P<phrase>{_alt(set(words.vague))})\b",
            resolve_vague,
            [_longest_word(phrase) for phrase in words.vague],
        ),
    ]
