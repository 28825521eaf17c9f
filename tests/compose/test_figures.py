"""Tests for briefing.compose.figures: merging key figures across articles and the series."""

from __future__ import annotations

import datetime as dt

from briefing.compose.figures import FigureMerger, figure_groups
from briefing.records import Article, ArticleAnalysis, BriefFigure, Figure, Paragraph


def _figure(value: float, key: str, text: str, date: str | None = None, **kw: object) -> Figure:
    unit = key.split("|")[0]
    return Figure(value, unit, unit, text, 0, len(text), text.split(" troops")[0], key, date, **kw)  # type: ignore[arg-type]


def _analysis(aid: str, *figures: Figure) -> ArticleAnalysis:
    return ArticleAnalysis(Article(aid, f"{aid}.txt", "", [Paragraph("x", 0)]), figures=list(figures))


def _merge(*items: tuple[ArticleAnalysis, dt.date | None]) -> list[BriefFigure]:
    merger = FigureMerger()
    for analysis, published in items:
        merger.add(analysis, [analysis.article.id], published)
    return merger.figures()


DAY = dt.date(2022, 2, 15)


def test_the_same_count_at_the_same_date_is_one_figure_citing_both() -> None:
    a = _figure(150_000, "troops|Russia|", "There are 150,000 troops along the border", "2022-02-15")
    b = _figure(150_500, "troops||", "some 150,500 troops massed near Ukraine", "2022-02-15")
    (merged,) = _merge((_analysis("a1", a), DAY), (_analysis("a2", b), DAY))
    assert merged.articles == ["a1", "a2"]
    assert merged.key == "troops|Russia|"  # the reading that names whose they are


def test_other_values_sides_or_dates_stay_apart() -> None:
    a = _figure(150_000, "troops|Russia|", "150,000 troops", "2022-02-15")
    others = [
        _figure(190_000, a.key, "190,000 troops", "2022-02-15"),  # another value
        _figure(150_000, "troops|Ukraine|", "150,000 troops", "2022-02-15"),  # another side
        _figure(150_000, a.key, "150,000 troops", "2022-02-18"),  # another date
    ]
    for other in others:
        assert len(_merge((_analysis("a1", a), DAY), (_analysis("a2", other), DAY))) == 2


def test_an_undated_figure_holds_when_it_was_reported() -> None:
    a = _figure(100_000, "troops|Russia|", "more than 100,000 troops")
    same_day = _merge((_analysis("a1", a), DAY), (_analysis("a2", a), DAY))
    assert [f.articles for f in same_day] == [["a1", "a2"]]
    week_later = _merge((_analysis("a1", a), DAY), (_analysis("a2", a), DAY + dt.timedelta(days=7)))
    assert [f.reported for f in week_later] == ["2022-02-15", "2022-02-22"]


def test_a_resumed_merge_is_the_same_merge() -> None:
    merger = FigureMerger()
    merger.add(
        _analysis("a1", _figure(70_000, "troops|Russia|", "around 70,000 troops", places=["ukraine"])),
        ["a1"],
        DAY,
    )
    resumed = FigureMerger.from_state(merger.state())
    later = _analysis("a2", _figure(70_000, "troops||", "about 70,000 troops"))
    merger.add(later, ["a2"], DAY)
    resumed.add(later, ["a2"], DAY)
    assert resumed.figures() == merger.figures()


def _brief_figure(
    value: float, key: str, amount: str, when: str, articles: list[str], **kw: object
) -> BriefFigure:
    unit = key.split("|")[0]
    return BriefFigure(value, unit, "Russian troops", amount, amount, key, None, articles, when, **kw)  # type: ignore[arg-type]


