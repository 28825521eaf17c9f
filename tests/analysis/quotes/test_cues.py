"""Cues: the verb of saying or stance, 'according to' or the colon that attributes a quote."""

from __future__ import annotations

from spacy.language import Language

from tests.analysis.quotes.common import only, run


def test_role_and_name_before_cue(nlp: Language) -> None:
    text = 'German Foreign Minister Annalena Baerbock said: "Europe will not accept a new division of the continent."'
    q = only(run(nlp, text), "Europe will not")
    assert q.speaker == "Annalena Baerbock"
    assert q.speaker_role == "German Foreign Minister"
    assert q.kind == "direct"


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


def test_inverted_cue_with_role(nlp: Language) -> None:
    text = '"Russia has no intention of attacking anyone," said Kremlin spokesman Dmitry Peskov.'
    q = only(run(nlp, text), "no intention")
    assert q.speaker == "Dmitry Peskov"
    assert q.speaker_role == "Kremlin spokesman"


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


def test_run_on_text_with_many_quotes(nlp: Language) -> None:
    quotes = run(nlp, 'Smith said "we are ready" and ' * 300)
    assert len(quotes) == 300
    assert {(q.speaker, q.cue, q.kind) for q in quotes} == {("Smith", "said", "direct")}
    assert all(len(q.sentence) <= 2000 for q in quotes)


def test_short_sentence_after_an_attributed_quote_keeps_the_speaker(nlp: Language) -> None:
    text = '"The enemy failed each time," Governor Oleh Marchenko said. "We are holding."'
    quotes = run(nlp, text)
    assert [(q.text, q.speaker, q.kind) for q in quotes][-1] == (
        "We are holding.",
        "Oleh Marchenko",
        "direct",
    )


def test_inverted_cue_with_the_name_parsed_elsewhere(nlp: Language) -> None:
    text = (
        '"I am not going to call it a mistake, so forget about it," said retired surgeon Ben Carson, '
        "asked about his claims that he had been offered a place at the academy."
    )
    q = only(run(nlp, text), "forget about it")
    assert q.speaker == "Ben Carson"


def test_participle_object_is_not_the_speaker(nlp: Language) -> None:
    text = 'Mexican President Enrique Pena Nieto urged people not to "choose the road toward isolation."'
    q = only(run(nlp, text), "road toward isolation")
    assert q.speaker != "people"


def test_passive_cue_agent_is_the_speaker(nlp: Language) -> None:
    text = 'Rubio was asked by moderator Gerard Baker: "How will you pay for the tax credit?"'
    q = only(run(nlp, text), "pay for the tax credit")
    assert q.speaker == "Gerard Baker"


def test_continue_with_an_object_is_no_verb_of_saying(nlp: Language) -> None:
    text = (
        "In his opinion, the fact that Russia continues dialogue, "
        '"it can be a signal that it will be a game of exhaustion."'
    )
    assert only(run(nlp, text), "game of exhaustion").speaker != "Russia"


def test_verb_of_saying_after_a_preposition_has_the_subject_of_the_verb_before(nlp: Language) -> None:
    text = (
        "On the eve of the vote, the prime minister rallied supporters by warning darkly that "
        '"the rule of the right is in danger".'
    )
    q = only(run(nlp, text), "rule of the right")
    assert q.speaker == "the prime minister"


def test_of_several_subjects_the_name_is_the_speaker(nlp: Language) -> None:
    text = (
        "Tuesday at Baldwin Wallace University in Berea, OH, after winning Ohio in the Republican "
        "presidential primary, Gov. John Kasich (R-OH), said, “I’m getting ready to rent a covered wagon.”"
    )
    q = only(run(nlp, text), "covered wagon")
    assert q.speaker == "John Kasich"


def test_said_after_a_closing_dash_names_the_speaker_after_it(nlp: Language) -> None:
    text = (
        "The conference was started by Olaf Scholz, the German chancellor.\n\n- Russia made the "
        "issue of membership of Ukraine in NATO a casus belli, which is a paradox because the "
        "decision is not planned in this matter - said Scholz.He noted that the West is ready to talk."
    )
    q = only(run(nlp, text), "casus belli")
    assert q.speaker == "Olaf Scholz"


def test_a_clause_made_the_subject_gives_its_first_subject(nlp: Language) -> None:
    text = (
        "But Wicker, who will likely become the next top Republican on the Senate Armed Services "
        "Committee after Sen. Jim Inhofe (R-Okla.) steps down later this year, argued Russian "
        "President Vladimir Putin is “the one escalating this war.”"
    )
    q = only(run(nlp, text), "escalating")
    assert q.speaker == "Wicker"


def test_a_body_committed_in_reported_speech_is_not_the_speaker(nlp: Language) -> None:
    text = (
        "On Saturday, President Joe Biden held an hourlong call with Vladimir Putin in which the White "
        "House said he told the Russian president that invading Ukraine would cause “widespread human "
        "suffering” and that the West was committed to diplomacy but “equally prepared for other scenarios.”"
    )
    q = only(run(nlp, text), "equally prepared")
    assert q.speaker == "Joe Biden"


def test_a_time_between_role_and_name_of_an_inverted_cue(nlp: Language) -> None:
    text = (
        "Russia gathered troops near the border.\n\n"
        '"The image on the border of Ukraine with Russia is becoming more and more disturbing," said '
        "the Prime Minister of Great Britain on Sunday Boris Johnson."
    )
    q = only(run(nlp, text), "more disturbing")
    assert q.speaker == "Boris Johnson"
    assert q.speaker_role == "Prime Minister of Great Britain"


def test_a_verb_of_saying_only_in_the_passive_is_no_cue(nlp: Language) -> None:
    text = (
        "According to the US intelligence inputs, around 70,000 Russian troops are pressed near the "
        'Ukraine border by Putin and the forces have made all preparations to "invade Ukraine" next year.'
    )
    q = only(run(nlp, text), "invade Ukraine")
    assert q.speaker == "the US intelligence inputs"


def test_continue_with_a_quoted_infinitive_is_no_verb_of_saying(nlp: Language) -> None:
    text = (
        "In a call with reporters, a senior Biden administration official called the pipeline “a cash "
        "cow” for Putin. The U.S. will continue “to reduce Europe’s addiction to Russian gas,” the "
        "official added."
    )
    q = only(run(nlp, text), "addiction")
    assert q.speaker == "a senior Biden administration official"


def test_the_person_of_a_clause_before_a_subjectless_verb(nlp: Language) -> None:
    text = (
        "Virginia state Sen. Bryce Reeves, also running for Congress, sent a similar email saying Putin "
        "invaded because America’s enemies “know that Joe Biden is weak.”"
    )
    q = only(run(nlp, text), "Biden is weak")
    assert q.speaker == "Bryce Reeves"


def test_a_verb_of_saying_right_after_the_quote_outranks_one_above_it(nlp: Language) -> None:
    text = (
        "The European Union has announced plans to ban two Kremlin-backed media outlets in an effort "
        "to rid “toxic and harmful disinformation in Europe,” the EU’s chief said Sunday."
    )
    q = only(run(nlp, text), "toxic and harmful")
    assert q.speaker == "the EU’s chief"
