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


def test_surname_spelled_another_way_is_the_person_so_named(nlp: Language) -> None:
    text = (
        "Kremlin spokesman Dmitry Peskov spoke to reporters on Monday.\n\n"
        '"Russia will not leave these sanctions unanswered," Peskow said.'
    )
    assert only(run(nlp, text), "unanswered").speaker == "Dmitry Peskov"


def test_description_of_a_leader_is_the_person_with_a_leaders_title_there(nlp: Language) -> None:
    text = (
        "On Thursday, the head of the British government Boris Johnson met NATO's chief.\n\n"
        '"The crisis is at the most dangerous moment," the British prime minister said.'
    )
    assert only(run(nlp, text), "dangerous moment").speaker == "Boris Johnson"


def test_description_of_a_leader_is_the_leader_last_quoted(nlp: Language) -> None:
    text = (
        '"We will defend our land," President Zelensky said in Munich.\n\n'
        '"These are not noble gestures," the Ukrainian leader stressed.'
    )
    assert only(run(nlp, text), "noble gestures").speaker == "Zelensky"


def test_word_for_what_a_person_is_to_the_article_is_the_person_last_quoted(nlp: Language) -> None:
    text = (
        "On Friday, US national security advisor Jake Sullivan said that the risk is high.\n\n"
        '"Tanks are easy to bring in," said Adam Eberhardt, director of the Eastern Studies Center.\n\n'
        'The guest of TVN24 said that "from Putin\'s point of view, it is an optimal scenario."'
    )
    assert only(run(nlp, text), "optimal scenario").speaker == "Adam Eberhardt"


def test_hyphenated_name_is_written_as_the_article_writes_it(nlp: Language) -> None:
    text = (
        "City Council Speaker Melissa Mark-Viverito backed the plan on Monday. "
        '"It is important that New Yorkers understand this," Mark-Viverito said.'
    )
    assert only(run(nlp, text), "New Yorkers").speaker == "Melissa Mark-Viverito"


def test_pronoun_never_means_a_person_named_only_inside_a_quote(nlp: Language) -> None:
    text = 'The debate is on Monday.\n\n"But the truth is that Donald Trump has a unique way," he said.'
    assert only(run(nlp, text), "unique way").speaker is None


def test_appositive_name_after_the_roles_phrase_is_the_person(nlp: Language) -> None:
    text = (
        "His former business partner at Lenox, Lawrence B. Cummings, called him a master at deals. "
        '"He showed again and again an ability to put together deals."'
    )
    q = only(run(nlp, text), "again and again")
    assert q.speaker == "Lawrence B. Cummings"
    assert q.speaker_role == "His former business partner at Lenox"


def test_cueless_quote_takes_a_named_root_whose_verb_the_parser_hung_on_it(nlp: Language) -> None:
    text = (
        "Aaron Kall, the director of debate at the University of Michigan, compared Trump to a "
        'coach at a basketball game who is "working the referees" in hopes of a call.'
    )
    assert only(run(nlp, text), "working the referees").speaker == "Aaron Kall"


def test_description_identified_as_a_person_is_that_person(nlp: Language) -> None:
    text = (
        "A Ukrainian sailor tried to sink a yacht.\n\n"
        '"My boss is a criminal who sells weapons," the sailor, identified as 55-year-old '
        "Taras Ostapchuk, told officers on Saturday."
    )
    assert only(run(nlp, text), "My boss").speaker == "Taras Ostapchuk"


def test_name_ner_ended_on_a_particle_is_the_whole_name(nlp: Language) -> None:
    text = (
        'Europe must act now. "We want Ukraine to be free and democratic," the head of the '
        "European Commission Ursula von der Leyen said before the talks."
    )
    assert only(run(nlp, text), "free and democratic").speaker == "Ursula von der Leyen"


