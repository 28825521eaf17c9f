"""Time a first build against a second one with no new articles (each a fresh process).

    python -m benchmarks.nightly [--corpus corpus/samples] [--formats html,pdf,json,md]

Target (issue 7): the second build takes under 10% of the first.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(args: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one build in a fresh process; CPU is steadier on a busy machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "briefing", "-q", *args], check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", default="corpus/samples")
    parser.add_argument("--formats", default="html,pdf,json,md")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        args = ["build", options.corpus, "--out", str(Path(tmp) / "out"), "--archive"]
        args += ["--format", options.formats, "--today", "2022-02-08"]
        first = timed(args)
        second = timed(args)
        forced = timed([*args, "--force"])
    for label, (wall, cpu) in (
        ("first build", first),
        ("second, no new articles", second),
        ("second with --force (re-render)", forced),
    ):
        print(
            f"{label:<33} wall {wall:6.2f} s ({wall / first[0]:6.1%})   CPU {cpu:6.2f} s ({cpu / first[1]:6.1%})"
        )


if __name__ == "__main__":
    main()
