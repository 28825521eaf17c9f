"""The orchestrator: the pipeline as one readable function per command.

build:   lock OUT -> ingest (+ the store's inbox) -> select window -> analyse what the
         store lacks and compose, one article at a time (resuming the previous build's
         merge when the articles extend its articles) -> mark what's new -> render into a
         temporary folder -> publish atomically (OUT/brief.* or OUT/YYYY-MM-DD + OUT/latest)
         [-> send]
ingest:  an inbox folder into the store (a later build takes those articles)
rebuild: the store recreated from the articles (it is a cache)
extract: ingest -> analyse (every article) -> per-article records with source offsets

The heavy stages (spaCy, WeasyPrint) are imported only when a build needs them, and
files the store recorded with the same size and times are not read again (their
articles and dedup signatures come from the store), so a build whose inputs did not
change costs little more than listing them, and one with a few new articles after the
others costs about those articles plus rendering. No build holds every article's analysis
at once: each is merged into the brief and dropped.

Stages with modules of their own: ``window`` (the period's articles), ``incremental``
(analysis and compose against the store), ``keys`` (what a stored or published result
depends on).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from briefing import archive
from briefing.config import Settings
from briefing.errors import NoArticlesError, StrictError
from briefing.formats import names as format_names
from briefing.incremental import (
    analyse_with_store,
    compose_with_store,
)
from briefing.ingest import FileCache, IngestResult, ingest, ingest_version, number_and_mark
from briefing.ingest.formats import READERS
from briefing.ingest.tables import TABLE_SUFFIXES
from briefing.keys import analysis_version_for, fingerprint
from briefing.progress import NO_PROGRESS, Progress
from briefing.records import Brief, Skipped
from briefing.store import Store, open_store, remove_store
from briefing.timing import StageTimes
from briefing.window import resolve_window, select_window

if TYPE_CHECKING:
    from briefing.deliver import Delivery

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    brief: Brief | None  # None when the published brief was already up to date
    written: list[Path]
    ingested: IngestResult
    status: Literal["built", "unchanged"] = "built"
    folder: Path | None = None  # where the brief is read from: OUT, or OUT/YYYY-MM-DD
    analysed: list[str] = field(default_factory=list)  # paths of the articles analysed by this build
    reused: int = 0  # analyses taken from the store
    delivery: Delivery | None = None
    timings: StageTimes = field(default_factory=StageTimes)  # seconds per stage (ingest, analysis, ...)


def _ingest_checked(
    paths: Sequence[Path],
    settings: Settings,
    store: FileCache | None = None,
    keep_raw: bool = False,
    progress: Progress = NO_PROGRESS,
) -> IngestResult:
    """Ingest (unchanged files taken from the store); --strict turns a skipped input into
    an error. The decoded sources are kept only for ``keep_raw`` (extract's offsets)."""
    result = ingest(paths, settings.ingest, cache=store, keep_raw=keep_raw, progress=progress)
    if settings.ingest.strict and result.skipped:
        first = result.skipped[0]
        raise StrictError(
            f"{len(result.skipped)} input(s) skipped, first {first.path}: {first.reason}",
            "fix or remove them, or run without --strict",
        )
    return result


def store_path(out_dir: Path, settings: Settings) -> Path:
    return settings.store.path or archive.default_store_path(out_dir)


def _open(out_dir: Path, settings: Settings) -> Store | None:
    return open_store(store_path(out_dir, settings)) if settings.store.enabled else None


def _with_inbox(ingested: IngestResult, store: Store | None, settings: Settings) -> None:
    """Add the store's inbox articles to those read from the paths (the paths win on a clash)."""
    inbox = store.inbox_entries() if store is not None else []
    known = {a.path for a in ingested.articles}
    extra = [(a, signature) for a, signature in inbox if a.path not in known]
    if not extra:
        return
    first = len(ingested.articles)
    ingested.articles.extend(a for a, _ in extra)
    ingested.signatures.extend(signature for _, signature in extra)
    number_and_mark(ingested, settings.ingest)
    if store is not None and any(signature is None for _, signature in extra):
        store.put_articles(ingested.articles[first:], inbox=True, signatures=ingested.signatures[first:])
    log.info("%d article(s) from the inbox in the store", len(extra))


def build(
    paths: Sequence[Path],
    out_dir: Path,
    settings: Settings,
    *,
    force: bool = False,
    send: bool = False,
    progress: Progress = NO_PROGRESS,
) -> BuildResult:
    """Build the brief into OUT (under OUT's lock); ``send`` then mails it (see deliver).
    ``progress`` shows the files read, the articles analysed and the formats rendered."""
    settings = resolve_window(settings)
    with archive.output_lock(out_dir, settings.archive.lock_timeout):
        archive.clean_stale(out_dir)
        result = _build_locked(paths, out_dir, settings, force, progress)
        if send:
            from briefing.deliver import send_latest

            result.delivery = send_latest(out_dir, settings)
    return result


def _build_locked(
    paths: Sequence[Path], out_dir: Path, settings: Settings, force: bool, progress: Progress
) -> BuildResult:
    with contextlib.ExitStack() as resources:  # the PDF worker, if one is started
        return _build_with(paths, out_dir, settings, force, resources, progress)


def _build_with(
    paths: Sequence[Path],
    out_dir: Path,
    settings: Settings,
    force: bool,
    resources: contextlib.ExitStack,
    progress: Progress,
) -> BuildResult:
    timings = StageTimes()
    store = _open(out_dir, settings)
    try:
        with timings.stage("ingest"):
            ingested = _ingest_checked(paths, settings, store, progress=progress)
            if store is not None:
                store.put_files(ingested.read, ingest_version(settings.ingest))
                _with_inbox(ingested, store, settings)
        log.info("%d file(s) unchanged since the store recorded them", ingested.recalled)
        articles = select_window(ingested, settings, paths)
        if not articles:
            where = ", ".join(str(p) for p in paths) or "the store's inbox"
            raise NoArticlesError(
                f"no usable article in {where} ({len(ingested.skipped)} input(s) skipped)",
                "give files or folders of " + ", ".join(sorted({*READERS, *TABLE_SUFFIXES})) + " files",
            )
        today = settings.today()
        archived = settings.archive.enabled
        formats = list(settings.render.formats)
        previous = archive.previous_brief(out_dir, today)
        stamp = fingerprint(articles, ingested.skipped, settings, previous[2] if previous else None)
        if not force and archive.is_up_to_date(out_dir, today, archived, stamp, formats):
            folder = archive.published_dir(out_dir, today, archived)
            log.info("the brief in %s is up to date: nothing to do", out_dir)
            shown = out_dir / today.isoformat() if archived else out_dir
            written = [shown / f"brief.{fmt}" for fmt in formats] if folder else []
            return BuildResult(None, written, ingested, status="unchanged", folder=shown, timings=timings)

        from briefing.analysis.themes import load_taxonomy
        from briefing.render import prepare, render_all
        from briefing.render.json_out import brief_json
        from briefing.render.pdf import PdfWorker

        # Started now, so that it readies WeasyPrint while the articles are analysed.
        pdf_worker = resources.enter_context(PdfWorker()) if "pdf" in formats else None
        taxonomy = load_taxonomy(settings.themes.file, settings.themes.model, settings.themes.vectors)
        brief, analysed = compose_with_store(
            articles, ingested.skipped, store, settings, taxonomy, progress, timings
        )
        reused = sum(a.duplicate_of is None for a in articles) - len(analysed)
    finally:
        if store is not None:
            store.close()
    with timings.stage("compose"):
        archive.mark_new(brief, previous[:2] if previous else None)
    with timings.stage("render"):
        workdir = archive.new_workdir(out_dir)
        try:
            # The PDF's layout starts in its worker now; brief.json is serialised meanwhile.
            job = prepare(brief, formats, settings.render, pdf_worker)
            data = job.data = brief_json(brief)
            render_all(job, workdir, progress)
            archive.write_stamp(workdir, stamp)
            folder = archive.publish(out_dir, workdir, today, archived)
        except BaseException:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)
            raise
        archive.save_history(out_dir, today, data, settings.archive.history_days)
    for line in timings.lines():
        log.info("%s", line)
    written = [folder / f"brief.{fmt}" for fmt in format_names() if fmt in formats]
    for path in written:
        log.info("wrote %s", path)
    return BuildResult(
        brief,
        written,
        ingested,
        folder=folder,
        analysed=[a.path for a in analysed],
        reused=reused,
        timings=timings,
    )


