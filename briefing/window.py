"""The period of the brief: --window as --since/--until, and the articles inside them
(those outside, or undated, are accounted as skipped)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from briefing.config import Settings
from briefing.ingest import IngestResult, display_path
from briefing.records import Article, Skipped


def resolve_window(settings: Settings) -> Settings:
    """--window Nd/Nw as since/until relative to the brief's today (explicit since/until win)."""
    days = settings.brief.window_days()
    if days is None:
        return settings
    today = settings.today()
    brief = settings.brief.model_copy(
        update={
            "since": settings.brief.since or today - dt.timedelta(days=days - 1),
            "until": settings.brief.until or today,
        }
    )
    return settings.model_copy(update={"brief": brief})


def select_window(result: IngestResult, settings: Settings, roots: Sequence[Path] = ()) -> list[Article]:
    """Articles inside --since/--until; outside or undated ones are accounted as skipped
    (named relative to the input ``roots``, see ``display_path``)."""
    since, until = settings.brief.since, settings.brief.until
    if since is None and until is None:
        return result.articles
    kept = []
    for article in result.articles:
        if article.published is None:
            result.skipped.append(
                Skipped(
                    display_path(article.path, roots),
                    "no published date, so not placeable in --since/--until",
                )
            )
        elif (since and article.published < since) or (until and article.published > until):
            result.skipped.append(
                Skipped(
                    display_path(article.path, roots), f"published {article.published}, outside the period"
                )
            )
        else:
            kept.append(article)
    # A duplicate whose representative left the window stands for itself again.
    ids = {a.id for a in kept}
    for article in kept:
        if article.duplicate_of and article.duplicate_of not in ids:
            article.duplicate_of = None
    return kept