def test_surname_tagged_as_a_common_word_is_the_person(nlp: Language) -> None:
    text = (
        "In an interview with Fox News' Sean Hannity on Monday night, Trump spoke about the wall.\n\n"
        '"They said it is negotiable on the wall," Hannity said.'
    )
    assert only(run(nlp, text), "negotiable").speaker == "Sean Hannity"


def test_surname_tagged_as_an_adverb_after_said_is_the_person(nlp: Language) -> None:
    text = (
        "But Bill Skelly, a longtime RNC data operative, vouched for both of them.\n\n"
        '"Having access to the RNC file is valuable," said Skelly, explaining his work.'
    )
    assert only(run(nlp, text), "RNC file").speaker == "Bill Skelly"


def test_a_name_after_a_title_is_a_person_whatever_ner_calls_it(nlp: Language) -> None:
    from briefing.analysis.quotes.names import _titled_name
    from briefing.analysis.quotes.words import load_quote_words

    words = load_quote_words()
    doc = nlp("Chancellor Olaf Scholz also appealed to Russia for de-escalation.")
    span = doc.char_span(11, 22)
    assert span is not None and _titled_name(span, words)
    doc = nlp("The Kremlin Palace hosted the talks.")
    span = doc.char_span(4, 18)
    assert span is not None and not _titled_name(span, words)


def test_a_verb_parsed_as_the_subject_is_no_speaker(nlp: Language) -> None:
    from spacy.tokens import Doc

    from briefing.analysis.quotes.plausible import plausible_head
    from briefing.analysis.quotes.words import load_quote_words

    words = load_quote_words()
    # the tagger reads 'Posting from Kyiv, the performer suggested' with 'Posting' as the subject
    doc = Doc(
        nlp.vocab,
        words=["Posting", "from", "Kyiv", "the", "spokesman"],
        pos=["VERB", "ADP", "PROPN", "DET", "NOUN"],
    )
    doc[0].lemma_ = "post"
    doc[4].lemma_ = "spokesman"
    assert not plausible_head(doc[0], words)
    assert plausible_head(doc[4], words)


def test_a_transcript_gives_each_label_and_its_paragraphs_their_speaker(nlp: Language) -> None:
    text = (
        "Gov. Mike Pence spoke to Chris Wallace on Sunday.\n\n"
        '"WALLACE: Do you really see those two as equivalent?\n\n'
        '"PENCE: Well, look, you know, Mark Cuban has been out there saying some pretty tough stuff.\n\n'
        '"But the truth is that Donald Trump has a unique way of communicating to the American people.\n\n'
        '"VIDEO: Hillary and Obama told me it was a video."'
    )
    quotes = run(nlp, text)
    assert only(quotes, "equivalent").speaker == "Chris Wallace"
    assert only(quotes, "Mark Cuban").speaker == "Mike Pence"
    assert only(quotes, "unique way").speaker == "Mike Pence"


def test_a_surname_spelled_with_the_other_apostrophe_keeps_its_spelling(nlp: Language) -> None:
    text = (
        "The fire started at noon, according to Fire Commissioner Daniel O’Rourke.\n\n"
        '"The cause of the fire has not been determined," said O\'Rourke on his first day.'
    )
    q = only(run(nlp, text), "cause of the fire")
    assert q.speaker == "Daniel O'Rourke"


def test_as_a_memo_put_it_attributes_the_quote_before_it(nlp: Language) -> None:
    text = (
        "Several senators echo her concerns, because the main requirement of the program is a "
        '"lawful source of investment income," as a Homeland Security memo put it.'
    )
    q = only(run(nlp, text), "lawful source")
    assert q.speaker == "a Homeland Security memo"


@pytest.mark.parametrize("kin", ["niece", "nephew", "cousin", "grandmother", "widow"])
def test_a_relative_may_speak(nlp: Language, kin: str) -> None:
    text = f'The senator opened his back yard to several hundred guests.\n\n"We are so proud of him," his {kin} said.'
    q = only(run(nlp, text), "so proud")
    assert q.speaker == f"his {kin}"
