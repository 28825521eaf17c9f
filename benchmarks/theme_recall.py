"""Per-theme recall and precision of a built brief, matched as ``../shared/eval/score.py`` matches.

    python -m benchmarks.theme_recall --brief /tmp/d/brief.json --gold ../shared/eval/dev.gold.json

A gold passage is found when a point placed under one of its themes contains it (its
normalised text, or 85% of its words); it is clean when every theme it is placed under
is one of its gold or allowed themes. Figures are per gold passage's first theme.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

from benchmarks.shared import SHARED


def _scorer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def per_theme(brief: dict, golds: list[dict]) -> dict[str, tuple[int, int, int, int]]:  # type: ignore[type-arg]
    """theme -> (found, gold passages, clean, seen)."""
    contains = _scorer().contains
    placed = [
        (str(t.get("id", "")), p.get("text", ""))
        for t in brief.get("themes", [])
        for p in t.get("points", [])
    ]
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    clean: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for g in golds:
        theme = g["themes"][0]
        where = {tid for tid, text in placed if contains(text, g["text"], 0.85)}
        total[theme] += 1
        found[theme] += bool(where & set(g["themes"]))
        if where:
            seen[theme] += 1
            clean[theme] += where <= set(g["themes"]) | set(g.get("also", []))
    return {t: (found[t], total[t], clean[t], seen[t]) for t in sorted(total)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brief", type=Path, required=True)
    parser.add_argument("--gold", type=Path, required=True)
    args = parser.parse_args(argv)
    brief = json.loads(args.brief.read_text(encoding="utf-8"))
    golds = json.loads(args.gold.read_text(encoding="utf-8"))["themes"]
    for theme, (found, total, clean, seen) in per_theme(brief, golds).items():
        print(
            f"{theme:<22} recall {found / total:.2f} ({found}/{total})  precision {clean / max(seen, 1):.2f} ({clean}/{seen})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
