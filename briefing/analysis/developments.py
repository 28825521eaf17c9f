"""Dated developments: who did what, when, as the clause of a sentence that holds the date.

For every calendar timex the clause that reports the event is found in the parse: the verb
that governs the date (climbing through infinitives: "talks set to take place on January
10"), or, for a relative clause, the noun phrase it describes ("the meeting with Putin,
which will be held on Monday"). Parts of that clause that carry *another* calendar date
are cut out, so "discussed on Sunday, ahead of a meeting ... on Monday" gives two
developments, each with its own clause. The actors (named entities and the subject) and
the action (the verb's lemma) are kept for merging across articles.

A deictic date inside a quotation ("spoke today", quoted from a statement) refers to the
day of the statement: when the attribution dates the statement ("said in a Sunday
statement"), the date is moved there.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import re

from spacy.tokens import Doc, Span, Token

from briefing.analysis.doccache import children, doc_text, sentence_of
from briefing.analysis.timex import FUTURE, tense_direction
from briefing.records import Development, Timex

# Values that place an event on the calendar (TIMEX3), resolved or with unknown parts (X).
_CALENDAR = re.compile(r"[\dX]{4}(-[\dX]{2}(-[\dX]{2})?|-W[\dX]{2}(-[1-7]|-WE)?)?")
_RESOLVED = re.compile(r"\d{4}(-\d{2}(-\d{2})?|-W\d{2})?")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Connectives that open a sentence without adding to what happened.
_OPENERS = re.compile(
    r"^(meanwhile|separately|additionally|in addition|notably|however|also|further|and|but),\s+", re.I
)
# Deictic day words and their offset from the day of speaking.
_DEICTIC = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
_QUOTE_PAIRS = [("\u201c", "\u201d"), ('"', '"')]
_PEOPLE = ("PERSON", "ORG")  # always actors
_GROUPS = ("GPE", "NORP")  # actors when they are the subject ("Moscow annexed ...")
# Dependencies whose subtree may be cut from a clause when it carries another date.
_DETACHABLE = {
    "advcl", "relcl", "acl", "prep", "conj", "ccomp", "parataxis", "advmod", "npadvmod", "xcomp", "pcomp",
    "appos", "dobj", "pobj",
}  # fmt: skip
# A clause shorter than this many words is not worth a timeline entry.
_MIN_WORDS = 5


def calendar_value(timex: Timex) -> str | None:
    """The ISO date of a timex if it is a calendar date; None for durations, sets, vague refs."""
    if timex.type not in ("DATE", "TIME"):
        return None
    value = timex.value[:10] if timex.type == "TIME" else timex.value
    return value if _CALENDAR.fullmatch(value) else None


def trim(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip())
    text = _OPENERS.sub("", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"([,;:])(\s*[,;:])+", r"\1", text)
    text = text.strip(" ,;:-\u2013\u2014")
    if text and text[-1] not in ".!?\"\u201d'\u2019)":
        text += "."
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- clause finding


def _event_head(token: Token) -> Token:
    """The token heading the clause that reports the event the date belongs to."""
    node = token
    for _ in range(30):
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("aux", "auxpass"):
            break
        if node.head is node:
            return node
        node = node.head
    # Infinitives and open complements report the event of the verb that governs them.
    for _ in range(10):
        if node.dep_ in ("xcomp",) and node.head is not node and node.head.pos_ in ("VERB", "AUX"):
            node = node.head
        else:
            break
    # A relative or participle clause stands with the noun phrase it describes, including
    # the phrase it may have been attached inside ("the meeting with Putin, which ...").
    if node.dep_ in ("relcl", "acl") and node.head.pos_ in ("NOUN", "PROPN"):
        node = node.head
        while node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.head.pos_ in ("NOUN", "PROPN"):
            node = node.head.head
    return node


def _quote_spans(sent: Span) -> list[tuple[int, int]]:
    text, base = sent.text, sent.start_char
    spans = []
    for opening, closing in _QUOTE_PAIRS:
        pos = 0
        while (i := text.find(opening, pos)) >= 0:
            j = text.find(closing, i + 1)
            if j < 0:
                break
            spans.append((base + i, base + j + 1))
            pos = j + 1
    return spans


def _clause(head: Token, own: tuple[int, int], others: list[tuple[int, int]]) -> list[Token]:
    """The tokens of ``head``'s subtree, without the branches carrying another date."""
    removed: set[int] = set()
    for o_start, o_end in others:
        inside = [t for t in head.subtree if o_start <= t.idx < o_end]
        if not inside:
            continue
        # The highest branch under ``head`` holding the other date but not this one.
        node = inside[0]
        branch: Token | None = None
        while node is not head and node.head is not node:
            span = (node.left_edge.idx, node.right_edge.idx + len(node.right_edge))
            holds_own = span[0] <= own[0] and own[1] <= span[1]
            if holds_own:
                break
            if node.dep_ in _DETACHABLE:
                branch = node
            node = node.head
        if branch is not None:
            removed.update(t.i for t in branch.subtree)
            # The conjunction or comma that joined the branch goes with it.
            left = branch.left_edge.i - 1
            if left >= 0 and head.doc[left].dep_ in ("cc", "punct"):
                removed.add(left)
    return [t for t in head.subtree if t.i not in removed]


