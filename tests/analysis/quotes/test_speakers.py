"""Speakers: the passes that give each quote its speaker, a quote with no cue of its own
included (the resolver's own cases are in test_resolver.py)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.analysis.quotes.common import only, run


def test_split_quote_shares_speaker(nlp: Language) -> None:
    text = (
        "Senator Maria Lopez visited the border town on Friday.\n\n"
        '"We have seen the damage," Lopez said, "and we will rebuild every school that was lost."'
    )
    quotes = run(nlp, text)
    first, second = only(quotes, "seen the damage"), only(quotes, "rebuild every school")
    assert first.speaker == second.speaker == "Maria Lopez"
    assert first.kind == second.kind == "direct"


def test_bare_quote_takes_previous_speaker(nlp: Language) -> None:
    text = (
        "Kremlin spokesman Dmitry Peskov said Russia had no plans to attack anyone.\n\n"
        '"These are empty and unfounded claims spread by Western media."'
    )
    q = only(run(nlp, text), "empty and unfounded")
    assert q.speaker == "Dmitry Peskov"
    assert q.kind == "direct"


# -- look-ups across a long article: the right earlier speaker among many ---------------


def test_many_bare_quotes_keep_the_first_speaker(nlp: Language) -> None:
    text = "Kremlin spokesman Dmitry Peskov said Russia had no plans. " + '"These are empty claims." ' * 50
    quotes = run(nlp, text)
    assert len(quotes) == 50
    assert {(q.speaker, q.speaker_role) for q in quotes} == {("Dmitry Peskov", "Kremlin spokesman")}


# -- speakers the parse leaves implicit (written cases, not from the samples) ---------


NAMED_BY_LAYOUT = [
    (
        'His lawyer, Grace Nwosu, said the arrest was "politically motivated and unlawful."',
        "Grace Nwosu",
        "lawyer",
    ),
    (
        'Minutes later, his chief of staff, Nadia Petrenko, told reporters it spoke "for the whole cabinet."',
        "Nadia Petrenko",
        "chief of staff",
    ),
    (
        "Grieving gran Maureen Pike, 72, sobbed: 'He was the light of my life. I will never forgive them.'",
        "Maureen Pike",
        None,
    ),
    (
        'Viktor Zelenko runs the grid.\n\nZelenko on the blackout: "We have never seen anything on this scale."',
        "Viktor Zelenko",
        None,
    ),
    ("'We will not be intimidated': Estonian PM defies threats", "Estonian PM", None),
]


@pytest.mark.parametrize(("text", "speaker", "role"), NAMED_BY_LAYOUT)
def test_speakers_from_appositives_colons_and_names_without_a_parse(
    nlp: Language, text: str, speaker: str, role: str | None
) -> None:
    quotes = [q for q in run(nlp, text) if q.kind != "scare"]
    assert len(quotes) == 1, quotes
    assert quotes[0].speaker == speaker
    if role:
        assert role in (quotes[0].speaker_role or "")


def test_signed_quotes_on_one_line(nlp: Language) -> None:
    text = (
        "Readers told us what they think.\n\n"
        "\u201cHe represents our greatest shame.\u201d \u2015 Sonya Herridge "
        "\u201cHe is ignorant of our culture and lives.\u201d\u2015 Pamela Padilla \n"
    )
    quotes = run(nlp, text)
    assert only(quotes, "greatest shame").speaker == "Sonya Herridge"
    assert only(quotes, "ignorant of our culture").speaker == "Pamela Padilla"


def test_in_his_opinion_names_the_speaker(nlp: Language) -> None:
    text = (
        "Analyst Adam Eberhardt spoke to the broadcaster on Monday.\n\n"
        'In his opinion, "a full-scale invasion is less likely at this stage."'
    )
    assert only(run(nlp, text), "full-scale invasion").speaker == "Adam Eberhardt"


def test_cueless_quote_takes_the_named_subject_of_its_sentence(nlp: Language) -> None:
    text = 'Senator Ted Cruz blamed the new law on "knuckleheaded Democratic politicians."'
    q = only(run(nlp, text), "knuckleheaded")
    assert q.speaker == "Ted Cruz"
