"""Who a sentence's opening "he" or "she" (a person pronoun of ``quotes.toml``) is, so a passage shown on its own can say so.

A theme is decided per sentence, so "He added that China is also afraid ..." may be shown
without the sentence that names him. Its antecedent is the person the nearest sentence
before it (up to ``LOOK_BACK``, within the paragraph) names, preferring a subject, given
by the fullest name the article has for them ("Blinken" -> "Antony Blinken").
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span

from briefing.analysis.doccache import doc_text, entities_in, sentences
from briefing.analysis.quotes.names import PersonMentions, clean_name
from briefing.analysis.quotes.words import load_quote_words

LOOK_BACK = 3  # sentences before the passage searched for the person
_SUBJECTS = {"nsubj", "nsubjpass"}


class Antecedents:
    """The antecedents of sentence-opening personal pronouns in one Doc (names read once)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.sents = sentences(doc)
        self.starts = [s.start for s in self.sents]
        self._mentions: PersonMentions | None = None
        self.personal = load_quote_words().person_pronouns  # ("he", "she", "his", ...: quotes.toml)

    def _names(self) -> PersonMentions:
        if self._mentions is None:
            self._mentions = PersonMentions.of(self.doc, load_quote_words())
        return self._mentions

    def of(self, sent: Span) -> str | None:
        """The full name the opening "he"/"she" of ``sent`` refers to, if the text says."""
        lead = next((t for t in sent if not t.is_punct and not t.is_space), None)
        if lead is None or lead.lower_ not in self.personal:
            return None
        k = bisect.bisect_right(self.starts, sent.start) - 1
        text = doc_text(self.doc)
        for prev in reversed(self.sents[max(0, k - LOOK_BACK) : max(0, k)]):
            if "\n\n" in text[prev.end_char : sent.start_char]:
                return None  # (another paragraph)
            persons = [e for e in entities_in(prev) if e.label_ == "PERSON"]
            if persons:
                subjects = [e for e in persons if e.root.dep_ in _SUBJECTS]
                names = self._names()
                name, _role, _first = clean_name(list((subjects or persons)[-1]), names.words)
                return names.full_name(name) if name else None
        return None
