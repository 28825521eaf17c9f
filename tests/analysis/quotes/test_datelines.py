"""Datelines and quotation marks glued to words: neither leaves a wrong or empty speaker."""

from __future__ import annotations

import pytest
from spacy.language import Language

from briefing.analysis.quotes.marks import dateline_spans, paragraph_spans
from tests.analysis.quotes.common import only, run


@pytest.mark.parametrize(
    ("para", "dateline"),
    [
        ("LONDON (Reuters) – The minister said so.", "LONDON (Reuters) – "),
        ("BEDFORD, N.H. (AP) — The governor said so.", "BEDFORD, N.H. (AP) — "),
        ("WASHINGTON -- The senator said so.", "WASHINGTON -- "),
        ("The White House - a statement said so.", None),
        ("I - think so.", None),
    ],
)
def test_dateline_spans(para: str, dateline: str | None) -> None:
    text = "A heading\n\n" + para
    spans = dateline_spans(text, paragraph_spans(text))
    assert [text[lo:hi] for lo, hi in spans] == ([dateline] if dateline else [])


def test_dateline_place_is_no_speaker(nlp: Language) -> None:
    text = (
        "MADRID (Reuters) – Opposition leader Carla Ruiz said on Friday she was "
        '"very worried about the way the budget talks are going."'
    )
    q = only(run(nlp, text), "budget talks")
    assert q.speaker == "Carla Ruiz"


def test_dateline_subject_gives_its_appositive(nlp: Language) -> None:
    text = (
        "OSLO -- Minister Erik Dahl, opening the new harbour, said "
        '"this is a place where the whole town can meet again."'
    )
    q = only(run(nlp, text), "whole town")
    assert q.speaker == "Erik Dahl"


def test_dateline_before_pronoun_is_no_speaker(nlp: Language) -> None:
    text = 'BERLIN (AP) — "The vote was unfair and everyone here knows it," he told a rally.'
    q = only(run(nlp, text), "vote was unfair")
    assert q.speaker != "BERLIN"


@pytest.mark.parametrize("mark", ["”", '"'])
def test_closing_mark_glued_to_speaker(nlp: Language, mark: str) -> None:
    text = f"Senator Maria Lopez spoke in Ohio.\n\n“That is a kind of fear we cannot accept,{mark}Lopez said."
    if mark == '"':
        text = text.replace("“", '"')
    q = only(run(nlp, text), "kind of fear")
    assert q.speaker == "Maria Lopez"
    assert q.cue == "said"


def test_glued_marks_are_split_by_the_tokenizer(nlp: Language) -> None:
    assert [t.text for t in nlp.tokenizer("fear,”Lopez said")] == ["fear", ",", "”", "Lopez", "said"]
    assert [t.text for t in nlp.tokenizer('escalation."Everything')] == ["escalation", ".", '"', "Everything"]
    assert [t.text for t in nlp.tokenizer("U.S.”Lopez")] == ["U.S.", "”", "Lopez"]
    assert [t.text for t in nlp.tokenizer("O'Brien")] == ["O'Brien"]
