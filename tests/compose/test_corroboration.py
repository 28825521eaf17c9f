"""Corroboration: distinct outlets reporting an item on their own; copies of one story count once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefing.analysis.themes import load_taxonomy
from briefing.compose import compose
from briefing.compose.corroboration import Corroboration, credited_wire
from briefing.config import Settings
from briefing.ingest import ingest
from briefing.records import Article, ArticleAnalysis, Development, Paragraph, Quote, ThemePlacement

SENT = "The UK and the US agreed to impose massive consequences and severe costs on Russia."


def _article(
    i: int, outlet: str | None, text: str = SENT, dup: str | None = None, author: str | None = None
) -> Article:
    return Article(
        f"a{i}", f"in/{i}.txt", text, [Paragraph(text, 0)], outlet=outlet, duplicate_of=dup, author=author,
        published=dt.date(2022, 2, 1),
    )  # fmt: skip


def test_wire_credits() -> None:
    assert credited_wire(_article(1, "Reuters, PAP")) == "Reuters"
    assert credited_wire(_article(1, None, author="By Associated Press")) == "AP"
    assert credited_wire(_article(1, "Kyiv Post", "KYIV (Reuters) - Russia said on Monday ...")) == "Reuters"
    assert credited_wire(_article(1, "HuffPost", "Russia said on Monday (in a statement) - that ...")) is None
    assert credited_wire(_article(1, "The Guardian")) is None


def test_copies_of_one_story_count_once_and_outlets_on_their_own_count_each() -> None:
    articles = [
        _article(1, "Kyiv Post", "KYIV (Reuters) - Russia said on Monday it would pull back."),
        _article(2, "The Hindu", "KYIV (Reuters) - Russia said on Monday that it would pull back troops."),
        _article(3, "Daily Star", dup="a4"),  # a near-duplicate text of a4's story
        _article(4, "Evening Post"),
        _article(5, "HuffPost"),
        _article(6, "HuffPost"),  # the same outlet again
        _article(7, "The Guardian"),
        _article(8, None),  # outlet unknown: a source of its own
        _article(9, None),
    ]
    c = Corroboration(articles)
    assert c.count(["a1", "a2"]) == 1
    assert c.count(["a3", "a4"]) == 1
    assert c.count(["a5", "a6"]) == 1
    assert c.count(["a1", "a3", "a5", "a7"]) == 4
    assert c.count(["a8", "a9"]) == 2


def test_two_copies_of_one_wire_story_are_one_source_in_the_brief(tmp_path: Path, settings: Settings) -> None:
    """Through ingest: the same agency story on two sites, and a third outlet reporting it."""
    story = (
        "KYIV (Reuters) - The UK and the US agreed to impose massive consequences and severe costs on "
        "Russia, officials said on Tuesday, as talks in Geneva ended without progress on troop withdrawals."
    )
    (tmp_path / "site1.md").write_text(
        f"---\ntitle: One\noutlet: Kyiv Post\npublished: 2022-02-01\n---\n\n{story}\n"
    )
    (tmp_path / "site2.md").write_text(
        f"---\ntitle: Two\noutlet: The Hindu\npublished: 2022-02-01\n---\n\n{story} Markets fell.\n"
    )
    (tmp_path / "own.md").write_text(
        f"---\ntitle: Three\noutlet: The Guardian\npublished: 2022-02-01\n---\n\n{SENT}\n"
    )
    articles = ingest([tmp_path], settings.ingest).articles
    by_title = {a.title: a for a in articles}
    one, two = by_title["One"], by_title["Two"]
    assert two.duplicate_of == one.id or one.duplicate_of == two.id  # ingest: one story

    def analysis(a: Article) -> ArticleAnalysis:
        return ArticleAnalysis(
            a,
            quotes=[Quote("We will impose severe costs", 0, 10, "Joe Biden", None, "said")],
            developments=[Development("2022-02-01", "on Tuesday", SENT, 0, len(SENT))],
            placements=[ThemePlacement("sanctions", SENT, 0, len(SENT), 2.0)],
        )

    own = [a for a in articles if a.duplicate_of is None]
    brief = compose(articles, [analysis(a) for a in own], [], load_taxonomy(), settings)
    (dev,) = brief.developments
    assert len(dev.articles) == 3 and dev.independent_sources == 2
    assert brief.themes[0].points[0].independent_sources == 2
    assert brief.quotes[0].independent_sources == 2
    copies = [a for a in articles if a.title != "Three"]
    single = compose(
        copies, [analysis(a) for a in copies if a.duplicate_of is None], [], load_taxonomy(), settings
    )
    assert single.developments[0].independent_sources == 1  # two copies of one wire story: one source
