"""The reference-time model and the TimeML values added for text the rules were not tuned on:
year-less dates against the article's date and the clause's tense, quarters of results,
years written out, centuries, sets and durations of unstated length."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from briefing.analysis.timex.calendar import FUTURE, NEUTRAL, PAST, number, written_year, year_for
from tests.analysis.timex.common import run, value_of


@pytest.mark.parametrize(
    ("month", "day", "ref", "direction", "year"),
    [
        (11, 20, "1989-11-02", PAST, 1989),  # a reporting verb's past is not the event's: days ahead
        (1, 2, "1989-11-02", PAST, 1990),
        (6, 1, "1989-06-20", PAST, 1989),
        (10, None, "1998-01-08", NEUTRAL, 1997),  # without a tense, the most recent
        (1, None, "2005-09-07", PAST, 2005),
        (9, None, "1990-08-16", PAST, 1990),  # eleven months back against one ahead
        (3, None, "1998-10-01", FUTURE, 1999),
        (12, None, "1998-02-06", FUTURE, 1997),  # ten months ahead against two back
    ],
)
def test_year_of_a_year_less_date(month: int, day: int | None, ref: str, direction: int, year: int) -> None:
    assert year_for(month, day, dt.date.fromisoformat(ref), direction, "") == year


def test_written_years_and_fractions() -> None:
    assert written_year("nineteen ninety-six") == 1996
    assert written_year("two thousand and one") == 2001
    assert written_year("nineteen oh five") == 1905
    assert written_year("nineteen hundred") == 1900
    assert written_year("seven people") is None
    assert number("2 1/2") == 2.5
    assert number("a couple of") == 2.0


@pytest.mark.parametrize(
    ("text", "ref", "phrase", "expected"),
    [
        ("Sales rose in the third quarter.", "1989-11-02", "the third quarter", "DATE 1989-Q3"),
        ("It will report third-quarter results.", "1989-11-02", "third-quarter", "DATE 1989-Q3"),
        (
            "Profit rose in the third quarter, up from a year earlier.",
            "1989-11-02",
            "a year earlier",
            "DATE 1988-Q3",
        ),
        (
            "Sales rose in the third quarter. The quarter was strong.",
            "1989-11-02",
            "The quarter",
            "DATE 1989-Q3",
        ),
        ("It compares with the 1988 third quarter.", "1989-11-02", "the 1988 third quarter", "DATE 1988-Q3"),
        (
            "The riots of nineteen ninety-six were the worst.",
            "1998-02-27",
            "nineteen ninety-six",
            "DATE 1996",
        ),
        (
            "It happened in January nineteen ninety-seven.",
            "1998-02-27",
            "January nineteen ninety-seven",
            "DATE 1997-01",
        ),
        ("By the year two thousand it will be done.", "1998-02-27", "the year two thousand", "DATE 2000"),
        ("It was built in the 11th century.", "1998-02-27", "the 11th century", "DATE 10"),
        ("Prices rose in the nineties.", "1998-02-27", "the nineties", "DATE 199"),
        ("The strike ended at noon Thursday.", "1998-02-13", "noon Thursday", "TIME 1998-02-12T12:00"),
        ("The club meets each July.", "1998-03-22", "each July", "SET XXXX-07"),
        ("The show airs on Tuesday nights.", "1998-02-13", "on Tuesday nights", "SET XXXX-WXX-2TNI"),
        # a rate of pay or of prices per unit of time stays a set
        ("Workers earn 10 dollars per hour.", "1989-10-27", "per hour", "SET PT1H"),
        ("The reserve will be adjusted quarterly.", "1989-10-27", "quarterly", "SET P1Q"),
        # a weekday joined to a plural one is a set too
        ("Flights leave on Monday and Tuesday nights.", "1998-02-13", "Monday", "SET XXXX-WXX-1TNI"),
        ("Shops close on Saturday and Sundays.", "1998-02-13", "Saturday", "SET XXXX-WXX-6"),
        ("He stayed there for a couple of years.", "1998-01-08", "a couple of years", "DURATION P2Y"),
        ("Prices have risen in recent years.", "1998-01-08", "recent years", "DURATION PXY"),
        ("The city stood for centuries.", "1998-01-08", "centuries", "DURATION PXC"),
        (
            "The deal was signed in March. The following month, prices fell.",
            "1989-10-27",
            "The following month",
            "DATE 1989-04",
        ),
        ("It had been due to expire Friday evening.", "1989-10-30", "Friday evening", "TIME 1989-10-27TEV"),
        # a gerund after a preposition, without an auxiliary, takes the tense of its clause
        (
            "New flights would leave from March 30, with the third departing each Thursday from August 6.",
            "1998-02-13",
            "August 6",
            "DATE 1998-08-06",
        ),
        (
            "Sony completed its offer, with shareholders tendering 99% of the shares by the Tuesday deadline.",
            "1989-11-02",
            "Tuesday",
            "DATE 1989-10-31",
        ),
        # a participle after a non-finite auxiliary takes the tense of the verb it complements
        (
            "The sector is going to start getting beat up in the spring.",
            "1998-02-06",
            "the spring",
            "DATE 1998-SP",
        ),
    ],
)
def test_timeml_type_and_value(nlp: Language, text: str, ref: str, phrase: str, expected: str) -> None:
    t = value_of(nlp, text, ref, phrase)
    assert f"{t.type} {t.value}" == expected


def test_a_year_count_is_not_a_duration(nlp: Language) -> None:
    t = value_of(nlp, "Results beat the 1988 second quarter.", "1989-11-02", "the 1988 second quarter")
    assert (t.type, t.value) == ("DATE", "1988-Q2")


def test_the_other_of_two_days_is_a_date_of_its_own(nlp: Language) -> None:
    text = "The inspectors expect a decision on March 9 or 10."
    assert value_of(nlp, text, "2023-03-01", "March 9").value == "2023-03-09"
    assert value_of(nlp, text, "2023-03-01", "10").value == "2023-03-10"
    assert [t.text for t in run(nlp, "The club sold 9 or 10, the coach said.", "2023-03-01")] == []


def test_a_weekday_governed_by_a_plan_lies_ahead(nlp: Language) -> None:
    text = "Officials said the mayor cancelled the plans for the Friday parade."
    assert value_of(nlp, text, "2023-03-07", "Friday").value == "2023-03-10"


def test_a_day_after_then_follows_the_day_ahead_before_it(nlp: Language) -> None:
    text = (
        "On Thursday the envoy will travel to Vienna for talks with the chancellor, "
        "and then on Monday to Rome, an aide said."
    )
    assert value_of(nlp, text, "2023-03-07", "Thursday").value == "2023-03-09"
    assert value_of(nlp, text, "2023-03-07", "Monday").value == "2023-03-13"


def test_over_the_weekend_when_is_the_weekend_just_past(nlp: Language) -> None:
    text = "The ferry was moored in Bergen over the weekend when the crew went on strike."
    found = value_of(nlp, text, "2023-03-13", "the weekend")
    assert (found.value, found.resolved) == ("2023-W10-WE", True)
    assert run(nlp, "She still remembered the weekend when they met.", "2023-03-13") == []
