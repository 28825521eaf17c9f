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

What is counted is also given as a key by meaning, ``unit|side|event`` ("troops|Russia|",
"people||killed"): the unit from the lexicon, whose count it is (a nationality or country on
the noun, or the subject that has them) and what happened to the people counted, so
"Russian soldiers" and "troops Moscow amassed" compare equal across articles.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from briefing.analysis.clauses import clause_head
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
from briefing.analysis.doccache import children, doc_text, sentence_of, sentences, token_table
from briefing.analysis.event_dates import calendar_value
from briefing.analysis.numbers import (
    Lexicon,
    Number,
    extend_range,
    is_number,
    lexicon,
    match_after,
    qualifier_start,
    read_number,
    starts_number,
)
from briefing.analysis.spans import within
from briefing.records import Figure, Timex

_PRONOUNS = {"them", "those", "whom", "these", "it", "which"}
_YEAR = re.compile(r"(19|20)\d\d")
_CALENDAR = re.compile(r"\d{4}(-\d{2}(-\d{2})?|-W\d{2})?")  # (fully known: no X digits)
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


def _excluded(doc: Doc, num: Number, lex: Lexicon, inside_timex: Any) -> bool:
    """A date, time, year, age, ordinal, name, reference or indefinite count, not a figure."""
    first, last = doc[num.start], doc[num.end - 1]
    if inside_timex(first.idx) or inside_timex(last.idx):
        return True
    if (
        _YEAR.fullmatch(first.text)
        and num.end == num.start + 1
        and not num.currency
        and not _measured(doc, num, lex)
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


def _measured(doc: Doc, num: Number, lex: Lexicon) -> bool:
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
    return entry is not None and lex.categories[entry] in _MEASURES


def _named(doc: Doc, num: Number) -> bool:
    """Digits after a name that are part of it: "Switchblade 300", "Boeing 737" (not a
    place: "in Mariupol 20,000 died")."""
    if num.spelled or num.start == 0:
        return False
    prev = doc[num.start - 1]
    return prev.pos_ == "PROPN" and prev.ent_type_ not in ("GPE", "LOC", "NORP") and not prev.is_sent_start


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


def _hypothetical(doc: Doc, i: int) -> bool:
    """A number in a condition ("if we have 50,000 soldiers") or a "no matter how many"."""
    node = doc[i]
    for _ in range(12):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in children(node)):
            return True
        if node.head is node:
            break
        node = node.head
    return "no matter" in sentence_of(i, doc).text.lower()


_STARTS = ("since", "from")
_REPORTED = ("ccomp", "xcomp", "parataxis")  # a clause reported by the verb above it


def _describes(head: Token, number: Token, clause: Token) -> bool:
    """Whether a clause describes the thing counted: a participle or relative clause on the
    noun phrase of the number ("assistance approved in December")."""
    if head.dep_ not in ("acl", "relcl"):
        return False
    node = head.head
    for _ in range(8):
        if node is clause or node.head is node:
            return False
        if node.i in (number.i, number.head.i):
            return True
        node = node.head
    return False


def _date(
    doc: Doc, sent: Span, number: Token, timexes: list[Timex], starts: list[int], published: dt.date | None
) -> str | None:
    """When the figure held: a calendar date of its own clause, or of the clause reporting
    it ("said on Wednesday that 10 battle groups are approaching"); "now" and "currently"
    are the article's date. Another clause's date is not the figure's ("... and plan to
    invade next year", "in 2014, Russia ...; more than 14,000 people have died"): then None,
    and the brief takes the figure as holding when it was reported."""
    chain = [clause_head(number)]
    while chain[-1].dep_ in _REPORTED and len(chain) < 4:
        chain.append(clause_head(chain[-1].head))
    lo = bisect.bisect_left(starts, sent.start_char)
    hi = bisect.bisect_left(starts, sent.end_char)
    best: tuple[int, int, str] | None = None
    for t in timexes[lo:hi]:
        if t.type != "DATE":
            continue
        value = t.value
        if value == "PRESENT_REF":
            if published is None:
                continue
            value = published.isoformat()
        elif calendar_value(t) is None or not _CALENDAR.fullmatch(value):
            continue  # (not a day, month or year on the calendar, or "the past year": up to now)
        token = doc.char_span(t.start, t.end, alignment_mode="expand")
        if token is None or (token.start > 0 and doc[token.start - 1].lower_ in _STARTS):
            continue  # "killed 14,000 people since 2014": when the count began, not when it held
        head = clause_head(token.root)
        if head in chain:
            place = chain.index(head)
        elif _describes(head, number, chain[0]):
            place = 0  # "$200 million of assistance approved in December"
        else:
            continue  # another clause's date: "... and plan to invade next year"
        rank = (place, min(abs(t.start - number.idx), abs(t.end - number.idx)))
        if best is None or rank < best[:2]:
            best = (*rank, value)
    return best[2] if best else None


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
            if _excluded(doc, num, lex, inside_timex):
                continue
            whole = extend_range(doc, num, sent.end, lex)  # "100,000 to 130,000": read once
            i = whole.end
            figure = _figure(doc, sent, number, whole, lex, state)
            if figure is None:
                continue
            figure.date = _date(doc, sent, doc[num.end - 1], ordered, starts, published)
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
        if _named(doc, num):
            return None
        noun = counted_noun(doc, num, sent.end, lex) if not num.glued else next_noun(doc, num, sent.end, lex)
        if noun is None or noun.lower_ in _PRONOUNS:
            read = _bare(doc, sent, sent_number, num, lex, state, noun is not None)
        else:
            if noun.lemma_.lower() in lex.exclude_nouns or noun.lower_ in lex.exclude_nouns:
                return None
            read = describe(noun, lex)
            if read is None or (hyphen_modifier(doc, num, noun) and read.category not in _MEASURES):
                return None
            if read.category == "roles" and sources(noun, lex):
                return None
            amount_end, end = end, max(end, noun.i + 1)
        if read is None:
            return None
        if num.spelled and not read.key.rsplit("|", 1)[1]:
            if num.value < lex.spelled_minimum.get(read.category, 0):
                return None
            if num.value < 10 and num.start > 0 and lower[num.start - 1] in _REFERRING:
                return None  # "the two leaders", "its three sons": who, not how many
    amount_end = amount_end or end
    unit, side, event = read.key.split("|")
    if read.category in _MEASURED and not side:  # a distance or share is of what is measured
        read = Read(read.unit, read.counts, f"{unit}|{subject(doc[num.start])}|{event}", read.category)
    if _hypothetical(doc, num.start) or _conversion(doc, start, read, state):
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
            (e.start, e.text.lower()) for e in doc.ents if e.label_ in _PLACES
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
_MEASURES = ("distance", "energy")
_REFERRING = ("the", "these", "those", "both", "its", "their", "his", "her", "our", "your", "my")


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
        if child.dep_ in ("nsubj", "nsubjpass") and child.lemma_.lower() in _TOTALS:
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


_TOTALS = ("number", "total", "toll", "count", "tally")
