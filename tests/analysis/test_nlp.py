"""Tests for briefing.analysis.nlp: the guarded tokenizer and paragraph breaks."""

from __future__ import annotations

import datetime as dt

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from briefing.analysis.nlp import LONG_RUN, PIECE, GuardedTokenizer, long_run_cuts, tokenizer_rules
from tests.conftest import SAMPLES


def _plain(nlp: Language) -> Tokenizer:
    """spaCy's own tokenizer with the model's rules (no guard)."""
    return Tokenizer(nlp.vocab, **tokenizer_rules(nlp.tokenizer))


def _tokens(doc: Doc) -> list[tuple[str, str, str, bool | None]]:
    return [(t.text, t.whitespace_, t.norm_, t.is_sent_start) for t in doc]


def test_the_pipeline_has_the_guarded_tokenizer(nlp: Language) -> None:
    assert isinstance(nlp.tokenizer, GuardedTokenizer)


def test_ordinary_text_is_tokenized_as_spacy_does(nlp: Language) -> None:
    url = "https://example.org/" + "a1b2c3/" * 50 + "?utm_source=x&utm_medium=y"  # ~400 characters
    word = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz" * 6  # ~380 characters
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    texts += [f"See {url} for more.", f"The {word} passed.", '"' * LONG_RUN + " end"]
    plain = _plain(nlp)
    for text in texts:
        assert not long_run_cuts(text)
        assert _tokens(nlp.tokenizer(text)) == _tokens(plain(text))


def test_long_runs_are_cut_only_inside_the_run() -> None:
    text = "Words before. " + "!" * (LONG_RUN + 1) + " and " + "x" * LONG_RUN + " after."
    start = len("Words before. ")
    cuts = long_run_cuts(text)
    assert cuts == list(range(start + PIECE, start + LONG_RUN + 1, PIECE))
    assert all(not text[c].isspace() and not text[c - 1].isspace() for c in cuts)


def test_a_long_punctuation_run_keeps_the_text_and_its_offsets(nlp: Language) -> None:
    text = "Troops moved on Monday. " + '"' * 20_000 + "\u201c\u201d" * 3_000 + ' "We are ready," he said.'
    doc = nlp.tokenizer(text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)
    # The pieces do not start sentences of their own: the parser decides.
    assert [t.i for t in doc if t.is_sent_start] == [0]


def test_a_long_punctuation_run_goes_through_analysis(nlp: Language) -> None:
    from briefing.analysis.developments import find_developments
    from briefing.analysis.quotes import find_quotes
    from briefing.analysis.themes import load_taxonomy, place
    from briefing.analysis.timex import find_timexes

    text = (
        "Russia moved more troops to the border on Monday, officials said. "
        + '"' * 12_000
        + "?!" * 4_000
        + "\n\nThe minister said on Tuesday that talks would resume in Geneva next week. "
        + '"We are ready," he said.'
    )
    doc = nlp(text)
    assert doc.text == text
    timexes = find_timexes(doc, dt.date(2022, 2, 8))
    records = [*find_quotes(doc), *timexes]
    assert {t.text for t in timexes} >= {"Monday", "Tuesday", "next week"}
    for record in records:
        assert text[record.start : record.end] == record.text
    developments = find_developments(doc, timexes, [])
    assert {d.date for d in developments} >= {"2022-02-07", "2022-02-08"}
    for found in [*developments, *place(doc, load_taxonomy(None), 1.0, [])]:
        assert 0 <= found.start <= found.end <= len(text)


def test_paragraph_breaks_start_sentences(nlp: Language) -> None:
    doc = nlp("Talks ended\n\nTroops moved closer\n\nThe talks resume on Monday")
    assert [s.text.strip() for s in doc.sents] == [
        "Talks ended",
        "Troops moved closer",
        "The talks resume on Monday",
    ]


def test_a_sentence_glued_to_the_one_before_is_split_at_its_stop(nlp: Language) -> None:
    def words(text: str) -> list[str]:
        return [t.text for t in nlp.tokenizer(text)]

    assert words("he added.Chancellor Olaf Scholz") == ["he", "added", ".", "Chancellor", "Olaf", "Scholz"]
    assert words("NATO.The allies") == ["NATO", ".", "The", "allies"]
    # abbreviations, domains and initials stay whole
    assert words("the U.S.Army said") == ["the", "U.S.Army", "said"]
    assert words("Amazon.com said") == ["Amazon.com", "said"]
    assert words("Dr.Smith") == ["Dr.", "Smith"]
    assert words("over 150,000.Russian soldiers") == ["over", "150,000.Russian", "soldiers"]
