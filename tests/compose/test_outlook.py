"""Tests for briefing.compose.outlook: upcoming developments, soonest first."""

from __future__ import annotations

import datetime as dt

from briefing.compose.outlook import outlook
from briefing.compose.timeline import summary
from briefing.records import BriefDevelopment

TODAY = dt.date(2022, 2, 20)
PUBLISHED: dict[str, dt.date | None] = {
    "a1": dt.date(2022, 2, 18),
    "a2": dt.date(2022, 2, 19),
    "a3": dt.date(2022, 3, 1),  # after the brief's today
    "a4": None,
}


def _d(date: str, text: str, articles: list[str], upcoming: bool = True) -> BriefDevelopment:
    return BriefDevelopment(date, "on that day", text, articles, upcoming)


def test_outlook_is_upcoming_items_soonest_first() -> None:
    devs = [
        _d("2022-02-18", "Leaders held a call about the troop build-up near the border.", ["a1"], False),
        _d("2022-03", "The alliance will review its force posture in the east in March.", ["a1"]),
        _d("2022-02-24", "Blinken and Lavrov are due to meet in Geneva on February 24.", ["a1", "a2"]),
        _d("2022-W09", "Allied defence ministers meet in Brussels next week to discuss it.", ["a2"]),
        _d("2022-02-22", "The Security Council holds an emergency session on Tuesday evening.", ["a4"]),
    ]
    chosen = outlook(devs, PUBLISHED, TODAY, 8)
    assert [d.date for d in chosen] == ["2022-02-22", "2022-02-24", "2022-W09", "2022-03"]
    assert outlook(devs, PUBLISHED, TODAY, 2) == chosen[:2]
    assert outlook(devs, PUBLISHED, TODAY, 0) == []


def test_outlook_leaves_out_what_a_reader_cannot_plan_by() -> None:
    devs = [
        _d("2022", "Elections will be held later this year across the whole region.", ["a1"]),  # a year
        _d("2030", "Eight years later, the question of membership will still be open.", ["a1"]),  # misread
        _d(
            "2022-03-02", "The summit on energy security will open in Warsaw on Wednesday.", ["a3"]
        ),  # later news
        _d(
            "2022-03-01", "We will defend our land on February 16, March 1 and beyond.", ["a2"]
        ),  # first person
        _d("2022-04", "As it was in April.", ["a2"]),  # not a line of its own
        _d("2022-02-25", "Ministers will meet in Paris on Friday to discuss new sanctions.", ["a1"]),
        _d("2022-02-25", "Ministers will meet in Paris on Friday to discuss the new sanctions.", ["a2"]),
    ]
    assert [d.text for d in outlook(devs, PUBLISHED, TODAY, 8)] == [devs[5].text]


def test_the_summary_is_what_has_happened() -> None:
    devs = [
        _d(
            "2022-02-18", "Leaders held a call about the troop build-up near the border.", ["a1", "a2"], False
        ),
        _d("2022-02-24", "Blinken and Lavrov are due to meet in Geneva on February 24.", ["a1", "a2", "a4"]),
    ]
    assert [d.date for d in summary(devs, 5)] == ["2022-02-18"]
