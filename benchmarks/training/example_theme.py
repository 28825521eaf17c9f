"""How well a theme defined only by examples places real passages.

    python -m benchmarks.training.example_theme [--examples 8] [--seed 0]

The packaged "sanctions" theme is taken out and replaced by a user theme,
"economic-pressure", that has no terms, patterns or model weights: only ``--examples``
passages (real sanctions passages from the training labels, never the dev set) and as many
counter-examples (real passages labelled with another theme or none). The dev set
(``../shared/corpus/dev``) is then placed with that taxonomy, and the new theme is scored
against the gold's sanctions passages as ``score.py`` scores a theme: recall (a gold
passage placed under it) and precision (a passage placed under it whose gold allows it).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict

from benchmarks.training.sources import source_text
from benchmarks.training.themes import LABELS, _contains, read_dev, rules_taxonomy
from briefing.analysis.nlp import DEFAULT_MODEL, load_model
from briefing.analysis.themes import learn_examples, parse_taxonomy
from briefing.analysis.themes.model import load_model as load_placement


def pick(rows: list[dict], theme: str, n: int, rng: random.Random) -> tuple[list[str], list[str]]:  # type: ignore[type-arg]
    def text(row: dict) -> str:  # type: ignore[type-arg]
        return source_text(row["source"])[row["start"] : row["end"]]

    positives = [r for r in rows if r["themes"] == [theme] and len(text(r).split()) >= 8]
    negatives = [
        r for r in rows if r["themes"] != [theme] and theme not in r["also"] and len(text(r).split()) >= 8
    ]
    return [text(r) for r in rng.sample(positives, n)], [text(r) for r in rng.sample(negatives, n)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    examples, counter = pick(rows, "sanctions", args.examples, random.Random(args.seed))
    nlp = load_model(DEFAULT_MODEL)
    base = rules_taxonomy()
    others = [t for t in base.themes if t.id != "sanctions"]
    taxonomy = parse_taxonomy(
        {"theme": [{"id": "economic-pressure", "examples": examples, "counter_examples": counter}]},
        "example theme",
    )
    taxonomy.themes[0:0] = others  # (the rules of the five others; their evidence is the model's)
    taxonomy.model = load_placement(None)
    learn_examples(taxonomy, nlp)
    from briefing.analysis.themes.model import PassageFeatures

    dev, golds = read_dev(nlp, base, 1.0)
    model, head = taxonomy.model, taxonomy.heads["economic-pressure"]
    placed: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for d in dev:
        f: PassageFeatures = d.features
        p = {t: v for t, v in model.probabilities(f).items() if t != "sanctions"}
        p["economic-pressure"] = head.probability(f.words)
        best = max(p, key=lambda t: p[t])
        if p[best] >= model.threshold:
            placed[d.article].append((d.text, best))
    found = total = clean = seen = 0
    for g in golds:
        where = {t for text, t in placed[g["article"]] if _contains(text, g["text"])}
        allowed = {("economic-pressure" if t == "sanctions" else t) for t in g["themes"] + g.get("also", [])}
        if g["themes"][0] == "sanctions":
            total += 1
            found += "economic-pressure" in where
        if "economic-pressure" in where:
            seen += 1
            clean += "economic-pressure" in allowed
    print(
        f"economic-pressure from {args.examples} examples (seed {args.seed}): "
        f"recall {found / max(total, 1):.2f} ({found}/{total}), precision {clean / max(seen, 1):.2f} ({clean}/{seen})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
