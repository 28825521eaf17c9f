"""Sentences around quotes, and the tokens of a stretch of text.

spaCy's sentences split inside quotations and after '...,"'; a quote's sentence here is
the one a reader sees, kept whole across its quotation marks.
"""

from __future__ import annotations

import bisect

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc, Token

from briefing.analysis.doccache import token_table
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
    space = token_table(doc).space
    return [doc[i] for i in range(a, b) if not space[i]]


def outer_sentences(
    doc: Doc, text: str, paras: list[tuple[int, int]], inside: set[int], closing: set[int]
) -> list[tuple[int, int]]:
    """Sentences of the article, not split inside quotes nor after '...,"'."""
    para_starts = [p[0] for p in paras]
    # (read from arrays, no Token made: a token's text is the article's text at its offset)
    table, idx = token_table(doc), token_index(doc)
    space, length = table.space, table.length
    sent_start = doc.to_array(SENT_START).tolist()  # 1 where ``Token.is_sent_start`` is true
    sents: list[tuple[int, int]] = []
    start = 0
    prev_para = -1
    prev_real = -1  # the last token that is not white space
    for i, at in enumerate(idx):
        if space[i] and "\n\n" in text[at : at + length[i]]:
            continue
        para = bisect.bisect_right(para_starts, at) - 1
        boundary = False
        if para != prev_para:
            boundary = True
        elif sent_start[i] == 1 and i not in inside and at not in closing:
            boundary = True
            if prev_real >= 0 and idx[prev_real] in closing:
                before = text[idx[prev_real] - 1] if idx[prev_real] > 0 else ""
                if before in ",:;" or text[at : at + length[i]][:1].islower():
                    boundary = False
            if prev_real >= 0 and text[idx[prev_real] : idx[prev_real] + length[prev_real]] in (
                ",",
                ":",
                ";",
            ):
                boundary = False
        if boundary and i > start:
            sents.append((start, i))
            start = i
        elif boundary:
            start = i
        prev_para = para
        if not space[i]:
            prev_real = i
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