@dataclass
class StoreReport:
    path: Path
    articles: int  # articles read from the paths
    added: int  # new or changed in the store
    analysed: int = 0
    skipped: list[Skipped] = field(default_factory=list)


def ingest_inbox(paths: Sequence[Path], out_dir: Path, settings: Settings) -> StoreReport:
    """Read an inbox folder into the store; the next build of OUT includes those articles.

    The files stay where they are: the store is a cache, they are the articles."""
    with open_store(store_path(out_dir, settings)) as store:
        ingested = _ingest_checked(paths, settings, store)
        added = store.put_articles(ingested.articles, inbox=True, signatures=ingested.signatures)
        store.put_files(ingested.read, ingest_version(settings.ingest))
    log.info("%d article(s) read, %d new or changed", len(ingested.articles), added)
    return StoreReport(store.path, len(ingested.articles), added, skipped=ingested.skipped)


def rebuild_store(
    paths: Sequence[Path],
    inbox: Sequence[Path],
    out_dir: Path,
    settings: Settings,
    progress: Progress = NO_PROGRESS,
) -> StoreReport:
    """Recreate OUT's store (damaged, foreign or lost) from the articles, analysing them all."""
    from briefing.analysis.themes import load_taxonomy

    taxonomy = load_taxonomy(settings.themes.file, settings.themes.model, settings.themes.vectors)
    path = store_path(out_dir, settings)
    with archive.output_lock(out_dir, settings.archive.lock_timeout):
        remove_store(path)
        with open_store(path) as store:
            from_paths = (
                _ingest_checked(paths, settings, store, progress=progress) if paths else IngestResult()
            )
            from_inbox = _ingest_checked(inbox, settings, store) if inbox else IngestResult()
            added = store.put_articles(from_paths.articles, signatures=from_paths.signatures)
            added += store.put_articles(from_inbox.articles, inbox=True, signatures=from_inbox.signatures)
            store.put_files(from_paths.read + from_inbox.read, ingest_version(settings.ingest))
            everything = IngestResult(
                from_paths.articles + from_inbox.articles,
                from_paths.skipped + from_inbox.skipped,
                signatures=from_paths.signatures + from_inbox.signatures,
            )
            number_and_mark(everything, settings.ingest)
            analysed = analyse_with_store(everything.articles, store, settings, taxonomy, progress)
            store.prune(analysis_version_for(settings))
    return StoreReport(path, len(everything.articles), added, len(analysed), everything.skipped)


def extract(paths: Sequence[Path], settings: Settings) -> Iterator[dict[str, Any]]:
    """Per-article extraction records (quotes, temporal expressions) with source offsets."""
    from briefing.analysis import analyse
    from briefing.analysis.nlp import load_model
    from briefing.analysis.themes import load_taxonomy
    from briefing.render.extraction import extraction_record

    taxonomy = load_taxonomy(settings.themes.file, settings.themes.model, settings.themes.vectors)
    ingested = _ingest_checked(paths, settings, keep_raw=True)
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
        yield extraction_record(analysis)
