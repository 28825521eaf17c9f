"""Clauses placed apart: a sentence that joins two reports under different themes.

"As Putin has amassed over 100,000 troops along Ukraine's borders, NATO members have sent
military support to Ukraine" reports a build-up and security assistance; placed whole, it
shows under one theme only, and the other report is lost to its section. ``cuts`` gives
the ways to cut such a sentence in two at a clause boundary (a clause of the sentence's
root of a kind in ``split_deps``, not a condition), each side reading on its own (a subject
and its verb); ``themes.place`` places the two sides apart when the model is sure of each
and their best themes differ, else keeps the sentence whole. The two sides share no text,
so each is still printed once.
"""

from __future__ import annotations

from spacy.tokens import Span

from briefing.analysis.doccache import token_table
from briefing.analysis.themes.words import CONDITION_MARKS, SPLIT_DEPS, SPLIT_JOINERS

_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
_VERBS = ("VERB", "AUX")
_OPENERS = ("CCONJ", "SCONJ", "PUNCT")
MIN_WORDS = 4  # words a side needs at least


def _trimmed(sentence: Span, start: int, end: int) -> Span | None:
    """``start``-``end`` without the joiners and punctuation at its edges; None if too short."""
    table = token_table(sentence.doc)

    def joiner(i: int) -> bool:
        return table.lower[i] in SPLIT_JOINERS or table.pos[i] in ("PUNCT", "SPACE", "CCONJ")

    while start < end and joiner(start):
        start += 1
    last = end  # the sentence's own end mark stays with the side that ends the sentence
    if end < sentence.end:
        while last > start and joiner(last - 1):
            last -= 1
    words = sum(table.alpha[i] for i in range(start, last))
    return sentence.doc[start:last] if words >= MIN_WORDS else None


def _with_subject(side: Span, verb: int) -> bool:
    """Does the side hold ``verb`` and one of its subjects: does it read on its own?"""
    table = token_table(side.doc)
    return side.start <= verb < side.end and any(
        table.dep[c] in _SUBJECTS and side.start <= c < side.end for c in table.kids[verb]
    )


def _condition(sentence: Span, clause: int) -> bool:
    table = token_table(sentence.doc)
    return any(table.dep[c] == "mark" and table.lower[c] in CONDITION_MARKS for c in table.kids[clause])


def cuts(sentence: Span) -> list[tuple[Span, Span]]:
    """The ways to cut ``sentence`` in two at one of its root's clauses (``split_deps``):
    before a clause that follows the root, after one that precedes it; both sides read on
    their own. A condition (``CONDITION_MARKS``: 'if Russia invades') stays with what it conditions."""
    table = token_table(sentence.doc)
    root = next((i for i in range(sentence.start, sentence.end) if table.heads[i] == i), None)
    if root is None:
        return []
    bounds: dict[int, int] = {}  # where to cut -> the clause's verb
    for child in table.kids[root]:
        if table.dep[child] not in SPLIT_DEPS or table.pos[child] not in _VERBS:
            continue
        if _condition(sentence, child):
            continue
        left, right = sentence.doc[child].left_edge.i, sentence.doc[child].right_edge.i
        # At a seam of the sentence: a clause after the root opens with a conjunction or
        # follows one or a punctuation mark; one before it is closed by a punctuation mark.
        if left > root and (table.pos[left] in _OPENERS or table.pos[left - 1] in _OPENERS):
            bounds[left] = child
        elif right < root and right + 1 < sentence.end and table.pos[right + 1] == "PUNCT":
            bounds[right + 1] = child
    out = []
    for bound, clause in sorted(bounds.items()):
        first = _trimmed(sentence, sentence.start, bound)
        second = _trimmed(sentence, bound, sentence.end)
        if first is None or second is None:
            continue
        main, apart = (first, second) if clause >= bound else (second, first)
        if _with_subject(main, root) and _with_subject(apart, clause):
            out.append((first, second))
    return out
