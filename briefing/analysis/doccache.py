"""Per-document caches for values spaCy recomputes on every access.

``Doc.text`` joins every token each time it is read, and ``Token.children`` walks the
token's whole subtree span; an extractor reading them once per sentence, quote or date
turns linear work quadratic on long documents. These helpers compute each value once
per ``Doc`` and keep it in ``Doc.user_data`` (which lives and dies with the Doc).
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

_TEXT = "briefing.text"
_CHILDREN = "briefing.children"


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.text
        doc.user_data[_TEXT] = text
    return str(text)


def children(token: Token) -> list[Token]:
    """``list(token.children)`` in the same order, from one pass over the Doc."""
    doc = token.doc
    table: list[list[Token]] | None = doc.user_data.get(_CHILDREN)
    if table is None:
        table = [[] for _ in range(len(doc))]
        for tok in doc:
            head = tok.head
            if head.i != tok.i:
                table[head.i].append(tok)
        doc.user_data[_CHILDREN] = table
    return table[token.i]


_SENT_STARTS = "briefing.sent_starts"


def sentence_of(token_i: int, doc: Doc) -> Span:
    """The sentence holding token ``token_i`` (as ``Span.sent`` finds it), found by bisection
    in the Doc's sentence starts, which are listed once: ``Span.sent`` walks the sentence
    every time, quadratic in a long run-on sentence."""
    starts: list[int] | None = doc.user_data.get(_SENT_STARTS)
    if starts is None:
        starts = [s.start for s in doc.sents] + [len(doc)]
        doc.user_data[_SENT_STARTS] = starts
    k = bisect.bisect_right(starts, token_i) - 1
    return doc[starts[k] : starts[k + 1]]
