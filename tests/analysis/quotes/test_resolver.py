"""The speaker resolver: names, roles, pronouns and descriptions resolved as a reader would."""

from __future__ import annotations

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


def test_pronoun_before_any_name_has_no_speaker(nlp: Language) -> None:
    text = (
        '"We will act soon," he said. ' * 5 + "Later Tom Hale arrived.\n\n" + '"We will act soon," he said.'
    )
    quotes = run(nlp, text)
    assert [q.speaker for q in quotes] == [None] * 5 + ["Tom Hale"]


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


def test_a_hyphenated_description_is_kept_whole(nlp: Language) -> None:
    q = only(run(nlp, '"It caused tremendous death," said the GOP front-runner.'), "tremendous death")
    assert q.speaker == "the GOP front-runner"


def test_a_headline_name_is_whom_the_next_pronoun_means(nlp: Language) -> None:
    text = (
        "President Joe Biden stated on Tuesday that he was considering new sanctions.\n\n"
        "Lavrov: We don't want war\n\n"
        "He warned that Russia will not change its position either.\n\n"
        '"I don\'t see any compromise opportunities here," he said.'
    )
    q = only(run(nlp, text), "compromise opportunities")
    assert q.speaker == "Lavrov"


def test_the_politician_is_the_person_last_quoted(nlp: Language) -> None:
    text = (
        "US Vice President Kamala Harris spoke in Munich.\n\n"
        '"The borders of states should not be changed by force," Harris said.\n\n'
        '"NATO is holy. The US supports it," the politician added.'
    )
    q = only(run(nlp, text), "NATO is holy")
    assert q.speaker == "Kamala Harris"


def test_a_name_ending_the_subjects_role_is_whom_she_means(nlp: Language) -> None:
    text = (
        "Prime Minister Mateusz Morawiecki went to the summit.\n\n"
        "After arriving at Versailles, the head of the European Commission Ursula von der Leyen "
        "spoke about the goals of the meeting.\n\n"
        'In her opinion, "this is a defining moment for all of Europe".'
    )
    q = only(run(nlp, text), "defining moment")
    assert q.speaker == "Ursula von der Leyen"


def test_she_is_not_the_person_who_told_her(nlp: Language) -> None:
    text = (
        "British Foreign Secretary Liz Truss met Russian Foreign Minister Sergei Lavrov in Moscow.\n\n"
        "Truss reported that Lavrov told her at a meeting that Russia had no plans to invade Ukraine. "
        '"However, we would like these words to be supported by specific actions," she said.'
    )
    q = only(run(nlp, text), "specific actions")
    assert q.speaker == "Liz Truss"


def test_a_place_the_parser_hung_on_the_name_stays_in_the_role(nlp: Language) -> None:
    text = 'The Ukrainian ambassador to Poland Andrij Deszczyca said that his country "is prepared for the worst."'
    q = only(run(nlp, text), "prepared for the worst")
    assert (q.speaker, q.speaker_role) == ("Andrij Deszczyca", "Ukrainian ambassador to Poland")


def test_a_clause_after_an_appositive_role_is_not_part_of_it(nlp: Language) -> None:
    text = (
        '"It is more complicated than this," said Dan Caldwell, vice president for foreign policy at '
        "the organization, which is backed by a longtime donor."
    )
    q = only(run(nlp, text), "more complicated")
    assert (q.speaker, q.speaker_role) == (
        "Dan Caldwell",
        "vice president for foreign policy at the organization",
    )


def test_a_son_named_for_his_father_takes_not_his_fathers_title(nlp: Language) -> None:
    text = (
        'Former President Donald Trump said on Monday that "nobody would have dared" to invade.\n\n'
        'Donald Trump Jr. wrote on Twitter: "Will it ultimately be about the business dealings?"'
    )
    quotes = run(nlp, text)
    assert (only(quotes, "nobody would").speaker, only(quotes, "nobody would").speaker_role) == (
        "Donald Trump",
        "Former President",
    )
    son = only(quotes, "business dealings")
    assert (son.speaker, son.speaker_role) == ("Donald Trump Jr.", None)
