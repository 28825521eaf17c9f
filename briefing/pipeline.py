"""The orchestrator: the pipeline as one readable function per command.

build:   ingest -> select window -> analyse -> compose -> render
extract: ingest -> analyse (every article) -> per-article records with source offsets
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.analysis import analyse
from briefing.analysis.nlp import load_model
from briefing.analysis.themes import load_taxonomy
from briefing.compose import compose
from briefing.config import Settings
from briefing.errors import NoArticlesError, StrictError
from briefing.ingest import IngestResult, ingest
from briefing.records import Article, ArticleAnalysis, Brief, Skipped
from briefing.render import render_all

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    brief: Brief
    written: list[Path]
    ingested: IngestResult


def select_window(result: IngestResult, settings: Settings) -> list[Article]:
    """Articles inside --since/--until; outside or undated ones are accounted as skipped."""
    since, until = settings.brief.since, settings.brief.until
    if since is None and until is None:
        return result.articles
    kept = []
    for article in result.articles:
        if article.published is None:
            result.skipped.append(
                Skipped(article.path, "no published date, so not placeable in --since/--until")
            )
        elif (since and article.published < since) or (until and article.published > until):
            result.skipped.append(Skipped(article.path, f"published {article.published}, outside the period"))
        else:
            kept.append(article)
    # A duplicate whose representative left the window stands for itself again.
    ids = {a.id for a in kept}
    for article in kept:
        if article.duplicate_of and article.duplicate_of not in ids:
            article.duplicate_of = None
    return kept


def _ingest_checked(paths: Sequence[Path], settings: Settings) -> IngestResult:
    result = ingest(paths, settings.ingest)
    if settings.ingest.strict and result.skipped:
        first = result.skipped[0]
        raise StrictError(
            f"{len(result.skipped)} input(s) skipped, first {first.path}: {first.reason}",
            "fix or remove them, or run without --strict",
        )
    return result


def build(paths: Sequence[Path], out_dir: Path, settings: Settings) -> BuildResult:
    taxonomy = load_taxonomy(settings.themes.file)
    ingested = _ingest_checked(paths, settings)
    articles = select_window(ingested, settings)
    if not articles:
        raise NoArticlesError(
            f"no usable article in {', '.join(str(p) for p in paths)} ({len(ingested.skipped)} input(s) skipped)",
            "give files or folders of .txt, .md, .html, .json, .jsonl or feed files",
        )
    nlp = load_model(settings.model.name)
    analyses = analyse(articles, nlp, taxonomy, settings.themes.min_score, settings.model.batch_size)
    brief = compose(articles, analyses, ingested.skipped, taxonomy, settings)
    written = render_all(brief, out_dir, settings.render.formats, settings.render)
    return BuildResult(brief, written, ingested)


def _extraction_record(analysis: ArticleAnalysis) -> dict[str, Any]:
    article = analysis.article

    def span(start: int, end: int) -> tuple[int | None, int | None]:
        raw = article.to_raw(start, end)
        return raw if raw is not None else (None, None)

    quotes = []
    for q in analysis.quotes:
        start, end = span(q.start, q.end)
        quotes.append(
            {
                "text": q.text,
                "start": start,
                "end": end,
                "speaker": q.speaker,
                "speaker_role": q.speaker_role,
                "cue": q.cue,
                "kind": q.kind,
            }
        )
    timexes = []
    for t in analysis.timexes:
        start, end = span(t.start, t.end)
        timexes.append({"text": t.text, "start": start, "end": end, "type": t.type, "value": t.value})
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "quotes": quotes,
        "timexes": timexes,
    }


def extract(paths: Sequence[Path], settings: Settings) -> Iterator[dict[str, Any]]:
    """Per-article extraction records (quotes, temporal expressions) with source offsets."""
    taxonomy = load_taxonomy(settings.themes.file)
    ingested = _ingest_checked(paths, settings)
    if not ingested.articles:
        raise NoArticlesError(
            f"no usable article in {', '.join(str(p) for p in paths)}", "check the input paths"
        )
    for article in ingested.articles:
        article.duplicate_of = None  # extraction is per file: every article is analysed
    nlp = load_model(settings.model.name)
    for analysis in analyse(
        ingested.articles, nlp, taxonomy, settings.themes.min_score, settings.model.batch_size
    ):
        yield _extraction_record(analysis)
