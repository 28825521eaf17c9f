"""Dated developments: who did what, when, as the clause of a sentence that holds the date.

This module reads like the stage: for every calendar timex, its date (``event_dates``: moved
to the day of a quoted statement), the clause that reports the event with the parts carrying
*another* date cut out (``event_clause``: "discussed on Sunday, ahead of a meeting ... on
Monday" gives two developments, each with its own clause), dates that only stamp or name
(``captions``), and the actors (``actors``: named entities and the subject) and action (the
verb's lemma) kept for merging across articles.
"""

from __future__ import annotations

import bisect
import itertools

from spacy.tokens import Doc, Token

from briefing.analysis.actors import Actors, actor_keys
from briefing.analysis.captions import names_a_body, stamp_start, stamped_development
from briefing.analysis.clauses import clause_head
from briefing.analysis.doccache import sentence_of
from briefing.analysis.event_clause import (
    MIN_WORDS,
    action_of,
    balanced,
    cut_clause,
    dangling,
    event_head,
    finite,
    fragment_context,
    leans_back,
    present_state,
    speech_tail,
    text_of,
    trim,
    worded,
)
from briefing.analysis.event_dates import calendar_value, date_retold, dates_of
from briefing.analysis.quotes.sentences import token_index
from briefing.analysis.spans import within
from briefing.analysis.timex import FUTURE, tense_direction
from briefing.records import Development, Timex

__all__ = ["actor_keys", "calendar_value", "find_developments"]

# A sentence holding more dates than this is a list of dates, not clauses to cut apart:
# each of its dates takes the whole sentence (each cut walks the sentence once per date).
_MAX_CUT = 20


def find_developments(doc: Doc, timexes: list[Timex], skip: list[tuple[int, int]]) -> list[Development]:
    """One development per calendar timex: the clause holding it, who did what, when.

    A sentence with two dates ("discussed on Sunday, ahead of a meeting on Monday") gives
    two developments, each with its own clause; unresolved values give undated ones.
    """
    skipped = within(skip)
    dated = [(t, v) for t in timexes if (v := calendar_value(t)) is not None and not skipped(t.start)]
    dates, quoted = dates_of(doc, dated)

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
    whole: dict[int, tuple[list[Token], str, int]] = {}  # per sentence: tokens, text, words
    plain: dict[int, tuple[str, int]] = {}  # per sentence: its own text, trimmed, and words
    verbless: dict[int, bool] = {}  # per sentence: a verbless piece of the prose around it
    token_starts: list[int] | None = None  # the tokens' offsets, once a clause is cut
    actors = Actors(doc)  # read once; cheap next to the parse
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
            cut = alike < hi - lo <= _MAX_CUT  # some other date to cut, and not a list of dates
            candidates: range | list[int] = range(lo, hi) if cut else range(0)
        else:
            inside = [j for j, (t, _) in enumerate(dated) if sent.start_char <= t.start < sent.end_char]
            candidates = inside if len(inside) <= _MAX_CUT else []
        others = [
            (dated[j][0].start, dated[j][0].end)
            for j in candidates
            if dated[j][0] is not timex
            and sent.start_char <= dated[j][0].start < sent.end_char
            and keys[j] != (date or value)
        ]
        if sent.start not in whole:
            every = list(sent)
            every_text = trim(balanced(text_of(every)))
            whole[sent.start] = (every, every_text, len(every_text.split()))
        every, every_text, every_words = whole[sent.start]
        head = event_head(span.root)
        if names_a_body(span):
            continue  # "the Jan. 6 committee": the date is part of a name
        stamp = stamp_start(span)
        if stamp is not None:
            # A caption's stamp ("... in Kyiv, Ukraine, March 1, 2022. (Photo/Agency)") dates
            # no development; one opening its sentence dates the sentence it follows.
            stamped = stamped_development(sent, timex, date, actors) if stamp == sent.start else None
            if stamped is not None and (date, stamped.text) not in seen:
                seen.add((date, stamped.text))
                out.append(stamped)
            continue
        if timex.text.lower() == "today" and present_state(head) and present_state(clause_head(span.root)):
            # "Today, Trump still dominates the party": how things stand, not an event; but
            # "it is important to send a signal today" dates the sending
            continue
        if others:
            if token_starts is None:
                token_starts = token_index(doc)
            tokens = cut_clause(head, (timex.start, timex.end), others, token_starts)
        else:
            tokens = every
        if tokens is not every:  # the whole sentence holds the date's root, or nothing does
            root = span.root.i
            if (
                not any(t.i == root for t in tokens)
                or leans_back(tokens, sent.start)
                or not finite(tokens)
                or speech_tail(tokens)
                or dangling(tokens)
            ):
                # "the latter's meeting ...": the cut part names who; "including probably on
                # Tuesday to Kiev": no verb says what happened; "Russia - Johnson told ...":
                # the end of a quotation a dash closes, without the quotation
                tokens = every
        text, words = (every_text, every_words) if tokens is every else worded(balanced(text_of(tokens)))
        if words < MIN_WORDS:
            if sent.start not in plain:
                plain[sent.start] = worded(sent.text)
            text, words = plain[sent.start]
            tokens = every
        if words < MIN_WORDS and (around := fragment_context(sent, doc)) is not None:
            tokens = around  # "I said that at summits and forums. In 2019. In 2020."
            text, words = worded(text_of(tokens))
        elif tokens is every:
            if sent.start not in verbless:
                # (an attribution split from its quotation has a verb: it is an event of its own)
                verbless[sent.start] = not any(t.pos_ in ("VERB", "AUX") for t in sent) and (
                    fragment_context(sent, doc) is not None
                )
            if verbless[sent.start]:
                continue  # "At 6 o'clock in the morning.": a piece of the sentences around, no event
        if words < MIN_WORDS:
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
            actors=actors.of(tokens, head, sent if tokens is every else None),
            action=action_of(head),
            scheduled=tense_direction(doc, timex.start, timex.end) == FUTURE,
        )
        out.append(dev)
        if in_quote:
            floating.append(dev)
    date_retold(out, floating)
    return out