def test_a_series_in_date_order_with_disagreements() -> None:
    figures = [
        _brief_figure(100_000, "troops|Russia|", "about 100,000", "2022-01-03", ["a2"]),
        _brief_figure(70_000, "troops|Russia|", "around 70,000", "2021-12-24", ["a1"]),
        _brief_figure(130_000, "troops||", "more than 130,000", "2022-02-01", ["a3"]),  # joins: same size
        _brief_figure(3_000, "troops||", "3,000", "2022-02-02", ["a4"]),  # troops sent elsewhere: apart
        _brief_figure(190_000, "troops|Russia|", "some 190,000", "2022-02-18", ["a5"]),
        _brief_figure(150_000, "troops|Russia|", "150,000", "2022-02-18", ["a6", "a7"]),
    ]
    groups = figure_groups(figures, limit=0, steps=10)
    russian = groups[0]
    assert russian.label == "Russian troops"
    assert [s.figure.amount for s in russian.steps] == [
        "around 70,000",
        "about 100,000",
        "more than 130,000",
        "150,000",
    ]
    assert [o.amount for o in russian.steps[-1].others] == ["some 190,000"]  # sources disagree
    assert [g.steps[0].figure.amount for g in groups[1:]] == ["3,000"]


def test_the_box_shows_the_situation_s_figures() -> None:
    inside = _brief_figure(
        25, "people||killed", "25", "2022-02-25", ["a1"], places=["ukraine"], category="people"
    )
    elsewhere = _brief_figure(5, "people||killed", "five", "2022-01-06", ["a2"], places=[], category="people")
    vague = _brief_figure(
        2_800_000, "people||", "2.8 million", "2022-02-19", ["a3"], places=["kyiv"], category="people"
    )
    groups = figure_groups([inside, elsewhere, vague], limit=0, steps=5, situation={"ukraine", "kyiv"})
    assert [[s.figure.amount for s in g.steps] for g in groups] == [["25"]]


def test_equipment_is_key_when_it_says_whose_it_is_or_what_happened_to_it() -> None:
    helmets = _brief_figure(5_000, "helmets||", "5,000", "2022-02-19", ["a1", "a2"], category="equipment")
    tanks = _brief_figure(1_200, "tanks|Russia|", "1,200", "2022-02-19", ["a3"], category="equipment")
    groups = figure_groups([helmets, tanks], limit=0, steps=5)
    assert [g.key for g in groups] == ["tanks|Russia|"]


def test_a_series_keeps_counts_of_one_size_within_the_brief_s_period() -> None:
    figures = [
        _brief_figure(2, "troops|Russia|killed", "two", "2022-02-10", ["a1"]),
        _brief_figure(150_000, "troops|Russia|killed", "150,000", "2022-02-12", ["a2"]),
        _brief_figure(180_000, "troops|Russia|killed", "180,000", "2022-02-14", ["a3"]),
        _brief_figure(90_000, "troops|Russia|killed", "90,000", "2014-08-01", ["a4"]),  # before the period
    ]
    (group,) = figure_groups(figures, limit=0, steps=5, since=dt.date(2022, 1, 1))
    assert [s.figure.amount for s in group.steps] == ["150,000", "180,000"]


def test_the_same_amount_reported_again_is_one_step_citing_both() -> None:
    figures = [
        _brief_figure(300_000, "reservists|Russia|", "300,000", "2022-09-21", ["a1"]),
        _brief_figure(300_000, "reservists|Russia|", "about 300,000", "2022-09-23", ["a2"]),
        _brief_figure(
            330_000, "reservists|Russia|", "330,000", "2022-W39", ["a3"]
        ),  # a week: in calendar order
    ]
    (group,) = figure_groups(figures, limit=0, steps=5)
    assert [(s.figure.amount, s.figure.articles) for s in group.steps] == [
        ("300,000", ["a1", "a2"]),
        ("330,000", ["a3"]),
    ]


