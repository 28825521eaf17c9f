"""Analysis and compose against the store, streaming: each article's analysis is taken
from the store or made now (in this process, local processes or a Dask cluster), merged
into the brief and dropped; the previous build's merge is resumed when this build's
articles extend its articles."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from briefing.config import Settings
from briefing.keys import analysis_version_for, content_hash
from briefing.progress import NO_PROGRESS, Progress
from briefing.records import Article, ArticleAnalysis, Brief, Skipped
from briefing.store import Store
from briefing.timing import StageTimes

if TYPE_CHECKING:
    from briefing.analysis.themes import Taxonomy

log = logging.getLogger(__name__)


STORE_BATCH = 64  # analyses written to the store per transaction


def analyse_articles(
    articles: Sequence[Article], settings: Settings, taxonomy: Taxonomy
) -> Iterator[ArticleAnalysis]:
    """Analyses of ``articles`` (each standing for itself), in order: in this process, in
    ``model.jobs`` local processes, or on the Dask cluster of ``executor.scheduler``."""
    executor, jobs = settings.executor.kind, settings.model.jobs
    if executor == "dask" or (jobs > 1 and len(articles) > 1):
        from briefing.analysis.parallel import analyse_dask, analyse_parallel, make_job

        job = make_job(
            settings.model.name,
            settings.themes.file,
            settings.themes.min_score,
            settings.model.batch_size,
            settings.themes.model,
            settings.themes.vectors,
        )
        if executor == "dask":
            log.info(
                "analysing %d article(s) on the Dask cluster %s", len(articles), settings.executor.scheduler
            )
            yield from analyse_dask(articles, job, settings.executor.scheduler)
        else:
            log.info("analysing %d article(s) in %d processes", len(articles), jobs)
            yield from analyse_parallel(articles, job, jobs)
        return
    from briefing.analysis import iter_analyse
    from briefing.analysis.nlp import load_model

    nlp = load_model(settings.model.name)
    yield from iter_analyse(articles, nlp, taxonomy, settings.themes.min_score, settings.model.batch_size)


def stream_analyses(
    articles: Sequence[Article],
    store: Store | None,
    settings: Settings,
    taxonomy: Taxonomy,
    analysed: list[Article],
) -> Iterator[ArticleAnalysis]:
    """The analyses of ``articles`` (each standing for itself), in order, one at a time:
    the store's, else analysed now (appended to ``analysed``, written to the store every
    ``STORE_BATCH``, so a killed build keeps what it analysed). Stored ones are read a batch
    at a time: no more than a batch of analyses is held here."""
    version = analysis_version_for(settings)
    have = store.stored(articles, version) if store is not None else set()
    todo = [a for a in articles if a.id not in have]
    analysed.extend(todo)
    fresh = analyse_articles(todo, settings, taxonomy) if todo else iter(())
    pending: list[ArticleAnalysis] = []
    try:
        for first in range(0, len(articles), STORE_BATCH):
            chunk = articles[first : first + STORE_BATCH]
            wanted = [a for a in chunk if a.id in have]
            stored = store.get_analyses(wanted, version) if store is not None and wanted else {}
            for article in chunk:
                result = stored.get(article.id)
                if result is None and article.id in have:  # unreadable after all: analyse it here
                    analysed.append(article)
                    (result,) = analyse_articles([article], settings, taxonomy)
                    pending.append(result)
                elif result is None:
                    result = next(fresh)
                    if result.article is not article:
                        raise RuntimeError(f"analyses out of order: {result.article.id} for {article.id}")
                    pending.append(result)
                yield result
            if store is not None and len(pending) >= STORE_BATCH:
                store.put_analyses(pending, version)
                pending = []
    finally:
        if store is not None and pending:
            store.put_analyses(pending, version)


def analyse_with_store(
    articles: Sequence[Article],
    store: Store | None,
    settings: Settings,
    taxonomy: Taxonomy,
    progress: Progress = NO_PROGRESS,
) -> list[Article]:
    """Analyse what the store lacks of the articles that stand for themselves; returns
    the articles analysed (the analyses go to the store, none is kept)."""
    analysed: list[Article] = []
    own = [a for a in articles if a.duplicate_of is None]
    stream = stream_analyses(own, store, settings, taxonomy, analysed)
    for _ in progress.track(stream, "analysing", len(own)):
        pass
    log.info("analysed %d article(s), %d from the store", len(analysed), len(own) - len(analysed))
    return analysed


def _compose_key(settings: Settings) -> str:
    from briefing.compose import compose_version

    return f"{analysis_version_for(settings)}|compose={compose_version()}"


def compose_with_store(
    articles: Sequence[Article],
    skipped: Sequence[Skipped],
    store: Store | None,
    settings: Settings,
    taxonomy: Taxonomy,
    progress: Progress = NO_PROGRESS,
    timings: StageTimes | None = None,
) -> tuple[Brief, list[Article]]:
    """Analyse (what the store lacks) and compose, streaming: each analysis is merged and
    dropped. When the store holds the previous build's merge and this build's articles
    start with that build's (same texts, dates and duplicates, in the same order), the merge
    resumes from it and only the articles after those are read or analysed: a nightly build
    with a few new articles costs about those articles. Returns the brief and the articles
    analysed."""
    from briefing.compose import Composer
    from briefing.compose.common import cluster_ids

    own = [a for a in articles if a.duplicate_of is None]
    clusters = cluster_ids(articles)
    entries = [
        [a.id, content_hash(a), a.published.isoformat() if a.published else None, clusters[a.id]] for a in own
    ]
    key = _compose_key(settings)
    composer, start = None, 0
    saved = store.get_compose_state(key) if store is not None else None
    if saved is not None and len(saved[0]) <= len(entries) and entries[: len(saved[0])] == saved[0]:
        try:
            composer, start = Composer.resume(articles, saved[1]), len(saved[0])
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("saved merge unusable (%s); composing from the analyses", exc)
    if composer is None:
        composer = Composer(articles)
    else:
        log.info("resuming the previous build's merge of %d article(s)", start)
    analysed: list[Article] = []
    timings = StageTimes() if timings is None else timings
    stream = timings.producing("analysis", stream_analyses(own[start:], store, settings, taxonomy, analysed))
    analysed_before = timings.get("analysis", 0.0)
    with timings.stage("compose"):  # (less the analysis it waits for, counted apart below)
        composer.extend(progress.track(stream, "analysing", len(own) - start))
        log.info("analysed %d article(s), %d from the store", len(analysed), len(own) - len(analysed))
        if store is not None and (start < len(own) or saved is None):
            store.put_compose_state(key, entries, composer.state())
        brief = composer.brief(articles, skipped, taxonomy, settings)
    timings["compose"] -= timings.get("analysis", 0.0) - analysed_before
    return brief, analysed