def _text_of(tokens: list[Token]) -> str:
    """The clause as it reads in the article, with a cut branch leaving no gap."""
    if not tokens:
        return ""
    doc = tokens[0].doc
    pieces: list[str] = []
    run_start = tokens[0]
    prev = tokens[0]
    for tok in tokens[1:]:
        if tok.i != prev.i + 1:
            pieces.append(doc_text(doc)[run_start.idx : prev.idx + len(prev)])
            run_start = tok
        prev = tok
    pieces.append(doc_text(doc)[run_start.idx : prev.idx + len(prev)])
    return " ".join(p.strip() for p in pieces)


_BACKWARD = {"latter", "former", "this", "that", "these", "those", "which", "who", "whom", "whose"}


def _leans_back(tokens: list[Token], sentence_start: int) -> bool:
    """A clause cut from inside a sentence that opens by pointing back at what was cut
    ("the latter's meeting", "which will be held", "he said") cannot stand alone."""
    if not tokens or tokens[0].i == sentence_start:
        return False
    first = tokens[0]
    second = tokens[1] if len(tokens) > 1 else None
    if first.tag_ in ("PRP", "PRP$", "WDT", "WP", "WP$") or first.lower_ in _BACKWARD:
        return True
    return first.lower_ == "the" and second is not None and second.lower_ in _BACKWARD


def _balanced(text: str) -> str:
    """Drop a dangling quotation mark left at either end by the cut."""
    for opening, closing in _QUOTE_PAIRS:
        if opening == closing:
            if text.count(opening) % 2:
                text = text.replace(opening, "", 1) if text.startswith(opening) else text.rstrip(opening)
        elif text.count(opening) != text.count(closing):
            text = text.replace(opening, "").replace(closing, "")
    return text


