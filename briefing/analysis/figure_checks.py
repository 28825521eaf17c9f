"""Numbers that are not key figures: inside a date, time or duration, a year, an age, an
ordinal, part of a name ("Nord Stream 2", "Boeing 737"), a reference, an indefinite count,
a ratio or score, or in a hypothetical ("if we have 50,000 soldiers")."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc

from briefing.analysis.doccache import children, sentence_of, token_table
from briefing.analysis.numbers import Lexicon, Number, is_number, match_after

_YEAR = re.compile(r"(19|20)\d\d")
MEASURES = ("distance", "energy")  # categories of units that measure (not count) what follows


def excluded(doc: Doc, num: Number, lex: Lexicon, inside_timex: Any) -> bool:
    """A date, time, year, age, ordinal, name, reference or indefinite count, not a figure."""
    first, last = doc[num.start], doc[num.end - 1]
    if inside_timex(first.idx) or inside_timex(last.idx):
        return True
    if (
        _YEAR.fullmatch(first.text)
        and num.end == num.start + 1
        and not num.currency
        and not measured(doc, num, lex)
    ):
        return True  # a year the dates missed ("2014 Ukrainian soldiers"): counts this size take a comma
    if (
        first.ent_type_ in lex.exclude_entities
        or last.ent_type_ in lex.exclude_entities
        or first.tag_ == "LS"
    ):
        return True
    lower = token_table(doc).lower
    if num.start > 0:
        before = lower[num.start - 1]
        if (before in lex.exclude_before and not num.currency) or before in lex.indefinite:
            return True
        if before == "-" and num.start > 1 and lower[num.start - 2][-1:].isalnum():
            return True  # "F-15", "COVID-19", the second half of a score "306-232"
    if num.glued.lower() in ("st", "nd", "rd", "th"):
        return True
    if num.start > 1 and lower[num.start - 1] in ("in", "of") and is_number(lower[num.start - 2], lex):
        return True  # the second half of a ratio: "seven in 10", "three out of four"
    after = num.end
    if after >= len(doc):
        return False
    if match_after(lower, after, lex.exclude_after):
        return True
    nxt = lower[after + 1] if after + 1 < len(doc) else ""
    if lower[after] in ("in", "out") and is_number(
        nxt if lower[after] == "in" else lower[min(after + 2, len(doc) - 1)], lex
    ):
        return True  # a ratio: "seven in 10 people", "one out of five"
    if lower[after] == "-" and nxt in ("year", "years"):
        return True  # "a 37-year-old"
    # A clock time read in pieces ("18:00"), or a score or a tally ("306-232").
    return lower[after] in (":", "-") and nxt[:1].isdigit()


def measured(doc: Doc, num: Number, lex: Lexicon) -> bool:
    """A measure follows the number: "2000 meters", "1990 tonnes", "2000 euros", "20%"."""
    if num.end >= len(doc):
        return False
    word = doc[num.end]
    lower, lemma = word.lower_, word.lemma_.lower()
    if lower in lex.currency_words or lemma in lex.currency_words:
        return True
    if match_after(token_table(doc).lower, num.end, lex.percent):
        return True
    entry = lemma if lemma in lex.units else lower if lower in lex.units else None
    return entry is not None and lex.categories[entry] in MEASURES


def named(doc: Doc, num: Number) -> bool:
    """Digits after a name that are part of it: "Switchblade 300", "Boeing 737" (not a
    place: "in Mariupol 20,000 died")."""
    if num.spelled or num.start == 0:
        return False
    prev = doc[num.start - 1]
    return prev.pos_ == "PROPN" and prev.ent_type_ not in ("GPE", "LOC", "NORP") and not prev.is_sent_start


def hypothetical(doc: Doc, i: int) -> bool:
    """A number in a condition ("if we have 50,000 soldiers") or a "no matter how many"."""
    node = doc[i]
    for _ in range(12):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in children(node)):
            return True
        if node.head is node:
            break
        node = node.head
    return "no matter" in sentence_of(i, doc).text.lower()
