"""Throughput of a full build against spaCy's own floor.

    python -m benchmarks.throughput --synthetic 200        # generated articles
    python -m benchmarks.throughput --corpus corpus/samples

Reports articles/s, words/s, seconds per stage (ingest, analysis, compose,
render), peak memory, and the time of bare ``nlp.pipe`` over the same texts with
the same model and components (the floor), then the ratio product/floor.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import write_corpus
from briefing.analysis import analyse
from briefing.analysis.nlp import load_model
from briefing.analysis.themes import load_taxonomy
from briefing.compose import compose
from briefing.config import load_settings
from briefing.ingest import ingest
from briefing.render import render_all


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(corpus: Path, out: Path, formats: list[str]) -> dict[str, float]:
    settings = load_settings(overrides={"brief": {"today": "2022-03-01", "now": "2022-03-01T06:00:00+00:00"}})
    taxonomy = load_taxonomy(settings.themes.file)
    nlp = load_model(settings.model.name)
    nlp("warm up the pipeline once")
    times: dict[str, float] = {}

    start = time.perf_counter()
    ingested = ingest([corpus], settings.ingest)
    times["ingest"] = time.perf_counter() - start
    articles = ingested.articles
    texts = [a.text for a in articles if a.duplicate_of is None]
    words = sum(len(t.split()) for t in texts)

    start = time.perf_counter()
    analyses = analyse(articles, nlp, taxonomy, settings.themes.min_score, settings.model.batch_size)
    times["analysis"] = time.perf_counter() - start

    start = time.perf_counter()
    brief = compose(articles, analyses, ingested.skipped, taxonomy, settings)
    times["compose"] = time.perf_counter() - start

    start = time.perf_counter()
    render_all(brief, out, formats, settings.render)
    times["render"] = time.perf_counter() - start
    times["total"] = sum(times.values())

    # The floor: the same texts through the same pipeline, nothing else.
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=settings.model.batch_size):
        pass
    times["floor"] = time.perf_counter() - start
    times["articles"] = len(articles)
    times["words"] = words
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--corpus", type=Path, help="a folder of articles")
    source.add_argument("--synthetic", type=int, metavar="N", help="generate N distinct articles")
    parser.add_argument(
        "--formats", default="html,pdf,json", help="formats to render (default html,pdf,json)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            write_corpus(corpus, args.synthetic)
        t = run(corpus, Path(tmp) / "out", args.formats.split(","))
    n, words = int(t["articles"]), int(t["words"])
    print(f"articles          {n}")
    print(f"words             {words}")
    for stage in ("ingest", "analysis", "compose", "render", "total", "floor"):
        print(f"{stage + ' (s)':<17} {t[stage]:.2f}")
    print(f"articles/s        {n / t['total']:.1f}")
    print(f"words/s           {words / t['total']:.0f}")
    print(f"floor words/s     {words / t['floor']:.0f}")
    print(f"peak memory (MiB) {peak_rss_mib():.0f}")
    print(f"ratio total/floor {t['total'] / t['floor']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
