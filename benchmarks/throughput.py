"""Throughput of a full build against spaCy's own floor, and its scaling.

    python -m benchmarks.throughput --synthetic 200              # generated articles
    python -m benchmarks.throughput --corpus corpus/samples      # any folder of articles
    python -m benchmarks.throughput --corpus ../shared/corpus/realnews --config realnews.toml
    python -m benchmarks.throughput --synthetic 200 --jobs 2     # analysis in 2 processes
    python -m benchmarks.throughput --synthetic 1000 --nightly 10  # + an incremental build
    python -m benchmarks.throughput --synthetic 5000 --ingest-only  # ingest + dedup alone

Reports articles/s, words/s, seconds per stage (ingest, analysis, compose, render),
peak memory (RSS of this process and of any analysis workers), and the time of bare
``nlp.pipe`` over the same texts with the same model and components (the floor), then
the ratio product/floor. The floor is timed in a fresh process (see ``floor``), once
before the product and once after, and the two are averaged. ``--ingest-only`` times
ingest (reading, cleaning, near-duplicate detection) alone and prints its peak memory,
without loading spaCy. ``--nightly K`` then builds through the store (``briefing build``'s
path): a full build of the corpus, then one with K new articles, and prints the second as
a share of the first. ``--floor-first`` times the floor once, in this process, before the
product (peak memory is then the larger of the two).
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

from briefing.threads import use_one_blas_thread

# The product's entry points ask for one BLAS thread before NumPy loads (briefing/threads.py):
# so does this one, which runs the product in its own process.
use_one_blas_thread()

from benchmarks.synthetic import write_corpus  # noqa: E402
from briefing.config import Settings, load_settings  # noqa: E402
from briefing.ingest import ingest  # noqa: E402
from briefing.records import Article  # noqa: E402

CLOCK = {"today": "2022-03-01", "now": "2022-03-01T06:00:00+00:00"}


def peak_rss_mib() -> tuple[float, float]:
    """Peak RSS (MiB) of this process and of its largest finished child (analysis workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def _settings(jobs: int, formats: list[str], config: Path | None = None) -> Settings:
    """The benchmark's settings; ``config`` (--config) first, e.g. a real corpus's column mapping."""
    overrides = {"brief": CLOCK, "model": {"jobs": jobs}, "render": {"formats": formats}}
    return load_settings(config, overrides)


def floor(articles: list[Article], settings: Settings, fresh: bool = True) -> float:
    """Bare nlp.pipe over the articles' texts, with the same model and components.

    By default timed in a fresh process, warmed up as the product is (one short text): both
    then make the same first pass over these texts. A second pass in the same process runs
    about 3% faster (spaCy keeps what it learnt of the words), which would flatter a floor
    timed after the product."""
    texts = [a.text for a in articles]
    if not fresh:
        return _time_pipe(texts, settings.model.name, settings.model.batch_size)
    # A bare process and a pipe, not a process pool: a pool runs threads in this process,
    # and a process that has ever had a second thread stays slower for good (see
    # briefing/threads.py), which would slow the product timed here after the floor.
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_send_pipe_time, args=(send, texts, settings.model.name, settings.model.batch_size)
    )
    child.start()
    send.close()
    try:
        seconds: float = receive.recv()
    except EOFError:  # the child died before sending
        seconds = float("nan")
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"the floor's process failed (exit code {child.exitcode})")
    return seconds


def _send_pipe_time(send: Connection, texts: list[str], model: str, batch_size: int) -> None:
    send.send(_time_pipe(texts, model, batch_size))
    send.close()


def _time_pipe(texts: list[str], model: str, batch_size: int) -> float:
    from briefing.analysis.nlp import load_model

    nlp = load_model(model)
    nlp("warm up the pipeline once")
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - start


def run(
    corpus: Path,
    out: Path,
    formats: list[str],
    jobs: int = 1,
    floor_first: bool = False,
    no_floor: bool = False,
    config: Path | None = None,
) -> dict[str, float]:
    """One full build of ``corpus`` into ``out`` through the pipeline (``briefing.pipeline.build``,
    as ``briefing build`` runs it), with the pipeline's own stage timings; the floor is timed
    on the same articles, read beforehand."""
    from briefing.analysis.nlp import load_model
    from briefing.pipeline import build

    settings = _settings(jobs, formats, config)
    if jobs == 1 or floor_first:
        load_model(settings.model.name)("warm up the pipeline once")
    times: dict[str, float] = {}
    ingested = ingest([corpus], settings.ingest, keep_raw=False)  # (for the floor's texts and the counts)
    articles = ingested.articles
    own = [a for a in articles if a.duplicate_of is None]
    words = sum(len(a.text.split()) for a in own)
    if floor_first:
        times["floor"] = floor(own, settings, fresh=False)
    elif not no_floor:
        # Timed before the product and again after it, and averaged: a shared machine's
        # speed drifts over minutes, and the two runs bracket the product's.
        times["floor_before"] = floor(own, settings)

    started = time.perf_counter()
    result = build([corpus], out, settings, force=True)
    wall = time.perf_counter() - started
    assert result.brief is not None
    times.update(result.timings)
    times["total"] = wall  # the whole build, with the PDF worker's exit and publishing
    times["rss"], times["rss_workers"] = peak_rss_mib()
    if no_floor:
        times["floor"] = float("nan")
    elif not floor_first:
        times["floor_after"] = floor(own, settings)
        times["floor"] = (times["floor_before"] + times["floor_after"]) / 2
    times["articles"] = len(articles)
    times["skipped"] = len(result.ingested.skipped)
    times["words"] = words
    times["timeline_shown"] = len(result.brief.timeline_shown)
    times["developments"] = len(result.brief.developments)
    return times


