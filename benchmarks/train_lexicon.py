"""Fit the themes' lexicons (``[lexicon.THEME-ID]`` tables) on labelled passages.

    python -m benchmarks.train_lexicon benchmarks/data/themes_train_*.jsonl
    python -m benchmarks.train_lexicon FILES... --themes my_taxonomy.toml --out my_lexicon.toml

Each JSONL line is ``{"text": ..., "themes": [...], "also": [...]}`` (as for
``benchmarks.themes_eval``). For every theme, a logistic regression with an L2 penalty
is fitted on binary features: the passage's distinct lemmas (``passage_lemmas``; those in
at least ``--min-df`` passages), whether the taxonomy's rules place the passage under the
theme, and the rules' score (capped at ``SCORE_CAP``). A passage that lists the theme in
``also`` (defensible, not required) is left out of that theme's fit. The penalty is
chosen by cross-validation on the passages, scoring as the gold scorer does (recall: a
passage placed under one of its themes; precision: placed only under allowed ones).
Words whose weight is under ``--prune`` in size are dropped. The result is written as a
TOML file of ``[lexicon.THEME-ID]`` tables: the packaged taxonomy reads
``briefing/data/themes_lexicon.toml``; a user taxonomy can carry the tables itself.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from briefing.analysis.nlp import DEFAULT_MODEL, load_model
from briefing.analysis.themes import (
    LEXICON_FILE,
    SCORE_CAP,
    Taxonomy,
    parse_taxonomy,
    passage_lemmas,
    rule_verdict,
    score_passage,
)

PACKAGED = Path(__file__).resolve().parent.parent / "briefing" / "data"
PENALTIES = (0.0001, 0.0003)


@dataclass
class Passage:
    themes: set[str]
    also: set[str]
    lemmas: set[str]
    placed: set[str]  # the rules' verdict
    rule_scores: dict[str, float]


def rules_only(themes_file: Path | None) -> Taxonomy:
    """The taxonomy without any lexicon: the rules' verdict is a feature of the fit."""
    path = themes_file or PACKAGED / "themes.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data.pop("lexicon", None)
    return parse_taxonomy(data, str(path))


def read_passages(files: list[Path], taxonomy: Taxonomy, model: str, min_score: float) -> list[Passage]:
    rows = [
        json.loads(line)
        for path in files
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    nlp = load_model(model)
    out = []
    for row, doc in zip(rows, nlp.pipe(str(r["text"]) for r in rows), strict=True):
        sentences = list(doc.sents)
        scores = score_passage(sentences, taxonomy)
        out.append(
            Passage(
                set(row["themes"]),
                set(row.get("also", [])),
                passage_lemmas(sentences),
                set(rule_verdict(scores, min_score)),
                {t: s for t, (s, _strong) in scores.items()},
            )
        )
    return out


class Matrix:
    """The passages as features for every theme: lemma columns (the vocabulary) and,
    per theme, the two rule columns."""

    def __init__(self, passages: list[Passage], vocabulary: list[str], themes: list[str]) -> None:
        index = {w: i for i, w in enumerate(vocabulary)}
        self.words = np.zeros((len(passages), len(vocabulary)), dtype=np.float32)
        self.rules = {t: np.zeros((len(passages), 2), dtype=np.float32) for t in themes}
        for r, p in enumerate(passages):
            for lemma in p.lemmas:
                if lemma in index:
                    self.words[r, index[lemma]] = 1.0
            for t in themes:
                self.rules[t][r] = (t in p.placed, min(p.rule_scores.get(t, 0.0), SCORE_CAP))

    def of(self, theme: str, rows: np.ndarray) -> np.ndarray:
        """Columns: placed, capped rule score, then the vocabulary's words."""
        return np.hstack([self.rules[theme][rows], self.words[rows]])


def fit(x: np.ndarray, y: np.ndarray, penalty: float, steps: int = 3000) -> tuple[float, np.ndarray]:
    """(bias, weights) minimising the mean log loss + penalty/2 * |weights|^2 (the bias and
    the two rule features unpenalised), by accelerated gradient descent."""
    n, d = x.shape
    xb = np.hstack([np.ones((n, 1), dtype=x.dtype), x])
    scale = np.ones(d + 1) * penalty
    scale[:3] = 0.0
    lipschitz = 0.25 * np.linalg.norm(xb, 2) ** 2 / n + penalty
    step = 1.0 / lipschitz
    w = np.zeros(d + 1)
    previous = w.copy()
    for k in range(1, steps + 1):
        v = w + (k - 1) / (k + 2) * (w - previous)
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ v, -30, 30)))
        gradient = xb.T @ (p - y) / n + scale * v
        previous, w = w, v - step * gradient
    return float(w[0]), w[1:]


def vocabulary_of(passages: list[Passage], min_df: int) -> list[str]:
    counts = Counter(lemma for p in passages for lemma in p.lemmas)
    return sorted(w for w, c in counts.items() if c >= min_df)


Model = dict[str, tuple[float, np.ndarray]]  # theme -> (bias, weights over Matrix.of's columns)


