"""Climbing a dependency parse to the clause a token stands in."""

from __future__ import annotations

from spacy.tokens import Token

CLIMB = 30  # steps up the parse at most (bounded even if a malformed parse had a cycle)


def clause_head(token: Token) -> Token:
    """The verb heading the clause a token stands in: the token itself or the first verb
    above it that is not an auxiliary, else the root of its sentence."""
    node = token
    for _ in range(CLIMB):
        if (node.pos_ in ("VERB", "AUX") and node.dep_ not in ("aux", "auxpass")) or node.head is node:
            return node
        node = node.head
    return node
