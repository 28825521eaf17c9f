"""A page whose text reports events after its stamped date.

A live page keeps its first stamp while it is updated for days, and a scraped page may carry
the wrong date: either way its text tells of things that happened after the date it bears,
and its relative dates ("on Thursday", "yesterday"), resolved against that stamp, are wrong.
The brief says so beside the source.

Only days written out count ("March 14", "14 March 2022"): a relative one ("on Monday",
"three days later") is itself resolved against the stamp and so cannot contradict it, and a
bare month or year is more often a plan or a name ("the 2024 election", "payments halted to
August 2024") than the day a page was updated. A day counts when its clause tells of
something that happened (past tense) on it: "talks will be held on March 20" is a plan, "the
March 20 deadline" a name, "until March 20" a stretch. It must lie clearly after the stamp:
more than ``SLACK_DAYS`` after it (a stamp in UTC may be a day behind the writer). A day
written without its year takes the stamp's year, so it counts only within ``NEAR_DAYS`` of
the stamp and when its sentence names no other year: "on 1 May" in a piece recalling 2003,
or "on May 9 up until 2013", is another year's day, not a later update.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from spacy.tokens import Doc, Token

from briefing.analysis.doccache import doc_text
from briefing.analysis.timex import FUTURE, date_words, tense_direction
from briefing.records import AfterStamp, Timex

SLACK_DAYS = 1
NEAR_DAYS = 30

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"\d{4}")
_WRITTEN_YEAR = re.compile(r"(?<!\d)(?<!\d[.,])(1[5-9]|20)\d\d(?!\d|[.,]\d)")
_DAY_NUMBER = re.compile(r"(?<!\d)(?<!\d[.,])(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?(?!\d|[.,]\d)", re.I)
_NUMERIC_DATE = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}")


@functools.lru_cache(maxsize=1)
def _words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Month names, and words that make a date relative (units: "three days later")."""
    words = date_words()
    months = re.compile(
        r"\b(" + "|".join(sorted(map(re.escape, words.months), key=len, reverse=True)) + r")\b\.?", re.I
    )
    units = {*words.units, *words.unit_plurals}
    relative = re.compile(
        r"\b(" + "|".join(sorted(map(re.escape, units), key=len, reverse=True)) + r")s?\b", re.I
    )
    return months, relative


def written_out(text: str) -> bool:
    """The date is written in full: a year, a month with its day, or a numeric date; not a
    span of time counted from another date ("two weeks after March 1")."""
    months, relative = _words()
    if relative.search(text):
        return False
    if _NUMERIC_DATE.search(text) or _WRITTEN_YEAR.search(text):
        return True
    return bool(months.search(text)) and bool(_DAY_NUMBER.search(months.sub(" ", text)))


def after(value: str, published: dt.date) -> bool:
    """The calendar value lies clearly after the published date."""
    if m := _DAY.fullmatch(value):
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return False
        return (day - published).days > SLACK_DAYS
    if m := _MONTH.fullmatch(value):
        return (int(m[1]), int(m[2])) > (published.year, published.month)
    if _YEAR.fullmatch(value):
        return int(value) > published.year
    return False


def _happened(doc: Doc, start: int, end: int) -> bool:
    """The clause governing the date tells of something that happened: its verb in the past
    tense (or a past participle with "has"/"was"), not in the future and not a plan ("was
    scheduled for", "expected to meet", "ahead of talks on")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    words = date_words()
    node: Token = span.root
    if node.dep_ in ("punct", "dep"):
        return False  # glued to the punctuation after it ("24.-"): the parse cannot be read
    if node.dep_ in ("compound", "amod", "nmod", "poss", "nummod"):
        return False  # names a thing ("the March 20 deadline"), does not date an event
    if node.dep_ == "pobj" and node.head.lower_ in words.until_preps | {"to", "till", "from", "since"}:
        return False  # a stretch of time, not the day of an event
    for _ in range(12):
        verb = node.pos_ in ("VERB", "AUX") and node.dep_ not in ("aux", "auxpass")
        # "went" is no plan, "was scheduled" is one
        if node.lemma_.lower() in words.future_lemmas and not (verb and node.tag_ == "VBD"):
            return False
        if verb:
            break
        if node.head is node:
            return False
        node = node.head
    else:
        return False
    aux = [c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")]
    if any(a in words.future_aux for a in aux):
        return False
    if node.dep_ == "xcomp" and node.head.lemma_.lower() in words.future_lemmas:
        return False
    return node.tag_ == "VBD" or (node.tag_ == "VBN" and any(a in words.past_aux for a in aux))


def _near_and_this_year(doc: Doc, timex: Timex, value: str, published: dt.date) -> bool:
    """A day written without its year ("on May 11") is read as in the stamp's year only when
    it is near the stamp, its sentence names no other year, and the last year the text wrote
    before it (if any) is the stamp's: "in March 2014 ... on April 19" is 2014's April 19."""
    if (dt.date.fromisoformat(value) - published).days > NEAR_DAYS:
        return False
    span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    sentence = span.sent.text
    if any(int(m[0]) != published.year for m in _WRITTEN_YEAR.finditer(sentence)):
        return False
    before = list(_WRITTEN_YEAR.finditer(doc_text(doc), 0, timex.start))
    return not before or int(before[-1][0]) == published.year


def reported_after(doc: Doc, timexes: list[Timex], published: dt.date | None) -> AfterStamp | None:
    """The latest date written out in the text that reports an event after ``published``."""
    if published is None:
        return None
    late: list[Timex] = []
    for t in timexes:
        if t.type not in ("DATE", "TIME") or not t.resolved:
            continue
        value = t.value[:10] if t.type == "TIME" else t.value
        if not _DAY.fullmatch(value) or not after(value, published) or not written_out(t.text):
            continue
        if not _WRITTEN_YEAR.search(t.text) and not _near_and_this_year(doc, t, value, published):
            continue
        if tense_direction(doc, t.start, t.end) == FUTURE or not _happened(doc, t.start, t.end):
            continue
        late.append(t)
    if not late:
        return None
    latest = max(late, key=lambda t: t.value[:10] if t.type == "TIME" else t.value)
    return AfterStamp(latest.value[:10] if latest.type == "TIME" else latest.value, latest.text, len(late))
