"""Kinds: is a quoted passage speech (``direct``, ``partial``) or a scare quote?

A scare quote is a term held at arm's length ('the so-called "special operation"'), a
title, or a single quoted word; speech is a clause or phrase someone is reported saying.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from briefing.analysis.quotes.marks import ENDING_MARKS, Segment
from briefing.analysis.quotes.sentences import TERMINAL
from briefing.analysis.quotes.words import QuoteWords
from briefing.records import QuoteKind

_HEADING_ENDS = tuple(TERMINAL + ENDING_MARKS)  # a paragraph ending so is a sentence, not a heading


def is_heading(para_text: str) -> bool:
    """A short paragraph that does not end as a sentence does: a headline or caption."""
    para_text = para_text.rstrip()
    ends_open = para_text[-1:] not in _HEADING_ENDS
    return bool(para_text) and ends_open and len(para_text.split()) < 25


def _is_clause(text: str, seg_tokens: list[Token]) -> bool:
    """The quoted words make a sentence or clause of their own."""
    words = text.split()
    if len(words) < 3:
        return False
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in seg_tokens)
    has_subject = any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in seg_tokens)
    if has_verb and has_subject:
        return True
    return text[-1] in TERMINAL and text[0].isupper() and has_verb


def _looks_like_title(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text)]
    small = {"of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "with"}
    content = [w for w in words if w.lower() not in small]
    return bool(content) and len(words) <= 8 and all(w[0].isupper() for w in content)


def _scare_marked(doc_text: str, seg: Segment, words: QuoteWords) -> bool:
    before = doc_text[max(0, seg.open_mark - 25) : seg.open_mark].lower().rstrip()
    return any(before.endswith(m) for m in words.scare_markers)


def decide_kind(
    doc_text: str,
    seg: Segment,
    seg_tokens: list[Token],
    attributed: bool,
    is_heading: bool,
    words: QuoteWords,
) -> QuoteKind:
    """The kind of the quote ``seg``; ``attributed``: it has a speaker or a cue."""
    text = doc_text[seg.start : seg.end]
    n_words = len(text.split())
    if _scare_marked(doc_text, seg, words) and n_words <= 6:
        return "scare"
    clause = _is_clause(text, seg_tokens)
    if not attributed:
        if clause and not is_heading and n_words >= 4:
            return "direct"
        return "scare"
    if n_words == 1:
        return "scare"
    if clause and n_words >= 3:
        return "direct"
    if _looks_like_title(text) and n_words <= 4:
        return "scare"
    return "partial"
