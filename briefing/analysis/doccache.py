"""Per-document caches for values spaCy recomputes on every access.

``Doc.text`` joins every token each time it is read, and ``Token.children`` walks the
token's whole subtree span; an extractor reading them once per sentence, quote or date
turns linear work quadratic on long documents. These helpers compute each value once
per ``Doc`` and keep it in ``Doc.user_data`` (which lives and dies with the Doc).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, HEAD, IS_ALPHA, IS_SPACE, IS_STOP, IS_TITLE, LEMMA, LENGTH, LOWER, POS
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


def know_text(doc: Doc, text: str) -> None:
    """Tell the Doc's cache that ``text`` is the text ``doc`` was made from (spaCy keeps it
    character for character), so ``doc_text`` need not join the tokens: the last token ends
    where the text does, or the text is not taken."""
    if _TEXT in doc.user_data:
        return
    last = doc[-1] if len(doc) else None
    if text == "" if last is None else last.idx + len(last.text_with_ws) == len(text):
        doc.user_data[_TEXT] = text


def children(token: Token) -> list[Token]:
    """``list(token.children)`` in the same order, from one pass over the Doc. The Token
    objects are made for the tokens asked about only: most of a Doc's never are."""
    doc = token.doc
    made: dict[int, list[Token]] | None = doc.user_data.get(_CHILDREN)
    if made is None:
        made = doc.user_data[_CHILDREN] = {}
    found = made.get(token.i)
    if found is None:
        found = made[token.i] = [doc[i] for i in token_table(doc).kids[token.i]]
    return found


_ENTS = "briefing.ents"


def entities(doc: Doc) -> list[Span]:
    """``list(doc.ents)``, made once per Doc: each read of ``Doc.ents`` makes a Span for
    every entity anew, and ``Span.ents`` reads the whole ``Doc.ents``."""
    return _spans_once(doc, _ENTS, lambda: list(doc.ents))


def entities_in(span: Span) -> list[Span]:
    """``span.ents`` (the entities wholly inside ``span``, as spaCy lists them) from the
    Doc's entities listed once."""
    found = []
    for ent in entities(span.doc):
        if ent.start >= span.start:
            if ent.end <= span.end:
                found.append(ent)
            else:
                break
    return found


_SENTENCES = "briefing.sentences"


def sentences(doc: Doc) -> list[Span]:
    """``list(doc.sents)``, made once per Doc (each pass over ``doc.sents`` makes every Span anew)."""
    return _spans_once(doc, _SENTENCES, lambda: list(doc.sents))


def _spans_once(doc: Doc, key: str, make: Callable[[], list[Span]]) -> list[Span]:
    """The spans ``make`` lists, kept in ``doc.user_data`` under ``key`` after the first call."""
    found: list[Span] | None = doc.user_data.get(key)
    if found is None:
        found = doc.user_data[key] = make()
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


@dataclass(frozen=True)
class TokenTable:
    """The token attributes the extractors read most, one list per attribute, made from
    ``Doc.to_array`` once per Doc: reading ``token.lower_`` makes a ``Token`` and looks its
    string up, every time, and passages read every token."""

    lower: list[str]
    lemma: list[str]
    space: list[bool]
    alpha: list[bool]
    stop: list[bool]
    length: list[int]
    heads: list[int]  # each token's head (its own index for a root)
    dep: list[str]
    pos: list[str]
    kids: list[list[int]]  # each token's children, in order
    title: list[bool]  # ``Token.is_title``


_TABLE = "briefing.table"


def token_table(doc: Doc) -> TokenTable:
    table: TokenTable | None = doc.user_data.get(_TABLE)
    if table is None:
        table = _make_table(doc)
        doc.user_data[_TABLE] = table
    return table


def _strings(doc: Doc, column: np.ndarray) -> list[str]:
    """The strings of a column of string IDs, each distinct one looked up once."""
    keys = column.tolist()
    strings = doc.vocab.strings
    names = {key: strings[key] for key in set(keys)}
    return list(map(names.__getitem__, keys))


def _make_table(doc: Doc) -> TokenTable:
    n = len(doc)
    if not n:
        return TokenTable([], [], [], [], [], [], [], [], [], [], [])
    array = doc.to_array(
        [LOWER, LEMMA, IS_SPACE, IS_ALPHA, IS_STOP, LENGTH, HEAD, DEP, POS, IS_TITLE]
    ).reshape(n, 10)
    heads = (np.arange(n) + array[:, 6].view(np.int64)).tolist()
    kids: list[list[int]] = [[] for _ in range(n)]
    for i, head in enumerate(heads):
        if head != i:
            kids[head].append(i)
    return TokenTable(
        lower=_strings(doc, array[:, 0]),
        lemma=_strings(doc, array[:, 1]),
        space=array[:, 2].astype(bool).tolist(),
        alpha=array[:, 3].astype(bool).tolist(),
        stop=array[:, 4].astype(bool).tolist(),
        length=array[:, 5].astype(np.int64).tolist(),
        heads=heads,
        dep=_strings(doc, array[:, 7]),
        pos=_strings(doc, array[:, 8]),
        kids=kids,
        title=array[:, 9].astype(bool).tolist(),
    )
