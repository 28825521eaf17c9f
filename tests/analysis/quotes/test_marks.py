"""Quote marks -> quoted segments: which marks open and close a quotation, across paragraphs too."""

from __future__ import annotations

from spacy.language import Language

from briefing.analysis.quotes import find_segments
from tests.analysis.quotes.common import only, run


def test_straight_and_typographic_double_quotes() -> None:
    text = 'She said "first one here" and then “second one there”.'
    spans = [text[s.start : s.end] for s in find_segments(text)]
    assert spans == ["first one here", "second one there"]


def test_apostrophes_are_not_quotes() -> None:
    text = "Russia's troops and the allies' concerns don't matter, it's said."
    assert find_segments(text) == []


def test_single_typographic_quotes() -> None:
    text = "The minister called it ‘a grave mistake for everyone’ on Monday."
    assert [text[s.start : s.end] for s in find_segments(text)] == ["a grave mistake for everyone"]


def test_unbalanced_quotes_do_not_crash(nlp: Language) -> None:
    text = 'He said "this is open and never closed\n\nNext paragraph" has a stray mark. ” Another “ one.'
    quotes = run(nlp, text)
    assert all(q.start < q.end for q in quotes)


def test_thousands_of_marks(nlp: Language) -> None:
    # growth with size is measured by benchmarks/adversarial.py; here, what comes out
    text = " ".join(['"a" \'b “c ‘d ”e’'] * 1500)
    doc = nlp.make_doc(text)  # tokens only: the quote scan must not depend on the parse
    assert find_segments(doc.text)
    para = "\n\n".join(['"We will act," he said. “Soon.”'] * 60)
    assert len(run(nlp, para)) == 120


def test_quotation_nested_in_a_single_quoted_one_stays_whole(nlp: Language) -> None:
    text = "The mayor, Chloe Barrett, said: ‘People tell me “it’s only rain”, but we lost three homes.’"
    quotes = run(nlp, text)
    assert [q.text for q in quotes] == ["People tell me “it’s only rain”, but we lost three homes."]
    assert quotes[0].speaker == "Chloe Barrett"


def test_quote_continued_across_paragraphs(nlp: Language) -> None:
    text = (
        'Foreign Secretary Liz Truss told parliament: "Russia must step back from the border and '
        "respect the sovereignty of its neighbour.\n\n"
        '"We will work with our allies to impose the strongest possible sanctions," she said.\n\n'
        "The debate lasted four hours."
    )
    quotes = run(nlp, text)
    first, second = only(quotes, "step back"), only(quotes, "strongest possible")
    assert first.speaker == second.speaker == "Liz Truss"
    assert "\n" not in first.text


def test_multi_sentence_quote(nlp: Language) -> None:
    text = (
        '"We discussed the crisis at length. We agreed to keep talking. Nothing is settled yet," '
        "said European Council President Charles Michel."
    )
    q = only(run(nlp, text), "We discussed")
    assert "Nothing is settled yet" in q.text
    assert q.speaker == "Charles Michel"


def test_no_quotes(nlp: Language) -> None:
    assert run(nlp, "Nothing quoted here at all.") == []
