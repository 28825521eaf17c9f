"""Analysing many articles: in this process, in N local processes, or on a Dask cluster.

The analysis of an article is a pure function of the article, the spaCy model and the
taxonomy, so articles are cut into chunks and each chunk is analysed wherever there is a
core: a worker loads the model once, analyses its chunks and returns the small result
records (as the store keeps them, without the Docs), which are attached to the articles
here, in the articles' order. Each worker also returns its analysis version (model, spaCy,
taxonomy, rules), and a worker running other code or another model is an error rather
than a silently different brief.

    local, jobs=1   analyse() in this process (nlp.pipe streams; no Doc is kept)
    local, jobs=N   a pool of N processes (spawned: each imports and loads on its own)
    dask            the chunks as tasks on a dask.distributed cluster (``scheduler``)
"""

from __future__ import annotations

import functools
import logging
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.errors import ConfigError
from briefing.keys import analysis_version
from briefing.records import Article, ArticleAnalysis
from briefing.records_json import analysis_from_dict, analysis_to_dict, article_from_dict, article_to_dict

log = logging.getLogger(__name__)

CHUNK = 16  # articles per task: large enough to batch nlp.pipe, small enough to balance


@dataclass(frozen=True)
class Job:
    """What a worker needs besides the articles (small and picklable)."""

    model: str
    taxonomy_text: str | None  # the taxonomy file's content (None: the packaged one)
    taxonomy_file: str | None  # its path as the coordinator names it (part of the version)
    min_score: float
    batch_size: int
    theme_model: str = ""  # themes.model: "" the packaged placement model, "none", or a file
    theme_vectors: str = ""  # themes.vectors: "" the packaged word vectors, or a file


def make_job(
    model: str,
    taxonomy_file: Path | None,
    min_score: float,
    batch_size: int,
    theme_model: str = "",
    theme_vectors: str = "",
) -> Job:
    text = None
    if taxonomy_file is not None:
        try:
            text = taxonomy_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"cannot read taxonomy {taxonomy_file}: {exc}", "check the --themes path"
            ) from exc
    return Job(
        model,
        text,
        str(taxonomy_file) if taxonomy_file else None,
        min_score,
        batch_size,
        theme_model,
        theme_vectors,
    )


@functools.lru_cache(maxsize=4)
def _taxonomy(text: str | None, source: str | None, theme_model: str, theme_vectors: str) -> Any:
    from briefing.analysis.themes import load_taxonomy, parse_taxonomy
    from briefing.analysis.themes.model import load_model

    if text is None:
        return load_taxonomy(None, theme_model, theme_vectors)
    taxonomy = parse_taxonomy(tomllib.loads(text), source or "taxonomy")
    taxonomy.model = load_model(theme_model, theme_vectors)
    return taxonomy


def worker_version(job: Job) -> str:
    """The analysis version as a worker computes it (equal to the coordinator's when the
    worker runs the same code, model and spaCy)."""
    # The taxonomy part hashes the file: the worker has the text, not necessarily the file.
    import hashlib

    version = analysis_version(job.model, None, job.min_score, job.theme_model, job.theme_vectors)
    if job.taxonomy_text is None:
        return version
    digest = hashlib.sha256(job.taxonomy_text.encode("utf-8")).hexdigest()[:16]
    return version.replace("taxonomy=packaged", f"taxonomy=text:{digest}")


def analyse_chunk(job: Job, records: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """A worker's task: the articles (as dicts) -> (its analysis version, the analyses as dicts)."""
    from briefing.analysis import analyse
    from briefing.analysis.nlp import load_model

    articles = [article_from_dict(r) for r in records]
    nlp = load_model(job.model)
    taxonomy = _taxonomy(job.taxonomy_text, job.taxonomy_file, job.theme_model, job.theme_vectors)
    results = analyse(articles, nlp, taxonomy, job.min_score, job.batch_size)
    return worker_version(job), [analysis_to_dict(r) for r in results]


def _chunks(articles: Sequence[Article], size: int, workers: int = 0) -> list[list[Article]]:
    """Chunks of ``size`` articles; with ``workers``, smaller towards the end (each at most
    a ``2 * workers``-th of what is left), so the workers finish at about the same time
    instead of one analysing a last full chunk while the others wait."""
    out, first = [], 0
    while first < len(articles):
        left = len(articles) - first
        step = min(size, max(1, -(-left // (2 * workers)))) if workers else size
        out.append(list(articles[first : first + step]))
        first += step
    return out


def _payload(chunk: list[Article]) -> list[dict[str, Any]]:
    out = []
    for article in chunk:
        record = article_to_dict(article)
        record["raw_text"] = ""  # the analysis reads the clean paragraphs only
        out.append(record)
    return out


def _attach(
    chunks: list[list[Article]],
    results: Iterable[tuple[str, list[dict[str, Any]]]],
    expected: str,
    where: str,
) -> Iterator[ArticleAnalysis]:
    for chunk, (version, analyses) in zip(chunks, results, strict=True):
        if version != expected:
            raise ConfigError(
                f"{where} analysed with another setup ({version}) than this machine ({expected})",
                "install the same briefing version, spaCy model and spaCy on every worker",
            )
        for article, data in zip(chunk, analyses, strict=True):
            yield analysis_from_dict(article, data)


def analyse_parallel(
    articles: Sequence[Article], job: Job, jobs: int, chunk: int = CHUNK
) -> Iterator[ArticleAnalysis]:
    """Analyses of ``articles`` (each must stand for itself) by ``jobs`` local processes, in order."""
    import concurrent.futures
    import multiprocessing

    from briefing.threads import use_one_blas_thread

    chunks = _chunks(articles, chunk, jobs)
    context = multiprocessing.get_context("spawn")
    # each worker asks for one BLAS thread before its first task loads NumPy
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=use_one_blas_thread
    ) as pool:
        results = pool.map(analyse_chunk, [job] * len(chunks), [_payload(c) for c in chunks])
        yield from _attach(chunks, results, worker_version(job), "a worker process")


def analyse_dask(
    articles: Sequence[Article], job: Job, scheduler: str, chunk: int = CHUNK
) -> Iterator[ArticleAnalysis]:
    """Analyses of ``articles`` as tasks on the Dask cluster at ``scheduler``, in order."""
    try:
        from dask.distributed import Client
    except ImportError as exc:
        raise ConfigError(
            "--executor dask needs dask.distributed", "install briefing with the 'dask' extra"
        ) from exc
    if not scheduler:
        raise ConfigError("--executor dask needs a scheduler address", "pass --scheduler tcp://HOST:8786")
    try:
        client = Client(scheduler, timeout=30, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ConfigError(
            f"cannot reach the Dask scheduler at {scheduler}: {exc}", "check --scheduler and that it runs"
        ) from exc
    try:
        chunks = _chunks(articles, chunk)
        futures = [client.submit(analyse_chunk, job, _payload(c), pure=False) for c in chunks]
        log.info("%d task(s) of up to %d article(s) sent to %s", len(futures), chunk, scheduler)
        results = (future.result() for future in futures)  # in order; each released once read
        yield from _attach(chunks, results, worker_version(job), f"a Dask worker of {scheduler}")
    finally:
        client.close()
