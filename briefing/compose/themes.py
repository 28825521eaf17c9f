"""Theme sections: placements merged into points, ordered by importance."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from briefing.analysis.themes import Taxonomy
from briefing.compose.common import merge_ids, overlap, recency
from briefing.records import ArticleAnalysis, Point, ThemeSection


def theme_sections(
    analyses: Sequence[ArticleAnalysis],
    clusters: dict[str, list[str]],
    taxonomy: Taxonomy,
    published: dict[str, dt.date | None],
) -> list[ThemeSection]:
    points: dict[str, list[Point]] = defaultdict(list)
    dates: dict[int, list[dt.date | None]] = defaultdict(list)
    for analysis in analyses:
        ids = clusters[analysis.article.id]
        for p in analysis.placements:
            bucket = points[p.theme]
            same = next((pt for pt in bucket if overlap(pt.text, p.text) >= 0.8), None)
            if same is not None:
                same.articles = merge_ids(same.articles, ids)
                same.score = max(same.score, p.score)
                dates[id(same)].append(published.get(analysis.article.id))
                continue
            point = Point(p.text, list(ids), p.score)
            dates[id(point)].append(published.get(analysis.article.id))
            bucket.append(point)
    sections = []
    for theme in taxonomy.themes:
        bucket = points.get(theme.id, [])
        if not bucket:
            continue  # empty themes are omitted
        # Importance: number of sources, then strength of the evidence, then recency.
        bucket.sort(key=lambda p: (-len(p.articles), -p.score, -recency(dates[id(p)])))
        sections.append(ThemeSection(theme.id, theme.label, theme.description, bucket))
    return sections
