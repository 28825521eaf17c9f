"""Durations, amounts of time before a date, sets and vague references."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.analysis.timex.common import dates_found, value_of


def test_vague_references(nlp: Language) -> None:
    ref = "2021-12-24"
    t = value_of(nlp, "Aid should arrive in the next few days.", ref, "the next few days")
    assert (t.type, t.value, t.resolved) == ("DURATION", "PXD", False)  # as "the past few months"
    assert value_of(nlp, "The ministry recently changed course.", ref, "recently").value == "PAST_REF"
    assert value_of(nlp, "Troops are now at the border.", ref, "now").value == "PRESENT_REF"
    assert value_of(nlp, "The port is currently closed.", ref, "currently").value == "PRESENT_REF"
    t = value_of(nlp, "Prices rose sharply in the past few months.", ref, "the past few months")
    assert t.type == "DURATION" and t.value.startswith("P") and not t.resolved


@pytest.mark.parametrize(
    ("sentence", "phrase", "value"),
    [
        ("The siege lasted three days.", "three days", "P3D"),
        ("They held a 50-minute meeting.", "50-minute", "PT50M"),
        ("The dispute has simmered for more than a decade.", "more than a decade", "P10Y"),
        ("The seven-decade-old alliance is under strain.", "seven-decade-old", "P70Y"),
        ("Talks dragged on for two and a half years.", "two and a half years", "P2Y6M"),
        ("The crisis has lasted several weeks.", "several weeks", "PXW"),
        ("Repairs will take two to three weeks.", "two to three weeks", "P2W"),
        ("The truce held for only six months.", "six months", "P6M"),
        ("The vote must come within no more than sixty days.", "no more than sixty days", "P60D"),
    ],
)
def test_durations(nlp: Language, sentence: str, phrase: str, value: str) -> None:
    t = value_of(nlp, sentence, "2021-12-24", phrase)
    assert (t.type, t.value) == ("DURATION", value)


def test_sets(nlp: Language) -> None:
    t = value_of(nlp, "The council meets weekly in Brussels.", "2021-12-24", "weekly")
    assert (t.type, t.value) == ("SET", "P1W")
    t = value_of(nlp, "Inspectors visit the site every month.", "2021-12-24", "every month")
    assert (t.type, t.value) == ("SET", "P1M")


def test_ago(nlp: Language) -> None:
    t = value_of(nlp, "The company was founded three years ago.", "2021-12-24", "three years ago")
    assert (t.type, t.value) == ("DATE", "2018")


def test_soon_before_or_after_an_event_is_no_time(nlp: Language) -> None:
    ref = "2021-12-24"
    found = dates_found(nlp, "He was killed soon after being captured, shortly before the talks.", ref)
    assert "soon" not in found and "shortly" not in found
    assert "soon" not in dates_found(nlp, "They will leave as soon as the road opens.", ref)
    assert value_of(nlp, "They will leave as soon as possible.", ref, "soon").value == "FUTURE_REF"


def test_a_fraction_of_a_unit_is_written_in_the_smaller_unit(nlp: Language) -> None:
    ref = "2021-12-24"
    assert value_of(nlp, "They lived in camps for 2 1/2 years.", ref, "2 1/2 years").value == "P2Y6M"
    assert (
        value_of(nlp, "The call lasted a minute and a half.", ref, "a minute and a half").value == "PT1M30S"
    )
    assert value_of(nlp, "The vote took half an hour.", ref, "half an hour").value == "PT30M"


def test_one_day_ahead_of_its_verb_is_an_unnamed_day(nlp: Language) -> None:
    ref = "1998-03-03"
    t = value_of(nlp, "Islam will one day be the second largest religion in the country.", ref, "one day")
    assert (t.type, t.value, t.resolved) == ("DATE", "FUTURE_REF", False)
    assert value_of(nlp, "The strike lasted one day.", ref, "one day").value == "P1D"
    assert value_of(nlp, "Shares fell 5% in one day.", ref, "one day").value == "P1D"
