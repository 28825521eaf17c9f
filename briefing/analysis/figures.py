"""Key figures: the numbers an article states about the situation.

A figure is a number phrase ("more than 130,000", "$1.5 billion", "one hundred thousand",
"100,000 to 130,000") that counts something the lexicon knows (``briefing/data/figures.toml``:
troops, equipment, people and what happened to them, places, sanctioned entities), or is
money, a percentage or a distance. Each is read at full scale (the upper end of a range),
with its unit (a currency code for money), what it counts (the counted noun with its
modifiers, from the parse), the words around it as written, and the date it held: the
calendar date of its clause or sentence from the article's timexes ("now" and "currently"
are the article's date).

Not figures: numbers inside a date, time or duration timex, ages ("a 37-year-old"),
ordinals, years, numbers in names ("Nord Stream 2", "Article 5"), references ("No. 10"),
indefinite counts ("thousands", "a few hundred"), counts of time ("for eight years"), counts
of things the lexicon does not know ("two cases"), hypotheticals ("if we have 50,000 or
150,000 soldiers") and a count of one. A number without a counted noun ("There are 150,000
along the border") counts what the nearest figure before it in the paragraph counted.
(Which numbers are not figures: ``figure_checks``; when a figure held: ``figure_dates``.)

What is counted is also given as a key by meaning, ``unit|side|event`` ("troops|Russia|",
"people||killed"): the unit from the lexicon, whose count it is (a nationality or country on
the noun, or the subject that has them) and what happened to the people counted, so
"Russian soldiers" and "troops Moscow amassed" compare equal across articles.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from briefing.analysis.counted import (
    ANTECEDENTS,
    Read,
    antecedent,
    counted_noun,
    describe,
    glued_entry,
    hyphen_modifier,
    last_word,
    money_counts,
    next_noun,
    of_phrase,
    sources,
    subject,
)
from briefing.analysis.doccache import children, doc_text, entities, sentences, token_table
from briefing.analysis.figure_checks import MEASURES, excluded, hypothetical, named
from briefing.analysis.figure_dates import figure_date
from briefing.analysis.numbers import (
    Lexicon,
    Number,
    extend_range,
    lexicon,
    match_after,
    qualifier_start,
    read_number,
    starts_number,
)
from briefing.analysis.spans import within
from briefing.records import Figure, Timex

_WINDOW = 9  # words of context kept on each side of the number
_MIN_BARE = 100  # a number without its noun is read through a figure before it only from here
_HARD_STOPS = {";", ":", "(", ")", "[", "]", "“", "”", '"', "—", "–", "•"}


# ---------------------------------------------------------------- reading one figure


def _context(doc: Doc, sent: Span, start: int, end: int) -> tuple[int, int]:
    """Token bounds of the words kept around the number: at most ``_WINDOW`` words each
    side in its sentence, not across strong punctuation."""
    lo, words = start, 0
    while lo > sent.start and words < _WINDOW:
        prev = doc[lo - 1]
        if prev.text in _HARD_STOPS or "\n" in prev.text_with_ws:
            break
        lo -= 1
        words += not prev.is_punct
    hi, words = end, 0
    while hi < sent.end and words < _WINDOW:
        nxt = doc[hi]
        if nxt.text in _HARD_STOPS or nxt.text in ".!?" or "\n" in doc[hi - 1].text_with_ws:
            break
        hi += 1
        words += not nxt.is_punct
    while lo < start and (doc[lo].is_punct or doc[lo].dep_ == "cc"):
        lo += 1
    while hi > end and (doc[hi - 1].is_punct or doc[hi - 1].dep_ == "cc"):
        hi -= 1
    return lo, hi


def _conversion(doc: Doc, start: int, read: Read, state: _State) -> bool:
    """An amount in brackets right after one of the same kind converts it: "100 miles
    (160 km)", "100,000 roubles ($1,628)"."""
    opening = start - 1
    return (
        opening > 0
        and doc[opening].text == "("
        and state.last is not None
        and state.last.category == read.category
        and read.category in _CONVERTED
        and 0 <= opening - state.last_end <= 2
    )


_CONVERTED = ("distance", "money", "energy")


# ---------------------------------------------------------------- the article


@dataclass
class _State:
    """What reading one article keeps: the latest figure's reading and its sentence."""

    last: Read | None = None
    last_sentence: int = -10
    last_end: int = -10  # the token after it


