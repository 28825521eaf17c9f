"""The speaker ranker: its data file, and what it may and may not change."""

from __future__ import annotations

import json

from spacy.language import Language

from briefing.analysis.quotes.find import find_quotes
from briefing.analysis.quotes.ranker import (
    DATA_FILE,
    FEATURES,
    IDENTITY,
    SOURCES,
    Option,
    Ranker,
    load_ranker,
)
from briefing.analysis.quotes.speakers import Candidate

TEXT = (
    "Kremlin spokesman Dmitry Peskov spoke to reporters on Monday.\n\n"
    '"These are empty and unfounded claims," Peskov said, adding that NATO had ignored Moscow.\n\n'
    '"We will respond in due course."'
)


def test_data_file_names_only_known_features_and_passes() -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert set(data["weights"]) <= set(FEATURES)
    assert set(data.get("sources", SOURCES)) <= set(SOURCES)
    assert load_ranker().weights[FEATURES.index("rule")] > 0


def test_identity_keeps_the_rules_choice_and_options_list_it_first(nlp: Language) -> None:
    doc = nlp(TEXT)
    record: list[tuple[Candidate, list[Option]]] = []
    quotes = find_quotes(doc, IDENTITY, record)
    assert [q.speaker for q in quotes] == ["Dmitry Peskov", "Dmitry Peskov"]
    for item, opts in record:
        assert opts and opts[0].speaker is item.speaker and opts[0].feats["rule"] == 1.0


def test_a_ranker_overrules_only_the_passes_it_is_given(nlp: Language) -> None:
    favour_others = Ranker(tuple(-1.0 if name == "rule" else 0.0 for name in FEATURES), frozenset())
    assert [q.speaker for q in find_quotes(nlp(TEXT), favour_others)] == ["Dmitry Peskov", "Dmitry Peskov"]


def test_the_shipped_ranker_is_deterministic(nlp: Language) -> None:
    first = [q.speaker for q in find_quotes(nlp(TEXT))]
    assert first == [q.speaker for q in find_quotes(nlp(TEXT))]
    assert first == ["Dmitry Peskov", "Dmitry Peskov"]
