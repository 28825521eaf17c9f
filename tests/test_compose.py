"""Composition: the same item from several articles is one item citing all of them."""

import datetime as dt

from briefing.analysis.themes import load_taxonomy
from briefing.compose import compose
from briefing.config import Settings
from briefing.records import Article, ArticleAnalysis, Development, Paragraph, Quote, ThemePlacement

SENT = "The UK and the US agreed to impose massive consequences and severe costs on Russia."


def article(i: int, published: dt.date | None, dup: str | None = None) -> Article:
    return Article(
        id=f"a{i}",
        path=f"in/{i}.txt",
        raw_text=SENT,
        paragraphs=[Paragraph(SENT, 0)],
        title=f"T{i}",
        outlet=f"Outlet {i}",
        published=published,
        duplicate_of=dup,
    )


def analysis(a: Article, date: str, quote: str, speaker: str | None) -> ArticleAnalysis:
    return ArticleAnalysis(
        article=a,
        quotes=[Quote(quote, 0, len(quote), speaker, None, "said")],
        developments=[Development(date, "on Thursday", SENT, 0, len(SENT))],
        placements=[ThemePlacement("sanctions", SENT, 0, len(SENT), 2.0)],
    )


def test_same_items_merge_and_cite_every_article(settings: Settings) -> None:
    a1, a2 = article(1, dt.date(2021, 12, 24)), article(2, dt.date(2021, 12, 25))
    a3 = article(3, dt.date(2021, 12, 25), dup="a2")  # same wire story as a2
    analyses = [
        analysis(
            a1, "2021-12-23", "We will impose severe costs on Russia for any further aggression", "Joe Biden"
        ),
        analysis(a2, "2021-12-23", "We will impose severe costs on Russia for any further aggression.", None),
    ]
    brief = compose([a1, a2, a3], analyses, [], load_taxonomy(), settings)
    (dev,) = brief.developments
    assert dev.articles == ["a1", "a2", "a3"]
    (quote,) = brief.quotes
    assert quote.articles == ["a1", "a2", "a3"] and quote.speaker == "Joe Biden"
    (section,) = brief.themes
    assert section.id == "sanctions" and section.points[0].articles == ["a1", "a2", "a3"]
    assert brief.period_start == dt.date(2021, 12, 24) and brief.period_end == dt.date(2021, 12, 25)


def test_different_dates_stay_apart_and_upcoming_is_marked(settings: Settings) -> None:
    a1, a2 = article(1, dt.date(2022, 2, 1)), article(2, dt.date(2022, 2, 2))
    analyses = [
        analysis(a1, "2022-02-01", "Words one two three four", "A B"),
        analysis(a2, "2022-02-10", "Other words entirely here now", "C D"),
    ]
    brief = compose([a1, a2], analyses, [], load_taxonomy(), settings)  # today is 2022-02-08
    assert [(d.date, d.upcoming) for d in brief.developments] == [("2022-02-01", False), ("2022-02-10", True)]
    assert brief.undated_sources == []
    # The timeline prints what has happened: an upcoming development takes none of its
    # places (it is the Outlook's), and is not counted as left to brief.json.
    settings.compose.timeline_items = 1
    bounded = compose([a1, a2], analyses, [], load_taxonomy(), settings)
    assert [d.date for d in bounded.timeline_shown] == ["2022-02-01"] and bounded.timeline_more == 0


def test_same_words_from_different_speakers_stay_apart(settings: Settings) -> None:
    a1, a2 = article(1, dt.date(2021, 12, 24)), article(2, dt.date(2021, 12, 30))
    words = "massive consequences and severe costs"
    analyses = [
        analysis(a1, "2021-12-23", words, "Liz Truss"),
        analysis(a2, "2021-12-29", words, "Ned Price"),
    ]
    brief = compose([a1, a2], analyses, [], load_taxonomy(), settings)
    assert sorted((q.speaker, tuple(q.articles)) for q in brief.quotes) == [
        ("Liz Truss", ("a1",)),
        ("Ned Price", ("a2",)),
    ]


def test_key_quotes_are_novel_and_bounded_per_theme() -> None:
    from briefing.compose import select_key_quotes
    from briefing.records import BriefQuote

    quotes = [
        BriefQuote("we will impose severe costs on Russia", "A B", None, ["a1"], themes=["sanctions"]),
        BriefQuote("we will impose severe costs on Russia now", "C D", None, ["a2"], themes=["sanctions"]),
        BriefQuote("sanctions are ready and waiting for use", "E F", None, ["a1"], themes=["sanctions"]),
        BriefQuote(
            "a third sanctions quote about export controls", "G H", None, ["a1"], themes=["sanctions"]
        ),
        BriefQuote("talks will resume in Geneva next week", "I J", None, ["a1"], themes=["diplomacy"]),
        BriefQuote("invasion", None, None, ["a1"], kind="scare"),
    ]
    chosen = select_key_quotes(quotes, limit=10, per_theme=2)
    assert [q.speaker for q in chosen] == ["A B", "E F", "I J"]


def test_a_resumed_merge_gives_the_brief_of_a_full_one(nlp, samples, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    """Composing in two parts (the first saved as JSON and resumed) equals composing at once,
    whatever the split, and the brief's date is applied when the brief is made."""
    import json

    from briefing.analysis import analyse
    from briefing.compose import Composer
    from briefing.ingest import ingest
    from briefing.render.json_out import brief_json

    taxonomy = load_taxonomy()
    articles = ingest([samples], settings.ingest).articles
    analyses = analyse(articles, nlp, taxonomy)
    whole = brief_json(compose(articles, analyses, [], taxonomy, settings))
    for split in range(len(analyses) + 1):
        first = Composer(articles).extend(analyses[:split])
        state = json.loads(json.dumps(first.state()))
        resumed = Composer.resume(articles, state).extend(analyses[split:])
        assert brief_json(resumed.brief(articles, [], taxonomy, settings)) == whole, split
    later = settings.model_copy(
        update={"brief": settings.brief.model_copy(update={"today": dt.date(2021, 12, 1)})}
    )
    upcoming = Composer.resume(articles, state).brief(articles, [], taxonomy, later)
    assert any(d.upcoming for d in upcoming.developments)


def test_articles_are_labelled_and_tagged_with_their_themes_strongest_first(settings: Settings) -> None:
    from briefing.compose import label_of

    untitled = Article("a9", "/abs/path/9.txt", "", [Paragraph("Headline", 0, "heading"), Paragraph(SENT, 0)])
    assert label_of(untitled) == "The UK and the US agreed to impose massive consequences…"
    assert label_of(article(1, None)) == "T1"
    a1, a2 = article(1, dt.date(2022, 2, 1)), article(2, dt.date(2022, 2, 1))
    one = analysis(a1, "2022-02-01", "Words one two three four", "A B")
    one.placements.append(ThemePlacement("diplomacy", "Talks in Geneva went on.", 0, 5, 3.0))
    two = ArticleAnalysis(a2)  # off-topic: no passage placed
    brief = compose([a1, a2], [one, two], [], load_taxonomy(), settings)
    assert [s.themes for s in brief.sources] == [["diplomacy", "sanctions"], []]
    assert brief.sources[0].label == "T1"
