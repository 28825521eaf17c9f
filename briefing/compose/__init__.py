"""Compose: per-article analyses -> one ``Brief`` (the template context).

Merging: the same quote, the same dated development or near-identical theme
points from several articles become one item citing every article, including
the near-duplicate copies ingest folded into a representative.

The ``Brief`` dataclass (briefing/records.py) is the documented contract of the
templates; ``brief_to_json`` is the contract of brief.json (../shared/eval/FORMAT.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from briefing.analysis.themes import Taxonomy
from briefing.compose.common import cluster_ids
from briefing.compose.quotes import merge_quotes, quote_themes, rank_quotes, select_key_quotes
from briefing.compose.themes import theme_sections
from briefing.compose.timeline import merge_developments, shown_timeline, summary
from briefing.config import Settings
from briefing.records import Article, ArticleAnalysis, Brief, Skipped, Source

__all__ = ["compose", "select_key_quotes"]


def sources_of(articles: Sequence[Article]) -> list[Source]:
    return [
        Source(n, a.id, a.path, a.title, a.outlet, a.url, a.published, a.duplicate_of)
        for n, a in enumerate(articles, start=1)
    ]


def compose(
    articles: Sequence[Article],
    analyses: Sequence[ArticleAnalysis],
    skipped: Sequence[Skipped],
    taxonomy: Taxonomy,
    settings: Settings,
) -> Brief:
    today = settings.today()
    clusters = cluster_ids(articles)
    published = {a.id: a.published for a in articles}
    sections = theme_sections(analyses, clusters, taxonomy, published)
    quotes = merge_quotes(analyses, clusters)
    prominence: Counter[str] = Counter()
    for analysis in analyses:
        prominence.update({name: 1 for name in analysis.entities})
        prominence.update({name.split()[-1]: 1 for name in analysis.entities if " " in name})
    rank_quotes(quotes, prominence, quote_themes(quotes, sections))
    for section in sections:
        in_theme = [q for q in quotes if section.id in q.themes]
        section.quotes = select_key_quotes(
            in_theme, settings.compose.quotes_per_theme, settings.compose.quotes_per_theme
        )
    developments = merge_developments(analyses, clusters, today)
    dates = [a.published for a in articles if a.published]
    shown = shown_timeline(developments, settings.compose.timeline_items)
    return Brief(
        title=settings.brief.title,
        generated=settings.now(),
        today=today,
        period_start=settings.brief.since or (min(dates) if dates else None),
        period_end=settings.brief.until or (max(dates) if dates else None),
        sources=sources_of(articles),
        skipped=list(skipped),
        summary=summary(developments, settings.compose.summary_items),
        themes=sections,
        quotes=quotes,
        key_quotes=select_key_quotes(quotes, settings.compose.key_quotes, settings.compose.quotes_per_theme),
        developments=developments,
        undated_sources=[a.id for a in articles if a.published is None],
        marking=settings.brief.marking,
        points_shown=settings.compose.points_per_theme,
        timeline_shown=shown,
        timeline_more=len(developments) - len(shown),
    )
