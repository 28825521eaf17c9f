"""Theme placement scored on labelled passages, as the gold scorer scores a brief.

Each line of a JSONL file is ``{"text": ..., "themes": [...], "also": [...]}``. Recall:
a passage with gold themes is placed under at least one of them. Precision: a placed
passage is placed only under its gold or allowed (``also``) themes.

    python -m benchmarks.themes_eval benchmarks/data/themes_blind_b.jsonl [--errors]

The ``themes_blind_*`` sets were written by someone who had not seen the taxonomy;
``a`` is the set to study misses on, ``b`` is kept for the figure reported as unseen.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from briefing.analysis.nlp import DEFAULT_MODEL, load_model
from briefing.analysis.themes import Taxonomy, load_taxonomy, place


@dataclass
class Score:
    found: int = 0
    total: int = 0
    clean: int = 0
    seen: int = 0
    per_theme: Counter[str] = field(default_factory=Counter)
    per_theme_total: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.total if self.total else 1.0

    @property
    def precision(self) -> float:
        return self.clean / self.seen if self.seen else 1.0


def score_rows(
    rows: list[dict[str, object]], taxonomy: Taxonomy, model: str, min_score: float = 1.0
) -> Score:
    nlp = load_model(model)
    out = Score()
    texts = [str(r["text"]) for r in rows]
    for row, doc in zip(rows, nlp.pipe(texts), strict=True):
        got = {p.theme for p in place(doc, taxonomy, min_score)}
        gold = {str(t) for t in row["themes"]}  # type: ignore[attr-defined]
        allowed = gold | {str(t) for t in row.get("also", [])}  # type: ignore[attr-defined]
        for theme in gold:
            out.per_theme_total[theme] += 1
            out.per_theme[theme] += theme in got
        if gold:
            out.total += 1
            if got & gold:
                out.found += 1
            else:
                out.errors.append(f"MISS  gold={sorted(gold)} got={sorted(got)}  {row['text']}")
        if got:
            out.seen += 1
            if got <= allowed:
                out.clean += 1
            else:
                out.errors.append(f"EXTRA gold={sorted(allowed)} got={sorted(got)}  {row['text']}")
    return out


def _rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _grams(text: str, n: int = 8) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--themes", type=Path, default=None, help="taxonomy file (default: packaged)")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--errors", action="store_true", help="list misses and stray placements")
    parser.add_argument(
        "--unseen",
        nargs="+",
        type=Path,
        default=[],
        metavar="TRAIN",
        help="also score only the passages sharing no 8-word sequence with these (training) files",
    )
    args = parser.parse_args(argv)
    taxonomy = load_taxonomy(args.themes)
    seen_grams = {g for path in args.unseen for row in _rows(path) for g in _grams(str(row["text"]))}
    for path in args.files:
        rows = _rows(path)
        score = score_rows(rows, taxonomy, args.model)
        print(
            f"{path.name}: recall {score.recall:.2f} ({score.found}/{score.total}) "
            f"precision {score.precision:.2f} ({score.clean}/{score.seen})"
        )
        if seen_grams:
            fresh = [r for r in rows if not _grams(str(r["text"])) & seen_grams]
            part = score_rows(fresh, taxonomy, args.model)
            print(
                f"  {len(fresh)} passages sharing no 8 words in a row with the training files: "
                f"recall {part.recall:.2f} ({part.found}/{part.total}) "
                f"precision {part.precision:.2f} ({part.clean}/{part.seen})"
            )
        for theme in sorted(score.per_theme_total):
            print(f"  {theme:22} {score.per_theme[theme]:3}/{score.per_theme_total[theme]:<3}")
        if args.errors:
            print("\n".join(f"  {e}" for e in score.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
