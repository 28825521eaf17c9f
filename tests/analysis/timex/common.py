"""Short ways for the date tests to find dates in a sentence (the model is the ``nlp`` fixture)."""

from __future__ import annotations

import datetime as dt

from spacy.language import Language

from briefing.analysis.timex import find_timexes
from briefing.records import Timex


def run(nlp: Language, text: str, ref: str | None) -> list[Timex]:
    """The dates of ``text`` resolved against ``ref`` (an ISO date, or None)."""
    return find_timexes(nlp(text), dt.date.fromisoformat(ref) if ref else None)


def value_of(nlp: Language, text: str, ref: str | None, phrase: str) -> Timex:
    """The date found whose text is ``phrase``."""
    found = [t for t in run(nlp, text, ref) if t.text == phrase]
    assert found, f"{phrase!r} not found in {[t.text for t in run(nlp, text, ref)]}"
    return found[0]


def dates_found(nlp: Language, text: str, ref: str) -> dict[str, tuple[str, str]]:
    """Each date found: its text -> (type, value)."""
    return {t.text: (t.type, t.value) for t in run(nlp, text, ref)}
