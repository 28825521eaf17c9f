"""Interview transcripts (``quotes.transcript``): answers are the interviewee's quotes.

The articles are PolNeAR training articles, read from the shared data folder by path."""

from __future__ import annotations

import re

from spacy.language import Language

from tests.analysis.quotes.common import run
from tests.conftest import SHARED, needs_shared

TRAIN = "corpus/polnear/train"


def _article(stem: str) -> str:
    return (SHARED / TRAIN / f"{stem}.txt").read_text(encoding="utf-8")


def _labelled(text: str, label: str) -> list[int]:
    """Where the words after ``label`` start, in each paragraph it opens."""
    return [m.end() for m in re.finditer(rf"(?m)^{re.escape(label)}\s+", text)]


@needs_shared(TRAIN)
def test_answers_of_a_question_and_answer_interview_are_the_interviewees_quotes(nlp: Language) -> None:
    # 'Q&A with Vice President Joe Biden ... he spoke with POLITICO senior writer ...'
    text = _article("politico_2016-02-19_q-a-with-vice-president-joe-bide")
    quotes = {q.start: q for q in run(nlp, text)}
    answers, questions = _labelled(text, "A:"), _labelled(text, "Q:")
    assert len(answers) == 20 and len(questions) >= 20
    assert all(
        quotes[a].speaker == "Joe Biden" and quotes[a].speaker_role == "Vice President" for a in answers
    )
    assert not any(q in quotes for q in questions)  # the interviewer's questions are not quoted


@needs_shared(TRAIN)
def test_answer_labels_without_question_labels_still_make_a_transcript(nlp: Language) -> None:
    # The questions lost their label's colon in the scrape ('QThere's no shortage ...').
    text = _article("usa-today_2016-03-18_laura-bush-sees-hope-help-for-af")
    quotes = {q.start: q for q in run(nlp, text)}
    answers = _labelled(text, "A:")
    assert len(answers) == 9
    assert all(quotes[a].speaker == "Laura Bush" for a in answers)


@needs_shared(TRAIN)
def test_turns_under_names_in_capitals_go_to_the_person_named(nlp: Language) -> None:
    text = _article("breitbart_2016-07-10_ok-gov-fallin-trump-is-trying-to")
    quotes = {q.start: q for q in run(nlp, text)}
    # 'JAKE TAPPER:' once, then 'TAPPER:': the full name for every turn
    assert {quotes[a].speaker for a in _labelled(text, "TAPPER:") + _labelled(text, "JAKE TAPPER:")} == {
        "Jake Tapper"
    }
    assert {quotes[a].speaker for a in _labelled(text, "TRUMP:")} == {"Donald Trump"}
    assert all("Fallin" in (quotes[a].speaker or "") for a in _labelled(text, "FALLIN:"))
    # the headline 'OK Gov Fallin: Trump Is ...' is no turn (its own quotation marks may be)
    assert text.startswith("OK Gov Fallin: ") and len("OK Gov Fallin: ") not in quotes


def test_headlines_with_a_name_and_a_colon_are_not_a_transcript(nlp: Language) -> None:
    text = (
        "Scholz: Russia must withdraw its troops\n\n"
        "Chancellor Olaf Scholz spoke in Berlin on Monday.\n\n"
        "Scholz: we are ready for talks\n\n"
        "The chancellor met the French president later."
    )
    assert run(nlp, text) == []


def test_labels_that_name_no_one_make_no_turns(nlp: Language) -> None:
    text = (
        "Talks resumed in Geneva, said Ned Price.\n\n"
        "UPDATE: the talks ended without agreement.\n\n"
        "WATCH: the minister leaves the building.\n\n"
        "NOTE: this article was corrected."
    )
    assert run(nlp, text) == []