def nightly(
    corpus: Path,
    new: int,
    start_seed: int,
    out: Path,
    formats: list[str],
    jobs: int,
    config: Path | None = None,
) -> tuple[float, float]:
    """(full build, build with ``new`` more articles) in seconds, through the store, with
    the settings of the run it follows (``config``)."""
    from briefing.pipeline import build

    settings = _settings(jobs, formats, config)
    started = time.perf_counter()
    build([corpus], out, settings)
    full = time.perf_counter() - started
    write_corpus(corpus, new, start=start_seed)
    started = time.perf_counter()
    result = build([corpus], out, settings)
    incremental = time.perf_counter() - started
    assert len(result.analysed) == new, result.analysed
    return full, incremental


def ingest_only(corpus: Path, config: Path | None = None) -> int:
    settings = _settings(1, ["json"], config)
    started = time.perf_counter()
    result = ingest([corpus], settings.ingest, keep_raw=False)
    seconds = time.perf_counter() - started
    folded = sum(a.duplicate_of is not None for a in result.articles)
    print(f"articles          {len(result.articles)} ({folded} folded as near-duplicates)")
    print(f"ingest (s)        {seconds:.2f}")
    print(f"peak memory (MiB) {peak_rss_mib()[0]:.0f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--corpus", type=Path, help="a folder of articles")
    source.add_argument("--synthetic", type=int, metavar="N", help="generate N distinct articles")
    parser.add_argument(
        "--formats", default="html,pdf,json", help="formats to render (default html,pdf,json)"
    )
    parser.add_argument("--jobs", type=int, default=1, help="processes for the analysis (default 1)")
    parser.add_argument(
        "--config", type=Path, help="settings file (e.g. [[ingest.columns]] for a real corpus's tables)"
    )
    parser.add_argument("--floor-first", action="store_true", help="time the floor before the product")
    parser.add_argument("--no-floor", action="store_true", help="skip the floor (e.g. memory runs)")
    parser.add_argument("--ingest-only", action="store_true", help="time ingest alone (no spaCy)")
    parser.add_argument(
        "--nightly",
        type=int,
        metavar="K",
        help="then time a store build with K new articles against a full one",
    )
    args = parser.parse_args(argv)
    if args.nightly and args.synthetic is None:
        parser.error("--nightly needs --synthetic (it adds generated articles)")
    formats = args.formats.split(",")
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            write_corpus(corpus, args.synthetic)
        if args.ingest_only:
            return ingest_only(corpus, args.config)
        t = run(corpus, Path(tmp) / "out", formats, args.jobs, args.floor_first, args.no_floor, args.config)
        if args.nightly:
            full, incremental = nightly(
                corpus, args.nightly, args.synthetic, Path(tmp) / "nightly", formats, args.jobs, args.config
            )
    n, words = int(t["articles"]), int(t["words"])
    print(f"articles          {n}")
    print(f"inputs skipped    {int(t['skipped'])}")
    print(f"words             {words}")
    print(f"jobs              {args.jobs}")
    for stage in ("ingest", "analysis", "compose", "render", "total", "floor"):
        print(f"{stage + ' (s)':<17} {t[stage]:.2f}")
    if "floor_before" in t:
        print(f"floor runs (s)    {t['floor_before']:.2f} before, {t['floor_after']:.2f} after the product")
    print(f"articles/s        {n / t['total']:.1f}")
    print(f"words/s           {words / t['total']:.0f}")
    print(f"analysis words/s  {words / t['analysis']:.0f}")
    print(f"floor words/s     {words / t['floor']:.0f}")
    print(f"timeline shown    {int(t['timeline_shown'])} of {int(t['developments'])} developments")
    # Child processes: analysis workers, and the floor's processes unless --no-floor.
    print(f"peak memory (MiB) {t['rss']:.0f} (largest child process {t['rss_workers']:.0f})")
    print(f"ratio total/floor {t['total'] / t['floor']:.2f}")
    if args.nightly:
        print(f"full build (s)    {full:.2f}")
        print(f"+{args.nightly} articles (s) {incremental:.2f}")
        print(f"ratio nightly/full {incremental / full:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
