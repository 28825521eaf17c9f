"""Speakers on passages of PolNeAR's training split, cited by file and character offset (the
text is read from the shared data folder, never copied here)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.analysis.quotes.common import run
from tests.conftest import SHARED, needs_shared

TRAIN = "corpus/polnear/train"
DEV = "corpus/polnear/dev"


def passage(stem: str, offset: int, before: int = 0, split: str = TRAIN) -> tuple[str, int]:
    """The paragraph of a training article (``offset`` as in the file and its gold) holding
    ``offset``, with ``before`` paragraphs ahead of it, and the offset within that passage."""
    text = (SHARED / split / f"{stem}.txt").read_text(encoding="utf-8")
    breaks = [0] + [i + 2 for i in range(len(text)) if text.startswith("\n\n", i)] + [len(text) + 2]
    k = max(i for i, b in enumerate(breaks) if b <= offset)
    lo, hi = breaks[max(0, k - before)], breaks[k + 1] - 2
    return text[lo:hi], offset - lo


def speaker_at(nlp: Language, stem: str, offset: int, before: int = 0, split: str = TRAIN) -> str | None:
    text, at = passage(stem, offset, before, split)
    quotes = [q for q in run(nlp, text) if q.start - 1 <= at < q.end]  # (the gold counts the mark)
    assert len(quotes) == 1, [q.text for q in run(nlp, text)]
    return quotes[0].speaker


@needs_shared(TRAIN)
@pytest.mark.parametrize(
    ("stem", "offset", "speaker"),
    [
        # '"You think I'm going to change?" Trump asked reporters rhetorically during a news ...'
        ("wash-post_2016-06-14_trump-is-still-waging-a-primary-", 865, "Trump"),
        # '"I am calling from ... today?" Miller, a retired worker from a nuclear plant, said ...'
        ("wash-post_2016-02-17_sanders-and-clinton-see-black-vo", 461, "Miller"),
        # '"...?" Clinton remarked, alluding to ... the actor's latest turn ... in "The Revenant."'
        ("politico_2016-01-14_clinton-says-she-won-t-rule-out-", 2626, "Clinton"),
    ],
)
def test_a_longer_sentence_after_a_quote_that_opens_with_its_speaker(
    nlp: Language, stem: str, offset: int, speaker: str
) -> None:
    assert speaker in (speaker_at(nlp, stem, offset, before=1) or "")


@needs_shared(DEV)
def test_a_subjectless_verb_of_saying_under_a_participle_takes_the_speaker_before_it(
    nlp: Language,
) -> None:
    # '..., is insane," Sanders said, going on to say that the country has spent "hundreds of ...'
    stem = "politico_2016-09-16_sanders-clinton-needs-to-get-awa"
    assert "Sanders" in (speaker_at(nlp, stem, 2850, split=DEV) or "")


@needs_shared(TRAIN)
@pytest.mark.parametrize(
    ("stem", "offset", "speaker"),
    [
        # 'Guns are "the ultimate public health crisis" ..., Howard Dean, ..., proclaimed to a ...'
        ("huff-post_2016-07-27_guns-are-the-ultimate-public-hea", 97, "Dean"),
        # 'A 2014 House Intelligence Committee report found "no evidence that there was ..."'
        ("wash-post_2016-01-16_ex-cia-chief-in-benghazi-breaks-", 1751, "Committee"),
        # 'In 2014, Pew found that "about twice as many Democrats ..."'
        ("huff-post_2016-07-27_guns-are-the-ultimate-public-hea", 3042, "Pew"),
    ],
)
def test_verbs_of_proclaiming_and_finding(nlp: Language, stem: str, offset: int, speaker: str) -> None:
    assert speaker in (speaker_at(nlp, stem, offset) or "")


@needs_shared(TRAIN)
def test_went_on_is_a_verb_of_saying(nlp: Language) -> None:
    # '"You know, it happens, right?" Trump went on, as if he didn't hear her.' (after a quote of
    # the interviewer's in the paragraph before)
    stem = "breitbart_2016-05-15_trump-talks-to-megyn-kelly-about"
    assert "Trump" in (speaker_at(nlp, stem, 671, before=1) or "")