def test_a_large_group_is_grouped_without_comparing_every_figure_with_every_other(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Thousands of reports of one count (a real corpus's "130,000 troops"): choosing the
    # series' size and its steps must not compare the records pairwise.
    compared = 0
    equal = BriefFigure.__eq__

    def counting(self: BriefFigure, other: object) -> bool:
        nonlocal compared
        compared += 1
        return equal(self, other)

    monkeypatch.setattr(BriefFigure, "__eq__", counting)
    figures = [
        _brief_figure(130_000 + n % 7, "troops|Russia|", "130,000", f"2022-02-{1 + n % 20:02d}", [f"a{n}"])
        for n in range(1, 3001)
    ]
    figures.append(_brief_figure(2, "troops|Russia|", "two", "2022-02-03", ["a9999"]))
    (group,) = figure_groups(figures, limit=0, steps=5)
    assert len(group.articles) == 3000  # the count of one size, "two" left out
    assert compared < 3000, compared


def test_equal_counts_of_nothing_stay_together_in_a_series() -> None:
    # A count of 0 is a run of its own: records equal to the chosen one stay with it.
    zero = [_brief_figure(0, "percent|Russia|", "0%", "2022-02-10", ["a1"]) for _ in range(2)]
    (group,) = figure_groups(zero, limit=0, steps=5)
    assert [s.figure.articles for s in group.steps] == [["a1"]]
    assert group.articles == ["a1"]


def test_a_sum_of_money_is_named_by_what_it_pays_for_then_its_currency() -> None:
    aid = BriefFigure(
        200e6, "USD", "security assistance", "USD 200 million", "USD 200 million", "USD|assistance|", None, ["a1"], "2022-01-03"
    )  # fmt: skip
    (group,) = figure_groups([aid], limit=0, steps=5)
    assert group.label == "Security assistance (USD)"  # not "USD: security assistance: USD 200 million"


def test_tolls_of_separate_events_naming_no_side_are_no_series() -> None:
    """ "18 wounded" in one strike and "10 wounded" in another are not one count moving."""
    strikes = [
        _brief_figure(
            18, "people||wounded", "18", "2022-04-25", ["a1"], places=["ukraine"], category="people"
        ),
        _brief_figure(
            10, "people||wounded", "at least 10", "2022-04-29", ["a2"], places=["ukraine"], category="people"
        ),
    ]
    toll = [
        _brief_figure(14_000, "people||killed", "over 14,000", "2022-02-13", ["a3", "a4"], category="people"),
        _brief_figure(14_000, "people||killed", "more than 14,000", "2022-02-22", ["a5"], category="people"),
    ]
    detained = [
        _brief_figure(1_745, "people||detained", "some 1,745", "2022-02-24", ["a6"], category="people"),
        _brief_figure(957, "people||detained", "at least 957", "2022-02-24", ["a6"], category="people"),
    ]
    groups = figure_groups([*strikes, *toll, *detained], limit=0, steps=5)
    assert sorted(g.key for g in groups) == ["people||detained", "people||killed"]


def _counted(value: float, key: str, counts: str, text: str, article: str, places: list[str]) -> BriefFigure:
    unit = key.split("|")[0]
    return BriefFigure(
        value,
        unit,
        counts,
        text,
        str(value),
        key,
        None,
        [article],
        "2022-02-19",
        category="troops",
        places=places,
    )


def test_a_count_naming_no_side_is_labelled_with_the_place_its_sentences_name() -> None:
    killed = _counted(
        2,
        "troops||killed",
        "soldiers killed",
        "to the two soldiers killed in Ukraine today",
        "a1",
        ["ukraine"],
    )
    sent = [
        _counted(
            3_000, "troops||", "troops", "ordered 3,000 troops to Poland on top of", "a2", ["poland", "u.s."]
        ),
        _counted(
            1_700, "troops||", "troops", "troops to Poland on top of the 1,700 who are", "a2", ["poland"]
        ),
    ]
    apart = [
        _counted(900, "troops||moved", "troops moved", "900 troops moved to Latvia", "a3", ["latvia"]),
        _counted(800, "troops||moved", "troops moved", "800 troops moved to Estonia", "a3", ["estonia"]),
    ]
    labels = {g.key: g.label for g in figure_groups([killed, *sent, *apart], limit=0, steps=5)}
    assert labels == {
        "troops||killed": "Soldiers killed in Ukraine",
        "troops||": "Troops to Poland",
        "troops||moved": "Troops moved",
    }


def test_a_share_of_what_is_counted_says_it_is_a_share() -> None:
    polled = _counted(
        93, "percent|Russia|", "Russian troops", "93 percent of Russian troops", "a1", ["russia"]
    )
    (group,) = figure_groups([polled], limit=0, steps=5)
    assert group.label == "Russian troops (%)"


def test_a_count_of_a_people_saying_nothing_of_them_is_not_key() -> None:
    people = _counted(
        11_600_000, "people|Ukraine|", "Ukrainians", "11.6 million Ukrainians", "a1", ["ukraine"]
    )
    polled = _counted(
        93, "percent|Ukraine|", "Ukrainians", "93 percent of Ukrainians believe", "a2", ["ukraine"]
    )
    fled = _counted(
        5_700_000, "people|Ukraine|fled", "Ukrainians", "5.7 million Ukrainians fled", "a3", ["ukraine"]
    )
    others = _counted(
        4_000, "people|Nigerians|", "Nigerians", "around 4,000 Nigerians, mostly students", "a4", []
    )
    groups = figure_groups([people, polled, fled, others], limit=0, steps=5)
    assert [g.key for g in groups] == ["people|Ukraine|fled"]


def test_counts_far_apart_in_time_are_not_one_estimate_moving() -> None:
    # British troops in one spring's exercises and two years on: the run most widely
    # reported is the series; the other stays in brief.json.
    figures = [
        _brief_figure(8_000, "troops|United Kingdom|", "about 8,000", "2022-04-29", ["a1"]),
        _brief_figure(10_000, "troops|United Kingdom|", "up to 10,000", "2022-06-19", ["a2"]),
        _brief_figure(5_000, "troops|United Kingdom|", "3,000 to 5,000", "2022-06-30", ["a3", "a4"]),
        _brief_figure(8_000, "troops|United Kingdom|", "about 8,000", "2024-04-22", ["a5"]),
    ]
    (group,) = figure_groups(figures, limit=0, steps=5)
    assert [s.when for s in group.steps] == ["2022-04-29", "2022-06-19", "2022-06-30"]
    assert group.articles == ["a1", "a2", "a3", "a4"]


def test_one_sum_of_money_shows_under_one_label() -> None:
    # "$61bn" as an aid package, as an aid bill and as military aid, the same week: once,
    # under the label most articles give it, citing them all.
    def money(value: float, key: str, when: str, articles: list[str]) -> BriefFigure:
        counts = {"package": "aid package", "bill": "aid bill", "aid": "military aid"}[key.split("|")[1]]
        return BriefFigure(value, "USD", counts, f"${value / 1e9:g}bn", f"${value / 1e9:g}bn", key, None, articles, when, category="money")  # fmt: skip

    figures = [
        money(61e9, "USD|package|", "2024-04-18", ["a1", "a2"]),
        money(61e9, "USD|bill|", "2024-04-20", ["a3"]),
        money(95e9, "USD|bill|", "2024-04-23", ["a4"]),
        money(61e9, "USD|aid|", "2024-04-21", ["a5"]),
    ]
    groups = {g.key: g for g in figure_groups(figures, limit=0, steps=5)}
    assert set(groups) == {"USD|package|", "USD|bill|"}
    assert groups["USD|package|"].steps[0].figure.articles == ["a1", "a2", "a3", "a5"]
    assert [s.figure.value for s in groups["USD|bill|"].steps] == [95e9]
    assert groups["USD|bill|"].articles == ["a4"]

    # Nor as another label's disagreeing amount: "$60.8bn" for the package, "$95bn" the
    # same day from another article, is the aid bill's sum, not a disagreement.
    figures += [
        money(60.8e9, "USD|package|", "2024-04-24", ["a6", "a7"]),
        money(95e9, "USD|package|", "2024-04-24", ["a8"]),
    ]
    groups = {g.key: g for g in figure_groups(figures, limit=0, steps=5)}
    assert all(not s.others for s in groups["USD|package|"].steps)
    assert groups["USD|bill|"].steps[0].figure.articles == ["a4", "a8"]
    assert "a8" not in groups["USD|package|"].articles


def test_an_article_listing_several_amounts_of_one_thing_is_no_series() -> None:
    # "64%; 76%; 78%; 88%" of the harvest, crop by crop, in one article: a list, not an estimate.
    shares = [_brief_figure(v, "percent|harvest|", f"{v}%", "2022-10-31", ["a1"]) for v in (64, 76, 78, 88)]
    two = [_brief_figure(v, "troops|Poland|", f"{v:,}", "2022-02-13", ["a2"]) for v in (1_700, 3_000)]
    assert [g.key for g in figure_groups(shares + two, limit=0, steps=5)] == ["troops|Poland|"]
