"""The tense around a date decides which way an under-specified date lies from the reference date."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from briefing.analysis.timex import find_timexes
from tests.analysis.timex.common import value_of


@pytest.mark.parametrize(
    ("ref", "sentence", "phrase", "value"),
    [
        ("2021-12-24", "The minister on Thursday spoke with his counterpart.", "Thursday", "2021-12-23"),
        ("2022-02-07", "On Sunday, the president discussed the crisis with allies.", "Sunday", "2022-02-06"),
        (
            "2022-02-07",
            "A summit which will be held in Vienna on Monday was announced.",
            "Monday",
            "2022-02-07",
        ),
        ("2022-02-07", "The two leaders held a telephone call on Wednesday.", "Wednesday", "2022-02-02"),
        ("2022-02-07", "The leaders will hold a telephone call on Wednesday.", "Wednesday", "2022-02-09"),
        ("2021-12-30", "The chancellor spoke on Wednesday about energy.", "Wednesday", "2021-12-29"),
        (
            "2021-12-30",
            "Markets steadied ahead of a phone call between the two on Thursday.",
            "Thursday",
            "2021-12-30",
        ),
        (
            "2021-12-30",
            "Negotiations are expected to take place on January 12 in Geneva.",
            "January 12",
            "2022-01-12",
        ),
        ("2022-01-03", "The premier spoke Monday with reporters.", "Monday", "2022-01-03"),
        ("2022-01-03", "In a Sunday phone call, the two sides agreed.", "Sunday", "2022-01-02"),
        ("2022-01-03", "The strike began last Thursday.", "last Thursday", "2021-12-30"),
        ("2022-01-03", "The strike began last month.", "last month", "2021-12"),
        ("2022-01-03", "The strike began last week.", "last week", "2021-W52"),
        ("2022-02-07", "Inflation surged in December, the bank said.", "December", "2021-12"),
        ("2022-02-07", "The strike ended on January 30.", "January 30", "2022-01-30"),
        ("2022-02-07", "The hearing was scheduled for February 20.", "February 20", "2022-02-20"),
    ],
)
def test_tense_decides_direction(nlp: Language, ref: str, sentence: str, phrase: str, value: str) -> None:
    t = value_of(nlp, sentence, ref, phrase)
    assert (t.type, t.value, t.resolved) == ("DATE", value, True)


def test_participle_clause_takes_the_tense_of_its_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    # "condemning ... on Tuesday" has no tense of its own; "issued" is past.
    doc = nlp("The ministers issued a statement condemning the shelling on Tuesday.")
    (timex,) = find_timexes(doc, dt.date(2022, 1, 6))
    assert timex.value == "2022-01-04"


@pytest.mark.parametrize(
    ("ref", "sentence", "phrase", "value"),
    [
        # "until" names the end of a state: ahead unless the verb is a plain past
        ("2008-09-18", "The government has kept the markets closed until Friday.", "Friday", "2008-09-19"),
        ("2008-09-18", "The markets stayed closed until Friday.", "Friday", "2008-09-12"),
        # day parts after "this"
        ("2008-01-09", "Apple announced the change this morning.", "this morning", "2008-01-09TMO"),
        # a framed year
        (
            "2008-04-09",
            "The store passed its rival at the beginning of the year.",
            "the beginning of the year",
            "2008",
        ),
        # year boundaries, both directions
        ("2022-01-03", "The talks were held on December 30.", "December 30", "2021-12-30"),
        ("2021-12-30", "Talks will be held on January 10.", "January 10", "2022-01-10"),
        ("2022-01-03", "The allies met last week.", "last week", "2021-W52"),
        ("2021-12-30", "The allies will meet next year.", "next year", "2022"),
    ],
)
def test_more_directions_and_boundaries(
    nlp: Language, ref: str, sentence: str, phrase: str, value: str
) -> None:
    assert value_of(nlp, sentence, ref, phrase).value == value
