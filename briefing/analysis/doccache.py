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


_SENTENCES = "briefing.sentences"


def sentences(doc: Doc) -> list[Span]:
    """``list(doc.sents)``, made once per Doc (each pass over ``doc.sents`` makes every Span anew)."""
    found: list[Span] | None = doc.user_data.get(_SENTENCES)
    if found is None:
        found = list(doc.sents)
        doc.user_data[_SENTENCES] = found
    return found


def sentence_starts(doc: Doc) -> list[int]:
    """The first token of every sentence, then ``len(doc)``."""
    return [s.start for s in sentences(doc)] + [len(doc)]


def sentence_of(token_i: int, doc: Doc) -> Span:
    """The sentence holding token ``token_i`` (as ``Span.sent`` finds it), found by bisection
    in the Doc's sentence starts: ``Span.sent`` walks the sentence every time, quadratic in
    a long run-on sentence."""
    spans = sentences(doc)
    k = bisect.bisect_right(spans, token_i, key=lambda s: s.start) - 1
    return spans[k]
