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

Sizes are chosen for the fit to mean something: a growth exponent only shows at sizes
where the extractor's per-item work outweighs its fixed costs, and a case is only judged
once its slowest run takes 50 ms, so the spaCy-based cases run up to 64,000 characters
(about 11,000-43,000 tokens; at 16,000 most of them never reached 50 ms and went
unjudged) and ``--scale`` multiplies every size for a deeper look. Each Doc is parsed
once, outside the timings, and every timed run gets a fresh copy of it: the per-Doc caches
(``briefing/analysis/doccache.py``) one run or extractor builds would otherwise make the
next look cheaper. Every timing is the best of ``--repeat`` runs (the machine is shared;
fewer if they pass two seconds), after a garbage collection, so that one run does not pay
for the last one's garbage. A size whose time, extrapolated from the last two, would pass
``--limit`` is skipped and the case judged on the sizes it ran; so is a family whose parse
would. The tokenizer itself is timed as ``spacy:tokenize``: spaCy's own is quadratic in a
run of punctuation without spaces, the pipeline's (``briefing/analysis/nlp.py``) tokenizes
such runs in pieces.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import math
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
    # quotations whose attribution leans on look-ups across the whole article
    "unattributed": '"We will hold the line" and ',
    "colon-quotes": 'Minister: "No more delays" ',
    "cue-run-on": 'he said "we are ready" and ',
    "according-to": 'according to Smith "we are ready" and ',
    "pronouns": 'Smith said "we are ready" and it said "no way" ',
    "plural-pronouns": 'Smith said "we are ready." They said "no way." ',
    "definite": 'Mr Smith said "we are ready." The official said "no way." ',
    # one run-on sentence with many different dates, quoted deictic dates, pattern candidates
    "distinct-dates": "on Monday and on Tuesday and on Wednesday and ",
    "quoted-today": 'he said "we met today" and ',
    "pattern-run-on": "Russia moved troops into Poland and ",
}
SIZES_TEXT = (2_000, 8_000, 32_000)
SIZES_NLP = (4_000, 16_000, 64_000)
SIZES_QUICK = (2_000, 8_000)


@dataclass
class Case:
    name: str
    run: Callable[[Any], object]  # text, or a parsed Doc of it when nlp
    nlp: bool = False  # needs a parsed Doc (slower: smaller sizes)
    setup: Callable[[], None] | None = None  # run before each timed run, outside the timing


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
        Case("spacy:tokenize", _tokenize, setup=_forget_tokens),
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


_TOKENIZER: list[Any] = []  # a copy of the model's tokenizer, for the tokenize case only


def _tokenizer() -> Any:
    if not _TOKENIZER:
        from briefing.analysis.nlp import load_model

        nlp = load_model()
        # The same class as the pipeline's (``GuardedTokenizer``: long runs in pieces).
        _TOKENIZER.append(type(nlp.tokenizer)(nlp.vocab).from_bytes(nlp.tokenizer.to_bytes()))
    return _TOKENIZER[0]


def _tokenize(s: str) -> object:
    """The pipeline's tokenizer, the first step of every parse."""
    return _tokenizer()(s)


def _forget_tokens() -> None:
    """The tokenizer keeps the tokens of every whitespace-free chunk it has split: a repeated
    run would find them. Setting its rules empties that cache."""
    tok = _tokenizer()
    tok.rules = tok.rules


# spaCy-based cases get a parsed Doc (parsed outside the timings: parsing is spaCy's, and linear).
def _parse(s: str):  # type: ignore[no-untyped-def]
    from briefing.analysis.nlp import load_model

    return load_model()(s)


def _nlp_quotes(doc) -> object:  # type: ignore[no-untyped-def]
    from briefing.analysis.quotes import find_quotes

    return find_quotes(doc)


def _nlp_timexes(doc) -> object:  # type: ignore[no-untyped-def]
    import datetime as dt

    from briefing.analysis.timex import find_timexes

    return find_timexes(doc, dt.date(2022, 2, 8))


def _nlp_developments(doc) -> object:  # type: ignore[no-untyped-def]
    import datetime as dt

    from briefing.analysis.developments import find_developments
    from briefing.analysis.timex import find_timexes

    return find_developments(doc, find_timexes(doc, dt.date(2022, 2, 8)), [])


def _nlp_place(doc) -> object:  # type: ignore[no-untyped-def]
    from briefing.analysis.themes import load_taxonomy, place

    return place(doc, load_taxonomy(None), 1.0, [])


def timed(
    fn: Callable[[Any], object],
    arg: object,
    repeat: int,
    budget: float = 2.0,
    setup: Callable[[], None] | None = None,
) -> float:
    """Best of ``repeat`` runs (fewer once ``budget`` seconds are spent), each after a garbage
    collection; a Doc is copied for each run, outside the timing, so that no run finds the
    caches an earlier one left on it."""
    best = math.inf
    spent = 0.0
    for _ in range(repeat):
        fresh = arg.copy() if hasattr(arg, "copy") and not isinstance(arg, str) else arg
        if setup is not None:
            setup()
        gc.collect()
        start = time.perf_counter()
        fn(fresh)
        took = time.perf_counter() - start
        best, spent = min(best, took), spent + took
        if spent > budget:
            break
    return best


