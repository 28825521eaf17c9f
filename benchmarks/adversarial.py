"""Growth of every rule and extractor on adversarial text: linear or not?

    python -m benchmarks.adversarial [--quick] [--only NAME] [--bound 1.5]

Each extractor (boilerplate and metadata regexes, the cleaner, the format readers,
date parsing, the quote segmenter, and the spaCy-based extractors: quotes, temporal
expressions, developments, theme placement) runs on adversarial strings of growing
size (runs of quotation marks, no sentence breaks, bylines, share lines, date-like
tokens, brackets, many short sentences...). For each pair of sizes the growth
exponent log(t2/t1) / log(n2/n1) is reported: about 1 for linear work, 2 for
quadratic. The run fails (exit 1) if the exponent at the largest sizes exceeds
``--bound`` (default 1.5) for any case whose slowest run took more than 50 ms
(below that, timings are noise). The time bound lives here, not in the test suite.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

# Adversarial families: a unit repeated n times (n grows).
FAMILIES: dict[str, str] = {
    "straight-quotes": '"',
    "curly-quotes": "\u201c\u201d",
    "quote-words": '"a ',
    "apostrophes": "'s ",
    "no-breaks": "troops moved closer to the border ",
    "spaces": " \t",
    "digits": "1",
    "iso-dates": "2022-02-",
    "month-days": "February 30 ",
    "weekdays": "on Monday ",
    "byline": "By Aa ",
    "share": "share facebook twitter ",
    "brackets": "([image: ",
    "cookie": "we use cookies ",
    "sentences": "Officials said on Tuesday that talks would resume. ",
    "short-lines": "Line says hello.\n",
    "paragraphs": '"We will respond," he said.\n\n',
}
SIZES_TEXT = (2_000, 8_000, 32_000)
SIZES_NLP = (1_000, 4_000, 16_000)
SIZES_QUICK = (1_000, 4_000)


@dataclass
class Case:
    name: str
    run: Callable[[str], object]
    nlp: bool = False  # needs a parsed Doc (slower: smaller sizes)


def text(family: str, size: int) -> str:
    unit = FAMILIES[family]
    return (unit * (size // len(unit) + 1))[:size]


def _cases() -> list[Case]:
    import importlib

    from briefing.analysis.quotes import find_segments

    cl = importlib.import_module("briefing.ingest.clean")
    from briefing.ingest import formats

    line_rules, meta_rules = cl.rules()
    cases = [Case(f"line-rule:{r.kind}", (lambda rx: lambda s: rx.fullmatch(s))(r.regex)) for r in line_rules]
    cases += [
        Case(f"meta-rule:{r.field}", (lambda rx: lambda s: rx.fullmatch(s))(r.regex)) for r in meta_rules
    ]
    cases += [
        Case("clean", lambda s: cl.clean(s)),
        Case("clean:lines", lambda s: cl.clean(s.replace(" ", "\n"))),
        Case("classify", cl.classify),
        Case("read_meta_line", cl.read_meta_line),
        Case("parse_date", cl.parse_date),
        Case("read_markdown", lambda s: formats.read_markdown("---\ntitle: t\n---\n" + s)),
        Case("read_json", lambda s: _ignore(formats.read_json, json.dumps({"text": s, "title": s[:200]}))),
        Case("read_json:raw", lambda s: _ignore(formats.read_json, s)),
        Case("read_jsonl", lambda s: _ignore(formats.read_jsonl, s)),
        Case("find_segments", find_segments),
    ]
    cases += [
        Case("nlp:find_quotes", _nlp_quotes, nlp=True),
        Case("nlp:find_timexes", _nlp_timexes, nlp=True),
        Case("nlp:find_developments", _nlp_developments, nlp=True),
        Case("nlp:place", _nlp_place, nlp=True),
    ]
    return cases


def _ignore(fn: Callable[[str], object], arg: str) -> object:
    from briefing.ingest.formats import FormatError

    try:
        return fn(arg)
    except FormatError:
        return None


# spaCy-based cases: the Doc is parsed outside the timed call (parsing is spaCy's, and linear).
_DOCS: dict[str, object] = {}


def _doc(s: str):  # type: ignore[no-untyped-def]
    if s not in _DOCS:
        from briefing.analysis.nlp import load_model

        _DOCS.clear()
        _DOCS[s] = load_model()(s)
    return _DOCS[s]


def _nlp_quotes(s: str) -> object:
    from briefing.analysis.quotes import find_quotes

    return find_quotes(_doc(s))


def _nlp_timexes(s: str) -> object:
    import datetime as dt

    from briefing.analysis.timex import find_timexes

    return find_timexes(_doc(s), dt.date(2022, 2, 8))


def _nlp_developments(s: str) -> object:
    import datetime as dt

    from briefing.analysis.developments import find_developments
    from briefing.analysis.timex import find_timexes

    doc = _doc(s)
    return find_developments(doc, find_timexes(doc, dt.date(2022, 2, 8)), [])


def _nlp_place(s: str) -> object:
    from briefing.analysis.themes import load_taxonomy, place

    return place(_doc(s), load_taxonomy(None), 1.0, [])


def timed(fn: Callable[[str], object], arg: str, budget: float = 60.0) -> float:
    """Best of up to three runs (one if a run is slow)."""
    best = math.inf
    for _ in range(3):
        start = time.perf_counter()
        fn(arg)
        best = min(best, time.perf_counter() - start)
        if best > 0.5 or best > budget:
            break
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="two small sizes only")
    parser.add_argument("--only", help="run only cases whose name matches this regular expression")
    parser.add_argument("--family", help="run only families matching this regular expression")
    parser.add_argument("--bound", type=float, default=1.5, help="largest allowed growth exponent")
    args = parser.parse_args(argv)

    failures = []
    print(f"{'case':28} {'family':16} {'sizes':>18} {'seconds':>22} {'exponent':>8}")
    for case in _cases():
        if args.only and not re.search(args.only, case.name):
            continue
        sizes = SIZES_QUICK if args.quick else SIZES_NLP if case.nlp else SIZES_TEXT
        for family in FAMILIES:
            if args.family and not re.search(args.family, family):
                continue
            times = []
            for n in sizes:
                arg = text(family, n)
                if case.nlp:
                    _doc(arg)  # parse outside the timed call
                times.append(timed(case.run, arg))
            points = list(zip(sizes, times, strict=True))
            exps = [
                math.log(max(t2, 1e-6) / max(t1, 1e-6)) / math.log(n2 / n1)
                for (n1, t1), (n2, t2) in itertools.pairwise(points)
            ]
            worst = exps[-1]
            flagged = times[-1] > 0.05 and worst > args.bound
            if flagged:
                failures.append(f"{case.name} on {family}: exponent {worst:.2f}, {times[-1]:.2f}s")
            if flagged or times[-1] > 0.05:
                print(
                    f"{case.name:28} {family:16} {'/'.join(map(str, sizes)):>18} "
                    f"{'/'.join(f'{t:.3f}' for t in times):>22} {worst:8.2f}{'  SUPER-LINEAR' if flagged else ''}",
                    flush=True,
                )
    print(f"\n{len(failures)} super-linear case(s) (exponent > {args.bound} and > 50 ms)")
    for failure in failures:
        print("  " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
