"""Compose: per-article analyses -> one ``Brief`` (the template context).

Merging: the same quote, the same dated development, near-identical theme points or
the same key figure (same count of the same thing at the same date) from several
articles become one item citing every article, including the near-duplicate copies
ingest folded into a representative.

A ``Composer`` takes the analyses one at a time, in article order, and keeps only the
merged items (not the analyses), so memory grows with what the brief holds rather than
with the articles' analyses. Its ``state`` is plain data: a nightly build whose articles
are those of the previous build plus new ones at the end resumes from the saved state
and adds only the new articles (see ``briefing/pipeline.py``). Merging does not depend
on the brief's date; what is upcoming is decided when the brief is made.

The ``Brief`` dataclass (briefing/records.py) is the documented contract of the
templates; ``brief_to_json`` is the contract of brief.json (../shared/eval/FORMAT.md).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from briefing.analysis.stamp import after
from briefing.analysis.themes import Taxonomy
from briefing.compose.common import cluster_ids
from briefing.compose.corroboration import Corroboration
from briefing.compose.figures import FigureMerger, figure_groups
from briefing.compose.keypoints import select_key_points
from briefing.compose.outlook import outlook
from briefing.compose.people import people_of
from briefing.compose.quotes import QuoteMerger, quote_themes, rank_quotes, select_key_quotes
from briefing.compose.themes import ThemeMerger
from briefing.compose.timeline import DevelopmentMerger, shown_timeline, summary
from briefing.config import Settings
from briefing.ingest.clean import unglue
from briefing.records import (
    AfterStamp,
    Article,
    ArticleAnalysis,
    Brief,
    BriefDevelopment,
    BriefFigure,
    BriefQuote,
    Point,
    Skipped,
    Source,
)

__all__ = ["Composer", "compose", "compose_version", "select_key_quotes"]


LABEL_WORDS = 10  # an untitled article is named by this many of its opening words


def label_of(article: Article) -> str:
    """How the brief names an article: its title, else its opening words ("Russia has
    concentrated over 100,000 soldiers at the border…"), never its file's path."""
    if article.title and article.title.strip():
        return " ".join(article.title.split())
    words = article.lead.split()
    if not words:
        return "untitled article"
    text = " ".join(words[:LABEL_WORDS]).rstrip(" ,;:-–—")
    return text + ("…" if len(words) > LABEL_WORDS else "")


def sources_of(articles: Sequence[Article]) -> list[Source]:
    return [
        Source(n, a.id, a.path, a.title, a.outlet, a.url, a.published, a.duplicate_of, label=label_of(a))
        for n, a in enumerate(articles, start=1)
    ]


def compose_version() -> str:
    """A digest of the merging code: a saved state from other code is not resumed."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted([*root.glob("*.py"), root.parent / "records.py"]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


class Composer:
    """The brief built one analysis at a time: ``add`` each article's analysis in article
    order, then ``brief``. ``articles`` are all the articles (duplicates included): they
    give each representative the ids it cites and its date."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.clusters = cluster_ids(articles)
        self.published = {a.id: a.published for a in articles}
        self.themes = ThemeMerger()
        self.quotes = QuoteMerger()
        self.timeline = DevelopmentMerger()
        self.figures = FigureMerger()
        self.added = 0
        self.after_stamp: dict[str, AfterStamp] = {}  # article id -> events it reports after its stamp

    def add(self, analysis: ArticleAnalysis) -> None:
        article = analysis.article.id
        ids = self.clusters.get(article, [article])
        self.themes.add(analysis, ids, self.published.get(article))
        self.quotes.add(analysis, ids)
        self.timeline.add(analysis, ids)
        self.figures.add(analysis, ids, self.published.get(article))
        late = analysis.after_stamp
        if late is not None:
            # a copy stamped later than the representative may well be in time
            for i in ids:
                stamp = self.published.get(i)
                if stamp is not None and after(late.date, stamp):
                    self.after_stamp[i] = late
        self.added += 1

    def extend(self, analyses: Iterable[ArticleAnalysis]) -> Composer:
        for analysis in analyses:
            self.add(analysis)
        return self

    def _situation(self) -> set[str]:
        return _situation_names(self.quotes.prominence, self.added)

    def state(self) -> dict[str, Any]:
        """The merge so far as JSON-able data (``resume`` continues from it)."""
        return {
            "added": self.added,
            "themes": self.themes.state(),
            "quotes": self.quotes.state(),
            "timeline": self.timeline.state(),
            "figures": self.figures.state(),
            "after_stamp": {i: dataclasses.asdict(a) for i, a in self.after_stamp.items()},
        }

    @classmethod
    def resume(cls, articles: Sequence[Article], state: dict[str, Any]) -> Composer:
        """A composer holding a saved merge; ``articles`` as for a new one (the saved
        articles first, unchanged: the caller checks)."""
        composer = cls(articles)
        composer.themes = ThemeMerger.from_state(state["themes"])
        composer.quotes = QuoteMerger.from_state(state["quotes"])
        composer.timeline = DevelopmentMerger.from_state(state["timeline"])
        composer.figures = FigureMerger.from_state(state["figures"])
        composer.added = int(state["added"])
        composer.after_stamp = {i: AfterStamp(**a) for i, a in state.get("after_stamp", {}).items()}
        return composer

    def brief(
        self, articles: Sequence[Article], skipped: Sequence[Skipped], taxonomy: Taxonomy, settings: Settings
    ) -> Brief:
        """The brief from what was added (new records: the composer can go on adding)."""
        today = settings.today()
        sections = self.themes.sections(taxonomy)
        quotes = self.quotes.quotes()
        rank_quotes(quotes, self.quotes.prominence, quote_themes(quotes, sections))
        for section in sections:
            # A quote the section already prints as one of its points is not repeated.
            printed = [p.text for p in section.points[: settings.compose.points_per_theme]]
            in_theme = [
                q for q in quotes if section.id in q.themes and not any(q.text in text for text in printed)
            ]
            section.quotes = select_key_quotes(
                in_theme, settings.compose.quotes_per_theme, settings.compose.quotes_per_theme
            )
        developments = self.timeline.developments(today)
        dates = [a.published for a in articles if a.published]
        start = settings.brief.since or (min(dates) if dates else None)
        # The timeline prints what has happened; what is dated after today is the Outlook's.
        happened = [d for d in developments if not d.upcoming]
        misdated = self.timeline.told_after(self.published)
        shown = shown_timeline(
            [d for d in happened if (d.date, d.text) not in misdated], settings.compose.timeline_items, start
        )
        figures = self.figures.figures()
        sources = sources_of(articles)
        for source in sources:
            source.themes = self.themes.article_themes(source.id)
            source.label = unglue(source.label)
            source.after_stamp = self.after_stamp.get(source.id)
        corroboration = Corroboration(articles)
        items: list[Point | BriefQuote | BriefDevelopment | BriefFigure] = [
            *(p for s in sections for p in s.points),
            *quotes,
            *developments,
            *figures,
        ]
        for item in items:
            item.independent_sources = corroboration.count(item.articles)
            item.text = unglue(item.text)
        people = people_of(
            quotes, [s.id for s in sections], settings.compose.quotes_per_person, corroboration.count
        )
        brief = Brief(
            title=settings.brief.title,
            generated=settings.now(),
            today=today,
            period_start=start,
            period_end=settings.brief.until or (max(dates) if dates else None),
            sources=sources,
            skipped=list(skipped),
            summary=summary(developments, settings.compose.summary_items),
            themes=sections,
            quotes=quotes,
            key_quotes=select_key_quotes(
                quotes, settings.compose.key_quotes, settings.compose.quotes_per_theme
            ),
            developments=developments,
            undated_sources=[a.id for a in articles if a.published is None],
            marking=settings.brief.marking,
            points_shown=settings.compose.points_per_theme,
            timeline_shown=shown,
            timeline_more=len(happened) - len(shown),
            figures=figures,
            figure_groups=figure_groups(
                figures,
                settings.compose.figure_groups,
                settings.compose.figure_steps,
                self._situation(),
                start,
            ),
        )
        brief.people = people
        brief.people_shown = settings.compose.people
        brief.outlook = outlook(developments, dict(self.published), today, settings.compose.outlook_items)
        brief.key_points = select_key_points(brief)
        return brief


def _situation_names(prominence: Counter[str], articles: int) -> set[str]:
    """The names a fifth of the articles mention (at least two): the situation's places,
    peoples and actors."""
    least = max(2, articles // 5)
    return {name.lower() for name, n in prominence.items() if n >= least}


def compose(
    articles: Sequence[Article],
    analyses: Iterable[ArticleAnalysis],
    skipped: Sequence[Skipped],
    taxonomy: Taxonomy,
    settings: Settings,
) -> Brief:
    """The brief of the articles from their analyses (those standing for themselves, in
    article order; consumed one at a time)."""
    return Composer(articles).extend(analyses).brief(articles, skipped, taxonomy, settings)