def find_figures(
    doc: Doc,
    timexes: list[Timex],
    published: dt.date | None,
    skip: list[tuple[int, int]] | None = None,
) -> list[Figure]:
    """The key figures of an article, in text order, each stated once (a repeat of the same
    count of the same thing with the same date is its first mention)."""
    lex = lexicon()
    lower = token_table(doc).lower
    skipped = within(skip or [])
    inside_timex = within([(t.start, t.end) for t in timexes])
    ordered = sorted(timexes, key=lambda t: t.start)
    starts = [t.start for t in ordered]
    figures: list[Figure] = []
    seen: dict[tuple[float, str], set[str | None]] = {}
    state = _State()
    for number, sent in enumerate(sentences(doc)):
        if skipped(sent.start_char):
            continue
        i = sent.start
        while i < sent.end:
            if not starts_number(lower[i], lex):
                i += 1
                continue
            num = read_number(doc, i, sent.end, lex)
            if num is None:
                i += 1
                continue
            i = num.end
            if excluded(doc, num, lex, inside_timex):
                continue
            whole = extend_range(doc, num, sent.end, lex)  # "100,000 to 130,000": read once
            i = whole.end
            figure = _figure(doc, sent, number, whole, lex, state)
            if figure is None:
                continue
            figure.date = figure_date(doc, sent, doc[num.end - 1], ordered, starts, published)
            # A repeat is the first mention's, unless it gives another date.
            key = (round(figure.value, 6), figure.key)
            dates = seen.setdefault(key, set())
            if dates and (figure.date is None or figure.date in dates):
                continue
            dates.add(figure.date)
            figures.append(figure)
    return figures


def _figure(
    doc: Doc, sent: Span, sent_number: int, num: Number, lex: Lexicon, state: _State
) -> Figure | None:
    """The figure ``num`` (a number or a range, not excluded) states, if it counts something."""
    lower = token_table(doc).lower
    if num.value <= 1 and not num.scaled:
        return None
    start = qualifier_start(lower, num.start, sent.start, lex)
    end = num.end
    currency = num.currency
    if currency is None and num.start > sent.start:
        before = doc[num.start - 1].text
        currency = lex.symbols.get(before.lower()) or (before if before in lex.codes else None)
        if currency:
            start = qualifier_start(lower, num.start - 1, sent.start, lex)
    if currency is None and end < sent.end and not num.glued:
        word, lemma = lower[end].rstrip("’'"), doc[end].lemma_.lower()
        currency = lex.currency_words.get(word) or lex.currency_words.get(lemma)
        currency = currency or (doc[end].text if doc[end].text in lex.codes else None)
        end += currency is not None
    read: Read | None
    amount_end = 0  # the amount as written ends before the counted noun
    if currency:
        if (
            num.value < lex.small_money
            and not num.scaled
            and not (end < sent.end and lower[end] in lex.rate_words)
        ):
            return None  # "$2 worth of sanctions"; but "$90 a barrel"
        counts = money_counts(doc, end)
        read = Read(currency, counts, f"{currency}|{last_word(counts)}|", "money")
    elif (n := match_after(lower, end, lex.percent)) or num.glued == "%":
        end += n
        counts = of_phrase(doc, end - 1)
        read = Read("percent", counts, f"percent|{counts.lower()}|", "percent")
    elif num.glued and (entry := glued_entry(num.glued, lex)):
        read = Read(lex.units[entry], num.glued, f"{lex.units[entry]}||", lex.categories[entry])
    else:
        if num.spelled and num.value < 2:
            return None
        if named(doc, num):
            return None
        noun = counted_noun(doc, num, sent.end, lex) if not num.glued else next_noun(doc, num, sent.end, lex)
        if noun is None or noun.lower_ in lex.pronouns:
            read = _bare(doc, sent, sent_number, num, lex, state, noun is not None)
        else:
            if noun.lemma_.lower() in lex.exclude_nouns or noun.lower_ in lex.exclude_nouns:
                return None
            read = describe(noun, lex)
            if read is None or (hyphen_modifier(doc, num, noun) and read.category not in MEASURES):
                return None
            if read.category == "roles" and sources(noun, lex):
                return None
            amount_end, end = end, max(end, noun.i + 1)
        if read is None:
            return None
        if num.spelled and not read.key.rsplit("|", 1)[1]:
            if num.value < lex.spelled_minimum.get(read.category, 0):
                return None
            if num.value < 10 and num.start > 0 and lower[num.start - 1] in lex.referring:
                return None  # "the two leaders", "its three sons": who, not how many
    amount_end = amount_end or end
    unit, side, event = read.key.split("|")
    if read.category in _MEASURED and not side:  # a distance or share is of what is measured
        read = Read(read.unit, read.counts, f"{unit}|{subject(doc[num.start])}|{event}", read.category)
    if hypothetical(doc, num.start) or _conversion(doc, start, read, state):
        return None
    state.last, state.last_sentence, state.last_end = read, sent_number, end
    lo, hi = _context(doc, sent, start, end)
    text = doc_text(doc)
    return Figure(
        value=float(num.value),
        unit=read.unit,
        counts=read.counts,
        text=text[doc[lo].idx : doc[hi - 1].idx + len(doc[hi - 1])],
        start=doc[lo].idx,
        end=doc[hi - 1].idx + len(doc[hi - 1]),
        amount=_amount(doc, start, amount_end, num),
        key=read.key,
        low=num.low,
        category=read.category,
        places=_places(doc, sent_number),
    )


