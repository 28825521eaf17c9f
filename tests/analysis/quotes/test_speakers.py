"""Speakers: names, roles, pronouns and descriptions resolved as a reader would, and the
passes that give a speaker to a quote with no cue of its own."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.analysis.quotes.common import only, run


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


def test_definite_role_resolves_to_named_person(nlp: Language) -> None:
    text = (
        "State Department spokesperson Ned Price spoke on Monday.\n\n"
        '"We are watching the border very closely," the spokesperson said.'
    )
    q = only(run(nlp, text), "watching the border")
    assert q.speaker == "Ned Price"


def test_bare_quote_takes_previous_speaker(nlp: Language) -> None:
    text = (
        "Kremlin spokesman Dmitry Peskov said Russia had no plans to attack anyone.\n\n"
        '"These are empty and unfounded claims spread by Western media."'
    )
    q = only(run(nlp, text), "empty and unfounded")
    assert q.speaker == "Dmitry Peskov"
    assert q.kind == "direct"


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


def test_signed_quotes_on_one_line(nlp: Language) -> None:
    text = (
        "Readers told us what they think.\n\n"
        "\u201cHe represents our greatest shame.\u201d \u2015 Sonya Herridge "
        "\u201cHe is ignorant of our culture and lives.\u201d\u2015 Pamela Padilla \n"
    )
    quotes = run(nlp, text)
    assert only(quotes, "greatest shame").speaker == "Sonya Herridge"
    assert only(quotes, "ignorant of our culture").speaker == "Pamela Padilla"


def test_pronoun_means_the_subject_named_after_the_last_speaker(nlp: Language) -> None:
    text = (
        '"They are not a NATO country," Sen. Roy Blunt said on Monday. '
        "Sen. Marco Rubio offered a blunter response. "
        '"That would mean World War Three," he told reporters.'
    )
    assert only(run(nlp, text), "World War Three").speaker == "Marco Rubio"


def test_she_passes_over_a_man(nlp: Language) -> None:
    text = (
        "Sergei Lavrov hosted Foreign Secretary Liz Truss in Moscow. He was polite.\n\n"
        "Truss reported that Lavrov told her that Russia had no plans to invade. "
        '"We would like these words to be supported by actions," she said.'
    )
    assert only(run(nlp, text), "supported by actions").speaker == "Liz Truss"


def test_in_his_opinion_names_the_speaker(nlp: Language) -> None:
    text = (
        "Analyst Adam Eberhardt spoke to the broadcaster on Monday.\n\n"
        'In his opinion, "a full-scale invasion is less likely at this stage."'
    )
    assert only(run(nlp, text), "full-scale invasion").speaker == "Adam Eberhardt"


def test_owner_stays_in_a_description(nlp: Language) -> None:
    text = '"My reaction, that was outrageous," Obama\'s former campaign strategist said on Twitter.'
    assert only(run(nlp, text), "outrageous").speaker == "Obama's former campaign strategist"


def test_description_with_a_nationality_is_the_person_with_that_title(nlp: Language) -> None:
    text = (
        "Estonian President Alar Karis met German Chancellor Olaf Scholz in Tallinn.\n\n"
        '"Russia will probably carry out a limited attack," said the Estonian president.'
    )
    assert only(run(nlp, text), "limited attack").speaker == "Alar Karis"


def test_first_name_alone_is_the_person_so_named(nlp: Language) -> None:
    text = (
        "The skater Kamila Valieva trained on Tuesday.\n\n"
        '"I do feel this burden a bit," Kamila told reporters.'
    )
    assert only(run(nlp, text), "this burden").speaker == "Kamila Valieva"


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
