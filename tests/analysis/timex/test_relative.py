"""Dates relative to the reference date or to a date mentioned before them."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.analysis.timex.common import dates_found, run, value_of


@pytest.mark.parametrize(
    ("phrase", "sentence", "value"),
    [
        ("today", "The envoy arrived today.", "2021-12-24"),
        ("yesterday", "The envoy arrived yesterday.", "2021-12-23"),
        ("tomorrow", "The envoy will arrive tomorrow.", "2021-12-25"),
        ("this week", "Fighting intensified this week.", "2021-W51"),
        ("last week", "Fighting intensified last week.", "2021-W50"),
        ("next week", "Talks will resume next week.", "2021-W52"),
        ("earlier this month", "Shelling resumed earlier this month.", "2021-12"),
        ("last month", "Shelling resumed last month.", "2021-11"),
        ("next year", "The base will close next year.", "2022"),
        ("this year", "Exports grew this year.", "2021"),
    ],
)
def test_relative_to_ref(nlp: Language, phrase: str, sentence: str, value: str) -> None:
    t = value_of(nlp, sentence, "2021-12-24", phrase)
    assert (t.type, t.value, t.resolved) == ("DATE", value, True)


def test_week_across_year_boundary(nlp: Language) -> None:
    assert value_of(nlp, "Protests spread last week.", "2022-01-03", "last week").value == "2021-W52"
    assert value_of(nlp, "Protests spread this week.", "2021-12-30", "this week").value == "2021-W52"


def test_anchor_for_day_earlier_and_same_day(nlp: Language) -> None:
    text = (
        "The rebels attacked on 10 May 2021. A day earlier, the army had withdrawn. "
        "On the same day, talks ended."
    )
    out = {t.text: t.value for t in run(nlp, text, "2021-05-20")}
    assert out["A day earlier"] == "2021-05-09"
    assert out["the same day"] == "2021-05-09"


def test_weekday_does_not_join_a_date_on_the_next_line(nlp: Language) -> None:
    found = run(nlp, "Markets to remain closed until Friday\n\nSeptember 18, 2008\n\nThe end.", "2008-09-18")
    assert [t.text for t in found][:2] == ["Friday", "September 18, 2008"]


def test_same_period_needs_a_period_mentioned(nlp: Language) -> None:
    # nothing precise enough was mentioned: the year-back phrase falls back to its own year
    found = dates_found(nlp, "Profit doubled compared to the same period last year.", "2009-10-16")
    assert "the same period last year" not in found
    assert found.get("last year") == ("DATE", "2008")


def test_weekday_after_a_preposition_before_a_name(nlp: Language) -> None:
    found = dates_found(
        nlp, '"It is alarming," said the Prime Minister on Sunday Boris Johnson.', "2022-01-30"
    )
    assert found["Sunday"] == ("DATE", "2022-01-30")
    assert "Sunday" not in dates_found(nlp, "The Sunday Times reported it.", "2022-01-30")
    assert "Today" not in dates_found(nlp, "USA Today confirmed the report.", "2022-01-30")


def test_years_later_count_from_the_year_last_mentioned(nlp: Language) -> None:
    found = dates_found(nlp, "In 2018, he met Putin. A year later, he tried again.", "2022-02-26")
    assert found["A year later"] == ("DATE", "2019")
