"""Train the speaker ranker on PolNeAR's training split; report it on PolNeAR dev and the dev set.

    python -m benchmarks.training.speaker_docs polnear/train polnear/dev dev   # parse once
    python -m benchmarks.training.speakers                 # train, write briefing/data/speaker_ranker.json
    python -m benchmarks.training.speakers --no-write      # train and report only
    python -m benchmarks.training.speakers --rules         # report the rules alone (no ranker)

Each quote the product finds in a PolNeAR training article is matched to the gold quote it
overlaps (``../shared/eval/score_quotes.py``'s rule: token F1 >= 0.8); when the gold names
someone, each of the quote's options (``briefing.analysis.quotes.ranker``) is right when it
shares a capitalised name word with the gold source, as that scorer counts it. A quote with a
right and a wrong option gives one training pair per wrong option (the right one's features
minus the wrong one's, both ways round), fitted by a logistic regression without intercept
(scikit-learn, the ``train`` extra): its coefficients are the ranker's weights.

PolNeAR dev and the dev set (``../shared/corpus/dev``, gold ``dev.gold.json``, scored by
``score.py``'s attribution and full-name rules) are never trained on: they choose between
settings (``--c``) and are reported.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from benchmarks.shared import SHARED
from benchmarks.training.speaker_docs import parsed
from briefing.analysis.quotes.find import find_quotes
from briefing.analysis.quotes.ranker import DATA_FILE, FEATURES, IDENTITY, SOURCES, Option, Ranker
from briefing.analysis.quotes.speakers import Candidate
from briefing.records import Quote


def _module(name: str) -> ModuleType:
    path = SHARED / "eval" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"briefing_eval_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Example:
    """One quote with a gold speaker: its options' features and which are right."""

    x: np.ndarray  # options x features (the rules' choice first)
    right: np.ndarray  # bool per option
    source: str  # the pass that gave the rules' choice


def _vector(opt: Option) -> list[float]:
    return [opt.feats.get(name, 0.0) for name in FEATURES]


def _article_options(doc: Any) -> list[tuple[Quote, list[Option], str]]:
    record: list[tuple[Candidate, list[Option]]] = []
    quotes = find_quotes(doc, IDENTITY, record)
    by_start = {item.segment.start: (opts, item.source) for item, opts in record}
    return [(q, *by_start.get(q.start, ([], ""))) for q in quotes]


def polnear_examples(corpus: str, gold_name: str) -> list[Example | None]:
    """The examples of a PolNeAR split: None for a matched quote with a named gold source and
    no options (the rules gave no speaker), which counts as wrong."""
    sq = _module("score_quotes")
    gold = json.loads((SHARED / "eval" / gold_name).read_text(encoding="utf-8"))
    by_art: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold["quotes"]:
        by_art[g["article"]].append(g)
    out: list[Example | None] = []
    for art in parsed(corpus):
        golds = by_art.get(art.stem, [])
        used: set[int] = set()
        for quote, opts, source in _article_options(art.doc):
            if len(sq.toks(quote.text)) < 3:
                continue
            best, bi = 0.0, -1
            for j, g in enumerate(golds):
                if j not in used and (s := sq.f1(quote.text, g["text"])) > best:
                    best, bi = s, j
            if best < 0.8:
                continue
            used.add(bi)
            want = (
                set().union(*(sq.names(s) for s in golds[bi]["speaker"])) if golds[bi]["speaker"] else set()
            )
            if not want:
                continue
            if not opts:
                out.append(None)
                continue
            right = np.array([bool(sq.names(o.speaker.name) & want) for o in opts])
            out.append(Example(np.array([_vector(o) for o in opts]), right, source))
    return out


def accuracy(examples: list[Example | None], ranker: Ranker) -> float:
    w = np.array(ranker.weights)
    rule = FEATURES.index("rule")
    ok = 0
    for ex in examples:
        if ex is None:
            continue
        scores = ex.x @ w + 1e-9 * ex.x[:, rule]
        best = int(np.argmax(scores))
        if ex.source not in ranker.sources or scores[best] <= scores[0] + ranker.margin:
            best = 0
        ok += bool(ex.right[best])
    return ok / len(examples) if examples else 0.0