def _warm_up(cases: list[Case]) -> None:
    """Load the model and the lexicons, then set everything loaded so far aside from the
    garbage collector (``gc.freeze``): a collection before each timed run then costs
    microseconds instead of a walk over the model's objects, and no run's collections
    walk them either."""
    for case in cases:
        if case.setup is not None:
            case.setup()
        case.run(_parse("Officials said on Monday that talks would resume.") if case.nlp else "Warm up.")
    gc.collect()
    gc.freeze()


def _predicted(sizes: list[int], times: list[float], n: int) -> float:
    """The time at size ``n`` if growth goes on as it did (at least linearly)."""
    if not times:
        return 0.0
    exponent = 1.0
    if len(times) >= 2:
        exponent = max(
            1.0, math.log(max(times[-1], 1e-6) / max(times[-2], 1e-6)) / math.log(sizes[-1] / sizes[-2])
        )
    return times[-1] * (n / sizes[-1]) ** exponent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="two small sizes only")
    parser.add_argument("--only", help="run only cases whose name matches this regular expression")
    parser.add_argument("--family", help="run only families matching this regular expression")
    parser.add_argument("--bound", type=float, default=1.5, help="largest allowed growth exponent")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size by this")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (the best counts)")
    parser.add_argument(
        "--limit", type=float, default=30.0, help="skip a size predicted to take longer (seconds)"
    )
    args = parser.parse_args(argv)

    def sizes_of(case: Case) -> tuple[int, ...]:
        sizes = SIZES_QUICK if args.quick else SIZES_NLP if case.nlp else SIZES_TEXT
        return tuple(round(n * args.scale) for n in sizes)

    cases = [c for c in _cases() if not args.only or re.search(args.only, c.name)]
    families = [f for f in FAMILIES if not args.family or re.search(args.family, f)]
    _warm_up(cases)
    failures: list[str] = []
    print(f"{'case':28} {'family':16} {'sizes':>18} {'seconds':>22} {'exponent':>8}", flush=True)
    for family in families:
        sizes: dict[str, list[int]] = {c.name: [] for c in cases}
        times: dict[str, list[float]] = {c.name: [] for c in cases}
        parsed: tuple[list[int], list[float]] = ([], [])  # sizes and parse times of this family
        for n in sorted({n for c in cases for n in sizes_of(c)}):
            arg = text(family, n)
            due = [
                c
                for c in cases
                if n in sizes_of(c) and _predicted(sizes[c.name], times[c.name], n) <= args.limit
            ]
            doc = None
            if any(c.nlp for c in due):  # one parse for every spaCy-based case
                if _predicted(*parsed, n) > args.limit:
                    print(f"{'(parse)':28} {family:16} {n:>18} skipped: parsing it would take too long")
                    due = [c for c in due if not c.nlp]
                else:
                    start = time.perf_counter()
                    doc = _parse(arg)
                    parsed[0].append(n)
                    parsed[1].append(time.perf_counter() - start)
            for case in due:
                sizes[case.name].append(n)
                times[case.name].append(
                    timed(case.run, doc if case.nlp else arg, args.repeat, setup=case.setup)
                )
        for case in cases:
            failure = _report(case.name, family, sizes[case.name], times[case.name], args.bound)
            if failure:
                failures.append(failure)
    print(f"\n{len(failures)} super-linear case(s) (exponent > {args.bound} and > 50 ms)")
    for failure in failures:
        print("  " + failure)
    return 1 if failures else 0


def _report(name: str, family: str, sizes: list[int], times: list[float], bound: float) -> str | None:
    """Print a case whose slowest run took more than 50 ms; the failure, if its exponent is over.
    A case stopped early (its next size would have taken over ``--limit``) is judged on the
    sizes it ran."""
    if len(times) < 2:
        return None
    points = list(zip(sizes, times, strict=True))
    exps = [
        math.log(max(t2, 1e-6) / max(t1, 1e-6)) / math.log(n2 / n1)
        for (n1, t1), (n2, t2) in itertools.pairwise(points)
    ]
    worst = exps[-1]
    flagged = times[-1] > 0.05 and worst > bound
    if times[-1] > 0.05:
        print(
            f"{name:28} {family:16} {'/'.join(map(str, sizes)):>18} "
            f"{'/'.join(f'{t:.3f}' for t in times):>22} {worst:8.2f}{'  SUPER-LINEAR' if flagged else ''}",
            flush=True,
        )
    return f"{name} on {family}: exponent {worst:.2f}, {times[-1]:.2f}s" if flagged else None


if __name__ == "__main__":
    sys.exit(main())
