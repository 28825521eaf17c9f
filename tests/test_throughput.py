"""The throughput benchmark runs end to end at a small size (a smoke test: no timing assertions),
and the pieces that keep the brief's cost bounded behave."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from benchmarks.synthetic import article, write_corpus
from briefing.compose.common import OverlapIndex, overlap
from briefing.compose.timeline import shown_timeline
from briefing.records import BriefDevelopment


def test_the_benchmark_prints_the_ratio(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.throughput import main

    assert main(["--synthetic", "3", "--formats", "json", "--nightly", "1"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^ratio total/floor \d+\.\d\d$", out, re.MULTILINE), out
    assert re.search(r"^ratio nightly/full \d+\.\d+$", out, re.MULTILINE), out
    assert re.search(r"^articles +3$", out, re.MULTILINE), out


_FLOOR_THEN_FLAG = """
import ctypes, types
from benchmarks.throughput import _settings, floor
assert floor([types.SimpleNamespace(text="Troops massed near the border.")], _settings(1, ["json"])) > 0
print(ctypes.c_char.in_dll(ctypes.CDLL(None), "__libc_single_threaded").value[0])
"""


def test_timing_the_floor_leaves_this_process_single_threaded() -> None:
    """The product is timed in the process that timed the floor, and a process that ever had
    a second thread stays slower (the C library's single-thread flag is never set back)."""
    import ctypes
    import subprocess
    import sys

    try:
        ctypes.c_char.in_dll(ctypes.CDLL(None), "__libc_single_threaded")
    except (OSError, ValueError):
        pytest.skip("the C library has no single-thread flag to read")
    done = subprocess.run(
        [sys.executable, "-c", _FLOOR_THEN_FLAG], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "1", done.stderr


def test_synthetic_articles_are_distinct(tmp_path: Path) -> None:
    texts = [article(seed)[0] for seed in range(20)]
    assert len(set(texts)) == 20
    paths = write_corpus(tmp_path, 3, start=7)
    assert [p.name for p in paths] == [f"synthetic_{n:06d}.txt" for n in (7, 8, 9)]
    assert all(p.with_name(p.stem + ".meta.json").is_file() for p in paths)


def test_the_overlap_index_finds_every_item_the_full_scan_finds() -> None:
    texts = [article(seed)[0].split("\n\n")[n] for seed in range(6) for n in range(1, 5)]
    texts += ["", "troops", "troops moved", "Troops moved to the border on Monday."]
    for threshold in (0.6, 0.8, 0.9):
        index = OverlapIndex(threshold, texts)
        for number, text in enumerate(texts):
            found = index.candidates(text)
            expected = [i for i in range(number) if overlap(texts[i], text) >= threshold]
            assert set(expected) <= set(found), (threshold, text)
            assert found == sorted(found)
            assert index.add(text) == number


_EVENTS = [
    "The parliament passed a new budget for the armed forces.",
    "Troops moved closer to the northern border overnight.",
    "The foreign ministers met in Geneva for five hours of talks.",
    "A convoy of aid trucks reached the besieged eastern city.",
    "Sanctions on the central bank took effect at midnight.",
    "The president addressed the nation in a televised speech.",
]


def _dev(day: int | None, sources: int) -> BriefDevelopment:
    date = dt.date(2022, 2, day).isoformat() if day else None
    return BriefDevelopment(date, "on a day", _EVENTS[day or 0], [f"a{i}" for i in range(1, sources + 1)])


def test_the_rendered_timeline_keeps_the_most_sourced_in_order() -> None:
    developments = [_dev(1, 1), _dev(2, 3), _dev(3, 1), _dev(4, 2), _dev(None, 5)]
    shown = shown_timeline(developments, 3)
    assert shown == [developments[1], developments[3], developments[4]]  # timeline order kept
    assert shown_timeline(developments, 0) == developments  # 0: no limit
    assert shown_timeline(developments, 10) == developments


def test_background_comes_after_the_period_s_developments() -> None:
    """History a widely carried speech recalls ("in 2014") does not crowd out the period's events."""
    developments = [_dev(1, 1), _dev(2, 1), _dev(3, 1)]
    background = BriefDevelopment(
        "2014", "in 2014", "Russia annexed Crimea after a staged referendum.", ["a1", "a2", "a3"]
    )
    shown = shown_timeline([background, *developments], 3, since=dt.date(2022, 2, 1))
    assert shown == developments
    assert shown_timeline([background, *developments], 3)[0] is background  # no period: by sources


def test_the_timeline_shows_lines_that_say_what_happened_first() -> None:
    """A speaker's words ("We will defend our land"), a question, a fragment and a date that
    is only the period's year come after the developments that read on their own."""
    developments = [_dev(1, 1), _dev(2, 1), _dev(3, 1)]
    said = BriefDevelopment(
        "2022-02-01", "on Tuesday", "We will defend our land on February 16.", ["a1", "a2"]
    )
    piece = BriefDevelopment(
        "2022-02-02", "on Tuesday", "Including probably on Tuesday to Kiev.", ["a1", "a2"]
    )
    year = BriefDevelopment(
        "2022", "this year", "Ukraine marked the anniversary of its constitution.", ["a1", "a2"]
    )
    shown = shown_timeline([said, piece, year, *developments], 3, since=dt.date(2022, 1, 1))
    assert shown == developments


def test_one_sentence_of_an_article_under_two_dates_is_shown_once() -> None:
    text = "The chancellor on Monday is to visit Kyiv, the next day he will go to Moscow."
    monday = BriefDevelopment("2022-02-14", "on Monday", text, ["a1"])
    tuesday = BriefDevelopment("2022-02-15", "the next day", text.replace(" on Monday", ""), ["a1"])
    elsewhere = BriefDevelopment("2022-02-15", "the next day", text.replace(" on Monday", ""), ["a2"])
    others = [_dev(1, 1), _dev(2, 1)]
    shown = shown_timeline([*others, monday, tuesday, elsewhere], 4)
    assert shown == [*others, monday, elsewhere]


_CITIES = ["Kyiv", "Lviv", "Odesa", "Kharkiv", "Dnipro", "Warsaw", "Vilnius", "Riga", "Tallinn", "Berlin"]
_ROLES = [
    "mayor",
    "governor",
    "envoy",
    "minister",
    "general",
    "senator",
    "bishop",
    "judge",
    "rector",
    "consul",
]


def test_compose_fills_the_timeline_fields(settings) -> None:  # type: ignore[no-untyped-def]
    from briefing.analysis.themes import load_taxonomy
    from briefing.compose import compose
    from briefing.records import Article, ArticleAnalysis, Development, Paragraph

    articles = [
        Article(f"a{n}", f"a{n}.txt", "", [Paragraph("x", 0)], published=dt.date(2022, 2, 1)) for n in (1, 2)
    ]
    analyses = [
        ArticleAnalysis(
            a,
            developments=[
                Development(
                    f"2022-01-{day:02d}", "then", f"Officials from {city} met the {role} ({a.id}).", 0, 1
                )
                for day, (city, role) in enumerate(zip(_CITIES, _ROLES, strict=True), start=1)
            ],
        )
        for a in articles
    ]
    capped = settings.model_copy(
        update={"compose": settings.compose.model_copy(update={"timeline_items": 4})}
    )
    brief = compose(articles, analyses, [], load_taxonomy(None), capped)
    assert len(brief.timeline_shown) == 4
    assert brief.timeline_more == len(brief.developments) - 4
    assert all(d in brief.developments for d in brief.timeline_shown)


def test_the_overlap_index_streaming_finds_every_item_the_full_scan_finds() -> None:
    """Word counts observed as texts arrive (the order re-fixed as they grow) keep the guarantee."""
    texts = [article(seed)[0].split("\n\n")[n] for seed in range(40) for n in range(1, 5)]
    texts += ["", "troops", "troops moved", "Troops moved to the border on Monday."]
    for threshold in (0.6, 0.9):
        index = OverlapIndex(threshold)
        for number, text in enumerate(texts):
            index.observe(text)
            found = index.candidates(text)
            expected = [i for i in range(number) if overlap(texts[i], text) >= threshold]
            assert set(expected) <= set(found), (threshold, text)
            assert found == sorted(found)
            assert index.add(text) == number


def test_a_development_told_as_done_but_dated_after_its_articles_is_not_shown(settings) -> None:  # type: ignore[no-untyped-def]
    """ "The uprising in June" in a story of May, read as the June to come, stays in brief.json
    only; a meeting an article schedules for after its day is shown once it has happened."""
    from briefing.analysis.themes import load_taxonomy
    from briefing.compose import compose
    from briefing.records import Article, ArticleAnalysis, Development, Paragraph

    article = Article("a1", "a1.txt", "", [Paragraph("x", 0)], published=dt.date(2021, 5, 13))
    done = Development("2021-06", "in June", "The uprising in June was the biggest threat to the rule.", 0, 1)
    planned = Development(
        "2021-05-20", "next Monday", "The ministers will meet in Vilnius next Monday.", 0, 1, scheduled=True
    )
    before = Development(
        "2021-05-10", "on Friday", "The mayor opened a new bridge over the river on Friday.", 0, 1
    )
    present = Development("2021-05-14", "tomorrow", "Tomorrow the country marks the day of its heroes.", 0, 1)
    analysis = ArticleAnalysis(article, developments=[done, planned, before, present])
    brief = compose([article], [analysis], [], load_taxonomy(None), settings)
    assert [d.text for d in brief.timeline_shown] == [before.text, present.text, planned.text]
    assert done.text in [d.text for d in brief.developments]