def train(
    passages: list[Passage], matrix: Matrix, rows: np.ndarray, themes: list[str], penalty: float
) -> Model:
    models = {}
    for theme in themes:
        kept = np.array([i for i in rows if theme in passages[i].themes or theme not in passages[i].also])
        y = np.array([theme in passages[i].themes for i in kept], dtype=float)
        models[theme] = fit(matrix.of(theme, kept), y, penalty)
    return models


def probabilities(model: Model, matrix: Matrix, rows: np.ndarray) -> dict[str, np.ndarray]:
    return {
        theme: 1.0 / (1.0 + np.exp(-np.clip(bias + matrix.of(theme, rows) @ weights, -30, 30)))
        for theme, (bias, weights) in model.items()
    }


def scores(
    passages: list[Passage], rows: np.ndarray, probs: dict[str, np.ndarray], threshold: float
) -> tuple[int, int, int, int]:
    """(found, total, clean, seen) as ``benchmarks.themes_eval`` counts them."""
    found = total = clean = seen = 0
    for k, i in enumerate(rows):
        p = passages[i]
        got = {t for t, values in probs.items() if values[k] >= threshold}
        if p.themes:
            total += 1
            found += bool(got & p.themes)
        if got:
            seen += 1
            clean += got <= p.themes | p.also
    return found, total, clean, seen


THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5)


def cross_validate(
    passages: list[Passage], matrix: Matrix, themes: list[str], penalty: float, folds: int
) -> dict[float, tuple[float, float]]:
    """threshold -> (recall, precision) over the held-out folds."""
    order = np.random.default_rng(7).permutation(len(passages))
    totals = {t: np.zeros(4) for t in THRESHOLDS}
    for k in range(folds):
        held = np.sort(order[k::folds])
        kept = np.setdiff1d(order, held)
        probs = probabilities(train(passages, matrix, kept, themes, penalty), matrix, held)
        for threshold in THRESHOLDS:
            totals[threshold] += scores(passages, held, probs, threshold)
    return {t: (c[0] / max(c[1], 1), c[2] / max(c[3], 1)) for t, c in totals.items()}


def to_toml(models: Model, vocabulary: list[str], threshold: float, prune: float, note: str) -> str:
    lines = [
        "# Learned word weights of the packaged themes (see briefing/analysis/themes.py,",
        "# class Lexicon). Generated by benchmarks/train_lexicon.py; do not edit by hand.",
        f"# {note}",
    ]
    for theme, (bias, weights) in models.items():
        lines += ["", f"[lexicon.{theme}]"]
        lines += [f"bias = {bias:.4f}", f"placed = {weights[0]:.4f}", f"score = {weights[1]:.4f}"]
        lines += [f"threshold = {threshold}"]
        lines += ["", f"[lexicon.{theme}.words]"]
        words = sorted(
            ((w, float(v)) for w, v in zip(vocabulary, weights[2:], strict=True) if abs(v) >= prune),
            key=lambda item: (-item[1], item[0]),
        )
        lines += [f"{json.dumps(w)} = {v:.3f}" for w, v in words]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--themes", type=Path, default=None, help="taxonomy file (default: packaged)")
    parser.add_argument("--out", type=Path, default=PACKAGED / LEXICON_FILE)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--min-score", type=float, default=1.0)
    parser.add_argument("--min-df", type=int, default=2)
    parser.add_argument("--prune", type=float, default=0.1)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--penalty", type=float, default=None, help="skip the search, use this penalty")
    args = parser.parse_args(argv)
    taxonomy = rules_only(args.themes)
    themes = [t.id for t in taxonomy.themes]
    passages = read_passages(args.files, taxonomy, args.model, args.min_score)
    vocabulary = vocabulary_of(passages, args.min_df)
    matrix = Matrix(passages, vocabulary, themes)
    print(f"{len(passages)} passages, {len(vocabulary)} words", file=sys.stderr)
    penalties = PENALTIES if args.penalty is None else (args.penalty,)
    best: tuple[float, float, float, float] | None = None  # (penalty, threshold, recall, precision)
    for penalty in penalties:
        for threshold, (recall, precision) in cross_validate(
            passages, matrix, themes, penalty, args.folds
        ).items():
            print(
                f"penalty {penalty} threshold {threshold}: held-out recall {recall:.3f} precision {precision:.3f}"
            )
            if best is None or 2 * recall * precision / (recall + precision) > 2 * best[2] * best[3] / (
                best[2] + best[3]
            ):
                best = (penalty, threshold, recall, precision)
    assert best is not None
    models = train(passages, matrix, np.arange(len(passages)), themes, best[0])
    note = (
        f"{len(passages)} passages ({', '.join(p.name for p in args.files)}); penalty {best[0]}, "
        f"threshold {best[1]}: {args.folds}-fold held-out recall {best[2]:.3f} precision {best[3]:.3f}"
    )
    args.out.write_text(to_toml(models, vocabulary, best[1], args.prune, note), encoding="utf-8")
    print(f"wrote {args.out}: {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
