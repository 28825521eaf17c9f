"""Tests for briefing.compose.timeline: merging the same event, conflicts, upcoming."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from briefing.compose.timeline import DevelopmentMerger, is_upcoming, merge_developments, period
from briefing.records import (
    Article,
    ArticleAnalysis,
    BriefDevelopment,
    Development,
    Paragraph,
    ThemePlacement,
)

TODAY = dt.date(2022, 2, 8)


def _analysis(
    aid: str, *devs: Development, placements: list[ThemePlacement] | None = None
) -> ArticleAnalysis:
    article = Article(aid, f"{aid}.txt", "", [Paragraph("x", 0)])
    return ArticleAnalysis(article, developments=list(devs), placements=placements or [])


def _dev(date: str | None, text: str, actors: list[str], action: str, **kw: object) -> Development:
    return Development(date, "Thursday", text, 0, len(text), actors=actors, action=action, **kw)  # type: ignore[arg-type]


def _merge(*analyses: ArticleAnalysis) -> list[BriefDevelopment]:
    clusters = {a.article.id: [a.article.id] for a in analyses}
    return merge_developments(analyses, clusters, TODAY)


def test_same_event_from_two_outlets_is_one_development_citing_both() -> None:
    a = _dev(
        "2021-12-30",
        "Biden and Putin held a phone call on Thursday.",
        ["Joe Biden", "Vladimir Putin"],
        "hold",
    )
    b = _dev("2021-12-30", "The two presidents talked for 50 minutes.", ["Biden", "Putin"], "talk")
    (merged,) = _merge(_analysis("a1", a), _analysis("a2", b))
    assert merged.articles == ["a1", "a2"]
    assert merged.conflicts == []


def test_different_actors_same_day_stay_apart() -> None:
    a = _dev("2022-02-06", "Blinken spoke with Le Drian.", ["Antony Blinken", "Le Drian"], "speak")
    b = _dev(
        "2022-02-06", "Biden discussed Ukraine with Macron.", ["Joe Biden", "Emmanuel Macron"], "discuss"
    )
    assert len(_merge(_analysis("a1", a, b))) == 2


def test_conflicting_dates_are_shown_not_merged() -> None:
    a = _dev(
        "2022-01-03",
        "Blinken spoke with the Bucharest Nine on Monday.",
        ["Blinken", "Bucharest Nine"],
        "speak",
    )
    b = _dev(
        "2022-01-04",
        "Blinken spoke with the Bucharest Nine on Tuesday.",
        ["Blinken", "Bucharest Nine"],
        "speak",
    )
    first, second = _merge(_analysis("a1", a), _analysis("a2", b))
    assert (first.date, second.date) == ("2022-01-03", "2022-01-04")
    assert [(c.date, c.articles) for c in first.conflicts] == [("2022-01-04", ["a2"])]
    assert [(c.date, c.articles) for c in second.conflicts] == [("2022-01-03", ["a1"])]


def test_recurring_event_weeks_apart_is_no_conflict() -> None:
    a = _dev("2021-12-29", "Blinken spoke with Le Drian.", ["Blinken", "Le Drian"], "speak")
    b = _dev("2022-02-06", "Blinken spoke with Le Drian again.", ["Blinken", "Le Drian"], "speak")
    assert all(not d.conflicts for d in _merge(_analysis("a1", a), _analysis("a2", b)))


def test_chronological_undated_last_and_themes() -> None:
    late = _dev("2022-01-12", "Negotiations are expected in Geneva.", ["NATO"], "expect", scheduled=True)
    undated = _dev(None, "Ministers met in Brussels this week.", ["NATO"], "meet")
    early = _dev("2014", "Moscow annexed Crimea.", ["Moscow"], "annex")
    place = [ThemePlacement("diplomacy", "x", 0, 10, 2.0)]
    out = _merge(_analysis("a1", late, undated, early, placements=place))
    assert [d.date for d in out] == ["2014", "2022-01-12", None]
    assert out[0].themes == ["diplomacy"]


@pytest.mark.parametrize(
    ("value", "scheduled", "expected"),
    [
        ("2022-02-09", False, True),
        ("2022-02-08", True, False),  # today is not upcoming
        ("2022-02-07", True, False),
        ("2022-02", False, False),  # the current month, reported as past
        ("2022-02", True, True),  # the current month, scheduled: not over yet
        ("2022-W07", True, True),
        ("2022-W05", True, False),
        ("2023", False, True),
        (None, True, False),
        ("XXXX-12", True, False),
    ],
)
def test_upcoming(value: str | None, scheduled: bool, expected: bool) -> None:
    assert is_upcoming(value, TODAY, scheduled) is expected


def test_period() -> None:
    assert period("2021-W52") == (dt.date(2021, 12, 27), dt.date(2022, 1, 2))
    assert period("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert period("2021-12") == (dt.date(2021, 12, 1), dt.date(2021, 12, 31))
    assert period("2022-Q4") == (dt.date(2022, 10, 1), dt.date(2022, 12, 31))
    assert period("2022-02-30") is None


def test_two_clauses_of_one_article_naming_the_same_people_stay_apart() -> None:
    a = _dev(
        "2022-02-24",
        "Biden on Thursday announced a severe round of further sanctions against Putin and his allies,"
        " as well as troop deployments in Eastern Europe.",
        ["Biden", "Putin"],
        "announce",
    )
    b = _dev(
        "2022-02-24",
        "Putin is a thug, and he has been emboldened by Biden's disastrous withdrawal from Afghanistan,"
        " a senator tweeted Thursday.",
        ["Putin", "Biden"],
        "tweet",
    )
    assert len(_merge(_analysis("a1", a, b))) == 2
    assert len(_merge(_analysis("a1", a), _analysis("a2", b))) == 1  # two outlets: one event


def test_an_item_does_not_gather_events_through_its_pooled_actors() -> None:
    call = _dev("2022-02-24", "Biden spoke with Macron about sanctions.", ["Biden", "Macron"], "speak")
    retold = _dev("2022-02-24", "Macron spoke with Scholz about sanctions.", ["Macron", "Scholz"], "speak")
    # two actors of the item pooled from both reports, but only one of either report
    other = _dev("2022-02-24", "Scholz met Biden at the airport.", ["Scholz", "Biden"], "meet")
    first, second = _merge(_analysis("a1", call), _analysis("a2", retold), _analysis("a3", other))
    assert first.articles == ["a1", "a2"] and second.articles == ["a3"]


def test_a_light_verb_and_one_shared_actor_are_not_one_event() -> None:
    a = _dev("2019", "Trump tried to extort the new president.", ["Trump"], "try")
    b = _dev("2019", "Giuliani tried to pressure officials for Trump.", ["Giuliani", "Trump"], "try")
    assert len(_merge(_analysis("a1", a), _analysis("a2", b))) == 2


def test_merged_item_keeps_first_words_unless_much_fuller_or_done() -> None:
    first = _dev("2021-12-30", "Biden and Putin held a phone call on Thursday.", ["Biden", "Putin"], "hold")
    longer = _dev(
        "2021-12-30", "Biden and Putin held a long phone call on Thursday.", ["Biden", "Putin"], "hold"
    )
    (merged,) = _merge(_analysis("a1", first), _analysis("a2", longer))
    assert merged.text == first.text
    plan = _dev(
        "2021-12-30", "Biden will hold a call with Putin.", ["Biden", "Putin"], "hold", scheduled=True
    )
    (merged,) = _merge(_analysis("a1", plan), _analysis("a2", first))
    assert merged.text == first.text  # what happened, not what was planned


def test_one_article_telling_one_actor_doing_two_things_keeps_both() -> None:
    a = _dev(
        "2022-02-26",
        "On Thursday Trump met a delegation of governors at his resort to discuss the summit.",
        ["Trump"],
        "meet",
    )
    b = _dev(
        "2022-02-26",
        "Thursday night, Trump met reporters and repeated his claims about the election.",
        ["Trump"],
        "meet",
    )
    # the same action by one actor, but few words in common: two things the article tells
    assert len(_merge(_analysis("a1", a, b))) == 2
    assert len(_merge(_analysis("a1", a), _analysis("a2", b))) == 1  # two outlets: one event


def test_a_resumed_merge_reads_only_the_items_it_compares_and_saves_the_rest_as_they_were() -> None:
    first = [
        _analysis(
            "a1", _dev("2022-01-03", "Blinken spoke with the Bucharest Nine.", ["Blinken", "B9"], "speak")
        ),
        _analysis("a2", _dev("2022-01-20", "Scholz met Macron in Berlin.", ["Scholz", "Macron"], "meet")),
    ]
    later = _analysis(
        "a3", _dev("2022-01-04", "Blinken spoke with the Bucharest Nine.", ["Blinken", "B9"], "speak")
    )
    whole = DevelopmentMerger()
    for analysis in [*first, later]:
        whole.add(analysis, [analysis.article.id])
    part = DevelopmentMerger()
    for analysis in first:
        part.add(analysis, [analysis.article.id])
    saved = json.loads(json.dumps(part.state()))
    resumed = DevelopmentMerger.from_state(saved)
    assert resumed.state() == saved  # nothing read, nothing changed
    resumed.add(later, ["a3"])
    assert sorted(resumed.unread) == [1]  # the item of 20 January was not a day or two off
    assert resumed.state() == json.loads(json.dumps(whole.state()))
    assert resumed.developments(TODAY) == whole.developments(TODAY)
