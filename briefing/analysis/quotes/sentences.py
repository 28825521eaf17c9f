"""Sentences around quotes, and the tokens of a stretch of text.

spaCy's sentences split inside quotations and after '...,"'; a quote's sentence here is
the one a reader sees, kept whole across its quotation marks.
"""

from __future__ import annotations

import bisect

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from briefing.analysis.quotes.marks import Segment

TERMINAL = ".?!…"  # characters that end a sentence
_MAX_SENTENCE = 1200  # characters of context kept for a quote in a run-on sentence


def token_index(doc: Doc) -> list[int]:
    """The character offset of each token, in order (read as one array, not token by token)."""
    starts: list[int] = doc.to_array(IDX).tolist()
    return starts


def tokens_between(doc: Doc, starts: list[int], lo: int, hi: int) -> list[Token]:
    """The tokens (not white space) overlapping ``doc.text[lo:hi]``; ``starts`` from ``token_index``."""
    a = bisect.bisect_left(starts, lo)
    if a > 0 and doc[a - 1].idx + len(doc[a - 1].text) > lo:
        a -= 1
    b = bisect.bisect_left(starts, hi)
    return [doc[i] for i in range(a, b) if not doc[i].is_space]


def outer_sentences(
    doc: Doc, text: str, paras: list[tuple[int, int]], inside: set[int], closing: set[int]
) -> list[tuple[int, int]]:
    """Sentences of the article, not split inside quotes nor after '...,"'."""
    para_starts = [p[0] for p in paras]
    sents: list[tuple[int, int]] = []
    start = 0
    prev_para = -1
    prev_real: Token | None = None
    for tok in doc:
        para = bisect.bisect_right(para_starts, tok.idx) - 1
        boundary = False
        if tok.is_space and "\n\n" in tok.text:
            continue
        if para != prev_para:
            boundary = True
        elif tok.is_sent_start and tok.i not in inside and tok.idx not in closing:
            boundary = True
            if prev_real is not None and prev_real.idx in closing:
                before = text[prev_real.idx - 1] if prev_real.idx > 0 else ""
                if before in ",:;" or tok.text[:1].islower():
                    boundary = False
            if prev_real is not None and prev_real.text in (",", ":", ";"):
                boundary = False
        if boundary and tok.i > start:
            sents.append((start, tok.i))
            start = tok.i
        elif boundary:
            start = tok.i
        prev_para = para
        if not tok.is_space:
            prev_real = tok
    if start < len(doc):
        sents.append((start, len(doc)))
    return sents


def sentence_text(doc: Doc, text: str, sent: tuple[int, int], seg: Segment) -> str:
    """The sentence around a quote; a run-on one is cut to a window around the quote."""
    if sent[1] <= sent[0]:
        return ""
    lo = doc[sent[0]].idx
    last = doc[sent[1] - 1]
    hi = last.idx + len(last.text)
    if hi - lo > _MAX_SENTENCE:
        lo = max(lo, seg.open_mark - _MAX_SENTENCE // 2)
        hi = min(hi, seg.end + _MAX_SENTENCE // 2)
    return text[lo:hi].strip()
