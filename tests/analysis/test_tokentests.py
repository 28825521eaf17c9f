"""Matcher token specs tested over a whole Doc at once agree with spaCy's Matcher."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from spacy.matcher import Matcher

from briefing.analysis.tokentests import TokenTests

ROOT = Path(__file__).resolve().parents[2]

SPECS: list[dict[str, Any]] = [
    {"LEMMA": {"IN": ["send", "deploy", "say", "troop"]}},
    {"LOWER": {"IN": ["to", "in", "into", "on"]}},
    {"DEP": "nsubj", "LOWER": {"IN": ["russia", "moscow", "nato", "he"]}},
    {"DEP": {"IN": ["dobj", "pobj"]}, "POS": {"NOT_IN": ["PROPN"]}},
    {"POS": "VERB"},
    {"TEXT": "Russia"},
    {"lower": "the"},  # lower-case keys, as the Matcher accepts them
    {"TAG": {"IN": ["NNP", "NNS"]}, "ENT_TYPE": {"NOT_IN": ["GPE"]}},
    {},  # any token
    {"LIKE_NUM": True},  # left to a Matcher
    {"LOWER": {"REGEX": "^ukr"}},  # left to a Matcher
    {"LENGTH": {">=": 12}},  # left to a Matcher
]


def _matcher_tokens(nlp: Any, doc: Any, spec: dict[str, Any]) -> list[int]:
    matcher = Matcher(nlp.vocab)
    matcher.add("spec", [[spec]])
    return sorted(start for _key, start, _end in matcher(doc))


def test_compiled_specs_accept_the_tokens_the_matcher_accepts(nlp: Any) -> None:
    tests = TokenTests(SPECS)
    assert tests.fallback == [9, 10, 11]
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "samples").glob("*.txt"))]
    for doc in nlp.pipe(texts):
        found = tests.tokens(doc)
        assert sorted(found) == [n for n in range(len(SPECS)) if n not in tests.fallback]
        for n, tokens in found.items():
            assert tokens.tolist() == _matcher_tokens(nlp, doc, SPECS[n]), SPECS[n]


def test_more_sets_than_bits_in_a_word_on_one_attribute(nlp: Any) -> None:
    words = [
        "the",
        "allies",
        "sent",
        "troops",
        "to",
        "Poland",
        "and",
        "jets",
        "to",
        "Romania",
        "while",
        "Russia",
        "moved",
        "tanks",
    ]
    specs = [{"LOWER": {"IN": [w.lower(), f"x{n}"]}} for n, w in enumerate(words * 6)]  # 84 sets
    tests = TokenTests(specs)
    doc = nlp(" ".join(words) + ".")
    found = tests.tokens(doc)
    for n, spec in enumerate(specs):
        assert found[n].tolist() == _matcher_tokens(nlp, doc, spec)


@pytest.mark.parametrize("text", ["", "   "])
def test_a_doc_without_tokens_or_of_spaces(nlp: Any, text: str) -> None:
    doc = nlp(text)
    found = TokenTests(SPECS).tokens(doc)
    for n, tokens in found.items():
        assert tokens.tolist() == _matcher_tokens(nlp, doc, SPECS[n])
