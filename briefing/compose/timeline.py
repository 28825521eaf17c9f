"""Dated developments across articles: merged per event, in date order, and the summary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from briefing.compose.common import merge_ids, overlap
from briefing.records import ArticleAnalysis, BriefDevelopment


def merge_developments(
    analyses: Sequence[ArticleAnalysis], clusters: dict[str, list[str]], today: dt.date
) -> list[BriefDevelopment]:
    merged: list[BriefDevelopment] = []
    for analysis in analyses:
        ids = clusters[analysis.article.id]
        for d in analysis.developments:
            same = next(
                (
                    m
                    for m in merged
                    if m.date == d.date and d.date is not None and overlap(m.text, d.text) >= 0.6
                ),
                None,
            )
            if same is not None:
                same.articles = merge_ids(same.articles, ids)
                if len(d.text) > len(same.text):
                    same.text = d.text
                continue
            upcoming = d.date is not None and d.date[:10] > today.isoformat()[: len(d.date[:10])]
            merged.append(BriefDevelopment(d.date, d.date_text, d.text, list(ids), upcoming))
    # Chronological, undated last; ties keep the order of the articles.
    merged.sort(key=lambda d: (d.date is None, d.date or ""))
    return merged


def summary(developments: Sequence[BriefDevelopment], limit: int) -> list[BriefDevelopment]:
    """The most important dated developments, in date order.

    Importance: reported by more sources, then dated to the day rather than the
    month or year, then more recent. A sentence already chosen under another of
    its dates is not repeated.
    """
    dated = [d for d in developments if d.date and len(d.date) >= 7]
    ranked = sorted(
        dated, key=lambda d: (len(d.articles), len(d.date or "") == 10, d.date or ""), reverse=True
    )
    chosen: list[BriefDevelopment] = []
    for d in ranked:
        if len(chosen) >= limit:
            break
        if not any(overlap(d.text, c.text) >= 0.8 for c in chosen):
            chosen.append(d)
    return sorted(chosen, key=lambda d: d.date or "")
