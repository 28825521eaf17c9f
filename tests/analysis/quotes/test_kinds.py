"""Kinds: speech (direct, partial) or a scare quote."""

from __future__ import annotations

from spacy.language import Language

from tests.analysis.quotes.common import only, run


def test_scare_quotes(nlp: Language) -> None:
    text = (
        'Moscow sent so-called "peacekeepers" to the region. The West accused Russia of preparing an '
        '"invasion." The operation, dubbed "Winter Shield", began at dawn.'
    )
    quotes = run(nlp, text)
    assert {q.text.rstrip(".") for q in quotes} == {"peacekeepers", "invasion", "Winter Shield"}
    assert all(q.kind == "scare" for q in quotes)


def test_headline_quote_without_cue_is_scare(nlp: Language) -> None:
    text = "'No substitute for direct dialogue' when it comes to Russia\n\nThe talks begin on Monday."
    q = only(run(nlp, text), "No substitute")
    assert q.kind == "scare"


def test_run_of_marks_under_one_head(nlp: Language) -> None:
    # '"a "a "a ...': one sentence whose root heads every quote
    quotes = run(nlp, '"a ' * 2000)
    assert len(quotes) > 300
    assert {q.text for q in quotes} == {"a"}
    assert {q.kind for q in quotes} == {"scare"}
