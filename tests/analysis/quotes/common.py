"""Short ways for the quote tests to find quotes (the model is the ``nlp`` fixture)."""

from __future__ import annotations

from spacy.language import Language

from briefing.analysis.quotes import find_quotes
from briefing.records import Quote


def run(nlp: Language, text: str) -> list[Quote]:
    """The quotes of ``text``, each checked to be the text at its offsets."""
    doc = nlp(text)
    quotes = find_quotes(doc)
    for q in quotes:
        assert doc.text[q.start : q.end] == q.text
    return quotes


def only(quotes: list[Quote], fragment: str) -> Quote:
    """The one quote holding ``fragment``."""
    hits = [q for q in quotes if fragment in q.text]
    assert len(hits) == 1, [q.text for q in quotes]
    return hits[0]
