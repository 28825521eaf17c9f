"""Nightly builds through the store, each in a fresh process as a cron job runs them.

    python -m benchmarks.nightly [--corpus corpus/samples] [--formats html,pdf,json,md]
    python -m benchmarks.nightly --synthetic 1000 --new 10 [--formats html,pdf,json]

A first (full) build, a second one with no new articles, one with --force (re-render),
and with --new K one with K new articles (generated, like --synthetic's) beside the
others. Targets: the second build under 10% of the first (issue 7); the build with 10
new articles in a store of 1,000 at most 3% of the full one (issue 19). The corpus is left at rest
for a moment before the first build, as files collected during the day are: a file
changed within the file system's clock tick of being read is read again next time.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import write_corpus
from briefing.ingest import RACY_NS


def timed(args: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one build in a fresh process; CPU is steadier on a busy machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "briefing", "-q", *args], check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--corpus", default="corpus/samples")
    source.add_argument("--synthetic", type=int, metavar="N", help="generate N distinct articles")
    parser.add_argument("--new", type=int, default=0, metavar="K", help="then add K new articles")
    parser.add_argument("--formats", default="html,pdf,json,md")
    options = parser.parse_args()
    if options.new and options.synthetic is None:
        parser.error("--new needs --synthetic (it adds generated articles)")
    runs: list[tuple[str, tuple[float, float]]] = []
    with tempfile.TemporaryDirectory(prefix="briefing-nightly-") as tmp:
        corpus = options.corpus
        if options.synthetic is not None:
            corpus = str(Path(tmp) / "corpus")
            write_corpus(Path(corpus), options.synthetic)
            time.sleep(RACY_NS / 1e9)  # files at rest before the night's build
        out = Path(tmp) / "out"
        args = ["build", corpus, "--out", str(out), "--archive"]
        args += ["--format", options.formats, "--today", "2022-03-01"]
        runs.append(("first build", timed(args)))
        runs.append(("second, no new articles", timed(args)))
        runs.append(("second with --force (re-render)", timed([*args, "--force"])))
        if options.new:
            write_corpus(Path(corpus), options.new, start=options.synthetic)
            runs.append((f"+{options.new} new articles", timed(args)))
            brief = json.loads((out / "latest" / "brief.json").read_text(encoding="utf-8"))
            assert len(brief["articles"]) == options.synthetic + options.new, len(brief["articles"])
    first = runs[0][1]
    for label, (wall, cpu) in runs:
        print(
            f"{label:<33} wall {wall:7.2f} s ({wall / first[0]:6.1%})   CPU {cpu:7.2f} s ({cpu / first[1]:6.1%})"
        )


if __name__ == "__main__":
    main()