def _actors(tokens: list[Token], head: Token) -> list[str]:
    """People and organisations named in the clause, and places or groups acting as its subject."""
    ids = {t.i for t in tokens}
    subject = {t.i for c in children(head) if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    names: list[str] = []
    for ent in head.doc.ents:
        if ent.start not in ids or ent.text in names:
            continue
        if ent.label_ in _PEOPLE or (ent.label_ in _GROUPS and ent.root.i in subject):
            names.append(ent.text)
    if not names:
        subj = next((c for c in children(head) if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.pos_ == "PROPN":
            names.append(" ".join(t.text for t in subj.subtree if t.dep_ != "det"))
    return names


def _action(head: Token) -> str | None:
    if head.pos_ in ("VERB", "AUX", "NOUN", "PROPN"):
        return head.lemma_.lower()
    return None


def _statement_day(
    sent: Span, quotes: list[tuple[int, int]], dated: list[tuple[Timex, str]]
) -> dt.date | None:
    """The day a quoted statement was made, when the words outside the quotation give it."""
    for timex, value in dated:
        outside = not any(s <= timex.start < e for s, e in quotes)
        in_sentence = sent.start_char <= timex.start < sent.end_char
        if outside and in_sentence and _DAY.fullmatch(value) and timex.text.lower() not in _DEICTIC:
            return dt.date.fromisoformat(value)
    return None


# ---------------------------------------------------------------- entry point


def find_developments(doc: Doc, timexes: list[Timex], skip: list[tuple[int, int]]) -> list[Development]:
    """One development per calendar timex: the clause holding it, who did what, when.

    A sentence with two dates ("discussed on Sunday, ahead of a meeting on Monday") gives
    two developments, each with its own clause; unresolved values give undated ones.
    """
    dated = [
        (t, v)
        for t in timexes
        if (v := calendar_value(t)) is not None and not any(s <= t.start < e for s, e in skip)
    ]
    # First the dates themselves: a deictic day quoted from a dated statement moves there.
    dates: list[str | None] = []
    quoted: list[bool] = []
    for timex, value in dated:
        date = value if _RESOLVED.fullmatch(value) else None
        if re.fullmatch(r"\d{4}-W\d{2}-WE", value):
            date = value[:8]  # a weekend is placed in its week
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        word = timex.text.lower()
        in_quote = False
        if span is not None and len(span) and word in _DEICTIC:
            sent = sentence_of(span.start, doc)
            quotes = _quote_spans(sent)
            in_quote = any(s <= timex.start < e for s, e in quotes)
            said_on = _statement_day(sent, quotes, dated) if in_quote and date else None
            if said_on is not None:
                date = (said_on + dt.timedelta(days=_DEICTIC[word])).isoformat()
                in_quote = False  # anchored
        dates.append(date)
        quoted.append(in_quote)

    out: list[Development] = []
    floating: list[Development] = []  # quoted deictic dates with no dated statement
    seen: set[tuple[str | None, str]] = set()
    # The timexes in a sentence are found by bisection (they come in text order) and the
    # whole sentence's clause text once per sentence: a long run-on sentence with many
    # dates stays linear.
    starts = [t.start for t, _ in dated]
    ordered = all(a <= b for a, b in itertools.pairwise(starts))
    keys = [d or v for (_, v), d in zip(dated, dates, strict=True)]
    by_key: dict[str, list[int]] = {}
    for k, key in enumerate(keys):
        by_key.setdefault(key, []).append(k)
    whole: dict[int, tuple[list[Token], str]] = {}
    for k, ((timex, value), date, in_quote) in enumerate(zip(dated, dates, quoted, strict=True)):
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        sent = sentence_of(span.start, doc)
        if ordered:
            lo = bisect.bisect_left(starts, sent.start_char)
            hi = bisect.bisect_left(starts, sent.end_char)
            same = by_key[keys[k]]
            alike = bisect.bisect_left(same, hi) - bisect.bisect_left(same, lo)
            candidates = range(lo, hi) if alike < hi - lo else range(0)
        else:
            candidates = range(len(dated))
        others = [
            (dated[j][0].start, dated[j][0].end)
            for j in candidates
            if dated[j][0] is not timex
            and sent.start_char <= dated[j][0].start < sent.end_char
            and keys[j] != (date or value)
        ]
        if sent.start not in whole:
            every = list(sent)
            whole[sent.start] = (every, trim(_balanced(_text_of(every))))
        head = _event_head(span.root)
        tokens = _clause(head, (timex.start, timex.end), others) if others else whole[sent.start][0]
        if not tokens or not any(t.i == span.root.i for t in tokens):
            tokens = whole[sent.start][0]
        if tokens is not whole[sent.start][0] and _leans_back(tokens, sent.start):
            tokens = whole[sent.start][0]  # "the latter's meeting ...": the cut part names who
        text = whole[sent.start][1] if tokens is whole[sent.start][0] else trim(_balanced(_text_of(tokens)))
        if len(text.split()) < _MIN_WORDS:
            text = trim(sent.text)
            tokens = whole[sent.start][0]
        if len(text.split()) < _MIN_WORDS:
            continue
        if (date, text) in seen:
            continue
        seen.add((date, text))
        dev = Development(
            date=date,
            date_text=timex.text,
            text=text,
            start=tokens[0].idx,
            end=tokens[-1].idx + len(tokens[-1]),
            actors=_actors(tokens, head),
            action=_action(head),
            scheduled=tense_direction(doc, timex.start, timex.end) == FUTURE,
        )
        out.append(dev)
        if in_quote:
            floating.append(dev)
    # A quoted "today" from an undated statement that retells an event the article dates
    # itself (same action, same two actors) takes the article's date for it.
    for dev in floating:
        told = next(
            (
                d
                for d in out
                if d not in floating
                and d.action == dev.action
                and len(actor_keys(d.actors) & actor_keys(dev.actors)) >= 2
            ),
            None,
        )
        if told is not None:
            dev.date = told.date
    return out


def actor_keys(actors: list[str]) -> set[str]:
    """Comparable keys for actor names: the last word, lower-cased ("Joe Biden" -> "biden")."""
    keys = set()
    for name in actors:
        key = _actor_key(name)
        if key is not None:
            keys.add(key)
    return keys


@functools.lru_cache(maxsize=65536)
def _actor_key(name: str) -> str | None:
    words = re.findall(r"[A-Za-z][\w-]*", name.replace("\u2019s", "").replace("'s", ""))
    return words[-1].lower() if words else None