_PLACES = ("GPE", "NORP", "LOC")
_PLACES_KEY = "briefing.figure_places"


def _places(doc: Doc, sent_number: int) -> list[str]:
    """The places and peoples named in the figure's sentence, lower case: what the figure
    is about, for telling the situation's figures from others."""
    spans = sentences(doc)
    first, last = spans[sent_number].start, spans[sent_number].end
    places = doc.user_data.get(_PLACES_KEY)
    if places is None:
        places = doc.user_data[_PLACES_KEY] = [
            (e.start, e.text.lower()) for e in entities(doc) if e.label_ in _PLACES
        ]
    k = bisect.bisect_left(places, (first, ""))
    names = set()
    while k < len(places) and places[k][0] < last:
        names.add(places[k][1])
        k += 1
    return sorted(names)


def _amount(doc: Doc, start: int, end: int, num: Number) -> str:
    """The amount as written, with its qualifier and currency, without what a missing space
    glued to it or an opening quote ("about 100,000" of "about 100,000miles")."""
    text = doc_text(doc)
    last = doc[end - 1]
    stop = last.idx + len(last) - (len(num.glued) if end == num.end and num.glued != "%" else 0)
    return text[doc[start].idx : stop].lstrip("\"“‘'([")


_MEASURED = ("distance", "percent")


def _bare(
    doc: Doc, sent: Span, sent_number: int, num: Number, lex: Lexicon, state: _State, pronoun: bool
) -> Read | None:
    """What a number without its noun counts: a conjunct's noun ("25 people killed and 102
    wounded"), a participle after it ("three wounded"), "the number of X ... reaches N",
    or (from ``_MIN_BARE``, or "957 of them") the count or counted noun just before it."""
    head = doc[num.end - 1]
    after = doc[num.end] if num.end < sent.end else None
    happened = lex.events.get(after.lemma_.lower(), "") if after is not None and after.pos_ == "VERB" else ""
    if head.dep_ == "conj" and head.head.pos_ == "NOUN" and not num.glued:
        own = next(
            (lex.events[c.lemma_.lower()] for c in children(head) if c.lemma_.lower() in lex.events), ""
        )
        read = describe(head.head, lex, own or happened or None)
        if read is not None:
            return read
    if happened:
        noun = antecedent(doc, sent_number, num.start, lex, back=0)
        if noun is not None:
            return describe(noun, lex, happened)
        return Read("people", f"people {happened}", f"people||{happened}", "people")
    verb = head
    for _ in range(4):  # up to the verb: "the number of soldiers ... reaches 140,000"
        if (verb.pos_ in ("VERB", "AUX") and verb is not head) or verb.head is verb:
            break
        verb = verb.head
    for child in children(verb):
        if child.dep_ in ("nsubj", "nsubjpass") and child.lemma_.lower() in lex.totals:
            for prep in children(child):
                for obj in children(prep) if prep.lower_ == "of" else ():
                    if obj.dep_ == "pobj" and (read := describe(obj, lex)) is not None:
                        return read
    if not pronoun and (num.value < _MIN_BARE or head.ent_type_ not in ("CARDINAL", "")):
        return None
    if (
        state.last is not None
        and sent_number - state.last_sentence <= 2
        and state.last.category in ANTECEDENTS
    ):
        return state.last
    noun = antecedent(doc, sent_number, num.start, lex, back=3)
    return describe(noun, lex) if noun is not None else None
