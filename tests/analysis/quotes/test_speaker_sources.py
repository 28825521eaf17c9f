"""Speakers are people and bodies: not a phrase the article itself puts in quote marks, not a
subject from a sentence run into dash-introduced speech, and the person a role's phrase names."""

from __future__ import annotations

from spacy.language import Language

from briefing.analysis.quotes.names import PersonMentions
from briefing.analysis.quotes.words import load_quote_words
from tests.analysis.quotes.common import only, run


def _full(nlp: Language, text: str, name: str) -> str:
    return PersonMentions.build(nlp(text), load_quote_words()).full_name(name)


def test_a_quoted_phrase_completes_no_name(nlp: Language) -> None:
    plain = "Our Great Plains seemed calm that week. Later the Plains stayed quiet."
    quoted = 'Our "Great Plains" seemed calm that week. Later the Plains stayed quiet.'
    assert _full(nlp, plain, "Plains") == "Great Plains"
    assert _full(nlp, quoted, "Plains") == "Plains"


def test_dash_speech_takes_no_subject_from_before_the_dash(nlp: Language) -> None:
    text = (
        'Freedonia responded to these reports, calling them "absurd".- Nobody here wants a war '
        "at all, we want calm and trade - commented the spokeswoman for the Foreign Ministry of "
        "Freedonia Anna Kowalczyk."
    )
    q = only(run(nlp, text), "Nobody here wants")
    assert q.speaker == "Anna Kowalczyk"
    assert q.cue == "commented"


def test_role_phrase_ending_in_a_name_is_that_person(nlp: Language) -> None:
    text = (
        '"We will not send soldiers there," said the spokeswoman for the Foreign Ministry of '
        "Freedonia Anna Kowalczyk."
    )
    q = only(run(nlp, text), "send soldiers")
    assert q.speaker == "Anna Kowalczyk"
    assert q.speaker_role is not None and q.speaker_role.startswith("spokeswoman")


def test_an_adviser_to_a_named_person_is_not_that_person(nlp: Language) -> None:
    text = '"We will not send soldiers there," said an adviser to President Joe Biden.'
    q = only(run(nlp, text), "send soldiers")
    assert q.speaker != "Joe Biden"


def test_she_is_a_person_never_a_country(nlp: Language) -> None:
    text = (
        "Vice President Anna Kowalczyk spoke at the conference on Saturday.\n\n"
        "As she emphasized, although Freedonia claims that it is ready to talk, it narrows the path."
        '"Freedonia\'s actions contradict its words," she said.'
    )
    q = only(run(nlp, text), "actions contradict")
    assert q.speaker == "Anna Kowalczyk"


def test_the_verb_after_a_closing_dash_is_the_cue(nlp: Language) -> None:
    text = (
        "President Anna Kowalczyk spoke on Friday.\n\n"
        "- Freedonia has a choice between war and all the suffering it brings and diplomacy that "
        "will make the world safer for everyone - she said, they add that the ministers may meet."
    )
    q = only(run(nlp, text), "has a choice")
    assert q.cue == "said"
    assert q.speaker == "Anna Kowalczyk"


def test_a_role_phrase_ends_before_what_follows_the_name(nlp: Language) -> None:
    text = (
        "The head of Freedonian diplomacy Anna Kowalczyk during the Thursday meeting warned that "
        '"the attack will start within days and nobody will be spared."'
    )
    q = only(run(nlp, text), "attack will start")
    assert q.speaker == "Anna Kowalczyk"


def test_an_attribution_after_a_dash_at_a_quotations_end_is_not_quoted(nlp: Language) -> None:
    speech = (
        "The envoy spoke in Freedonia.\n\n- We must step back from the edge. Any attack on the "
        "valley would be a disaster for everyone - Kowalczyk told journalists on Monday.\n\n"
        "- We will not send soldiers there at all - she added."
    )
    marked = 'The envoy spoke in Freedonia.\n\n"Please end the blockade of the valley now. - Kowalczyk said."'
    for text, words in ((speech, "a disaster for everyone"), (marked, "blockade of the valley now.")):
        q = only(run(nlp, text), words)
        assert q.text.endswith(words)
        assert q.speaker == "Kowalczyk"
    # a dash inside the words quoted, not followed by a verb of saying, is kept
    q = only(run(nlp, 'He said: "The war - and it is a war - must end now, as we all know."'), "must end")
    assert q.text.startswith("The war - and it is a war")


def test_a_word_qualifying_the_title_noun_stays_in_the_role(nlp: Language) -> None:
    for title in ("Prime Minister of Freedonia", "Deputy Foreign Minister"):
        text = (
            f"In the capital, the {title} Anna Kowalczyk spoke on Monday.\n\n"
            '"We need to step back from the edge," Kowalczyk said.'
        )
        q = only(run(nlp, text), "step back")
        assert q.speaker == "Anna Kowalczyk"
        assert q.speaker_role == title