def dev_scores(ranker: Ranker) -> tuple[float, float]:
    """Attribution and full-name shares on the dev set, as ``score.py`` counts them."""
    sc = _module("score")
    gold = json.loads((SHARED / "eval" / "dev.gold.json").read_text(encoding="utf-8"))
    required = [g for g in gold["quotes"] if not g.get("optional")]
    by_art: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in required:
        by_art[g["article"]].append(g)
    attributed = full = 0
    for art in parsed("dev"):
        quotes = find_quotes(art.doc, ranker)
        for g in by_art.get(art.stem, []):
            hits = [q for q in quotes if sc.contains(q.text, g["text"])]
            if not hits:
                continue
            first = set(sc.tokens(g["speaker"][0])) - sc.STOP if g["speaker"] else set()
            full += bool(first) and any(first <= set(sc.tokens(q.speaker or "")) for q in hits)
            attributed += any(sc.speaker_ok(q.speaker, g["speaker"]) for q in hits)
    return attributed / len(required), full / len(required)


def pairs(examples: list[Example | None], sources: frozenset[str]) -> tuple[np.ndarray, np.ndarray]:
    rows: list[np.ndarray] = []
    for ex in examples:
        if ex is None or ex.source not in sources or ex.right.all() or not ex.right.any():
            continue
        for good in ex.x[ex.right]:
            for bad in ex.x[~ex.right]:
                rows.append(good - bad)
    diff = np.array(rows)
    return np.vstack([diff, -diff]), np.concatenate([np.ones(len(rows)), np.zeros(len(rows))])


def fit(examples: list[Example | None], c: float, sources: frozenset[str]) -> Ranker:
    from sklearn.linear_model import LogisticRegression

    x, y = pairs(examples, sources)
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000)
    model.fit(x, y)
    return Ranker(tuple(round(float(v), 4) for v in model.coef_[0]), sources)


# the passes whose choices a ranker may overrule: all, or those that had no cue to go by
SOURCE_SETS = {"all": frozenset(SOURCES), "no-cue": frozenset(SOURCES) - {"cue"}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--c", type=float, nargs="+", default=[1.0], help="inverse regularisation strengths to try"
    )
    parser.add_argument("--margin", type=float, nargs="+", default=[0.0, 0.5, 1.0, 2.0])
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--out", type=Path, default=DATA_FILE, help="where to write the weights")
    parser.add_argument("--rules", action="store_true", help="report the rules alone")
    args = parser.parse_args()
    started = time.time()
    train = polnear_examples("polnear/train", "polnear-train.gold.json")
    dev = polnear_examples("polnear/dev", "polnear-dev.gold.json")
    print(f"examples: train {len(train)}, PolNeAR dev {len(dev)} ({time.time() - started:.0f}s)")
    oracle = sum(ex is not None and bool(ex.right.any()) for ex in train) / len(train)
    print(
        f"rules: train {accuracy(train, IDENTITY):.3f} (options hold the gold: {oracle:.3f}), "
        f"PolNeAR dev {accuracy(dev, IDENTITY):.3f}, dev {dev_scores(IDENTITY)}"
    )
    if args.rules:
        return
    rules_att, rules_full = dev_scores(IDENTITY)
    chosen: tuple[float, Ranker] | None = None
    for name, sources in SOURCE_SETS.items():
        for c in args.c:
            fitted = fit(train, c, sources)
            for margin in args.margin:
                ranker = replace(fitted, margin=margin)
                att, full = dev_scores(ranker)
                on_dev = accuracy(dev, ranker)
                print(
                    f"{name} C={c} margin={margin}: train {accuracy(train, ranker):.3f}, "
                    f"PolNeAR dev {on_dev:.3f}, dev attribution {att:.3f} full {full:.3f}"
                )
                # the dev set must lose nothing to the rules; then the best sum
                score = on_dev + att + full
                if att >= rules_att and full >= rules_full and (chosen is None or score > chosen[0]):
                    chosen = (score, ranker)
    if chosen is None:
        print("no setting does as well as the rules on the dev set: the rules stay alone")
        chosen = (0.0, IDENTITY)
    assert chosen is not None
    best = chosen[1]
    weights = dict(zip(FEATURES, best.weights, strict=True))
    print(json.dumps(weights, indent=1), sorted(best.sources), best.margin)
    if not args.no_write:
        note = "learned by benchmarks/training/speakers.py on PolNeAR train; see briefing/analysis/quotes/ranker.py"
        data = {"note": note, "sources": sorted(best.sources), "margin": best.margin, "weights": weights}
        args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print("wrote", args.out)


if __name__ == "__main__":
    main()
