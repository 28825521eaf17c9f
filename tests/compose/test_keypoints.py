"""Key points: 3 to 7 lines across the themes, by corroboration, recency and novelty."""

from __future__ import annotations

import datetime as dt

from briefing.compose.keypoints import select_key_points
from briefing.records import Brief, BriefDevelopment, Point, Source, ThemeSection

TODAY = dt.date(2022, 2, 20)


def _source(n: int, published: dt.date) -> Source:
    return Source(n, f"a{n}", f"in/{n}.txt", f"T{n}", f"Outlet {n}", None, published)


def _dev(
    date: str, text: str, articles: list[str], sources: int, themes: list[str], **kw: object
) -> BriefDevelopment:
    d = BriefDevelopment(date, "on Friday", text, articles, themes=themes, **kw)  # type: ignore[arg-type]
    d.independent_sources = sources
    return d


def _brief(developments: list[BriefDevelopment], points: list[Point] | None = None) -> Brief:
    sources = [_source(n, dt.date(2022, 2, 10 + n % 9)) for n in range(1, 10)]
    return Brief(
        title="t",
        generated=dt.datetime(2022, 2, 20, tzinfo=dt.UTC),
        today=TODAY,
        period_start=dt.date(2022, 2, 10),
        period_end=TODAY,
        sources=sources,
        skipped=[],
        summary=[],
        themes=[ThemeSection("diplomacy", "Diplomacy", "", points or [])],
        quotes=[],
        key_quotes=[],
        developments=developments,
    )


EVENTS = [
    _dev("2022-02-18", "Biden held a call with NATO leaders about the Russian buildup.", ["a1", "a2"], 2, ["diplomacy"], actors=["Joe Biden", "NATO"], action="hold"),
    _dev("2022-02-18", "President Biden held a conference call with the leaders of NATO allies.", ["a3"], 1, ["diplomacy"], actors=["Biden", "NATO"], action="hold"),
    _dev("2022-02-19", "Russia launched strategic nuclear exercises overseen by President Putin.", ["a4", "a5"], 2, ["military-buildup"]),
    _dev("2022-02-17", "Shelling hit a kindergarten in the Luhansk region, injuring two teachers.", ["a6"], 1, ["military-buildup"]),
    _dev("2022-02-12", "The United States ordered most of its embassy staff in Kyiv to leave.", ["a7", "a8"], 2, ["diplomacy"]),
    _dev("2023-02-16", "Ukrainians will defend their land on February 16 and March 1.", ["a9", "a8"], 2, ["military-buildup"]),
    _dev("2022-02-19", "We will defend our land, the president told the conference in Munich.", ["a4", "a6"], 2, ["diplomacy"]),
    _dev("2022-02-19", "Will the EU tell its citizens today that Ukraine may join the union?", ["a4", "a7"], 2, ["diplomacy"]),
]  # fmt: skip


def test_three_to_seven_points_by_corroboration_and_recency_none_repeating_an_event() -> None:
    points = select_key_points(_brief(EVENTS))
    texts = [k.text for k in points]
    assert 3 <= len(points) <= 7
    assert texts[0].startswith("Russia launched")  # newest first
    assert any(t.startswith("Biden held a call") for t in texts)
    assert not any(t.startswith("President Biden held") for t in texts)  # the same call, told twice
    for k in points:
        assert k.date and k.articles and k.themes and k.independent_sources >= 1


def test_a_rhetorical_future_date_is_not_a_key_point() -> None:
    points = select_key_points(_brief(EVENTS))
    assert all((k.date or "") <= "2022-03-22" for k in points)
    assert not any("defend" in k.text or "?" in k.text for k in points)  # statements and questions


def test_recency_counts_from_the_brief_s_today() -> None:
    old = _dev(
        "2021-10-01",
        "Russia moved tanks and artillery towards the Ukrainian border.",
        ["a1", "a2", "a3"],
        3,
        ["military-buildup"],
    )
    fresh = [_dev("2022-02-19", f"Event number {n} happened near the border of Ukraine.", [f"a{n}"], 1, ["diplomacy"]) for n in range(4, 7)]  # fmt: skip
    assert old.text not in [k.text for k in select_key_points(_brief([old, *fresh]))]  # too old to be news


def test_novelty_against_the_previous_brief() -> None:
    brief = _brief(EVENTS)
    first = select_key_points(brief)
    for d in brief.developments:
        d.new = not d.text.startswith("Biden held")
    again = select_key_points(brief, [k.text for k in first])
    assert all(k.new for k in again)
    assert not any(k.text.startswith("Biden held") for k in again)  # already the bottom line last time


def test_theme_points_fill_in_and_are_dated_by_their_articles() -> None:
    points = [
        Point("NATO allies agreed to reinforce their eastern flank with more troops.", ["a2", "a3"], 1.0)
    ]
    points[0].independent_sources = 2
    chosen = select_key_points(_brief(EVENTS[:1], points))
    (point,) = [k for k in chosen if k.text.startswith("NATO allies")]
    assert point.date == "2022-02-13" and point.themes == ["diplomacy"]


def test_few_corroborated_items_among_many_keep_the_selection_linear(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Thousands of distinct one-source developments and no corroborated point to settle the
    # count: each candidate is compared with the points shown (and the corroborated ones
    # counted past them), not with every candidate chosen before it.
    import briefing.compose.keypoints as keypoints

    compared = 0
    same = keypoints._same

    def counting(a: object, b: object) -> bool:
        nonlocal compared
        compared += 1
        return same(a, b)  # type: ignore[arg-type]

    monkeypatch.setattr(keypoints, "_same", counting)
    many = [
        _dev("2022-02-18", "Officials " + " ".join(f"w{n}x{k}" for k in range(8)) + ".", [f"a{n % 9 + 1}"], 1, ["diplomacy"])
        for n in range(3000)
    ]  # fmt: skip
    points = select_key_points(_brief(many))
    assert len(points) == 3
    assert compared < 3000 * 8, compared
