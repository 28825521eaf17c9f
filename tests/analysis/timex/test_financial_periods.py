"""Financial periods in reports of results: the quarter reported on, the year-ago comparison,
the fiscal year, year-end, and period words that only name a kind of payment."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.analysis.timex.common import dates_found, run, value_of

REF = "1989-10-26"


def test_year_ago_compares_with_the_quarter_reported_on(nlp: Language) -> None:
    text = (
        "Acme earned $5 million in the third quarter, up from $4 million a year earlier. "
        "The year-earlier results included a charge taken in the 1988 second quarter. "
        "Sales were $90 million, against $80 million a year ago."
    )
    assert value_of(nlp, text, REF, "a year earlier").value == "1988-Q3"
    assert value_of(nlp, text, REF, "year-earlier").value == "1988-Q3"
    # not shifted again from the comparison quarter named in between
    assert value_of(nlp, text, REF, "a year ago").value == "1988-Q3"


def test_a_quarter_not_yet_over_is_not_the_one_reported_on(nlp: Language) -> None:
    text = (
        "Acme earned $5 million in the third quarter, up from $4 million a year ago. "
        "It expects fourth-quarter earnings to fall. Sales rose 5% from a year ago."
    )
    assert [t.value for t in run(nlp, text, "1989-11-02") if t.text == "a year ago"] == ["1988-Q3", "1988-Q3"]
    # a fiscal quarter told as over is one, whatever the calendar says
    text = "Ralston reported lower fourth-quarter earnings. It earned $45 million, against $84 million a year earlier."
    assert value_of(nlp, text, "1989-11-02", "a year earlier").value == "1988-Q4"


def test_a_longer_period_named_after_the_quarter_compares_with_the_year_before(nlp: Language) -> None:
    text = (
        "Acme earned $5 million in the third quarter, up from $4 million a year earlier. "
        "For the nine months, it earned $12 million, against $9 million a year earlier. "
        "In the quarter, sales rose 5% from a year ago."
    )
    assert [t.value for t in run(nlp, text, REF) if t.text.startswith("a year")] == [
        "1988-Q3",
        "1988",
        "1988-Q3",
    ]


@pytest.mark.parametrize(
    ("sentence", "phrase", "typ", "value"),
    [
        ("For the year ended Sept. 30, the firm earned $4 million.", "the year", "DURATION", "P1Y"),
        ("Revenue rose 4% in the year ending June 30.", "the year", "DURATION", "P1Y"),
        ("It expects higher sales in the current fiscal year.", "the current fiscal year", "DATE", "1989"),
        ("For the full year, volume was flat.", "the full year", "DATE", "1989"),
        ("The deal should close by year-end.", "year-end", "DATE", "1989"),
        ("The stock began trading this summer at $14.", "this summer", "DATE", "1989-SU"),
        ("The write-off will reduce the company's 1989 results.", "1989", "DATE", "1989"),
        ("It expects sales above fiscal 1989 sales of $155 million.", "fiscal 1989", "DATE", "1989"),
    ],
)
def test_fiscal_years_and_year_end(nlp: Language, sentence: str, phrase: str, typ: str, value: str) -> None:
    t = value_of(nlp, sentence, REF, phrase)
    assert (t.type, t.value) == (typ, value)


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("The board raised its quarterly dividend to 10 cents.", "quarterly"),
        ("The country imports about three-quarters of its food.", "three-quarters"),
        ("Mr. Smith, 52 years old, will succeed him.", "52 years old"),
        ("A 35-year-old man was arrested.", "35-year-old"),
        ("The loss followed its first quarterly deficit.", "first quarter"),
    ],
)
def test_not_times(nlp: Language, sentence: str, phrase: str) -> None:
    assert not any(phrase in found for found in dates_found(nlp, sentence, REF))


def test_consecutive_quarters_of_a_trend_stay_a_duration(nlp: Language) -> None:
    t = value_of(
        nlp, "The economy shrank for two consecutive quarters of decline.", REF, "two consecutive quarters"
    )
    assert (t.type, t.value) == ("DURATION", "P2Q")


def test_previous_and_following_weekdays_count_from_the_day_last_mentioned(nlp: Language) -> None:
    text = "Shares fell on Friday, Oct. 27, down 4% from the previous Friday."
    assert value_of(nlp, text, "1989-10-30", "the previous Friday").value == "1989-10-20"
    text = "The deal was signed on Oct. 12. Talks resumed the following Monday."
    assert value_of(nlp, text, "1989-10-30", "the following Monday").value == "1989-10-16"


@pytest.mark.parametrize(
    ("sentence", "phrase", "value"),
    [
        ("Profit rose in this year's third quarter.", "this year's third quarter", "1989-Q3"),
        ("The plant could open in next year's first quarter.", "next year's first quarter", "1990-Q1"),
        ("Sales fell from the year-ago third quarter.", "the year-ago third quarter", "1988-Q3"),
        ("Earnings will be lower for the last half of 1989.", "the last half of 1989", "1989-H2"),
        ("Output should recover in the first half of next year.", "the first half of next year", "1990-H1"),
        ("The talks began in July last year.", "July last year", "1988-07"),
    ],
)
def test_periods_joined_to_their_year(nlp: Language, sentence: str, phrase: str, value: str) -> None:
    assert value_of(nlp, sentence, REF, phrase).value == value


def test_the_quarter_a_year_ago(nlp: Language) -> None:
    text = "Acme earned $5 million in the third quarter, against $4 million in the quarter a year ago."
    assert value_of(nlp, text, REF, "the quarter a year ago").value == "1988-Q3"


def test_determiner_and_or_so_stay_in_a_duration(nlp: Language) -> None:
    assert (
        value_of(nlp, "Profit rose in the nine months to September.", REF, "the nine months").value == "P9M"
    )
    t = value_of(nlp, "Then, a week or so ago, the general picked a date.", "1991-02-25", "a week or so ago")
    assert (t.type, t.value) == ("DATE", "1991-02-18")


@pytest.mark.parametrize(
    ("sentence", "phrase", "value"),
    [
        ("The plant should open early next year.", "early next year", "1990"),
        ("Talks ended late yesterday.", "late yesterday", "1989-10-25"),
        ("Late last week, the sides met again.", "Late last week", "1989-W42"),
    ],
)
def test_early_and_late_stay_in_the_extent(nlp: Language, sentence: str, phrase: str, value: str) -> None:
    assert value_of(nlp, sentence, REF, phrase).value == value


def test_a_past_weekend_is_the_latest_before_the_article(nlp: Language) -> None:
    text = "Shares fell on Friday. Over the weekend, the bidder renewed its call for an auction."
    assert value_of(nlp, text, "1989-10-30", "the weekend").value == "1989-W43-WE"


def test_a_comparison_does_not_become_the_period_under_discussion(nlp: Language) -> None:
    text = (
        "Profit grew to $64 million from $27 million a year earlier. "
        "Herbicide use was delayed earlier in the year by heavy rains."
    )
    assert value_of(nlp, text, REF, "the year").value == "1989"
    text = "Earlier this month, the company cut prices. Sales fell later in the month."
    assert value_of(nlp, text, REF, "the month").value == "1989-10"


def test_the_article_before_a_hyphened_quarter_goes_with_its_noun(nlp: Language) -> None:
    found = dates_found(nlp, "The third-quarter loss was the widest in years.", REF)
    assert found["third-quarter"] == ("DATE", "1989-Q3")
    assert dates_found(nlp, "Profit rose in the third quarter.", REF)["the third quarter"] == (
        "DATE",
        "1989-Q3",
    )


def test_the_article_before_year_earlier_goes_with_its_noun(nlp: Language) -> None:
    text = "Acme lost $2 million in the third quarter, compared with a year-earlier loss of $3 million."
    assert dates_found(nlp, text, REF)["year-earlier"] == ("DATE", "1988-Q3")
    assert dates_found(nlp, "Work on a year-long project began.", REF)["a year-long"] == ("DURATION", "P1Y")


def test_the_latest_quarter_unnamed_is_the_last_one_over(nlp: Language) -> None:
    text = "While there were no one-time gains in the latest period, profit fell 10%."
    assert dates_found(nlp, text, "1989-11-02")["the latest period"] == ("DATE", "1989-Q3")
    # "the quarter" with no quarter named stays unresolved: it is left out
    assert "the quarter" not in dates_found(nlp, "Profit fell in the quarter.", "1989-11-02")
