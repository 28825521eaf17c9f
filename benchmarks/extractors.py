"""CPU of the analysis beyond spaCy, per extractor, on Docs parsed once beforehand.

    python -m benchmarks.extractors --corpus ../shared/corpus/realnews/ukraine-war-news
    python -m benchmarks.extractors --corpus DIR --reps 5 --cache /tmp/docs.spacy
    python -m benchmarks.extractors --corpus DIR --cache /tmp/docs.spacy --profile /tmp/an.prof

The articles are read as a build reads them, parsed once by ``nlp.pipe`` (its CPU time is
the reference; ``--cache`` keeps the Docs in a file for the next run, with that time), then
``analyse_doc`` runs over every Doc ``--reps`` times, each extractor timed in CPU seconds.
Before each pass the Docs' caches (``Doc.user_data``) are emptied, so every pass pays what
a build pays once per article. Prints, per pass and as the minimum over the passes, the
extractors' total as a share of the parse and each extractor's seconds. The minimum is the
figure on a shared machine: other work only ever adds time. ``--profile FILE`` writes
``cProfile``'s statistics of the passes (only the analysis: the Docs are parsed before).
"""

from __future__ import annotations

import argparse
import cProfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from briefing.threads import use_one_blas_thread

use_one_blas_thread()  # (before NumPy loads, as the product's entry points do)

import briefing.analysis as analysis  # noqa: E402
from briefing.config import load_settings  # noqa: E402

STAGES = (
    "heading_spans",
    "find_timexes",
    "find_quotes",
    "place",
    "date_quotes",
    "find_developments",
    "find_figures",
    "reported_after",
)


def _timed(name: str, seconds: dict[str, float]) -> Callable[..., Any]:
    function = getattr(analysis, name)

    def run(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[name] += time.process_time() - start

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a folder of articles")
    parser.add_argument("--reps", type=int, default=3, help="passes over the Docs (default 3)")
    parser.add_argument("--cache", type=Path, help="a file keeping the parsed Docs between runs")
    parser.add_argument("--profile", type=Path, help="write cProfile's statistics of the passes here")
    args = parser.parse_args(argv)

    from spacy.tokens import DocBin

    from briefing.analysis.nlp import load_model
    from briefing.analysis.themes import learn_examples, load_taxonomy
    from briefing.ingest import ingest

    settings = load_settings(None, {})
    articles = [
        a for a in ingest([args.corpus], settings.ingest, keep_raw=False).articles if a.duplicate_of is None
    ]
    nlp = load_model(settings.model.name)
    nlp("warm up the pipeline once")
    taxonomy = load_taxonomy(settings.themes.file, settings.themes.model)
    taxonomy.matchers(nlp.vocab)
    learn_examples(taxonomy, nlp)
    timing = args.cache.with_suffix(args.cache.suffix + ".seconds") if args.cache else None
    if args.cache and args.cache.exists() and timing is not None and timing.exists():
        docs = list(DocBin().from_disk(args.cache).get_docs(nlp.vocab))
        parse = float(timing.read_text())
    else:
        start = time.process_time()
        docs = list(nlp.pipe((a.text for a in articles), batch_size=settings.model.batch_size))
        parse = time.process_time() - start
        if args.cache and timing is not None:
            store = DocBin(store_user_data=False)
            for doc in docs:
                store.add(doc)
            store.to_disk(args.cache)
            timing.write_text(str(parse))
    if len(docs) != len(articles) or any(d.text != a.text for d, a in zip(docs, articles, strict=True)):
        raise SystemExit(f"{args.cache} holds other articles' Docs: delete it")
    for doc in docs:
        doc.user_data.clear()

    seconds: dict[str, float] = defaultdict(float)
    for name in STAGES:
        setattr(analysis, name, _timed(name, seconds))
    totals: list[float] = []
    best: dict[str, float] = {}
    print(f"{len(articles)} articles; nlp.pipe {parse:.2f} s CPU")
    profiler = cProfile.Profile() if args.profile else None
    with analysis.frozen_heap():
        for rep in range(args.reps):
            for doc in docs:
                doc.user_data.clear()
            seconds.clear()
            if profiler is not None:
                profiler.enable()
            start = time.process_time()
            for article, doc in zip(articles, docs, strict=True):
                analysis.analyse_doc(article, doc, taxonomy, settings.themes.min_score)
            totals.append(time.process_time() - start)
            if profiler is not None:
                profiler.disable()
            best = {k: min(best.get(k, v), v) for k, v in seconds.items()}
            parts = " ".join(
                f"{k} {v:.2f}" for k, v in sorted(seconds.items(), key=lambda kv: -kv[1]) if v >= 0.005
            )
            print(f"pass {rep + 1}: {totals[-1]:.2f} s ({totals[-1] / parse:.1%} of nlp.pipe): {parts}")
    parts = " ".join(f"{k} {v:.2f}" for k, v in sorted(best.items(), key=lambda kv: -kv[1]) if v >= 0.005)
    if profiler is not None and args.profile is not None:
        profiler.dump_stats(args.profile)
    print(f"minimum: {min(totals):.2f} s ({min(totals) / parse:.1%} of nlp.pipe): {parts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
