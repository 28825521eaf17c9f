"""Quotation extraction and attribution on synthetic sentences (no sample text)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from briefing.analysis.nlp import load_model
from briefing.analysis.quotes import find_quotes, find_segments, load_lexicon
from briefing.records import Quote


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_model()


def run(nlp: Language, text: str) -> list[Quote]:
    doc = nlp(text)
    quotes = find_quotes(doc)
    for q in quotes:
        assert doc.text[q.start : q.end] == q.text
    return quotes


def only(quotes: list[Quote], fragment: str) -> Quote:
    hits = [q for q in quotes if fragment in q.text]
    assert len(hits) == 1, [q.text for q in quotes]
    return hits[0]


# -- lexicon ----------------------------------------------------------------------


def test_lexicon_loads_cues_roles_and_speakers() -> None:
    lex = load_lexicon()
    assert {"say", "tell", "add", "warn", "read"} <= lex.speech_verbs
    assert "spokesperson" in lex.role_nouns
    assert "he" in lex.person_pronouns and "it" in lex.nonperson_pronouns
    assert "release" in lex.documents and "ministry" in lex.institutions


# -- marks ------------------------------------------------------------------------


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


# -- direct quotes and cues ---------------------------------------------------------


def test_quote_then_cue_surname_resolves_to_full_name(nlp: Language) -> None:
    text = (
        "US State Department spokesperson Ned Price briefed reporters on Monday.\n\n"
        '"We are ready to respond to any further escalation by Moscow," Price said.'
    )
    q = only(run(nlp, text), "ready to respond")
    assert q.text.startswith("We are ready")
    assert not q.text.endswith(",")
    assert q.speaker == "Ned Price"
    assert q.speaker_role == "US State Department spokesperson"
    assert q.cue == "said"
    assert q.kind == "direct"
    assert "Price said" in q.sentence


def test_role_and_name_before_cue(nlp: Language) -> None:
    text = 'German Foreign Minister Annalena Baerbock said: "Europe will not accept a new division of the continent."'
    q = only(run(nlp, text), "Europe will not")
    assert q.speaker == "Annalena Baerbock"
    assert q.speaker_role == "German Foreign Minister"
    assert q.kind == "direct"


def test_appositive_role(nlp: Language) -> None:
    text = (
        'Ned Price, the State Department spokesperson, said "the talks were frank and useful for both sides."'
    )
    q = only(run(nlp, text), "talks were frank")
    assert q.speaker == "Ned Price"
    assert q.speaker_role == "State Department spokesperson"


def test_split_quote_shares_speaker(nlp: Language) -> None:
    text = (
        "Senator Maria Lopez visited the border town on Friday.\n\n"
        '"We have seen the damage," Lopez said, "and we will rebuild every school that was lost."'
    )
    quotes = run(nlp, text)
    first, second = only(quotes, "seen the damage"), only(quotes, "rebuild every school")
    assert first.speaker == second.speaker == "Maria Lopez"
    assert first.kind == second.kind == "direct"


def test_pronoun_resolves_to_previous_person(nlp: Language) -> None:
    text = (
        "Defense Secretary Lloyd Austin met his counterparts in Brussels.\n\n"
        '"Our commitment to the alliance is ironclad and it will not waver," he added.'
    )
    q = only(run(nlp, text), "ironclad")
    assert q.speaker == "Lloyd Austin"
    assert q.cue == "added"
    assert q.speaker_role == "Defense Secretary"


def test_institution_and_pronoun_it(nlp: Language) -> None:
    text = (
        "The president spoke with his counterpart, the White House said on Tuesday. "
        'It further added, "The president voiced our concerns over the sudden build-up of troops."'
    )
    q = only(run(nlp, text), "voiced our concerns")
    assert q.speaker is not None and "White House" in q.speaker
    assert q.cue == "added"


def test_document_speaker_inverted(nlp: Language) -> None:
    text = '"The ministers agreed to meet again next month in Geneva," read the press release.'
    q = only(run(nlp, text), "ministers agreed")
    assert q.speaker == "the press release"
    assert q.cue == "read"


def test_document_speaker_as_subject(nlp: Language) -> None:
    text = '"The two sides discussed sanctions and energy security at length," the statement read.'
    q = only(run(nlp, text), "two sides discussed")
    assert q.speaker == "the statement"


def test_according_to_description(nlp: Language) -> None:
    text = (
        "According to a senior Biden administration official, the president believes that "
        "“there is no substitute for direct talks between leaders”.\n\n"
        "“And we will proceed with our allies on every step,” the senior official added."
    )
    quotes = run(nlp, text)
    first = only(quotes, "no substitute")
    assert first.speaker == "a senior Biden administration official"
    assert first.cue == "according to"
    second = only(quotes, "proceed with our allies")
    assert second.speaker is not None and "senior" in second.speaker and "official" in second.speaker


def test_colon_introduced_and_that_clause(nlp: Language) -> None:
    text = (
        "Prime Minister Kaja Kallas wrote: “Estonia stands with Ukraine today and always.”\n\n"
        "Kallas also said in a statement that “the sanctions must be tightened before winter”."
    )
    quotes = run(nlp, text)
    assert only(quotes, "Estonia stands").speaker == "Kaja Kallas"
    assert only(quotes, "Estonia stands").cue == "wrote"
    assert only(quotes, "sanctions must").speaker == "Kaja Kallas"


def test_multi_sentence_quote(nlp: Language) -> None:
    text = (
        '"We discussed the crisis at length. We agreed to keep talking. Nothing is settled yet," '
        "said European Council President Charles Michel."
    )
    q = only(run(nlp, text), "We discussed")
    assert "Nothing is settled yet" in q.text
    assert q.speaker == "Charles Michel"


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


# -- partial and scare quotes -------------------------------------------------------


def test_partial_quote_with_speech_verb(nlp: Language) -> None:
    text = (
        "President Joe Biden spoke to reporters. Biden warned of “severe repercussions” if troops "
        "crossed the border."
    )
    q = only(run(nlp, text), "severe repercussions")
    assert q.kind == "partial"
    assert q.speaker == "Joe Biden"
    assert q.cue == "warned"


def test_partial_quote_with_stance_verb(nlp: Language) -> None:
    text = "The UK and the US agreed to work together to impose “massive consequences and severe costs” on Moscow."
    q = only(run(nlp, text), "massive consequences")
    assert q.kind == "partial"
    assert q.speaker is not None and "UK" in q.speaker and "US" in q.speaker


def test_quoted_predicate_takes_outside_subject(nlp: Language) -> None:
    text = "Secretary of State Antony Blinken spoke on Monday. Blinken “underscored the alliance’s unity” in the call."
    q = only(run(nlp, text), "underscored")
    assert q.speaker == "Antony Blinken"
    assert q.kind == "partial"


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


def test_bare_quote_takes_previous_speaker(nlp: Language) -> None:
    text = (
        "Kremlin spokesman Dmitry Peskov said Russia had no plans to attack anyone.\n\n"
        '"These are empty and unfounded claims spread by Western media."'
    )
    q = only(run(nlp, text), "empty and unfounded")
    assert q.speaker == "Dmitry Peskov"
    assert q.kind == "direct"


def test_no_quotes(nlp: Language) -> None:
    assert run(nlp, "Nothing quoted here at all.") == []


def test_definite_role_resolves_to_named_person(nlp: Language) -> None:
    text = (
        "State Department spokesperson Ned Price spoke on Monday.\n\n"
        '"We are watching the border very closely," the spokesperson said.'
    )
    q = only(run(nlp, text), "watching the border")
    assert q.speaker == "Ned Price"


def test_inverted_cue_with_role(nlp: Language) -> None:
    text = '"Russia has no intention of attacking anyone," said Kremlin spokesman Dmitry Peskov.'
    q = only(run(nlp, text), "no intention")
    assert q.speaker == "Dmitry Peskov"
    assert q.speaker_role == "Kremlin spokesman"


def test_run_on_text_with_many_quotes(nlp: Language) -> None:
    quotes = run(nlp, 'Smith said "we are ready" and ' * 300)
    assert len(quotes) == 300
    assert {(q.speaker, q.cue, q.kind) for q in quotes} == {("Smith", "said", "direct")}
    assert all(len(q.sentence) <= 2000 for q in quotes)


def test_run_of_marks_under_one_head(nlp: Language) -> None:
    # '"a "a "a ...': one sentence whose root heads every quote
    quotes = run(nlp, '"a ' * 2000)
    assert len(quotes) > 300
    assert {q.text for q in quotes} == {"a"}
    assert {q.kind for q in quotes} == {"scare"}


# -- look-ups across a long article: the right earlier speaker among many ---------------


def test_pronoun_it_skips_many_later_persons(nlp: Language) -> None:
    text = (
        'The Defence Ministry said "the drills are over" on Monday.\n\n'
        + 'Smith said "we are ready" and Jones said "we are not." ' * 40
        + '\n\nIt said "the troops will return to their bases."'
    )
    q = only(run(nlp, text), "return to their bases")
    assert q.speaker == "The Defence Ministry"


def test_definite_role_found_past_many_other_speakers(nlp: Language) -> None:
    mayors = ["Anna Berg", "Tom Hale", "Rita Moss", "Omar Lind"] * 10
    text = (
        "State Department spokesperson Ned Price spoke on Monday.\n\n"
        + "".join(f'Mayor {name} said "we are ready to help the city." ' for name in mayors)
        + '\n\n"We are watching the border very closely," the spokesperson said.'
    )
    quotes = run(nlp, text)
    assert only(quotes, "watching the border").speaker == "Ned Price"
    assert {q.speaker for q in quotes if "help the city" in q.text} == set(mayors)


def test_many_bare_quotes_keep_the_first_speaker(nlp: Language) -> None:
    text = "Kremlin spokesman Dmitry Peskov said Russia had no plans. " + '"These are empty claims." ' * 50
    quotes = run(nlp, text)
    assert len(quotes) == 50
    assert {(q.speaker, q.speaker_role) for q in quotes} == {("Dmitry Peskov", "Kremlin spokesman")}


def test_pronoun_before_any_name_has_no_speaker(nlp: Language) -> None:
    text = (
        '"We will act soon," he said. ' * 5 + "Later Tom Hale arrived.\n\n" + '"We will act soon," he said.'
    )
    quotes = run(nlp, text)
    assert [q.speaker for q in quotes] == [None] * 5 + ["Tom Hale"]


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


def test_quotation_nested_in_a_single_quoted_one_stays_whole(nlp: Language) -> None:
    text = "The mayor, Chloe Barrett, said: ‘People tell me “it’s only rain”, but we lost three homes.’"
    quotes = run(nlp, text)
    assert [q.text for q in quotes] == ["People tell me “it’s only rain”, but we lost three homes."]
    assert quotes[0].speaker == "Chloe Barrett"


def test_short_sentence_after_an_attributed_quote_keeps_the_speaker(nlp: Language) -> None:
    text = '"The enemy failed each time," Governor Oleh Marchenko said. "We are holding."'
    quotes = run(nlp, text)
    assert [(q.text, q.speaker, q.kind) for q in quotes][-1] == (
        "We are holding.",
        "Oleh Marchenko",
        "direct",
    )
